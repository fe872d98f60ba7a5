"""The options of a run, built once by the command: defaults < config file < environment < flags.

The command passes them down (the lexicon, rule ids to skip, the backend, limits); no stage reads
the environment or a config file itself. Secrets are never echoed.
"""

from __future__ import annotations

import dataclasses
import os
import tomllib
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from pathlib import Path

from checker.errors import ConfigError
from checker.lexicon import Lexicon, load_lexicon, without_classes
from checker.models import FAIL_ON, SEVERITIES

DEFAULT_MAX_BYTES = 5 * 1024 * 1024
"""The largest article read, in bytes, when ``max_bytes`` is not set."""
JOBS = ("about", "same_thing", "quote_meaning", "actor")
"""The narrow LLM jobs (:mod:`checker.assist`); ``extract`` (the full extraction prompt) is chosen
apart from them."""
ALL_JOBS = ("extract", *JOBS)

DEFAULT_SOURCE_TIMEOUT = 120.0
DEFAULT_SINGLE_SOURCE_CAP = 40

ENV_HELP = """\
\b
Settings (environment variables):
  CHECKER_LLM_BASE_URL   OpenAI-compatible endpoint, e.g. http://127.0.0.1:8765/v1 (vLLM,
                         Ollama, llama.cpp server) or https://api.openai.com/v1
  CHECKER_LLM_MODEL      model name the endpoint serves
  CHECKER_LLM_API_KEY    API key (OPENAI_API_KEY is used when this is unset)
  CHECKER_LLM_JOBS       what the model does, comma-separated: extract (every fact, for strong
                         hosted models; the default), about, same_thing, quote_meaning, actor
                         (narrow questions about what the offline extractor found), or none
  CHECKER_LLM_MODE       instructor mode: json (llama.cpp, default), tools or json_schema (OpenAI)
  CHECKER_LLM_CONCURRENCY  parallel extractions (default 4)
  CHECKER_LLM_RETRIES    retries on 429/5xx/timeouts, with backoff and Retry-After (default 4)
  CHECKER_LLM_TIMEOUT    seconds per request (default 180)
  CHECKER_LLM_PRICE_INPUT / CHECKER_LLM_PRICE_OUTPUT  USD per million tokens, to show a cost
  CHECKER_CACHE_DIR      extraction cache folder (default: the user cache dir)
  CHECKER_LEXICON        extra alias/taxonomy files, separated by ':'
  CHECKER_MAX_BYTES      largest article accepted, in bytes (default 5 MiB)
  CHECKER_SOURCE_TIMEOUT  seconds one source may take to load and extract (default 120; 0:
                         no limit): a source over it fails with one line (exit 3), the others
                         are still compared
  CHECKER_SINGLE_SOURCE_CAP  low single-source findings shown per source in terminal,
                         Markdown and HTML reports (default 40; 0: all); the rest are counted
                         on one line (JSON lists every finding)
  CHECKER_BACKEND, CHECKER_FAIL_ON, CHECKER_IGNORE_RULES (comma-separated rule ids)
  CHECKER_SEVERITY       a rule's severity, for every finding of it, comma-separated
                         RULE=LEVEL pairs (high, medium, low, info): place/only-one-source=info

The same keys, lower case without the CHECKER_ prefix (backend, fail_on, lexicon,
ignore_rules, severity, llm_base_url, llm_model, llm_mode, llm_jobs, llm_concurrency,
cache_dir, max_bytes, source_timeout, single_source_cap), can go
in checker.toml or [tool.checker] of pyproject.toml, found by walking up from the current
folder; the environment wins over the file and a command's flags win over both
(--disable-rule adds to ignore_rules, --severity RULE=LEVEL to severity; in a file,
severity = {"place/only-one-source" = "info"}). A story folder given as a source may hold its own
lexicon.yaml (local places and spellings), applied to that run. The API key is only read
from the environment.

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
    max_retries: int = 2  # re-asks when the answer does not fit the schema
    price_input: float | None = None  # USD per million prompt tokens, for the cost shown
    price_output: float | None = None  # USD per million completion tokens
    http_retries: int = 4  # 429/5xx/timeouts: exponential backoff with jitter, Retry-After honoured
    timeout_s: float = 180.0

    def __repr__(self) -> str:  # never show the key
        return f"LLMSettings(base_url={self.base_url!r}, model={self.model!r}, mode={self.mode!r})"


@dataclass(frozen=True)
class Settings:
    llm: LLMSettings | None
    max_bytes: int = DEFAULT_MAX_BYTES
    cache_dir: str | None = None
    backend: str | None = None
    fail_on: str | None = None
    lexicon: tuple[str, ...] = ()
    ignore_rules: tuple[str, ...] = ()
    # (rule id, severity) pairs: every finding of the rule at that severity
    severity: tuple[tuple[str, str], ...] = ()
    config_path: str | None = None
    llm_jobs: tuple[str, ...] | None = None  # None: the measured default for a configured model
    source_timeout: float | None = DEFAULT_SOURCE_TIMEOUT  # seconds per source; None: no limit
    single_source_cap: int | None = DEFAULT_SINGLE_SOURCE_CAP  # per source, shown; None: all
    # the bundled event and noun classes (off: alignment from general signals alone, for
    # measuring what the classes add)
    word_classes: bool = True

    @property
    def severities(self) -> dict[str, str]:
        """Rule id -> the severity the run gives its findings (the registry's where unset)."""
        return dict(self.severity)

    def build_lexicon(self, extra: tuple[str, ...] = ()) -> Lexicon:
        """The bundled lexicon with the configured files, then ``extra`` (a story's own), merged once."""
        lex = load_lexicon(tuple(dict.fromkeys(self.lexicon + extra)))
        return lex if self.word_classes else without_classes(lex)


def _float(env: dict[str, str], name: str) -> float | None:
    raw = env.get(name)
    if not raw:
        return None
    try:
        return float(raw)
    except ValueError:
        raise ConfigError(f"{name} must be a number, got {raw!r}") from None


def parse_jobs(raw: str | Iterable[str] | None) -> tuple[str, ...]:
    """'about,quote_meaning' -> ('about', 'quote_meaning'); 'none' or '' -> ().

    Raises:
        ValueError: an unknown job name.
    """
    if raw is None:
        return ()
    names = raw.split(",") if isinstance(raw, str) else list(raw)
    out: list[str] = []
    for name in (n.strip().replace("-", "_") for n in names):
        if not name or name == "none":
            continue
        if name not in ALL_JOBS:
            raise ValueError(f"unknown LLM job {name!r} (known: {', '.join(ALL_JOBS)}, none)")
        if name not in out:
            out.append(name)
    return tuple(out)


def parse_severity(raw: str | Iterable[str] | None, name: str) -> tuple[tuple[str, str], ...]:
    """'place/only-one-source=info,person/title=high' (or the pairs as a list) -> the pairs;
    a later pair for one rule wins. Rule ids are checked by the command (it knows the rules).

    Raises:
        ConfigError: a pair is not RULE=LEVEL, or LEVEL is not a severity.
    """
    if raw is None:
        return ()
    items = raw.split(",") if isinstance(raw, str) else list(raw)
    out: dict[str, str] = {}
    for item in (i.strip() for i in items):
        if not item:
            continue
        rule_id, eq, level = (part.strip() for part in item.partition("="))
        if not eq or not rule_id or level.lower() not in SEVERITIES:
            raise ConfigError(
                f"{name}: {item!r} is not RULE=LEVEL with LEVEL one of {', '.join(SEVERITIES)}"
            )
        out[rule_id] = level.lower()
    return tuple(out.items())


def _jobs(raw: str, name: str) -> tuple[str, ...]:
    try:
        return parse_jobs(raw)
    except ValueError as e:
        raise ConfigError(f"{name}: {e}") from None


def _int(env: dict[str, str], name: str, default: int) -> int:
    raw = env.get(name)
    if not raw:
        return default
    try:
        return int(raw)
    except ValueError:
        raise ConfigError(f"{name} must be a whole number, got {raw!r}") from None


def _limit(value: float | None, default: float, name: str) -> float | None:
    """A limit in seconds: unset gives the default, 0 none."""
    if value is None:
        return default
    if value < 0:
        raise ConfigError(f"{name} must be 0 (no limit) or more, got {value:g}")
    return value or None


def _cap(env: dict[str, str]) -> int | None:
    cap = _int(env, "CHECKER_SINGLE_SOURCE_CAP", DEFAULT_SINGLE_SOURCE_CAP)
    if cap < 0:
        raise ConfigError(f"CHECKER_SINGLE_SOURCE_CAP must be 0 (show all) or more, got {cap}")
    return cap or None


CONFIG_KEYS = {
    "backend": "CHECKER_BACKEND",
    "fail_on": "CHECKER_FAIL_ON",
    "lexicon": "CHECKER_LEXICON",
    "ignore_rules": "CHECKER_IGNORE_RULES",
    "severity": "CHECKER_SEVERITY",
    "llm_base_url": "CHECKER_LLM_BASE_URL",
    "llm_model": "CHECKER_LLM_MODEL",
    "llm_mode": "CHECKER_LLM_MODE",
    "llm_jobs": "CHECKER_LLM_JOBS",
    "llm_concurrency": "CHECKER_LLM_CONCURRENCY",
    "cache_dir": "CHECKER_CACHE_DIR",
    "max_bytes": "CHECKER_MAX_BYTES",
    "source_timeout": "CHECKER_SOURCE_TIMEOUT",
    "single_source_cap": "CHECKER_SINGLE_SOURCE_CAP",
    "word_classes": "CHECKER_WORD_CLASSES",
}


def find_config(start: Path | None = None) -> tuple[Path, dict[str, object]] | None:
    """The nearest ``checker.toml`` or ``pyproject.toml`` with ``[tool.checker]``, walking up."""
    here = (start or Path.cwd()).resolve()
    for folder in [here, *here.parents]:
        for name in ("checker.toml", "pyproject.toml"):
            path = folder / name
            if not path.is_file():
                continue
            try:
                data = tomllib.loads(path.read_text(encoding="utf-8"))
            except (OSError, tomllib.TOMLDecodeError) as e:
                raise ConfigError(f"{path}: cannot read settings ({e})") from e
            table = data if name == "checker.toml" else data.get("tool", {}).get("checker")
            if isinstance(table, dict):
                return path, table
    return None


def load_settings(
    start: Path | None = None,
    env: Mapping[str, str] | None = None,
    *,
    backend: str | None = None,
    fail_on: str | None = None,
    ignore_rules: tuple[str, ...] | list[str] = (),
    llm_jobs: str | None = None,
    severity: tuple[str, ...] | list[str] = (),
) -> Settings:
    """The options of a run: defaults < the nearest config file < the environment < flags.

    Flags are the command's own options (None: not given). Rule ids to skip add up from every
    layer; a flag's ``severity`` pairs (RULE=LEVEL) override the others' for their rules. The
    API key is read from the environment only, never from a file that may be committed.
    """
    settings = _from_layers(start, dict(os.environ if env is None else env))
    flags: dict[str, object] = {}
    if backend is not None:
        flags["backend"] = backend
    if fail_on is not None:
        flags["fail_on"] = fail_on
    if llm_jobs is not None:
        flags["llm_jobs"] = _jobs(llm_jobs, "--llm-jobs")
    extra = tuple(r for r in ignore_rules if r not in settings.ignore_rules)
    if extra:
        flags["ignore_rules"] = settings.ignore_rules + extra
    if severity:
        given = dict(parse_severity(list(severity), "--severity"))
        flags["severity"] = tuple({**settings.severities, **given}.items())
    return dataclasses.replace(settings, **flags) if flags else settings  # type: ignore[arg-type]


def _from_layers(start: Path | None, env: dict[str, str]) -> Settings:
    found = find_config(start)
    if found:
        path, table = found
        unknown = sorted(set(table) - set(CONFIG_KEYS))
        if unknown:
            raise ConfigError(
                f"{path}: unknown setting(s) {', '.join(unknown)} (known: {', '.join(CONFIG_KEYS)})"
            )
        for key, var in CONFIG_KEYS.items():
            if key in table and not env.get(var):
                value = table[key]
                if key == "severity" and isinstance(value, dict):
                    value = ",".join(f"{k}={v}" for k, v in value.items())
                elif isinstance(value, list):
                    value = (os.pathsep if key == "lexicon" else ",").join(
                        str(path.parent / v) if key == "lexicon" else str(v) for v in value
                    )
                elif key == "lexicon":
                    value = str(path.parent / str(value))
                env[var] = str(value)
    model = env.get("CHECKER_LLM_MODEL")
    llm = None
    if model:
        llm = LLMSettings(
            base_url=env.get("CHECKER_LLM_BASE_URL") or None,
            model=model,
            api_key=env.get("CHECKER_LLM_API_KEY") or env.get("OPENAI_API_KEY"),
            mode=(env.get("CHECKER_LLM_MODE") or "json").lower(),
            concurrency=max(1, _int(env, "CHECKER_LLM_CONCURRENCY", 4)),
            http_retries=max(0, _int(env, "CHECKER_LLM_RETRIES", 4)),
            price_input=_float(env, "CHECKER_LLM_PRICE_INPUT"),
            price_output=_float(env, "CHECKER_LLM_PRICE_OUTPUT"),
            timeout_s=float(_int(env, "CHECKER_LLM_TIMEOUT", 180)),
        )
    fail_on = env.get("CHECKER_FAIL_ON") or None
    if fail_on is not None and fail_on not in FAIL_ON:
        raise ConfigError(f"fail_on must be high, medium, low or never, got {fail_on!r}")
    raw_jobs = env.get("CHECKER_LLM_JOBS")
    return Settings(
        llm=llm,
        llm_jobs=_jobs(raw_jobs, "llm_jobs") if raw_jobs is not None else None,
        max_bytes=_int(env, "CHECKER_MAX_BYTES", DEFAULT_MAX_BYTES),
        source_timeout=_limit(
            _float(env, "CHECKER_SOURCE_TIMEOUT"), DEFAULT_SOURCE_TIMEOUT, "CHECKER_SOURCE_TIMEOUT"
        ),
        single_source_cap=_cap(env),
        cache_dir=env.get("CHECKER_CACHE_DIR") or None,
        backend=env.get("CHECKER_BACKEND") or None,
        fail_on=fail_on,
        lexicon=tuple(p for p in (env.get("CHECKER_LEXICON") or "").split(os.pathsep) if p),
        ignore_rules=tuple(
            r.strip() for r in (env.get("CHECKER_IGNORE_RULES") or "").split(",") if r.strip()
        ),
        severity=parse_severity(env.get("CHECKER_SEVERITY"), "severity"),
        config_path=str(found[0]) if found else None,
        word_classes=(env.get("CHECKER_WORD_CLASSES") or "1").strip().lower()
        not in ("0", "false", "no", "off"),
    )
