"""The LLM backend: structured output through ``instructor`` over any OpenAI-compatible endpoint.

This module and nothing after it imports ``openai``/``instructor``. The model's answer is a
proposal: grounding decides what survives. Extractions are cached by content; several sources
are extracted concurrently with a bounded number of requests in flight.
"""

from __future__ import annotations

import asyncio
import functools
import json
import time
from collections.abc import Callable
from typing import Any

from checker.budget import Deadline
from checker.cache import ExtractionCache, cache_key
from checker.errors import ConfigError, ExtractionError
from checker.extract import Extraction
from checker.lexicon import Lexicon
from checker.models import Article, Usage
from checker.prompts import prompt_hash, schema_hash, system_prompt, user_prompt
from checker.records import ArticleFacts
from checker.settings import LLMSettings

PLACEHOLDER_KEY = "sk-no-key-needed"  # local servers ignore it; never a real secret
_MODES = {
    "json": "JSON",
    "json_object": "JSON",
    "tools": "TOOLS",
    "json_schema": "JSON_SCHEMA",
    "md_json": "MD_JSON",
}


def counting(usage: Usage) -> Any:
    """Instructor hooks for one call that count into ``usage``: each completion (a re-ask
    too) is a call with its tokens, each answer that did not parse a retry. The call's caller
    made ``usage`` and returns it with the answer (by value: no state is shared between calls)."""
    from instructor.core.hooks import Hooks

    def on_response(response: Any, *args: Any, **kwargs: Any) -> None:
        usage.calls += 1
        counted = getattr(response, "usage", None)
        if counted is not None:
            usage.prompt_tokens += int(getattr(counted, "prompt_tokens", 0) or 0)
            usage.completion_tokens += int(getattr(counted, "completion_tokens", 0) or 0)

    def on_parse_error(*args: Any, **kwargs: Any) -> None:
        usage.retries += 1

    hooks = Hooks()
    hooks.on("completion:response", on_response)
    hooks.on("parse:error", on_parse_error)
    return hooks


def describe_failure(
    o: Any, e: Exception, base_url: str | None, max_retries: int, what: str
) -> str:
    """One line for the user about a failed call (``o`` is the openai module); the cause chain
    is searched for the provider's error."""
    chain: list[BaseException] = []
    cur: BaseException | None = e
    while cur is not None and len(chain) < 8:
        chain.append(cur)
        cur = cur.__cause__ or cur.__context__
    for c in chain:
        if isinstance(c, o.APIConnectionError | o.APITimeoutError):
            return f"cannot reach the model endpoint {base_url or ''} ({type(c).__name__})".replace(
                "  ", " "
            )
        if isinstance(c, o.APIStatusError):
            return f"the model endpoint answered HTTP {c.status_code}"
    name = type(e).__name__
    if "Retry" in name or "Validation" in name:
        return f"the model's answer did not fit the schema after {max_retries + 1} tries"
    return f"{what} failed ({name})"


@functools.lru_cache(maxsize=1)
def _schema_json() -> str:
    return json.dumps(ArticleFacts.model_json_schema(), sort_keys=True)


def response_schema() -> dict[str, Any]:
    """The response model's JSON Schema (built once; a fresh copy per request)."""
    return dict(json.loads(_schema_json()))


