"""Command line: parse options, call the library, render, choose the exit code.

This is the only module that prints or exits. Each command only wires: its options go to
:func:`~checker.settings.load_settings` and :mod:`checker.commands` (the run and its text),
the text to standard output or ``--output``, the warnings to standard error, and the exit
status comes from :mod:`checker.policy`.
"""

from __future__ import annotations

import contextlib
import dataclasses
import logging
import os
import shutil
import sys
import traceback
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import TYPE_CHECKING, Any, NoReturn

import click
from rich.console import Console
from rich.markup import escape

from checker import __version__
from checker.errors import CheckerError, ConfigError, InputError
from checker.options import COMMAND_OPTIONS, OPTIONS, Option
from checker.policy import ExitStatus, exit_status, overall_status
from checker.settings import ENV_HELP, Settings, load_settings

if TYPE_CHECKING:
    from checker.commands import ReportOptions
    from checker.pipeline import Progress

_FILE = click.Path(dir_okay=False, path_type=Path)

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


def _fail(message: str, code: int = ExitStatus.USAGE) -> NoReturn:
    _stderr.print(f"[bold red]error:[/bold red] {escape(message)}", markup=True, soft_wrap=True)
    sys.exit(int(code))


def _fail_from(e: CheckerError, debug: bool) -> NoReturn:
    """Input and settings errors exit 2; anything else that stopped the run exits 3."""
    if debug:
        traceback.print_exc()
    usage = isinstance(e, InputError | ConfigError)
    _fail(str(e), ExitStatus.USAGE if usage else ExitStatus.SOURCE_FAILED)


def _settings(draft: Path | None = None, **flags: Any) -> Settings:
    """The settings of a run (the config nearest the draft's folder, else the working folder's,
    then the flags), with its rule ids checked."""
    from checker.commands import known_rules

    settings = load_settings(draft.resolve().parent if draft and draft.exists() else None, **flags)
    known_rules(settings)
    return settings


@click.group(context_settings={"help_option_names": ["-h", "--help"]}, epilog=ENV_HELP)
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


def _options(command: str) -> Callable[[Callable[..., None]], Callable[..., None]]:
    """The click options of ``command``, built from :data:`checker.options.OPTIONS`."""

    def decorate(func: Callable[..., None]) -> Callable[..., None]:
        for name in reversed(COMMAND_OPTIONS[command]):
            func = _click_option(OPTIONS[name])(func)
        return func

    return decorate


def _click_option(o: Option) -> Callable[[Callable[..., None]], Callable[..., None]]:
    kinds: dict[str, Any] = {
        "file": _FILE,
        "folder": click.Path(file_okay=False, path_type=Path),
        "count": click.IntRange(min=1),
        "text": str,
    }
    kind = click.Choice(o.choices) if o.kind == "choice" else kinds.get(o.kind)
    return click.option(
        *o.flags,
        *((o.dest,) if o.dest else ()),
        **({"is_flag": True} if o.kind == "flag" else {"type": kind}),
        help=o.help,
        multiple=o.multiple,
        metavar=o.metavar,
        default=o.default,
        show_default=o.show_default,
        required=o.required,
    )


@cli.command("diff", epilog=ENV_HELP)
@click.argument("sources", nargs=-1, required=True, type=str, metavar="SOURCES...")
@_options("diff")
@click.pass_context
def diff_cmd(ctx: click.Context, sources: tuple[str, ...], **options: Any) -> None:
    """Compare SOURCES (files or folders of .txt, .md, .html articles, or http(s) links) and
    report disagreements. A link is fetched once and read from the page cache afterwards.

    Exit status: 0 nothing at or above --fail-on; 1 findings at or above it; 2 usage or input
    error; 3 a source could not be processed (the report still names it).
    """
    from checker import commands

    opts = commands.ReportOptions(**options)
    with _progress(opts) as progress:  # the display, from loading to rendering
        try:
            settings = _settings(**opts.flags())
            run = commands.diff(settings, sources, opts, progress)
        except CheckerError as e:
            _fail_from(e, ctx.obj.get("debug", False))
        text = commands.render_diff(run, opts, _color(opts), terminal_width(), progress)
    _emit(text, opts.output)
    _warn(commands.source_warnings(run.report.sources, run.report.warnings))
    sys.exit(exit_status(run.report, settings.fail_on))


def _color(opts: ReportOptions) -> bool:
    return opts.output is None and opts.fmt == "terminal" and sys.stdout.isatty()


def _warn(lines: list[str]) -> None:
    for line in lines:
        _stderr.print(line, soft_wrap=True)


# the stages the library names in its progress ("extract: city-wire (2/3)", "compare: RULE")
STAGES = ("load", "extract", "align", "compare", "render")


def _quiet(label: str, done: int, total: int) -> None:
    """Progress when it is off (--no-progress, or standard error is not a terminal)."""


@contextlib.contextmanager
def _progress(opts: ReportOptions) -> Iterator[Progress]:
    """A rich progress bar on standard error: the stage (load, extract, align, compare,
    render), how far it is (paragraphs of the source being extracted, rules run) and what it
    works on; then the narrow jobs the model answers (reported as 'llm JOB: WHAT'). Off, it is
    :func:`_quiet`, which hears the same and shows nothing."""
    if opts.no_progress or not _stderr.is_terminal:
        yield _quiet
        return
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


