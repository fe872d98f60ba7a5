"""Command line: parse options, call the library, render, choose the exit code.

This is the only module that prints or exits.
"""

from __future__ import annotations

import contextlib
import dataclasses
import json
import logging
import os
import shutil
import sys
import traceback
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import TYPE_CHECKING

import click
from rich.console import Console
from rich.markup import escape

from checker import __version__
from checker.errors import CheckerError, ConfigError, InputError
from checker.models import FAIL_ON, SEVERITIES, SEVERITY_ORDER, Report, SourceReport
from checker.render import FORMATS as RENDER_FORMATS
from checker.settings import ENV_HELP, Settings, load_settings

if TYPE_CHECKING:
    from checker.budget import Budget
    from checker.extract import Backend
    from checker.fetch import Fetcher
    from checker.models import Article

EXIT_OK, EXIT_FINDINGS, EXIT_USAGE, EXIT_SOURCE_FAILED = 0, 1, 2, 3
FORMATS = RENDER_FORMATS["diff"]

_stderr = Console(stderr=True, highlight=False)


DEFAULT_WIDTH = 110  # the terminal report's width when it goes to a file or a pipe


def terminal_width() -> int:
    """The width the terminal report is laid out for: ``COLUMNS`` when set, else the
    terminal's when standard output is one (``stty cols`` and window resizes), else 110."""
    columns = os.environ.get("COLUMNS", "")
    if columns.isdigit() and int(columns) > 0:
        return max(40, int(columns))
    if sys.stdout.isatty():
        return max(40, shutil.get_terminal_size((DEFAULT_WIDTH, 24)).columns)
    return DEFAULT_WIDTH


def _fail(message: str, code: int = EXIT_USAGE) -> None:
    _stderr.print(f"[bold red]error:[/bold red] {escape(message)}", markup=True, soft_wrap=True)
    sys.exit(code)


def _fail_from(e: CheckerError, debug: bool) -> None:
    """Input and settings errors exit 2; anything else that stopped the run exits 3."""
    if debug:
        traceback.print_exc()
    _fail(str(e), EXIT_USAGE if isinstance(e, InputError | ConfigError) else EXIT_SOURCE_FAILED)


def exit_code(report: Report, fail_on: str) -> int:
    """0 clean, 1 findings at or above ``fail_on``, 3 when a source could not be processed."""
    if any(s.status == "failed" for s in report.sources):
        return EXIT_SOURCE_FAILED
    if fail_on == "never":
        return EXIT_OK
    level = SEVERITY_ORDER[fail_on]
    return (
        EXIT_FINDINGS
        if any(SEVERITY_ORDER[f.severity] >= level for f in report.findings)
        else EXIT_OK
    )


@click.group(
    context_settings={"help_option_names": ["-h", "--help"]},
    epilog=ENV_HELP,
)
@click.version_option(__version__, prog_name="checker")
@click.option("--debug", is_flag=True, help="Show tracebacks for errors.")
@click.pass_context
def cli(ctx: click.Context, debug: bool) -> None:
    """Find where news sources disagree, with evidence.

    \b
    checker diff SOURCES...                 compare several outlets' coverage of one event
    checker check DRAFT... --sources SRC    check drafts against their sources
    """
    ctx.ensure_object(dict)
    ctx.obj["debug"] = debug
    if not debug:
        # third-party clients log retries and failures on their own; the report and one line on
        # standard error say what happened (--debug shows everything)
        for name in ("instructor", "openai", "httpx", "httpcore"):
            logging.getLogger(name).setLevel(logging.CRITICAL)


