"""Render a draft check: terminal, Markdown, JSON, SARIF 2.1.0 and GitHub annotations."""

from __future__ import annotations

import io
import json
from collections.abc import Mapping

from rich.console import Console
from rich.markup import escape
from rich.text import Text

from checker import __version__
from checker.models import DIFF_ONLY, CheckReport, Finding
from checker.render.diff import (
    SEVERITY_LABEL,
    SEVERITY_STYLE,
    _md,
    hang_wrapped,
    severity_counts,
)
from checker.render.matrix import matrix_markdown, print_matrix

SARIF_LEVEL = {"high": "error", "medium": "warning", "low": "note", "info": "note"}


def _visible(report: CheckReport, show_supported: bool) -> list[Finding]:
    return [f for f in report.findings if show_supported or f.status not in ("supported",)]


def render_check_terminal(
    report: CheckReport,
    color: bool,
    show_supported: bool = False,
    matrix: bool = False,
    counts: Mapping[str, int] | None = None,
    width: int = 110,
) -> str:
    """Findings as ``draft:line:col: SEVERITY message``, each with its sources' values; the
    summary line counts the whole report (``counts``, when --min-severity trimmed ``report``)."""
    buf = io.StringIO()
    con = Console(file=buf, force_terminal=color, no_color=not color, width=width, highlight=False)
    if matrix and report.matrix is not None and report.matrix.rows:
        print_matrix(con, report.matrix)
    shown = _visible(report, show_supported)
    draft = report.draft.path
    for f in shown:
        sev = f"[{SEVERITY_STYLE[f.severity]}]{SEVERITY_LABEL[f.severity]:<6}[/]"
        hang_wrapped(
            con,
            Text.from_markup(
                f"{escape(draft)}:{f.draft_claim.line}:{f.draft_claim.column}: {sev} {escape(f.message)}  "
                f"[dim]{f.status} · {f.rule} · {f.id}[/dim]"
            ),
            4,
        )
        if f.also:
            where = ", ".join(f"{c.line}:{c.column}" for c in f.also)
            hang_wrapped(con, Text(f"    also at {where}", style="dim"), 8)
        for v in f.values[:3]:
            hang_wrapped(
                con,
                Text.from_markup(
                    f"    [bold]{escape(v.source)}[/bold]: “{escape(v.text)}” — "
                    f"[dim]{escape(' '.join(v.evidence.split()))}[/dim]"
                ),
                8,
            )
    counts = counts or severity_counts(report.findings)
    supported = counts["supported"]
    con.print(
        f"[dim]{counts['high']} high, {counts['medium']} medium, {counts['low']} low; {supported} claim(s) supported;"
        f" {len(report.suppressed)} suppressed · backend {report.meta.backend}[/dim]"
    )
    return buf.getvalue()


def render_check_markdown(
    report: CheckReport, color: bool = False, show_supported: bool = False
) -> str:
    out = [
        f"# Draft check: `{report.draft.path}`",
        "",
        "| line | severity | status | claim | message |",
        "|---|---|---|---|---|",
    ]
    for f in _visible(report, show_supported):
        out.append(
            f"| {f.draft_claim.line}:{f.draft_claim.column} | {f.severity} | {f.status} | {_md(f.draft_claim.text)} | {_md(f.message)} |"
        )
    out.append("")
    if report.matrix is not None and report.matrix.rows:
        out += matrix_markdown(report.matrix, _md)
    return "\n".join(out)


def render_check_json(
    report: CheckReport, color: bool = False, show_supported: bool = False
) -> str:
    """The check report as JSON (schema_version 2); a finding leaves out the fields only a diff
    finding fills (``missing_from``, ``rank``, ``group``)."""
    if not show_supported:
        report = report.model_copy(update={"findings": _visible(report, False)})
    exclude = {"findings": {"__all__": set(DIFF_ONLY)}}
    return report.model_dump_json(indent=2, exclude=exclude) + "\n"


def render_check_sarif(
    report: CheckReport, color: bool = False, show_supported: bool = False
) -> str:
    """SARIF 2.1.0: one run, one result per finding, located in the draft."""
    shown = _visible(report, show_supported)
    rules = sorted({f.rule for f in shown})
    sarif = {
        "$schema": "https://json.schemastore.org/sarif-2.1.0.json",
        "version": "2.1.0",
        "runs": [
            {
                "tool": {
                    "driver": {
                        "name": "checker",
                        "version": __version__,
                        "rules": [
                            {
                                "id": r,
                                "shortDescription": {
                                    "text": r.replace("/", ": ").replace("-", " ")
                                },
                            }
                            for r in rules
                        ],
                    }
                },
                "results": [
                    {
                        "ruleId": f.rule,
                        "level": SARIF_LEVEL[f.severity],
                        "message": {"text": f.message},
                        "locations": [
                            {
                                "physicalLocation": {
                                    "artifactLocation": {
                                        "uri": report.draft.path.replace("\\", "/")
                                    },
                                    "region": {
                                        "startLine": f.draft_claim.line,
                                        "startColumn": f.draft_claim.column,
                                        "endColumn": f.draft_claim.column
                                        + max(1, f.draft_claim.end - f.draft_claim.start),
                                        "snippet": {"text": f.draft_claim.text},
                                    },
                                }
                            }
                        ],
                        "partialFingerprints": {"checkerFindingId/v1": f.id},
                        "properties": {
                            "status": f.status,
                            "severity": f.severity,
                            "kind": f.kind,
                            "sources": [{"source": v.source, "text": v.text} for v in f.values],
                        },
                    }
                    for f in shown
                ],
            }
        ],
    }
    return json.dumps(sarif, indent=2, ensure_ascii=False) + "\n"


def merge_sarif(documents: list[str]) -> str:
    """Several drafts' SARIF documents as one run: results appended, rules united."""
    runs = [json.loads(d)["runs"][0] for d in documents]
    merged = runs[0]
    rules = {r["id"]: r for run in runs for r in run["tool"]["driver"]["rules"]}
    merged["tool"]["driver"]["rules"] = [rules[k] for k in sorted(rules)]
    merged["results"] = [res for run in runs for res in run["results"]]
    return (
        json.dumps(
            {
                "$schema": "https://json.schemastore.org/sarif-2.1.0.json",
                "version": "2.1.0",
                "runs": [merged],
            },
            indent=2,
            ensure_ascii=False,
        )
        + "\n"
    )


def _gh_escape(s: str, prop: bool = False) -> str:
    s = s.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")
    if prop:
        s = s.replace(":", "%3A").replace(",", "%2C")
    return s


def render_check_github(
    report: CheckReport, color: bool = False, show_supported: bool = False
) -> str:
    """GitHub workflow commands: ``::error file=…,line=…,col=…::message``."""
    level = {"high": "error", "medium": "warning", "low": "notice", "info": "notice"}
    lines = []
    for f in _visible(report, show_supported):
        props = (
            f"file={_gh_escape(report.draft.path, True)},line={f.draft_claim.line},col={f.draft_claim.column},"
            f"title={_gh_escape(f.rule + ' ' + f.id, True)}"
        )
        lines.append(f"::{level[f.severity]} {props}::{_gh_escape(f.message)}")
    return "\n".join(lines) + ("\n" if lines else "")
