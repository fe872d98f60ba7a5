"""Settings from the environment (and later a config file). Secrets are never echoed."""

from __future__ import annotations

import os
from dataclasses import dataclass

from checker.sources import DEFAULT_MAX_BYTES

ENV_HELP = """\
Settings (environment variables):
  CHECKER_LLM_BASE_URL   OpenAI-compatible endpoint, e.g. http://127.0.0.1:8765/v1 (vLLM,
                         Ollama, llama.cpp server) or https://api.openai.com/v1
  CHECKER_LLM_MODEL      model name the endpoint serves
  CHECKER_LLM_API_KEY    API key (OPENAI_API_KEY is used when this is unset)
  CHECKER_LLM_MODE       instructor mode: json (llama.cpp, default), tools or json_schema (OpenAI)
  CHECKER_LLM_CONCURRENCY  parallel extractions (default 4)
  CHECKER_CACHE_DIR      extraction cache folder (default: the user cache dir)
  CHECKER_LEXICON        extra alias/taxonomy files, separated by ':'
  CHECKER_MAX_BYTES      largest article accepted, in bytes (default 5 MiB)
The LLM backend is used when CHECKER_LLM_MODEL is set (--backend auto); otherwise the offline
extractor runs, with no key and no network."""


@dataclass(frozen=True)
class LLMSettings:
    base_url: str | None
    model: str
    api_key: str | None
    mode: str = "json"
    concurrency: int = 4
    max_tokens: int = 2048
    max_retries: int = 2
    timeout_s: float = 180.0

    def __repr__(self) -> str:  # never show the key
        return f"LLMSettings(base_url={self.base_url!r}, model={self.model!r}, mode={self.mode!r})"


@dataclass(frozen=True)
class Settings:
    llm: LLMSettings | None
    max_bytes: int = DEFAULT_MAX_BYTES
    cache_dir: str | None = None


def _int(name: str, default: int) -> int:
    raw = os.environ.get(name)
    if not raw:
        return default
    try:
        return int(raw)
    except ValueError:
        from checker.errors import ConfigError

        raise ConfigError(f"{name} must be a whole number, got {raw!r}") from None


def from_env() -> Settings:
    """Read settings from environment variables."""
    model = os.environ.get("CHECKER_LLM_MODEL")
    llm = None
    if model:
        llm = LLMSettings(
            base_url=os.environ.get("CHECKER_LLM_BASE_URL") or None,
            model=model,
            api_key=os.environ.get("CHECKER_LLM_API_KEY") or os.environ.get("OPENAI_API_KEY"),
            mode=(os.environ.get("CHECKER_LLM_MODE") or "json").lower(),
            concurrency=max(1, _int("CHECKER_LLM_CONCURRENCY", 4)),
        )
    return Settings(
        llm=llm,
        max_bytes=_int("CHECKER_MAX_BYTES", DEFAULT_MAX_BYTES),
        cache_dir=os.environ.get("CHECKER_CACHE_DIR") or None,
    )