_RUN_OPTIONS = (
    click.option(
        "--output",
        "-o",
        type=click.Path(dir_okay=False, path_type=Path),
        help="Write the report to this file instead of standard output.",
    ),
    click.option(
        "--fail-on",
        type=click.Choice(FAIL_ON),
        default=None,
        help="Exit 1 when a finding is at or above this severity "
        "(default: config fail_on, else high).",
    ),
    click.option(
        "--backend",
        type=click.Choice(("auto", "offline", "llm")),
        default=None,
        help="Extraction backend (default: config backend, else auto = llm when "
        "CHECKER_LLM_MODEL is set, else offline).",
    ),
    click.option(
        "--disable-rule",
        "disabled",
        multiple=True,
        metavar="RULE",
        help="Drop a rule's findings by id (repeatable; see `checker rules`), e.g. "
        "place/only-one-source; adds to ignore_rules.",
    ),
    click.option(
        "--severity",
        "severity",
        multiple=True,
        metavar="RULE=LEVEL",
        help="Give every finding of a rule this severity (high, medium, low, info; repeatable), "
        "e.g. place/only-one-source=info; overrides the severity setting for that rule.",
    ),
    click.option("--no-progress", is_flag=True, help="Do not show progress on standard error."),
    click.option(
        "--llm-jobs",
        default=None,
        metavar="JOBS",
        help="What a configured model does, comma-separated: extract (every fact; for strong "
        "hosted models), about, same_thing, quote_meaning, actor (narrow questions about what "
        "the offline extractor found; check uses about), or none (default: config llm_jobs, "
        "else extract; measured with a small local model, no narrow job helps: see the README).",
    ),
    click.option(
        "--no-cache", is_flag=True, help="Do not read or write the extraction and page caches."
    ),
    click.option(
        "--offline",
        is_flag=True,
        help="Never fetch a link: read linked pages from the page cache only.",
    ),
    click.option(
        "--min-severity",
        type=click.Choice(SEVERITIES),
        default="info",
        show_default=True,
        help="Show only findings at or above this severity in terminal, Markdown and HTML output "
        "(the rest are counted; JSON, SARIF and GitHub keep everything).",
    ),
)


# check and baseline: several paths may follow one --sources (see expand_sources)
_sources_option = click.option(
    "--sources",
    "-s",
    "sources",
    multiple=True,
    type=str,
    help="Source files, folders or links the draft was written from: several may follow one "
    "--sources (up to the next option), so give the draft first.",
)


def _run_options(func: Callable[..., None]) -> Callable[..., None]:
    """The options diff and check share (output, exit level, backend, rules, caches, links)."""
    for option in reversed(_RUN_OPTIONS):
        func = option(func)
    return func


@cli.command("diff", epilog=ENV_HELP)
@click.argument("sources", nargs=-1, required=True, type=str, metavar="SOURCES...")
@click.option(
    "--format",
    "-f",
    "fmt",
    type=click.Choice(FORMATS),
    default="terminal",
    show_default=True,
    help="Output format.",
)
@_run_options
@click.option(
    "--max-tokens-total",
    type=click.IntRange(min=1),
    default=None,
    metavar="N",
    help="LLM token budget for the run: sources that would pass it are not extracted (exit 3).",
)
@click.option(
    "--matrix",
    is_flag=True,
    help="Terminal: also draw the fact matrix (one row per fact, one column per source). "
    "Markdown and HTML always have it.",
)
@click.pass_context
def diff_cmd(
    ctx: click.Context,
    sources: tuple[str, ...],
    fmt: str,
    output: Path | None,
    fail_on: str | None,
    backend: str | None,
    disabled: tuple[str, ...],
    no_progress: bool,
    no_cache: bool,
    offline: bool,
    max_tokens_total: int | None,
    llm_jobs: str | None,
    min_severity: str,
    matrix: bool,
    severity: tuple[str, ...],
) -> None:
    """Compare SOURCES (files or folders of .txt, .md, .html articles, or http(s) links) and
    report disagreements. A link is fetched once and read from the page cache afterwards.

    Exit status: 0 nothing at or above --fail-on; 1 findings at or above it; 2 usage or input
    error; 3 a source could not be processed (the report still names it).
    """
    from checker.budget import Budget
    from checker.context import run_context
    from checker.pipeline import load_sources, run_diff, select_assist, select_backend
    from checker.render import TRIMMED, View, render
    from checker.render.diff import severity_counts

    debug = ctx.obj.get("debug", False)
    # the progress display, from loading to rendering (click closes it on any way out)
    bar = ctx.with_resource(contextlib.ExitStack())
    progress = None if no_progress or not _stderr.is_terminal else bar.enter_context(_progress())
    try:
        settings = load_settings(
            backend=backend,
            fail_on=fail_on,
            ignore_rules=disabled,
            llm_jobs=llm_jobs,
            severity=severity,
        )
        _known_rules(settings)
        run = run_context(settings, sources, use_cache=not no_cache)
        budget = Budget(settings.source_timeout)
        unreadable: list[SourceReport] = []
        order: list[str] = []  # the command line's order, for every list of sources
        articles = load_sources(
            sources,
            settings.max_bytes,
            unreadable=unreadable,
            fetch=_fetcher(settings, no_cache, offline),
            order=order,
            budget=budget,
            progress=progress,
        )
        engine = select_backend(
            settings.backend or "auto",
            settings,
            use_cache=not no_cache,
            max_tokens_total=max_tokens_total,
        )
        assist = (
            select_assist(settings, use_cache=not no_cache)
            if (settings.backend or "auto") != "offline"
            else None
        )
        report = run_diff(
            run,
            articles,
            engine,
            progress=progress,
            disabled_rules=settings.ignore_rules,
            unreadable=unreadable,
            assist=assist,
            budget=budget,
            order=order,
        )
    except CheckerError as e:
        _fail_from(e, debug)
        return
    color = output is None and fmt == "terminal" and sys.stdout.isatty()
    shown, hidden = report, 0
    if fmt in TRIMMED and min_severity != "info":
        keep = [
            f for f in report.findings if SEVERITY_ORDER[f.severity] >= SEVERITY_ORDER[min_severity]
        ]
        shown, hidden = (
            report.model_copy(update={"findings": keep}),
            len(report.findings) - len(keep),
        )
    if progress:
        progress(f"render: {fmt}, {len(shown.findings):,} findings", 0, 1)
    text = render(
        "diff",
        fmt,
        shown,
        View(
            color=color,
            articles={a.id: a for a in articles},
            hidden=hidden,
            min_severity=min_severity,
            matrix=matrix,
            counts=severity_counts(report.findings),
            width=terminal_width(),
            single_source_cap=settings.single_source_cap,
        ),
    )
    bar.close()
    _emit(text, output)
    _source_warnings(report.sources)
    for warning in report.warnings:
        _stderr.print(f"[yellow]warning:[/yellow] {escape(warning)}", soft_wrap=True)
    sys.exit(exit_code(report, settings.fail_on or "high"))


