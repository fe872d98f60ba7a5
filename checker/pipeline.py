"""Wire the stages together: sources → extract → ground → normalize/compare → report."""

from __future__ import annotations

import time
from collections import Counter
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Any

from checker import __version__
from checker.compare import compare
from checker.errors import CheckerError, ConfigError, InputError
from checker.extract import Backend
from checker.ground import ground, recover
from checker.models import Article, Fact, Meta, Report, SourceReport, Usage
from checker.settings import Settings
from checker.sources import discover, load_article, source_ids

Progress = Callable[[str, int, int], None]


def select_backend(name: str, settings: Settings, use_cache: bool = True) -> Backend:
    """The extraction backend for ``--backend``: auto, offline or llm.

    Raises:
        ConfigError: ``llm`` was asked for but no model is configured.
    """
    if name == "llm" or (name == "auto" and settings.llm is not None):
        if settings.llm is None:
            raise ConfigError(
                "--backend llm needs a model: set CHECKER_LLM_MODEL (and CHECKER_LLM_BASE_URL "
                "for a local server); see `checker --help`"
            )
        from checker.extract.llm import LLMBackend

        return LLMBackend(settings.llm, cache_dir=settings.cache_dir, use_cache=use_cache)
    if name not in ("auto", "offline"):
        raise ConfigError(f"unknown backend {name!r} (auto, offline or llm)")
    from checker.extract.offline import OfflineBackend

    return OfflineBackend()


def load_sources(paths: Sequence[str | Path], max_bytes: int) -> list[Article]:
    """Load every source; at least two are needed to compare.

    Raises:
        InputError: a path is missing or unreadable, or fewer than two sources remain.
    """
    files = discover(paths)
    ids = source_ids(files)
    articles = [load_article(f, i, max_bytes) for f, i in zip(files, ids, strict=True)]
    if len(articles) < 2:
        only = articles[0].path if articles else "none"
        raise InputError(f"need at least two sources to compare, got one ({only})")
    return articles


def run_diff(
    articles: list[Article],
    backend: Backend,
    progress: Progress | None = None,
    disabled_rules: Sequence[str] = (),
) -> Report:
    """Extract, ground and compare ``articles``; sources that fail are reported, not fatal."""
    t0 = time.perf_counter()
    timings: dict[str, float] = {"extract": 0.0, "ground": 0.0}
    dropped: Counter[str] = Counter()
    usage = Usage()
    reports: list[SourceReport] = []
    ok: list[Article] = []
    facts: list[Fact] = []
    extracted = _extract_all(articles, backend, progress)
    fallback = _fallback_backend(backend)
    recovered = 0
    for article in articles:
        result = extracted[article.id]
        if isinstance(result, CheckerError):
            reports.append(_source_report(article, error=str(result)))
            continue
        extraction, seconds = result
        timings["extract"] += seconds
        for k, v in extraction.usage.model_dump().items():
            setattr(usage, k, getattr(usage, k) + v)
        t = time.perf_counter()
        grounded = ground(article, extraction.facts)
        article_facts = grounded.facts
        if fallback is not None:
            article_facts, n = recover(article_facts, ground(article, fallback.extract(article).facts).facts)
            recovered += n
        timings["ground"] += time.perf_counter() - t
        dropped.update(grounded.dropped)
        reports.append(_source_report(article, facts=article_facts))
        ok.append(article)
        facts.extend(article_facts)
    t = time.perf_counter()
    findings = compare(ok, facts, disabled_rules) if len(ok) >= 2 else []
    timings["compare"] = time.perf_counter() - t
    timings["total"] = time.perf_counter() - t0
    meta = Meta(
        tool_version=__version__,
        backend=backend.name,
        model=backend.model,
        prompt_hash=backend.prompt_hash,
        schema_hash=backend.schema_hash,
        dropped=dict(sorted(dropped.items())),
        recovered=recovered,
        usage=usage,
        timings={k: round(v, 4) for k, v in sorted(timings.items())},
    )
    return Report(sources=reports, findings=findings, meta=meta)


def _fallback_backend(backend: Backend) -> Backend | None:
    """For a model backend: the offline extractor, whose certain finds fill the model's gaps."""
    if backend.name == "offline":
        return None
    from checker.errors import ModelNotInstalledError
    from checker.extract.offline import OfflineBackend

    try:
        return OfflineBackend()
    except ModelNotInstalledError:
        return None


def _source_report(article: Article, facts: list[Fact] | None = None, error: str | None = None) -> SourceReport:
    return SourceReport(
        id=article.id,
        path=article.path,
        title=article.title,
        outlet=article.outlet,
        published=article.published,
        status="failed" if error else "ok",
        error=error,
        facts=facts or [],
    )


def _extract_all(articles: list[Article], backend: Backend, progress: Progress | None) -> dict[str, Any]:
    """Run the backend over every article; a backend may offer a concurrent ``extract_many``."""
    many = getattr(backend, "extract_many", None)
    if many is not None:
        return many(articles, progress)
    out: dict[str, Any] = {}
    for i, article in enumerate(articles):
        t = time.perf_counter()
        try:
            out[article.id] = (backend.extract(article), time.perf_counter() - t)
        except CheckerError as e:
            out[article.id] = e
        if progress:
            progress(article.id, i + 1, len(articles))
    return out
