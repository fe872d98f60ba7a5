"""Recorded model answers: an HTTP transport that replays them, and one that records them.

A recording is a JSON Lines file, one line per request: the SHA-256 of the request (its path and
its JSON body with keys sorted), the response's status and JSON body, and the seconds the real
call took. Requests are not stored, so neither article text nor any header (an API key) is
written. Replaying needs no network: a request that was not recorded gets HTTP 410.
"""

from __future__ import annotations

import hashlib
import json
import threading
import time
from pathlib import Path
from typing import Any

import httpx

NOT_RECORDED = 410


def request_key(request: httpx.Request) -> str:
    """The recording key of a request: its path and its body, canonically."""
    try:
        body: Any = json.loads(request.content or b"null")
    except ValueError:
        body = request.content.decode("utf-8", "replace")
    canonical = json.dumps(body, sort_keys=True, ensure_ascii=False)
    return hashlib.sha256(f"{request.url.path}\x1f{canonical}".encode()).hexdigest()


def read_recordings(path: Path) -> dict[str, dict[str, Any]]:
    """Key -> recorded line, for every file at ``path`` (a file, or a folder of .jsonl)."""
    files = sorted(path.glob("**/*.jsonl")) if path.is_dir() else [path] if path.exists() else []
    out: dict[str, dict[str, Any]] = {}
    for f in files:
        for line in f.read_text(encoding="utf-8").splitlines():
            if line.strip():
                rec = json.loads(line)
                out[rec["key"]] = rec
    return out


class ReplayTransport(httpx.BaseTransport):
    """Answers requests from recordings; never opens a connection."""

    def __init__(self, path: Path) -> None:
        self.path = path
        self.recordings = read_recordings(path)
        self.replayed = 0
        self.recorded_seconds = 0.0  # what the replayed calls took when they were recorded
        self.used: set[str] = set()

    def handle_request(self, request: httpx.Request) -> httpx.Response:
        rec = self.recordings.get(request_key(request))
        if rec is not None:
            self.used.add(rec["key"])
        if rec is None:
            body = {"error": {"message": f"no recorded answer for this request in {self.path}"}}
            return httpx.Response(NOT_RECORDED, json=body, request=request)
        self.replayed += 1
        self.recorded_seconds += float(rec.get("seconds", 0.0))
        return httpx.Response(rec["status"], json=rec["response"], request=request)


class RecordingTransport(httpx.BaseTransport):
    """Sends requests on and appends each answer to the recordings file; a request the file
    already answers is replayed from it (so recording again only adds what is new)."""

    def __init__(self, path: Path, inner: httpx.BaseTransport) -> None:
        self.path = path
        self.inner = inner
        self._lock = threading.Lock()
        path.parent.mkdir(parents=True, exist_ok=True)
        self.recordings = read_recordings(path)
        self.recorded_seconds = 0.0
        self.used: set[str] = set()

    def handle_request(self, request: httpx.Request) -> httpx.Response:
        key = request_key(request)
        self.used.add(key)
        known = self.recordings.get(key)
        if known is not None:
            self.recorded_seconds += float(known.get("seconds", 0.0))
            return httpx.Response(known["status"], json=known["response"], request=request)
        t = time.perf_counter()
        response = self.inner.handle_request(request)
        content = response.read()
        seconds = time.perf_counter() - t
        try:
            body = json.loads(content)
        except ValueError:
            return httpx.Response(response.status_code, content=content, request=request)
        line = {
            "key": request_key(request),
            "status": response.status_code,
            "response": body,
            "seconds": round(seconds, 3),
        }
        with self._lock, self.path.open("a", encoding="utf-8") as f:
            f.write(json.dumps(line, ensure_ascii=False, sort_keys=True) + "\n")
            self.recordings[line["key"]] = line
            self.recorded_seconds += seconds
        return httpx.Response(response.status_code, json=body, request=request)


def prune(path: Path, keep: set[str]) -> int:
    """Drop the lines of a recordings file whose request is no longer made; how many."""
    lines = path.read_text(encoding="utf-8").splitlines() if path.exists() else []
    kept = [line for line in lines if line.strip() and json.loads(line)["key"] in keep]
    path.write_text("".join(line + "\n" for line in kept), encoding="utf-8")
    return len(lines) - len(kept)