def _fetcher(settings: Settings, no_cache: bool, offline: bool) -> Fetcher:
    """Fetches the links given as sources, through the page cache unless --no-cache."""
    from checker.cache import default_cache_dir
    from checker.fetch import Fetcher, PageCache

    cache = None if no_cache else PageCache(settings.cache_dir or default_cache_dir())
    return Fetcher(cache, settings.max_bytes, offline=offline)


def _source_warnings(sources: list[SourceReport]) -> None:
    """One line on standard error per distinct source error (an unreachable endpoint is said
    once, with the sources it hit), and one per source set aside with a warning."""
    errors: dict[str, list[str]] = {}
    for s in sources:
        if s.status == "failed":
            errors.setdefault((s.error or "").removeprefix(f"{s.id}: "), []).append(s.id)
        elif s.warning:
            _stderr.print(
                f"[yellow]warning:[/yellow] {escape(s.path)}: {escape(s.warning)}", soft_wrap=True
            )
    for error, ids in errors.items():
        _stderr.print(
            f"[yellow]warning:[/yellow] {len(ids)} source(s) failed ({escape(', '.join(ids))}): "
            f"{escape(error)}",
            soft_wrap=True,
        )


def _known_rules(settings: Settings) -> None:
    """Refuse rule ids that are not registered, to skip or to give a severity (a typo would
    otherwise change nothing)."""
    from checker.rules import RULES

    ids = [*settings.ignore_rules, *(r for r, _ in settings.severity)]
    unknown = [r for r in ids if r not in RULES]
    if unknown:
        raise ConfigError(
            f"unknown rule id(s): {', '.join(unknown)} (known: {', '.join(sorted(RULES))})"
        )


# the stages the library names in its progress ("extract: city-wire (2/3)", "compare: RULE")
STAGES = ("load", "extract", "align", "compare", "render")


@contextlib.contextmanager
def _progress() -> Iterator[Callable[[str, int, int], None]]:
    """A rich progress bar on standard error: the stage (load, extract, align, compare,
    render), how far it is (paragraphs of the source being extracted, rules run) and what it
    works on; then the narrow jobs the model answers (reported as 'llm JOB: WHAT')."""
    from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeElapsedColumn

    with Progress(
        TextColumn("{task.fields[stage]}"),
        BarColumn(),
        MofNCompleteColumn(),
        TimeElapsedColumn(),
        TextColumn("{task.description}"),
        console=_stderr,
        transient=True,
    ) as bar:
        task = bar.add_task("", total=1, stage="load")

        def update(label: str, done: int, total: int) -> None:
            stage, _, what = label.partition(": ")
            if label.startswith("llm "):
                stage, what = "asking the model", label[4:]
            elif stage not in STAGES:  # a backend's own count of the sources it has done
                stage, what = "extract", label
            bar.update(task, completed=done, total=total, description=escape(what), stage=stage)

        yield update


