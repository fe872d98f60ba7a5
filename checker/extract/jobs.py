"""Sending the narrow jobs of :mod:`checker.assist` to a model (this and ``llm.py`` are the only
modules that talk to one).

One call per job and article (``about``) or per job and story (the pair jobs), bounded lists
and max tokens, answers constrained to each job's response model and cached by content. With
``recordings`` set, requests go to a file of recorded answers instead of the network
(``mode="replay"``), or go to the network and are appended to the file (``mode="record"``);
see :mod:`checker.extract.recorded`.
"""

from __future__ import annotations

import hashlib
import json
import time
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Literal

from checker.cache import ExtractionCache
from checker.errors import ConfigError, ExtractionError
from checker.extract.answers import RESPONSE_MODELS, about_answers, response_model
from checker.extract.llm import PLACEHOLDER_KEY, counting, describe_failure
from checker.extract.recorded import NOT_RECORDED, RecordingTransport, ReplayTransport
from checker.models import Usage
from checker.prompts import job_prompt_hash, job_system_prompt, job_user_prompt
from checker.records import Item
from checker.settings import LLMSettings

# answers are short: a few words or one enum per item
_TOKENS_PER_ITEM = {"about": 24, "same_thing": 14, "quote_meaning": 16, "actor": 14}


def job_hash(job: str) -> str:
    """The hash of a job's prompt: its instructions, template and response schema."""
    return job_prompt_hash(job, RESPONSE_MODELS[job])


@dataclass(frozen=True)
class JobAnswer:
    """One job's answer (an instance of the job's response model) and what it cost: calls,
    tokens, retries or a cache hit, and the seconds the call took. Returned by value: the
    client keeps no count between calls."""

    answer: Any
    usage: Usage = field(default_factory=Usage)
    seconds: float = 0.0


class JobError(ExtractionError):
    """A job that failed, with what its tries cost before it did (counted in the run's usage)."""

    def __init__(self, message: str, usage: Usage) -> None:
        super().__init__(message)
        self.usage = usage


class JobClient:
    """Asks a model the narrow questions, one call per job and batch of items."""

    def __init__(
        self,
        settings: LLMSettings,
        cache_dir: str | None = None,
        use_cache: bool = True,
        recordings: Path | None = None,
        mode: Literal["replay", "record"] = "replay",
    ) -> None:
        import httpx
        import instructor
        import openai

        if settings.mode not in ("json", "json_object", "json_schema", "tools", "md_json"):
            raise ConfigError(f"CHECKER_LLM_MODE {settings.mode!r} is not supported")
        self.settings = settings
        self._openai = openai
        transport: ReplayTransport | RecordingTransport | None = None
        if recordings is not None:
            transport = (
                ReplayTransport(recordings)
                if mode == "replay"
                else RecordingTransport(recordings, httpx.HTTPTransport())
            )
        raw = openai.OpenAI(
            base_url=settings.base_url or ("http://recorded.invalid/v1" if transport else None),
            api_key=settings.api_key or PLACEHOLDER_KEY,
            timeout=settings.timeout_s,
            max_retries=0 if mode == "replay" and recordings else settings.http_retries,
            http_client=httpx.Client(transport=transport) if transport else None,  # type: ignore[arg-type]
        )
        names = {"json_object": "JSON", "json": "JSON", "json_schema": "JSON_SCHEMA"}
        self.client = instructor.from_openai(
            raw, mode=getattr(instructor.Mode, names.get(settings.mode, settings.mode.upper()))
        )
        self.cache = ExtractionCache(cache_dir) if use_cache else None
        self.transport = transport

    def request(
        self, job: str, items: list[Item], article_text: str | None = None
    ) -> dict[str, Any]:
        """The chat request for one job (what a recording is keyed by)."""
        model = response_model(job, items)
        kwargs: dict[str, Any] = {
            "model": self.settings.model,
            "messages": [
                {"role": "system", "content": job_system_prompt()},
                {"role": "user", "content": job_user_prompt(job, items, article_text)},
            ],
            "max_tokens": 64 + _TOKENS_PER_ITEM[job] * len(items),
            "temperature": 0,
        }
        if self.settings.mode == "json":
            # llama.cpp's server constrains generation to the schema; others ignore the key
            kwargs["extra_body"] = {
                "response_format": {"type": "json_object", "schema": model.model_json_schema()}
            }
        return kwargs

    def ask(self, job: str, items: list[Item], article_text: str | None = None) -> JobAnswer:
        """The model's answer to one job about ``items`` (an instance of the job's response
        model) with what it cost, from the cache when the same question was asked before.

        Raises:
            JobError: the endpoint failed, or the answer did not fit after retries.
        """
        model = RESPONSE_MODELS[job]
        kwargs = self.request(job, items, article_text)
        asked = response_model(job, items)
        key = self._key(job, kwargs)
        if self.cache is not None:
            hit = self.cache.get_job(key)
            if hit is not None:
                return JobAnswer(model.model_validate_json(hit[0]), Usage(cache_hits=1))
        usage = Usage()  # counted by this call's hooks, returned with the answer
        t = time.perf_counter()
        try:
            answer = self.client.chat.completions.create(
                response_model=asked,
                max_retries=self.settings.max_retries,
                hooks=counting(usage),
                **kwargs,
            )
            if job == "about":
                answer = about_answers(answer)
        except Exception as e:  # provider and validation errors become one clear line
            raise JobError(f"LLM job {job}: {self._describe(e)}", usage) from e
        if self.cache is not None:
            self.cache.put_job(key, answer.model_dump_json(), usage, self.settings.model)
        return JobAnswer(answer, usage, time.perf_counter() - t)

    def transport_path(self) -> str:
        return str(getattr(self.transport, "path", ""))

    def _key(self, job: str, kwargs: dict[str, Any]) -> str:
        h = hashlib.sha256()
        for part in (
            job,
            job_hash(job),
            self.settings.model,
            self.settings.mode,
            json.dumps(kwargs["messages"], sort_keys=True),
        ):
            h.update(part.encode("utf-8"))
            h.update(b"\x1f")
        return h.hexdigest()

    def _describe(self, e: Exception) -> str:
        cur: BaseException | None = e
        for _ in range(8):
            if cur is None:
                break
            if isinstance(cur, self._openai.APIStatusError) and cur.status_code == NOT_RECORDED:
                return f"no recorded answer for this request ({self.transport_path()})"
            cur = cur.__cause__ or cur.__context__
        return describe_failure(
            self._openai, e, self.settings.base_url, self.settings.max_retries, "the call"
        )