class LLMBackend:
    """Extraction by a language model behind an OpenAI-compatible API."""

    name = "llm"

    def __init__(
        self,
        settings: LLMSettings,
        cache_dir: str | None = None,
        use_cache: bool = True,
        max_tokens_total: int | None = None,
    ) -> None:
        import instructor
        import openai

        if settings.mode not in _MODES:
            raise ConfigError(
                f"CHECKER_LLM_MODE must be one of {', '.join(_MODES)}, got {settings.mode!r}"
            )
        self.settings = settings
        self.model: str | None = settings.model
        self.prompt_hash: str | None = prompt_hash()
        self.schema_hash: str | None = schema_hash()
        self._openai = openai
        raw = openai.AsyncOpenAI(
            base_url=settings.base_url,
            api_key=settings.api_key or PLACEHOLDER_KEY,
            timeout=settings.timeout_s,
            # The client retries 429, 5xx, timeouts and dropped connections with exponential
            # backoff and jitter, and honours Retry-After.
            max_retries=settings.http_retries,
        )
        self.client = instructor.from_openai(
            raw, mode=getattr(instructor.Mode, _MODES[settings.mode])
        )
        self.cache = ExtractionCache(cache_dir) if use_cache else None
        self.max_tokens_total = max_tokens_total
        self._spent = 0  # tokens used by finished calls
        self._reserved = 0  # tokens set aside for calls in flight

    # ------------------------------------------------------------------ one article

    def key_for(self, article: Article) -> str:
        return cache_key(
            text=article.body_text(),
            prompt_hash=self.prompt_hash or "",
            schema_hash=self.schema_hash or "",
            model=self.settings.model,
            backend=self.name,
            mode=self.settings.mode,
        )

    def request_kwargs(self, article: Article) -> dict[str, Any]:
        """The chat request for one article (also what a batch file carries)."""
        kwargs: dict[str, Any] = {
            "model": self.settings.model,
            "messages": [
                {"role": "system", "content": system_prompt()},
                {"role": "user", "content": user_prompt(article.body_text())},
            ],
            "max_tokens": self.settings.max_tokens,
            "temperature": 0,
        }
        if self.settings.mode == "json":
            # llama.cpp's server constrains generation to this schema; others ignore the key.
            kwargs["extra_body"] = {
                "response_format": {"type": "json_object", "schema": response_schema()}
            }
        return kwargs

    async def _extract_async(self, article: Article) -> Extraction:
        key = self.key_for(article)
        if self.cache is not None:
            hit = self.cache.get(key)
            if hit is not None:
                return Extraction(facts=hit[0], usage=Usage(cache_hits=1))
        estimate = self._estimate(article)
        if self.max_tokens_total is not None:
            if self._spent + self._reserved + estimate > self.max_tokens_total:
                raise ExtractionError(
                    f"not extracted: about {estimate:,} more tokens would pass the run's budget of "
                    f"{self.max_tokens_total:,} ({self._spent:,} used)"
                )
            self._reserved += estimate
        usage = Usage()
        try:
            facts = await self.client.chat.completions.create(
                response_model=ArticleFacts,
                max_retries=self.settings.max_retries,
                hooks=counting(usage),
                **self.request_kwargs(article),
            )
        except Exception as e:  # provider and validation errors become one clear line
            raise ExtractionError(self._describe(e)) from e
        finally:
            if self.max_tokens_total is not None:
                self._reserved -= estimate
            self._spent += usage.prompt_tokens + usage.completion_tokens
        if self.cache is not None:
            self.cache.put(key, facts, usage, self.settings.model)
        return Extraction(facts=facts, usage=usage)

    def _estimate(self, article: Article) -> int:
        """An upper estimate of one extraction's tokens: the prompt (about 3.5 characters a
        token, plus re-asks) and the most the answer may use."""
        prompt_chars = len(system_prompt()) + len(user_prompt(article.body_text()))
        return int(prompt_chars / 3.5) + self.settings.max_tokens

    def _describe(self, e: Exception) -> str:
        return describe_failure(
            self._openai, e, self.settings.base_url, self.settings.max_retries, "extraction"
        )

    def extract(
        self, article: Article, lex: Lexicon | None = None, deadline: Deadline | None = None
    ) -> Extraction:
        """One article's records from the model (each request has its own timeout, so the
        budget is checked before the request only); the model does not read the lexicon."""
        if deadline is not None:
            deadline.check()
        return asyncio.run(self._extract_async(article))

    # ------------------------------------------------------------------ many articles

    def extract_many(
        self, articles: list[Article], progress: Callable[[str, int, int], None] | None = None
    ) -> dict[str, Any]:
        """Extract all articles, at most ``concurrency`` requests at a time."""
        return asyncio.run(self._many(articles, progress))

    async def _many(
        self, articles: list[Article], progress: Callable[[str, int, int], None] | None
    ) -> dict[str, Any]:
        sem = asyncio.Semaphore(self.settings.concurrency)
        done = 0
        out: dict[str, Any] = {}

        async def one(article: Article) -> None:
            nonlocal done
            async with sem:
                t = time.perf_counter()
                try:
                    out[article.id] = (await self._extract_async(article), time.perf_counter() - t)
                except ExtractionError as e:
                    out[article.id] = ExtractionError(f"{article.id}: {e}")
            done += 1
            if progress:
                progress(article.id, done, len(articles))

        await asyncio.gather(*(one(a) for a in articles))
        return out