@cli.group("cache")
def cache_group() -> None:
    """Inspect or clear the extraction cache (CHECKER_CACHE_DIR or the user cache dir)."""


@cache_group.command("info")
def cache_info() -> None:
    """Show where the cache is and how many extractions it holds."""
    from checker.cache import ExtractionCache

    cache = ExtractionCache(load_settings().cache_dir)
    click.echo(f"{cache.path}: {cache.count()} cached extraction(s) and job answer(s)")


@cache_group.command("clear")
def cache_clear() -> None:
    """Delete every cached extraction and LLM job answer."""
    from checker.cache import ExtractionCache

    cache = ExtractionCache(load_settings().cache_dir)
    click.echo(f"removed {cache.clear()} cached extraction(s) and job answer(s) from {cache.path}")


CHECK_FORMATS = RENDER_FORMATS["check"]
DEFAULT_BASELINE = ".checker-baseline.json"


def _check_setup(
    draft: Path,
    sources: tuple[str, ...],
    backend: str | None,
    no_cache: bool,
    fail_on: str | None = None,
    disabled: tuple[str, ...] = (),
    offline: bool = False,
    llm_jobs: str | None = None,
    progress: Callable[[str, int, int], None] | None = None,
    severity: tuple[str, ...] = (),
) -> tuple[Settings, Article, list[Article], Backend, list[SourceReport], list[str], Budget]:
    from checker.budget import Budget
    from checker.pipeline import load_sources, select_backend
    from checker.sources import load_draft

    settings = load_settings(
        draft.resolve().parent if draft.exists() else None,
        backend=backend,
        fail_on=fail_on,
        ignore_rules=disabled,
        llm_jobs=llm_jobs,
        severity=severity,
    )
    _known_rules(settings)
    if not sources:
        raise InputError(
            "give the sources the draft was written from: --sources FILE_OR_FOLDER ..."
        )
    draft_article = load_draft(draft, settings.max_bytes)
    unreadable: list[SourceReport] = []
    order: list[str] = []
    budget = Budget(settings.source_timeout)
    articles = load_sources(
        sources,
        settings.max_bytes,
        minimum=1,
        unreadable=unreadable,
        fetch=_fetcher(settings, no_cache, offline),
        order=order,
        budget=budget,
        progress=progress,
    )
    engine = select_backend(settings.backend or "auto", settings, use_cache=not no_cache)
    return settings, draft_article, articles, engine, unreadable, order, budget


def _read_baseline(candidate: Path) -> dict[str, dict[str, object]]:
    """Every draft's accepted findings in a baseline file, keyed by the draft's file name.

    A file written before baselines were keyed per draft holds one draft's entries at the top
    level; it is read as that draft's."""
    try:
        data = json.loads(candidate.read_text(encoding="utf-8"))
        if not isinstance(data, dict):
            raise ValueError("not a JSON object")
        if "drafts" in data:
            return {str(k): dict(v) for k, v in data["drafts"].items()}
        return {Path(str(data.get("draft", ""))).name: data}
    except (OSError, ValueError, AttributeError, TypeError) as e:
        raise InputError(f"{candidate}: not a checker baseline ({e})") from e


def _load_baseline(path: Path | None, draft: Path) -> tuple[set[str], Path | None]:
    candidate = path or (draft.resolve().parent / DEFAULT_BASELINE)
    if not candidate.exists():
        if path is not None:
            raise InputError(f"{path}: no such baseline file")
        return set(), None
    entry = _read_baseline(candidate).get(draft.name, {})
    suppress = entry.get("suppress") or []
    if not isinstance(suppress, list):
        raise InputError(f"{candidate}: not a checker baseline ('suppress' is not a list)")
    return {str(i) for i in suppress}, candidate


def _draft_among_sources(draft: Path, sources: tuple[str, ...]) -> str | None:
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


