"""Stage 7: reports as text. One table holds every format of both commands, HTML included.

Each renderer takes the report and a :class:`View` (what the command knows beyond the report:
colour, the articles for HTML, the draft, how many findings ``--min-severity`` hid, whether
supported claims are shown) and returns the text to write. Renderers print nothing.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from typing import Any

from checker.models import Article, CheckReport, Report
from checker.render import check, diff, html
from checker.render.diff import DELETED, INSERTED, diff_markup, nothing_found

__all__ = [
    "DELETED",
    "FORMATS",
    "INSERTED",
    "RENDERERS",
    "TRIMMED",
    "View",
    "diff_markup",
    "hidden_note",
    "nothing_found",
    "render",
]


@dataclass(frozen=True)
class View:
    color: bool = False
    articles: Mapping[str, Article] = field(default_factory=dict)
    draft: Article | None = None
    hidden: int = 0  # findings below --min-severity, counted in the text formats
    min_severity: str = "info"
    show_supported: bool = False
    matrix: bool = False  # the terminal draws the fact matrix only when asked (--matrix)
    # the whole report's findings per severity (severity_counts), when --min-severity trimmed
    # the report: a summary line counts what was found, not what is shown
    counts: Mapping[str, int] | None = None
    width: int = 110  # the terminal format's line width (the CLI passes the terminal's)
    # low single-source findings shown per source in a diff's terminal, Markdown and HTML
    # report (the rest are counted on one line); None: all
    single_source_cap: int | None = None


def _supported_shown(report: CheckReport, view: View) -> CheckReport:
    if view.show_supported:
        return report
    return report.model_copy(
        update={"findings": [f for f in report.findings if f.status != "supported"]}
    )


def _diff_html(report: Report, view: View) -> str:
    return html.render_html(
        report,
        dict(view.articles),
        hidden=view.hidden,
        counts=view.counts,
        cap=view.single_source_cap,
    )


def _check_html(report: CheckReport, view: View) -> str:
    if view.draft is None:
        raise ValueError("the HTML check report needs the draft")
    return html.render_check_html(
        _supported_shown(report, view),
        dict(view.articles),
        view.draft,
        hidden=view.hidden,
        counts=view.counts,
    )


def _check(func: Callable[..., str]) -> Callable[[CheckReport, View], str]:
    return lambda report, view: func(report, view.color, view.show_supported)


def _diff(func: Callable[..., str]) -> Callable[[Report, View], str]:
    return lambda report, view: func(report, view.color)


def _diff_terminal(report: Report, view: View) -> str:
    return diff.render_terminal(
        report,
        view.color,
        width=view.width,
        matrix=view.matrix,
        counts=view.counts,
        cap=view.single_source_cap,
    )


def _diff_markdown(report: Report, view: View) -> str:
    return diff.render_markdown(report, view.color, cap=view.single_source_cap)


def _check_terminal(report: CheckReport, view: View) -> str:
    return check.render_check_terminal(
        report,
        view.color,
        view.show_supported,
        matrix=view.matrix,
        counts=view.counts,
        width=view.width,
    )


RENDERERS: dict[tuple[str, str], Callable[[Any, View], str]] = {
    ("diff", "terminal"): _diff_terminal,
    ("diff", "markdown"): _diff_markdown,
    ("diff", "json"): _diff(diff.render_json),
    ("diff", "html"): _diff_html,
    ("check", "terminal"): _check_terminal,
    ("check", "markdown"): _check(check.render_check_markdown),
    ("check", "json"): _check(check.render_check_json),
    ("check", "sarif"): _check(check.render_check_sarif),
    ("check", "github"): _check(check.render_check_github),
    ("check", "html"): _check_html,
}
FORMATS: dict[str, tuple[str, ...]] = {
    command: tuple(fmt for cmd, fmt in RENDERERS if cmd == command) for command in ("diff", "check")
}
# formats for reading, which --min-severity trims; the machine formats keep every finding
TRIMMED = ("terminal", "markdown", "html")


def hidden_note(hidden: int, min_severity: str) -> str:
    """The line a text report ends with when --min-severity hid findings ('' when none)."""
    if not hidden:
        return ""
    return f"{hidden} finding(s) below {min_severity} not shown (--min-severity {min_severity}).\n"


def render(command: str, fmt: str, report: Report | CheckReport, view: View | None = None) -> str:
    """The report of ``command`` (diff or check) in format ``fmt``."""
    view = view or View()
    text = RENDERERS[(command, fmt)](report, view)
    return text if fmt == "html" else text + hidden_note(view.hidden, view.min_severity)
