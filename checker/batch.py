"""Newsroom volume through the OpenAI Batch API: prepare request lines, ingest result lines.

`prepare` writes one JSONL line per source, with the extraction cache key as ``custom_id``;
`ingest` validates each result against the response schema and fills the cache, so a
following `checker diff` makes no call. Grounding happens at diff time as for live answers.
"""

from __future__ import annotations

import json
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from pydantic import ValidationError

from checker.cache import ExtractionCache
from checker.errors import InputError
from checker.models import Article, Usage
from checker.prompts import system_prompt, user_prompt
from checker.records import ArticleFacts
from checker.settings import LLMSettings

BATCH_URL = "/v1/chat/completions"


def schema_instruction() -> str:
    """What instructor's JSON mode adds to the system message, for requests sent without it."""
    return "Answer with one JSON object matching this JSON Schema:\n" + json.dumps(
        ArticleFacts.model_json_schema(), ensure_ascii=False
    )


def request_line(article: Article, key: str, settings: LLMSettings) -> dict[str, Any]:
    body: dict[str, Any] = {
        "model": settings.model,
        "messages": [
            {"role": "system", "content": system_prompt() + "\n\n" + schema_instruction()},
            {"role": "user", "content": user_prompt(article.body_text())},
        ],
        "max_tokens": settings.max_tokens,
        "temperature": 0,
        "response_format": {"type": "json_object"},
    }
    if settings.mode == "json":
        body["response_format"]["schema"] = ArticleFacts.model_json_schema()
    return {"custom_id": key, "method": "POST", "url": BATCH_URL, "body": body}


def prepare(articles: Iterable[Article], keys: Iterable[str], settings: LLMSettings) -> list[str]:
    """JSONL lines for the Batch API, one per article."""
    return [
        json.dumps(request_line(a, k, settings), ensure_ascii=False, sort_keys=True)
        for a, k in zip(articles, keys, strict=True)
    ]


@dataclass
class IngestResult:
    stored: int = 0
    rejected: list[tuple[str, str]] = field(default_factory=list)  # (custom_id, why)


def ingest(lines: Iterable[str], cache: ExtractionCache, model: str) -> IngestResult:
    """Validate Batch API result lines and store the good ones in the extraction cache."""
    out = IngestResult()
    for n, line in enumerate(lines, 1):
        if not line.strip():
            continue
        try:
            row = json.loads(line)
            custom_id = str(row["custom_id"])
        except (ValueError, KeyError, TypeError) as e:
            raise InputError(f"line {n}: not a Batch API result line ({e})") from e
        if row.get("error"):
            out.rejected.append((custom_id, f"the batch reported an error: {row['error']}"))
            continue
        response = row.get("response") or {}
        if response.get("status_code") != 200:
            out.rejected.append((custom_id, f"HTTP {response.get('status_code')}"))
            continue
        body = response.get("body") or {}
        try:
            choice = body["choices"][0]
            content = choice["message"].get("content") or ""
        except (KeyError, IndexError, TypeError):
            out.rejected.append((custom_id, "no choice in the response"))
            continue
        if choice.get("finish_reason") == "length":
            out.rejected.append((custom_id, "the answer was cut off (finish_reason=length)"))
            continue
        try:
            facts = ArticleFacts.model_validate_json(content)
        except ValidationError as e:
            out.rejected.append(
                (custom_id, f"the answer does not fit the schema ({e.error_count()} error(s))")
            )
            continue
        usage = body.get("usage") or {}
        cache.put(
            custom_id,
            facts,
            Usage(
                calls=1,
                prompt_tokens=int(usage.get("prompt_tokens", 0)),
                completion_tokens=int(usage.get("completion_tokens", 0)),
            ),
            model,
        )
        out.stored += 1
    return out


def read_lines(path: Path) -> list[str]:
    try:
        return path.read_text(encoding="utf-8").splitlines()
    except OSError as e:
        raise InputError(f"{path}: cannot read ({e.strerror or e})") from e
