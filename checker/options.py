"""Every command-line option as data: its flags, type and help, declared once.

The command line (:mod:`checker.cli`) builds its click options from this table and names, per
command, which options it takes; the help text is written here, beside the options it explains,
so that the command module only wires. Nothing here imports click, prints or reads the
environment.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal

from checker.baseline import DEFAULT_BASELINE
from checker.models import FAIL_ON, SEVERITIES
from checker.render import FORMATS

BACKENDS = ("auto", "offline", "llm")


@dataclass(frozen=True)
class Option:
    """One option: ``flags`` as typed ("--output", "-o"), then the parameter it fills when that
    is not the first flag's name; ``kind`` says what it reads (a word of ``choices``, a file, a
    folder, a count of at least one, an on/off flag, or any text)."""

    flags: tuple[str, ...]
    help: str | None = None
    kind: Literal["text", "choice", "file", "folder", "count", "flag"] = "text"
    choices: tuple[str, ...] = ()
    dest: str | None = None
    multiple: bool = False
    metavar: str | None = None
    default: object = None
    show_default: bool = False
    required: bool = False


def _rule_option(help: str) -> Option:
    return Option(("--disable-rule",), help, dest="disabled", multiple=True, metavar="RULE")


def _format(command: str) -> Option:
    choices = FORMATS[command]
    return Option(
        ("--format", "-f"),
        "Output format.",
        "choice",
        choices,
        "fmt",
        default="terminal",
        show_default=True,
    )


def _backend(help: str) -> Option:
    return Option(("--backend",), help, "choice", BACKENDS)


OPTIONS: dict[str, Option] = {
    "diff-format": _format("diff"),
    "check-format": _format("check"),
    "output": Option(
        ("--output", "-o"), "Write the report to this file instead of standard output.", "file"
    ),
    "fail-on": Option(
        ("--fail-on",),
        "Exit 1 when a finding is at or above this severity (default: config fail_on, else high).",
        "choice",
        FAIL_ON,
    ),
    "backend": _backend(
        "Extraction backend (default: config backend, else auto = llm when CHECKER_LLM_MODEL "
        "is set, else offline)."
    ),
    "disable-rule": _rule_option(
        "Drop a rule's findings by id (repeatable; see `checker rules`), e.g. "
        "place/only-one-source; adds to ignore_rules."
    ),
    "severity": Option(
        ("--severity",),
        "Give every finding of a rule this severity (high, medium, low, info; repeatable), "
        "e.g. place/only-one-source=info; overrides the severity setting for that rule.",
        multiple=True,
        metavar="RULE=LEVEL",
    ),
    "no-progress": Option(("--no-progress",), "Do not show progress on standard error.", "flag"),
    "llm-jobs": Option(
        ("--llm-jobs",),
        "What a configured model does, comma-separated: extract (every fact; for strong "
        "hosted models), about, same_thing, quote_meaning, actor (narrow questions about what "
        "the offline extractor found; check uses about), or none (default: config llm_jobs, "
        "else extract; measured with a small local model, no narrow job helps: see the README).",
        metavar="JOBS",
    ),
    "no-cache": Option(
        ("--no-cache",), "Do not read or write the extraction and page caches.", "flag"
    ),
    "offline": Option(
        ("--offline",), "Never fetch a link: read linked pages from the page cache only.", "flag"
    ),
    "min-severity": Option(
        ("--min-severity",),
        "Show only findings at or above this severity in terminal, Markdown and HTML output "
        "(the rest are counted; JSON, SARIF and GitHub keep everything).",
        "choice",
        SEVERITIES,
        default="info",
        show_default=True,
    ),
    "max-tokens-total": Option(
        ("--max-tokens-total",),
        "LLM token budget for the run: sources that would pass it are not extracted (exit 3).",
        "count",
        metavar="N",
    ),
    "diff-matrix": Option(
        ("--matrix",),
        "Terminal: also draw the fact matrix (one row per fact, one column per source). "
        "Markdown and HTML always have it.",
        "flag",
    ),
    "check-matrix": Option(
        ("--matrix",),
        "Terminal: also draw the fact matrix, the draft first. Markdown and HTML always have it.",
        "flag",
    ),
    # check and baseline: several paths may follow one --sources (see cli.expand_sources)
    "sources": Option(
        ("--sources", "-s"),
        "Source files, folders or links the draft was written from: several may follow one "
        "--sources (up to the next option), so give the draft first.",
        multiple=True,
    ),
    "show-supported": Option(
        ("--show-supported",), "Also list supported claims with their source.", "flag"
    ),
    "baseline": Option(
        ("--baseline",),
        f"Suppress the finding ids in this file (default: {DEFAULT_BASELINE} beside each draft, "
        "if any).",
        "file",
    ),
    "baseline-output": Option(
        ("--output", "-o"),
        f"Baseline file to write (default: {DEFAULT_BASELINE} beside the draft).",
        "file",
    ),
    "batch-output": Option(
        ("--output", "-o"), "The JSONL file to upload to the Batch API.", "file", required=True
    ),
    "eval-backend": _backend(
        "Extraction backend to evaluate (default: config backend, else offline)."
    ),
    "eval-disable-rule": _rule_option("Skip a rule by id (repeatable); adds to ignore_rules."),
    "no-word-classes": Option(
        ("--no-word-classes",),
        "Align without the bundled event and noun classes (what they add, measured).",
        "flag",
    ),
    "schema-check": Option(("--check",), "Exit 1 if the files in --dir are not current.", "flag"),
    "schema-dir": Option(
        ("--dir",),
        "Where the JSON Schemas live.",
        "folder",
        dest="out_dir",
        default="schemas",
        show_default=True,
    ),
    "explain": Option(
        ("--explain",),
        "Explain one rule: what it finds, why an editor cares, an example.",
        metavar="ID",
    ),
}

# the options diff and check share, in the order --help lists them
RUN_OPTIONS = (
    "output",
    "fail-on",
    "backend",
    "disable-rule",
    "severity",
    "no-progress",
    "llm-jobs",
    "no-cache",
    "offline",
    "min-severity",
)

COMMAND_OPTIONS: dict[str, tuple[str, ...]] = {
    "diff": ("diff-format", *RUN_OPTIONS, "max-tokens-total", "diff-matrix"),
    "check": (
        "sources",
        "check-format",
        *RUN_OPTIONS,
        "show-supported",
        "baseline",
        "check-matrix",
    ),
    "baseline": ("sources", "baseline-output", "backend"),
    "batch prepare": ("batch-output",),
    "eval": ("eval-backend", "eval-disable-rule", "no-word-classes"),
    "schema": ("schema-check", "schema-dir"),
    "rules": ("explain",),
}
