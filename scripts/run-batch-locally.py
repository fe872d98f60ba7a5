#!/usr/bin/env python3
"""Run a Batch API request file against an OpenAI-compatible endpoint; write Batch output lines.

For testing `checker batch ingest` with real model answers (e.g. the local llama.cpp server):
    scripts/run-batch-locally.py batch.jsonl results.jsonl --base-url http://127.0.0.1:8765/v1
Not part of the product: the real Batch API does this at volume.
"""

from __future__ import annotations

import argparse
import json
import sys
import urllib.request


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__)
    ap.add_argument("requests")
    ap.add_argument("results")
    ap.add_argument("--base-url", required=True)
    ap.add_argument("--timeout", type=float, default=900)
    args = ap.parse_args()
    base = args.base_url.rstrip("/").removesuffix("/v1")
    with (
        open(args.requests, encoding="utf-8") as f,
        open(args.results, "w", encoding="utf-8") as out,
    ):
        for n, line in enumerate(f, 1):
            if not line.strip():
                continue
            req = json.loads(line)
            data = json.dumps(req["body"]).encode()
            http = urllib.request.Request(
                base + req["url"], data=data, headers={"content-type": "application/json"}
            )
            with urllib.request.urlopen(http, timeout=args.timeout) as resp:
                body = json.loads(resp.read())
                status = resp.status
            out.write(
                json.dumps(
                    {
                        "id": f"batch_req_{n}",
                        "custom_id": req["custom_id"],
                        "response": {"status_code": status, "request_id": f"req_{n}", "body": body},
                        "error": None,
                    }
                )
                + "\n"
            )
            print(f"{n}: {req['custom_id'][:12]} done", file=sys.stderr)
    return 0


if __name__ == "__main__":
    sys.exit(main())