@cli.command("check", epilog=ENV_HELP)
@click.argument("drafts", nargs=-1, required=True, type=click.Path(path_type=Path))
@_sources_option
@click.option(
    "--format", "-f", "fmt", type=click.Choice(CHECK_FORMATS), default="terminal", show_default=True
)
@_run_options
@click.option(
    "--show-supported", is_flag=True, help="Also list supported claims with their source."
)
@click.option(
    "--baseline",
    type=click.Path(dir_okay=False, path_type=Path),
    default=None,
    help=f"Suppress the finding ids in this file (default: {DEFAULT_BASELINE} beside each draft, if any).",
)
@click.option(
    "--matrix",
    is_flag=True,
    help="Terminal: also draw the fact matrix, the draft first. Markdown and HTML always have it.",
)
@click.pass_context
def check_cmd(
    ctx: click.Context,
    drafts: tuple[Path, ...],
    sources: tuple[str, ...],
    fmt: str,
    output: Path | None,
    fail_on: str | None,
    backend: str | None,
    disabled: tuple[str, ...],
    show_supported: bool,
    baseline: Path | None,
    no_cache: bool,
    offline: bool,
    no_progress: bool,
    llm_jobs: str | None,
    min_severity: str,
    matrix: bool,
    severity: tuple[str, ...],
) -> None:
    """Check DRAFTS against the sources they were written from, before publication.

    Every claim (numbers, dates, people and titles, places, quotes, attributions, how things
    moved) is classified: conflict (high), title/attribution/quote mismatch (medium),
    unsupported (medium for numbers, dates and names; low otherwise) or supported.
    Suppress a finding with `<!-- checker: ignore ID -->` in the draft or with a baseline file
    (`checker baseline`). Several drafts may be given (as a pre-commit hook does). Exit status
    as for `checker diff`, over all drafts.
    """
    from checker.context import run_context
    from checker.pipeline import run_check, select_assist
    from checker.render import TRIMMED, View, hidden_note, render
    from checker.render.check import merge_sarif
    from checker.render.diff import severity_counts

    if fmt == "html" and len(drafts) > 1:
        _fail("--format html takes one draft at a time")
    for draft in drafts:
        refused = _draft_among_sources(draft, sources)
        if refused:
            _fail(refused)
            return
    done = []
    bar = ctx.with_resource(contextlib.ExitStack())  # closed on any way out, or below
    progress = None if no_progress or not _stderr.is_terminal else bar.enter_context(_progress())
    try:
        for draft in drafts:
            settings, draft_article, articles, engine, unreadable, order, budget = _check_setup(
                draft,
                sources,
                backend,
                no_cache,
                fail_on,
                disabled,
                offline,
                llm_jobs,
                progress,
                severity,
            )
            run = run_context(settings, sources, use_cache=not no_cache)
            assist = (
                select_assist(settings, use_cache=not no_cache)
                if (settings.backend or "auto") != "offline"
                else None
            )
            known, _ = _load_baseline(baseline, draft)
            report = run_check(
                run,
                draft_article,
                articles,
                engine,
                progress=progress,
                disabled_rules=settings.ignore_rules,
                baseline=known,
                unreadable=unreadable,
                assist=assist,
                budget=budget,
                order=order,
            )
            done.append((draft, draft_article, articles, report, settings))
    except CheckerError as e:
        _fail_from(e, ctx.obj.get("debug", False))
        return
    bar.close()
    color = output is None and fmt == "terminal" and sys.stdout.isatty()
    full = [report for _, _, _, report, _ in done]
    hidden = 0
    if fmt in TRIMMED and min_severity != "info":
        floor = SEVERITY_ORDER[min_severity]
        for k, (d, a, arts, report, st) in enumerate(done):
            keep = [f for f in report.findings if SEVERITY_ORDER[f.severity] >= floor]
            hidden += len(report.findings) - len(keep)
            done[k] = (d, a, arts, report.model_copy(update={"findings": keep}), st)
    # HTML takes one draft and counts what --min-severity hid itself; the text formats say it once
    views = [
        View(
            color=color,
            articles={x.id: x for x in arts},
            draft=a,
            show_supported=show_supported,
            hidden=hidden if fmt == "html" else 0,
            min_severity=min_severity,
            matrix=matrix,
            counts=severity_counts(whole.findings),
            width=terminal_width(),
        )
        for (_, a, arts, _, _), whole in zip(done, full, strict=True)
    ]
    parts = [render("check", fmt, r, v) for (_, _, _, r, _), v in zip(done, views, strict=True)]
    if fmt == "json" and len(done) > 1:
        text = "[\n" + ",\n".join(p.rstrip("\n") for p in parts) + "\n]\n"
    elif fmt == "sarif":
        text = merge_sarif(parts)
    else:
        text = "".join(parts)
    if fmt != "html":
        text += hidden_note(hidden, min_severity)
    _emit(text, output)
    code = EXIT_OK
    _source_warnings(full[0].sources)  # the same sources for every draft
    for (draft, _, _, _, settings), report in zip(done, full, strict=True):
        if not report.draft.facts:
            _stderr.print(
                f"note: {escape(str(draft))}: no factual claims found to check", soft_wrap=True
            )
        level = settings.fail_on or "high"
        if any(s.status == "failed" for s in report.sources):
            code = EXIT_SOURCE_FAILED
        elif (
            code == EXIT_OK
            and level != "never"
            and any(
                SEVERITY_ORDER[f.severity] >= SEVERITY_ORDER[level]
                for f in report.findings
                if f.status != "supported"
            )
        ):
            code = EXIT_FINDINGS
    sys.exit(code)


