"""The report commands as functions: settings and options in, reports and their text out.

``checker diff``, ``checker check`` and ``checker baseline`` are each one call here (after the
command line has built the settings): the sources are loaded, the backend chosen, the pipeline
run, and the report rendered in the format asked for, trimmed to ``--min-severity``
(:mod:`checker.policy`). What the command line adds is only wiring: parsing the options,
showing progress, writing the text, the warnings on standard error and the exit status.
Nothing here prints or exits; errors are :mod:`checker.errors` exceptions.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any

from checker import baseline
from checker.budget import Budget
from checker.context import run_context
from checker.errors import ConfigError, InputError
from checker.models import Article, CheckReport, Report, SourceReport
from checker.pipeline import (
    Assist,
    Progress,
    load_sources,
    run_check,
    run_diff,
    select_assist,
    select_backend,
)
from checker.policy import trim
from checker.render import TRIMMED, View, hidden_note, render
from checker.render.check import merge_sarif
from checker.render.diff import severity_counts
from checker.settings import LLMSettings, Settings
from checker.sources import load_draft

if TYPE_CHECKING:
    from checker.batch import IngestResult
    from checker.extract import Backend
    from checker.fetch import Fetcher


@dataclass(frozen=True)
class ReportOptions:
    """The options a report command takes (``checker diff`` and ``checker check`` share most;
    the rest keep their defaults for the command that does not have them)."""

    fmt: str = "terminal"
    output: Path | None = None
    fail_on: str | None = None
    backend: str | None = None
    disabled: tuple[str, ...] = ()  # --disable-rule
    severity: tuple[str, ...] = ()  # --severity RULE=LEVEL
    no_progress: bool = False
    llm_jobs: str | None = None
    no_cache: bool = False
    offline: bool = False
    min_severity: str = "info"
    matrix: bool = False
    max_tokens_total: int | None = None  # diff only
    show_supported: bool = False  # check only
    baseline: Path | None = None  # check only

    def flags(self) -> dict[str, Any]:
        """The options that override the settings, as :func:`~checker.settings.load_settings`
        takes them."""
        return {
            "backend": self.backend,
            "fail_on": self.fail_on,
            "ignore_rules": self.disabled,
            "llm_jobs": self.llm_jobs,
            "severity": self.severity,
        }


def backend_name(settings: Settings) -> str:
    """The extraction backend a report command uses: the configured one, else ``auto``."""
    return settings.backend or "auto"


def known_rules(settings: Settings) -> None:
    """Refuse rule ids that are not registered, to skip or to give a severity (a typo would
    otherwise change nothing).

    Raises:
        ConfigError: a rule id in ``ignore_rules`` or ``severity`` is not registered.
    """
    from checker.rules import RULES

    ids = [*settings.ignore_rules, *(r for r, _ in settings.severity)]
    unknown = [r for r in ids if r not in RULES]
    if unknown:
        raise ConfigError(
            f"unknown rule id(s): {', '.join(unknown)} (known: {', '.join(sorted(RULES))})"
        )


def fetcher(settings: Settings, no_cache: bool, offline: bool) -> Fetcher:
    """Fetches the links given as sources, through the page cache unless ``no_cache``."""
    from checker.cache import default_cache_dir
    from checker.fetch import Fetcher, PageCache

    cache = None if no_cache else PageCache(settings.cache_dir or default_cache_dir())
    return Fetcher(cache, settings.max_bytes, offline=offline)


def _assist(settings: Settings, no_cache: bool) -> Assist | None:
    if backend_name(settings) == "offline":
        return None
    return select_assist(settings, use_cache=not no_cache)


@dataclass
class DiffRun:
    """A finished ``checker diff``: its settings, the articles read and the report."""

    settings: Settings
    articles: list[Article]
    report: Report


def diff(
    settings: Settings, sources: Sequence[str], opts: ReportOptions, progress: Progress
) -> DiffRun:
    """Load ``sources``, extract and compare them; the report (failed sources named in it)."""
    run = run_context(settings, sources, use_cache=not opts.no_cache)
    budget = Budget(settings.source_timeout)
    unreadable: list[SourceReport] = []
    order: list[str] = []  # the command line's order, for every list of sources
    articles = load_sources(
        sources,
        settings.max_bytes,
        unreadable=unreadable,
        fetch=fetcher(settings, opts.no_cache, opts.offline),
        order=order,
        budget=budget,
        progress=progress,
    )
    engine = select_backend(
        backend_name(settings),
        settings,
        use_cache=not opts.no_cache,
        max_tokens_total=opts.max_tokens_total,
    )
    report = run_diff(
        run,
        articles,
        engine,
        progress=progress,
        disabled_rules=settings.ignore_rules,
        unreadable=unreadable,
        assist=_assist(settings, opts.no_cache),
        budget=budget,
        order=order,
    )
    return DiffRun(settings, articles, report)


def render_diff(
    run: DiffRun, opts: ReportOptions, color: bool, width: int, progress: Progress
) -> str:
    """The diff report in ``opts.fmt``; the reading formats trimmed to ``opts.min_severity``."""
    shown, hidden = trim(run.report, opts.min_severity) if opts.fmt in TRIMMED else (run.report, 0)
    progress(f"render: {opts.fmt}, {len(shown.findings):,} findings", 0, 1)
    view = View(
        color=color,
        articles={a.id: a for a in run.articles},
        hidden=hidden,
        min_severity=opts.min_severity,
        matrix=opts.matrix,
        counts=severity_counts(run.report.findings),
        width=width,
        single_source_cap=run.settings.single_source_cap,
    )
    return render("diff", opts.fmt, shown, view)


def draft_among_sources(draft: Path, sources: Sequence[str]) -> str | None:
    """Why ``draft`` cannot be checked against ``sources`` (it is one of them, or inside a
    sources folder), or None. A draft is checked against its sources, not compared with itself."""
    here = draft.resolve()
    for p in sources:
        path = Path(p)
        if path.is_dir() and path.resolve() in here.parents:
            return (
                f"{draft} is inside the sources folder {p}: a draft is checked against its "
                "sources, not one of them (move it, or name the sources one by one)"
            )
        if path.is_file() and path.resolve() == here:
            return (
                f"{draft} is also given as one of its own sources (--sources {p}): a draft is "
                "checked against its sources, not one of them (leave it out of --sources)"
            )
    return None


@dataclass
class _CheckInputs:
    draft: Article
    articles: list[Article]
    engine: Backend
    unreadable: list[SourceReport] = field(default_factory=list)
    order: list[str] = field(default_factory=list)
    budget: Budget | None = None


def _check_inputs(
    settings: Settings,
    draft: Path,
    sources: Sequence[str],
    no_cache: bool = False,
    offline: bool = False,
    progress: Progress | None = None,
) -> _CheckInputs:
    if not sources:
        raise InputError(
            "give the sources the draft was written from: --sources FILE_OR_FOLDER ..."
        )
    article = load_draft(draft, settings.max_bytes)
    unreadable: list[SourceReport] = []
    order: list[str] = []
    budget = Budget(settings.source_timeout)
    articles = load_sources(
        sources,
        settings.max_bytes,
        minimum=1,
        unreadable=unreadable,
        fetch=fetcher(settings, no_cache, offline),
        order=order,
        budget=budget,
        progress=progress,
    )
    engine = select_backend(backend_name(settings), settings, use_cache=not no_cache)
    return _CheckInputs(article, articles, engine, unreadable, order, budget)


@dataclass
class CheckRun:
    """A finished ``checker check`` of one draft: the draft's path, its settings (the draft's
    folder may hold its own config), the draft and the sources read, and the report."""

    path: Path
    settings: Settings
    draft: Article
    articles: list[Article]
    report: CheckReport


def check(
    settings: Settings,
    draft: Path,
    sources: Sequence[str],
    opts: ReportOptions,
    progress: Progress,
) -> CheckRun:
    """Check ``draft`` against ``sources``, leaving out the findings its baseline accepts."""
    got = _check_inputs(settings, draft, sources, opts.no_cache, opts.offline, progress)
    run = run_context(settings, sources, use_cache=not opts.no_cache)
    assist = _assist(settings, opts.no_cache)
    report = run_check(
        run,
        got.draft,
        got.articles,
        got.engine,
        progress=progress,
        disabled_rules=settings.ignore_rules,
        baseline=baseline.suppressed(opts.baseline, draft),
        unreadable=got.unreadable,
        assist=assist,
        budget=got.budget,
        order=got.order,
    )
    return CheckRun(draft, settings, got.draft, got.articles, report)


def render_check(runs: Sequence[CheckRun], opts: ReportOptions, color: bool, width: int) -> str:
    """Every draft's report in ``opts.fmt``, as one text: a JSON array for several drafts, one
    SARIF run, else one after the other; the reading formats trimmed to ``opts.min_severity``,
    with one line saying how many findings that hid (HTML, one draft, says it itself)."""
    fmt = opts.fmt
    shown = [trim(r.report, opts.min_severity) if fmt in TRIMMED else (r.report, 0) for r in runs]
    hidden = sum(n for _, n in shown)
    parts = []
    for r, (report, _) in zip(runs, shown, strict=True):
        view = View(
            color=color,
            articles={x.id: x for x in r.articles},
            draft=r.draft,
            show_supported=opts.show_supported,
            hidden=hidden if fmt == "html" else 0,
            min_severity=opts.min_severity,
            matrix=opts.matrix,
            counts=severity_counts(r.report.findings),
            width=width,
        )
        parts.append(render("check", fmt, report, view))
    if fmt == "json" and len(runs) > 1:
        text = "[\n" + ",\n".join(p.rstrip("\n") for p in parts) + "\n]\n"
    elif fmt == "sarif":
        text = merge_sarif(parts)
    else:
        text = "".join(parts)
    return text if fmt == "html" else text + hidden_note(hidden, opts.min_severity)


def record_baseline(
    settings: Settings, draft: Path, sources: Sequence[str], output: Path | None
) -> tuple[int, Path]:
    """Check ``draft`` against ``sources`` (no baseline, no model jobs) and record its findings
    in the baseline at ``output`` (default: beside the draft); how many, and where."""
    got = _check_inputs(settings, draft, sources)
    report = run_check(
        run_context(settings, sources),
        got.draft,
        got.articles,
        got.engine,
        disabled_rules=settings.ignore_rules,
        order=got.order,
    )
    path = output or baseline.default_path(draft)
    return baseline.record(path, draft, report), path


def source_warnings(sources: Sequence[SourceReport], warnings: Sequence[str] = ()) -> list[str]:
    """What a report command says on standard error, as console markup: one line per source
    set aside with a warning, one per distinct source error (an unreachable endpoint is said
    once, with the sources it hit), then one per ``warnings`` (the report's own)."""
    from rich.markup import escape

    lines = []
    errors: dict[str, list[str]] = {}
    for s in sources:
        if s.status == "failed":
            errors.setdefault((s.error or "").removeprefix(f"{s.id}: "), []).append(s.id)
        elif s.warning:
            lines.append(f"[yellow]warning:[/yellow] {escape(s.path)}: {escape(s.warning)}")
    for error, ids in errors.items():
        lines.append(
            f"[yellow]warning:[/yellow] {len(ids)} source(s) failed ({escape(', '.join(ids))}): "
            f"{escape(error)}"
        )
    return lines + [f"[yellow]warning:[/yellow] {escape(w)}" for w in warnings]


def check_notes(runs: Sequence[CheckRun]) -> list[str]:
    """What ``checker check`` says on standard error, as console markup: the sources' warnings
    (the same sources for every draft), then a note for each draft with no claim to check."""
    from rich.markup import escape

    notes = [
        f"note: {escape(str(r.path))}: no factual claims found to check"
        for r in runs
        if not r.report.draft.facts
    ]
    return source_warnings(runs[0].report.sources) + notes


def rule_table() -> list[str]:
    """``checker rules``: one line per rule, by id: its default severity, scope, kind, summary."""
    from checker.rules import RULES

    return [
        f"{rid:<32} {r.severity:<7} {r.scope:<6} {r.kind:<20} {r.summary}"
        for rid, r in sorted(RULES.items())
    ]


def explain_rule(rule_id: str) -> str:
    """``checker rules --explain ID``: what the rule finds, why an editor cares, an example.

    Raises:
        ConfigError: no rule has that id (the message suggests the nearest ids).
    """
    import difflib

    from checker.rules import RULES

    if rule_id not in RULES:
        near = difflib.get_close_matches(rule_id, list(RULES), n=3)
        hint = f"did you mean {', '.join(near)}?" if near else "`checker rules` lists them"
        raise ConfigError(f"no rule {rule_id!r}; {hint}")
    return RULES[rule_id].explain()


def _model(settings: Settings) -> LLMSettings:
    if settings.llm is None:
        raise ConfigError("batch needs a model: set CHECKER_LLM_MODEL (see `checker --help`)")
    return settings.llm


def batch_requests(settings: Settings, sources: Sequence[str | Path]) -> list[str]:
    """One Batch API extraction request per source (JSONL lines), ``custom_id`` = its cache key."""
    from checker.batch import prepare
    from checker.extract.llm import LLMBackend

    model = _model(settings)
    articles = load_sources(sources, settings.max_bytes, minimum=1)
    backend = LLMBackend(model, cache_dir=settings.cache_dir)
    return prepare(articles, [backend.key_for(a) for a in articles], model)


def batch_results(settings: Settings, results: Path) -> IngestResult:
    """Validate a Batch API results file and store its extractions in the cache."""
    from checker.batch import ingest, read_lines
    from checker.cache import ExtractionCache

    model = _model(settings)
    return ingest(read_lines(results), ExtractionCache(settings.cache_dir), model.model)