@cli.command("check", epilog=ENV_HELP)
@click.argument("drafts", nargs=-1, required=True, type=click.Path(path_type=Path))
@_options("check")
@click.pass_context
def check_cmd(
    ctx: click.Context, drafts: tuple[Path, ...], sources: tuple[str, ...], **options: Any
) -> None:
    """Check DRAFTS against the sources they were written from, before publication.

    Every claim (numbers, dates, people and titles, places, quotes, attributions, how things
    moved) is classified: conflict (high), title/attribution/quote mismatch (medium),
    unsupported (medium for numbers, dates and names; low otherwise) or supported.
    Suppress a finding with `<!-- checker: ignore ID -->` in the draft or with a baseline file
    (`checker baseline`). Several drafts may be given (as a pre-commit hook does). Exit status
    as for `checker diff`, over all drafts.
    """
    from checker import commands

    opts = commands.ReportOptions(**options)
    if opts.fmt == "html" and len(drafts) > 1:
        _fail("--format html takes one draft at a time")
    for draft in drafts:
        refused = commands.draft_among_sources(draft, sources)
        if refused:
            _fail(refused)
    runs = []
    with _progress(opts) as progress:
        try:
            for draft in drafts:
                settings = _settings(draft, **opts.flags())
                runs.append(commands.check(settings, draft, sources, opts, progress))
        except CheckerError as e:
            _fail_from(e, ctx.obj.get("debug", False))
    _emit(commands.render_check(runs, opts, _color(opts), terminal_width()), opts.output)
    _warn(commands.check_notes(runs))
    sys.exit(overall_status((r.report, r.settings.fail_on) for r in runs))


@cli.command("baseline")
@click.argument("draft", type=click.Path(path_type=Path))
@_options("baseline")
def baseline_cmd(
    draft: Path, sources: tuple[str, ...], output: Path | None, backend: str | None
) -> None:
    """Record DRAFT's current findings so they stop failing `checker check` until they change."""
    from checker import commands

    refused = commands.draft_among_sources(draft, sources)
    if refused:
        _fail(refused)
    try:
        settings = _settings(draft, backend=backend)
        count, path = commands.record_baseline(settings, draft, sources, output)
    except CheckerError as e:
        _fail(str(e))
    click.echo(f"baseline: {count} finding(s) written to {path}", err=True)


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
@_options("batch prepare")
def batch_prepare(sources: tuple[str, ...], output: Path) -> None:
    """Write one extraction request per source, custom_id = its cache key."""
    from checker.commands import batch_requests

    try:
        lines = batch_requests(load_settings(), sources)
    except CheckerError as e:
        _fail(str(e))
    _emit("\n".join(lines) + "\n", output)
    click.echo(f"{len(lines)} request(s) written to {output}", err=True)


@batch_group.command("ingest")
@click.argument("results", type=_FILE)
def batch_ingest(results: Path) -> None:
    """Validate a Batch API results file and fill the extraction cache (exit 3 if any line failed)."""
    from checker.commands import batch_results

    try:
        outcome = batch_results(load_settings(), results)
    except CheckerError as e:
        _fail(str(e))
    click.echo(f"stored {outcome.stored} extraction(s) in the cache")
    for cid, why in outcome.rejected:
        _stderr.print(f"[yellow]rejected[/yellow] {cid[:16]}…: {escape(why)}", soft_wrap=True)
    sys.exit(ExitStatus.SOURCE_FAILED if outcome.rejected else ExitStatus.OK)


@cli.command("eval")
@click.argument("corpus", required=False, default="corpus", type=click.Path(path_type=Path))
@_options("eval")
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
    from checker import scoreboard

    try:
        stories = scoreboard.stories(corpus)
        settings = _settings(backend=backend, ignore_rules=disabled)
        if no_word_classes:
            settings = dataclasses.replace(settings, word_classes=False)
        board = scoreboard.evaluate_corpus(corpus, stories, settings)
    except CheckerError as e:
        if ctx.obj.get("debug"):
            traceback.print_exc()
        _fail(str(e))
    for line in board.lines:
        click.echo(line)
    if board.failed:
        _fail("below thresholds: " + "; ".join(board.failed), ExitStatus.FINDINGS)


@cli.command("schema")
@_options("schema")
def schema_cmd(check: bool, out_dir: Path) -> None:
    """Write (or check) the JSON Schemas of reports and fact records."""
    from checker.schemas import sync_schemas

    stale = sync_schemas(out_dir, write=not check)
    if check and stale:
        _fail(
            f"schemas out of date: {', '.join(stale)} (run `checker schema`)", ExitStatus.FINDINGS
        )
    click.echo(
        ("stale: " if check else "written: ") + (", ".join(stale) or "none")
        if stale or not check
        else "schemas are current"
    )


@cli.command("rules")
@_options("rules")
def rules_cmd(explain: str | None) -> None:
    """List the comparison rules with their ids and default severities."""
    from checker.commands import explain_rule, rule_table

    try:
        click.echo("\n".join(rule_table()) if explain is None else explain_rule(explain))
    except ConfigError as e:
        raise click.BadParameter(str(e), param_hint="--explain") from e


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
    sys.exit(rv if isinstance(rv, int) else ExitStatus.OK)


if __name__ == "__main__":
    main()