@cli.command("baseline")
@click.argument("draft", type=click.Path(path_type=Path))
@_sources_option
@click.option(
    "--output",
    "-o",
    type=click.Path(dir_okay=False, path_type=Path),
    default=None,
    help=f"Baseline file to write (default: {DEFAULT_BASELINE} beside the draft).",
)
@click.option("--backend", type=click.Choice(("auto", "offline", "llm")), default=None)
@click.pass_context
def baseline_cmd(
    ctx: click.Context,
    draft: Path,
    sources: tuple[str, ...],
    output: Path | None,
    backend: str | None,
) -> None:
    """Record DRAFT's current findings so they stop failing `checker check` until they change."""
    from checker.pipeline import run_check

    refused = _draft_among_sources(draft, sources)
    if refused:
        _fail(refused)
        return
    try:
        from checker.context import run_context

        settings, draft_article, articles, engine, _, order, _ = _check_setup(
            draft, sources, backend, False
        )
        report = run_check(
            run_context(settings, sources),
            draft_article,
            articles,
            engine,
            disabled_rules=settings.ignore_rules,
            order=order,
        )
    except CheckerError as e:
        _fail(str(e))
        return
    ids = sorted(f.id for f in report.findings if f.status != "supported")
    path = output or (draft.resolve().parent / DEFAULT_BASELINE)
    try:
        drafts = _read_baseline(path) if path.exists() else {}
    except InputError as e:
        _fail(str(e))
        return
    # one file per folder, one entry per draft: baselining one draft keeps the others' entries
    drafts[draft.name] = {
        "suppress": ids,
        "findings": {f.id: f.message for f in report.findings if f.id in ids},
    }
    _emit(json.dumps({"drafts": drafts}, indent=2, sort_keys=True) + "\n", path)
    click.echo(f"baseline: {len(ids)} finding(s) written to {path}", err=True)


def _emit(text: str, output: Path | None) -> None:
    if output is not None:
        try:
            output.write_text(text, encoding="utf-8")
        except OSError as e:
            _fail(f"{output}: cannot write ({e.strerror or e})")
    else:
        click.echo(text, nl=False)


@cli.group("batch")
def batch_group() -> None:
    """Extract at volume through the OpenAI Batch API (prepare requests, ingest results)."""


@batch_group.command("prepare")
@click.argument("sources", nargs=-1, required=True, type=str, metavar="SOURCES...")
@click.option(
    "--output",
    "-o",
    type=click.Path(dir_okay=False, path_type=Path),
    required=True,
    help="The JSONL file to upload to the Batch API.",
)
def batch_prepare(sources: tuple[Path, ...], output: Path) -> None:
    """Write one extraction request per source, custom_id = its cache key."""
    from checker.batch import prepare
    from checker.extract.llm import LLMBackend
    from checker.pipeline import load_sources

    try:
        settings = load_settings()
        if settings.llm is None:
            raise ConfigError("batch needs a model: set CHECKER_LLM_MODEL (see `checker --help`)")
        articles = load_sources(sources, settings.max_bytes, minimum=1)
        backend = LLMBackend(settings.llm, cache_dir=settings.cache_dir)
        lines = prepare(articles, [backend.key_for(a) for a in articles], settings.llm)
    except CheckerError as e:
        _fail(str(e))
        return
    _emit("\n".join(lines) + "\n", output)
    click.echo(f"{len(lines)} request(s) written to {output}", err=True)


@batch_group.command("ingest")
@click.argument("results", type=click.Path(dir_okay=False, path_type=Path))
def batch_ingest(results: Path) -> None:
    """Validate a Batch API results file and fill the extraction cache (exit 3 if any line failed)."""
    from checker.batch import ingest, read_lines
    from checker.cache import ExtractionCache

    try:
        settings = load_settings()
        if settings.llm is None:
            raise ConfigError("batch needs a model: set CHECKER_LLM_MODEL (see `checker --help`)")
        outcome = ingest(
            read_lines(results), ExtractionCache(settings.cache_dir), settings.llm.model
        )
    except CheckerError as e:
        _fail(str(e))
        return
    click.echo(f"stored {outcome.stored} extraction(s) in the cache")
    for cid, why in outcome.rejected:
        _stderr.print(f"[yellow]rejected[/yellow] {cid[:16]}…: {escape(why)}", soft_wrap=True)
    sys.exit(EXIT_SOURCE_FAILED if outcome.rejected else EXIT_OK)


@cli.command("eval")
@click.argument("corpus", required=False, default="corpus", type=click.Path(path_type=Path))
@click.option(
    "--backend",
    type=click.Choice(("auto", "offline", "llm")),
    default=None,
    help="Extraction backend to evaluate (default: config backend, else offline).",
)
@click.option(
    "--disable-rule",
    "disabled",
    multiple=True,
    metavar="RULE",
    help="Skip a rule by id (repeatable); adds to ignore_rules.",
)
@click.option(
    "--no-word-classes",
    is_flag=True,
    help="Align without the bundled event and noun classes (what they add, measured).",
)
@click.pass_context
def eval_cmd(
    ctx: click.Context,
    corpus: Path,
    backend: str | None,
    disabled: tuple[str, ...],
    no_word_classes: bool,
) -> None:
    """Run every story in CORPUS that has an expected.yaml and print precision/recall per kind.

    Thresholds come from CORPUS/config.yaml (min_recall, min_precision, max_false_alarms,
    max_noise); exit 1 when a threshold is not met.
    """
    from checker.context import run_context
    from checker.expectations import evaluate, load_expected, score, summarize
    from checker.pipeline import load_sources, run_diff, select_backend

    try:
        stories = sorted(p.parent for p in corpus.glob("*/expected.yaml"))
        if not stories:
            raise InputError(f"{corpus}: no story folder with an expected.yaml")
        settings = load_settings(backend=backend, ignore_rules=disabled)
        if no_word_classes:
            settings = dataclasses.replace(settings, word_classes=False)
        _known_rules(settings)
        engine = select_backend(settings.backend or "offline", settings)
        outcomes, reports, expectations = [], [], []
        for story in stories:
            report = run_diff(
                run_context(settings, [story]),
                load_sources([story], settings.max_bytes),
                engine,
                disabled_rules=settings.ignore_rules,
            )
            expected = load_expected(story / "expected.yaml")
            outcomes.append(evaluate(report, expected, story.name))
            reports.append(report)
            expectations.append(expected)
        thresholds = _thresholds(corpus / "config.yaml")
    except CheckerError as e:
        if ctx.obj.get("debug"):
            traceback.print_exc()
        _fail(str(e))
        return
    scores = score(outcomes)
    click.echo(f"{'kind':<22}{'tp':>4}{'fn':>4}{'fp':>4}{'precision':>11}{'recall':>8}{'f1':>7}")
    for kind, s in scores.items():
        click.echo(
            f"{kind:<22}{s.tp:>4}{s.fn:>4}{s.fp:>4}{s.precision:>11.2f}{s.recall:>8.2f}{s.f1:>7.2f}"
        )
    noise = sum(len(o.noise) for o in outcomes)
    benign = sum(len(o.false_conflicts) for o in outcomes)
    click.echo(
        f"stories: {len(outcomes)}; benign variants flagged as conflicts: {benign}; noise leaks: {noise}"
    )
    summary = summarize(outcomes, reports, expectations)
    click.echo(
        f"high/medium recall {summary.major_recall:.2f} ({summary.major_found}/{summary.major_total}); "
        f"low recall {summary.low_recall:.2f} ({summary.low_found}/{summary.low_total}); "
        f"wrong single-source claims (must_not_find hits): {summary.must_not_find_hits}; "
        f"LOW precision over labelled LOW findings: {summary.low_precision:.2f}"
    )
    for o in outcomes:
        for exp in o.missed:
            click.echo(
                f"MISS  {o.story}: {exp['kind']} about {', '.join(map(str, exp.get('about', [])))}"
            )
        for why, f in o.false_alarms:
            click.echo(f"FALSE {o.story}: [{f.severity}] {f.rule}: {f.message} ({why})")
        for group, f in o.false_conflicts:
            click.echo(
                f"BENIGN {o.story}: {f.rule} flags {' / '.join(map(str, group))}: {f.message}"
            )
        for needle, where in o.noise:
            click.echo(f"NOISE {o.story}: '{needle}' reached {where}")
    overall = scores["overall"]
    failed = []
    if overall.recall < thresholds.get("min_recall", 0.0):
        failed.append(f"recall {overall.recall:.2f} < {thresholds['min_recall']}")
    if overall.precision < thresholds.get("min_precision", 0.0):
        failed.append(f"precision {overall.precision:.2f} < {thresholds['min_precision']}")
    if benign > thresholds.get("max_false_alarms", 10**9):
        failed.append(f"{benign} benign variant(s) flagged > {thresholds['max_false_alarms']}")
    if noise > thresholds.get("max_noise", 10**9):
        failed.append(f"{noise} noise leak(s) > {thresholds['max_noise']}")
    if failed:
        _fail("below thresholds: " + "; ".join(failed), EXIT_FINDINGS)


def _thresholds(path: Path) -> dict[str, float]:
    if not path.exists():
        return {}
    import yaml

    try:
        data = yaml.safe_load(path.read_text(encoding="utf-8")) or {}
    except (OSError, yaml.YAMLError) as e:
        raise ConfigError(f"{path}: cannot read ({e})") from e
    return {k: float(v) for k, v in (data.get("thresholds") or {}).items()}


@cli.command("schema")
@click.option("--check", is_flag=True, help="Exit 1 if the files in --dir are not current.")
@click.option(
    "--dir",
    "out_dir",
    type=click.Path(file_okay=False, path_type=Path),
    default=Path("schemas"),
    show_default=True,
    help="Where the JSON Schemas live.",
)
def schema_cmd(check: bool, out_dir: Path) -> None:
    """Write (or check) the JSON Schemas of reports and fact records."""
    from checker.schemas import schema_files

    stale = []
    for name, text in schema_files().items():
        path = out_dir / name
        current = path.read_text(encoding="utf-8") if path.exists() else None
        if current != text:
            stale.append(name)
            if not check:
                out_dir.mkdir(parents=True, exist_ok=True)
                path.write_text(text, encoding="utf-8")
    if check and stale:
        _fail(f"schemas out of date: {', '.join(stale)} (run `checker schema`)", EXIT_FINDINGS)
    click.echo(
        ("stale: " if check else "written: ") + (", ".join(stale) or "none")
        if stale or not check
        else "schemas are current"
    )


@cli.command("rules")
@click.option(
    "--explain",
    metavar="ID",
    help="Explain one rule: what it finds, why an editor cares, an example.",
)
def rules_cmd(explain: str | None) -> None:
    """List the comparison rules with their ids and default severities."""
    import difflib

    from checker.rules import RULES

    if explain is not None:
        if explain not in RULES:
            near = difflib.get_close_matches(explain, list(RULES), n=3)
            hint = f"did you mean {', '.join(near)}?" if near else "`checker rules` lists them"
            raise click.BadParameter(f"no rule {explain!r}; {hint}", param_hint="--explain")
        click.echo(RULES[explain].explain())
        return
    for rid in sorted(RULES):
        r = RULES[rid]
        click.echo(f"{rid:<32} {r.severity:<7} {r.scope:<6} {r.kind:<20} {r.summary}")


_MULTI_PATH_OPTIONS = ("--sources", "-s")


def expand_sources(argv: list[str]) -> list[str]:
    """Let ``--sources`` take several paths: ``check d.md --sources a.txt b.txt c.txt`` is
    ``--sources a.txt --sources b.txt --sources c.txt``. The paths end at the next option, so
    drafts go before ``--sources`` (or after ``--``)."""
    if not argv or argv[0] not in ("check", "baseline"):
        return argv
    out: list[str] = []
    i = 0
    while i < len(argv):
        tok = argv[i]
        out.append(tok)
        i += 1
        if tok == "--":
            out.extend(argv[i:])
            break
        if tok in _MULTI_PATH_OPTIONS and i < len(argv):
            out.append(argv[i])
            i += 1
            while i < len(argv) and not argv[i].startswith("-"):
                out.extend([tok, argv[i]])
                i += 1
    return out


def main() -> None:
    """Console-script entry point."""
    try:
        rv = cli.main(args=expand_sources(sys.argv[1:]), prog_name="checker", standalone_mode=False)
    except (click.exceptions.Abort, KeyboardInterrupt):
        _stderr.print("interrupted: finished extractions are cached; run again to continue")
        sys.exit(130)
    except click.ClickException as e:
        e.show()
        sys.exit(e.exit_code)
    sys.exit(rv if isinstance(rv, int) else EXIT_OK)


if __name__ == "__main__":
    main()
