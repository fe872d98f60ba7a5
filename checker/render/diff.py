"""Stage 6: render a report as terminal text, Markdown or JSON. One function per format."""

from __future__ import annotations

import io
import re
from collections import Counter
from collections.abc import Mapping, Sequence

from rich.console import Console
from rich.markup import escape
from rich.table import Table
from rich.text import Text

from checker.models import (
    CHECK_ONLY,
    SEVERITIES,
    Finding,
    FindingValue,
    Report,
    SourceReport,
)
from checker.render.matrix import matrix_markdown, print_matrix

SEVERITY_STYLE = {"high": "bold red", "medium": "bold yellow", "low": "cyan", "info": "dim"}
SEVERITY_LABEL = {"high": "HIGH", "medium": "MEDIUM", "low": "LOW", "info": "INFO"}


def severity_counts(findings: Sequence[Finding]) -> dict[str, int]:
    """Findings per severity, and supported draft claims apart under ``supported``: what a
    report's summary line says. Counted on the whole report, before --min-severity hides any."""
    counts = dict.fromkeys([*SEVERITIES, "supported"], 0)
    for f in findings:
        if f.status == "supported":
            counts["supported"] += 1
        else:
            counts[f.severity] += 1
    return counts


def render_json(report: Report, color: bool = False) -> str:
    """The report as JSON (schema_version 2): stable key order, sorted findings; a finding
    leaves out the fields only a check finding fills (its draft claim, status and ``also``)."""
    exclude = {"findings": {"__all__": set(CHECK_ONLY)}}
    return report.model_dump_json(indent=2, exclude=exclude) + "\n"


def _highlight(v: FindingValue) -> Text:
    ev = " ".join(v.evidence.split())
    t = Text(ev)
    k = ev.find(v.text) if v.text else -1
    if k >= 0:
        t.stylize("bold underline", k, k + len(v.text))
    return t


def _compared(report: Report) -> bool:
    return sum(1 for s in report.sources if s.status == "ok" and not s.warning) >= 2


def nothing_found(report: Report) -> str:
    """What an empty report means: no disagreement, or nothing that could be compared."""
    if _compared(report):
        return "No disagreements found."
    ok = sum(1 for s in report.sources if s.status == "ok" and not s.warning)
    failed = [s for s in report.sources if s.status == "failed"]
    why = f" First error: {failed[0].error}" if failed and failed[0].error else ""
    return (
        f"Nothing was compared: {ok} of {len(report.sources)} source(s) could be read and "
        f"extracted, and a comparison needs two.{why}"
    )


_ORIGIN = {
    "page metadata": "page",
    "front matter": "front matter",
    "the text": "dateline",
    "file name": "file name",
}


def origin(source: SourceReport, key: str) -> str:
    """Where a source's outlet or date came from, for a reader: '' when it says nothing new."""
    found = source.provenance.get(key)
    if not found or found == "none" or (key == "outlet" and found != "file name"):
        return ""
    return f" ({_ORIGIN.get(found, found)})"


# what one rule family's single-source findings are about, for the line that counts those
# beyond the cap ("… and 12,870 more figures only in live-updates")
_NOUNS = {
    "claim": "statements",
    "number": "figures",
    "date": "dates",
    "place": "places",
    "person": "people",
    "attribution": "cited sources",
    "quote": "quotations",
    "term": "terms",
}


def capped(findings: list[Finding], cap: int | None) -> tuple[list[Finding], dict[str, str]]:
    """The findings a reader is shown, and for each source whose low single-source findings
    pass ``cap`` the line that counts the rest ("… and 12,870 more figures only in
    live-updates"). High and medium findings are never capped; None shows everything. The
    JSON report lists every finding with its id."""
    if not cap:
        return findings, {}
    seen: Counter[str] = Counter()
    over: dict[str, Counter[str]] = {}
    shown = []
    for f in findings:
        if f.severity == "low" and f.relation == "only_in_one_source" and f.values:
            source = f.values[0].source
            seen[source] += 1
            if seen[source] > cap:
                over.setdefault(source, Counter())[_NOUNS.get(f.rule.split("/")[0], "details")] += 1
                continue
        shown.append(f)
    lines = {}
    for source in sorted(over):
        counts = [f"{n:,} more {noun}" for noun, n in over[source].most_common()]
        said = ", ".join(counts[:-1]) + (" and " if len(counts) > 1 else "") + counts[-1]
        lines[source] = f"… and {said} only in {source} (each in the JSON report)"
    return shown, lines


def render_terminal(
    report: Report,
    color: bool = True,
    width: int = 110,
    matrix: bool = False,
    counts: Mapping[str, int] | None = None,
    cap: int | None = None,
) -> str:
    """A readable report: sources, then findings grouped by severity, each with evidence;
    with ``matrix``, the fact matrix between the two; beyond ``cap`` low single-source
    findings of one source, a line that counts the rest. ``counts`` are the whole report's
    (:func:`severity_counts`) when --min-severity left some findings out of ``report``."""
    buf = io.StringIO()
    con = Console(file=buf, force_terminal=color, no_color=not color, width=width, highlight=False)
    srcs = Table(title="Sources", title_justify="left", show_lines=False, box=None, pad_edge=False)
    for col in ("id", "outlet", "published", "facts", "status"):
        srcs.add_column(col)
    for s in report.sources:
        status = "ok" if s.status == "ok" else f"[red]failed[/red]: {escape(s.error or '')}"
        if s.warning:
            status = f"[yellow]left out[/yellow]: {escape(s.warning)}"
        srcs.add_row(
            escape(s.id),
            escape(s.outlet or "") + f"[dim]{escape(origin(s, 'outlet'))}[/dim]",
            str(s.published or "—") + f"[dim]{escape(origin(s, 'published'))}[/dim]",
            str(len(s.facts)),
            status,
        )
    con.print(srcs)
    for warning in report.warnings:
        _hang(con, Text("warning:", style="yellow"), warning, 9)
    con.print()
    if matrix and report.matrix is not None and report.matrix.rows:
        print_matrix(con, report.matrix)
    if not report.findings:
        con.print(escape(nothing_found(report)), style="green" if _compared(report) else "yellow")
    order = {s.id: k for k, s in enumerate(report.sources)}
    shown, more = capped(report.findings, cap)
    for sev in SEVERITIES:
        group = [f for f in shown if f.severity == sev]
        total = sum(1 for f in report.findings if f.severity == sev)
        if not total:
            continue
        con.rule(
            f"[{SEVERITY_STYLE[sev]}]{SEVERITY_LABEL[sev]}[/] — {total} finding(s)",
            align="left",
        )
        for entry in _entries(group, order):
            if isinstance(entry, Finding):
                _finding(con, entry, compact=sev == "info", order=order)
            else:
                _bundle(con, *entry)
        if sev == "low":
            for line in more.values():
                con.print(f"[cyan]LOW[/cyan]    {escape(line)}")
        con.print()
    _footer(con, report, counts)
    return buf.getvalue()


SURPLUS_RANK = 0.6  # single-source details below this (places, cited bodies, dates) collapse
HANG = 7  # where a finding's text starts after its severity label


def _entries(
    findings: list[Finding], order: Mapping[str, int]
) -> list[Finding | tuple[str, str | None, list[Finding]]]:
    """What the terminal prints, in order: a finding on its own; the findings that rest on one
    sentence of one source as one entry (``(source, sentence, members)``); last, per source, the
    minor details only it gives (places, cited bodies, dates) as one entry (``(source, None,
    members)``). Every member keeps its id."""
    out: list[Finding | tuple[str, str | None, list[Finding]]] = []
    groups: dict[str, list[Finding]] = {}
    surplus: dict[str, list[Finding]] = {}
    for f in findings:
        if f.group:
            if f.group not in groups:
                groups[f.group] = []
                v = f.values[0]
                out.append((v.source, " ".join(v.evidence.split()), groups[f.group]))
            groups[f.group].append(f)
        elif f.severity == "low" and f.kind == "only_in_one_source" and f.rank < SURPLUS_RANK:
            surplus.setdefault(f.values[0].source if f.values else "", []).append(f)
        else:
            out.append(f)
    for source in sorted(surplus, key=lambda s: order.get(s, len(order))):
        out.append((source, None, surplus[source]))
    return out


def _hang(con: Console, label: Text | str, body: Text | str, indent: int = HANG) -> None:
    """``label`` in the first ``indent`` columns, then ``body`` wrapped to the console's width,
    its wrapped lines indented under its first (a hanging indent); no trailing blanks."""
    head = label if isinstance(label, Text) else Text(label)
    text = body if isinstance(body, Text) else Text(body)
    lines = text.wrap(con, max(20, con.width - indent), overflow="fold")
    for k, line in enumerate(lines):
        prefix = head.copy() if k == 0 else Text()
        prefix.append(" " * max(1 if k == 0 and head else 0, indent - prefix.cell_len))
        prefix.append_text(line)
        prefix.rstrip()
        con.print(prefix, soft_wrap=True)


def hang_wrapped(con: Console, text: Text, indent: int) -> None:
    """``text`` wrapped to the console's width, every line after the first indented by
    ``indent`` (the first line carries a label of its own, e.g. a location)."""
    for k, line in enumerate(text.wrap(con, max(20, con.width - indent), overflow="fold")):
        out = Text(" " * indent) if k else Text()
        out.append_text(line)
        out.rstrip()
        con.print(out, soft_wrap=True)


def _item_label(f: Finding, sentence: str | None) -> str:
    """A bundled finding in a few words: its message without the sentence shown above it, or,
    in a source's list of minor details, its values."""
    if sentence is None:
        return "; ".join(dict.fromkeys(v.text for v in f.values))
    m = re.search(r":\s*\u201c([^\u201d]*)\u201d$", f.message)
    if m and sentence.startswith(m.group(1).removesuffix("...").strip()):
        label = f.message[: m.start()]
        return label + " it" if label.endswith(" reports") else label or "this sentence"
    return f.message


def _bundle(con: Console, source: str, sentence: str | None, members: list[Finding]) -> None:
    """One entry for several findings: a sentence only one source has, with what it names, or
    the minor details one source alone gives; one line per finding, with its id."""
    sev = f"[{SEVERITY_STYLE[members[0].severity]}]{SEVERITY_LABEL[members[0].severity]}[/]"
    if sentence is None:
        head = f"[bold]{escape(source)}[/bold] alone also gives ({len(members)}):"
    else:
        head = (
            f"Only [bold]{escape(source)}[/bold] gives these, all in one sentence "
            f"({len(members)} findings):"
        )
    _hang(con, Text.from_markup(sev), Text.from_markup(head))
    if sentence is not None:
        _hang(con, "", Text(sentence, style="dim"), HANG + 2)
    for f in members:
        item = Text(_item_label(f, sentence))
        item.append(f"  {f.rule} · {f.id}", style="dim")
        _hang(con, " " * (HANG + 2) + "·", item, HANG + 4)


# a word diff's markers in finding messages ("[-removed-] [+added+]"), for every renderer
DELETED = re.compile(r"\[-(.*?)-\]")
INSERTED = re.compile(r"\[\+(.*?)\+\]")


def diff_markup(message: str, color: bool) -> str:
    """A message as rich markup; with colour, a word diff's [-removed-] and [+added+] markers
    become struck-through red and green (without colour the markers stay, as written)."""
    text = escape(message)
    if not color:
        return text
    text = DELETED.sub(lambda m: f"[red strike]{m.group(1)}[/]", text)
    return INSERTED.sub(lambda m: f"[green]{m.group(1)}[/]", text)


def _finding(
    con: Console, f: Finding, compact: bool, order: Mapping[str, int] | None = None
) -> None:
    sev = Text.from_markup(f"[{SEVERITY_STYLE[f.severity]}]{SEVERITY_LABEL[f.severity]}[/]")
    body = Text.from_markup(diff_markup(f.message, con.is_terminal and not con.no_color))
    body.append(f"  {f.rule} · {f.relation} · {f.id}", style="dim")
    _hang(con, sev, body)
    if compact:
        return
    rank = order or {}
    for v in sorted(f.values, key=lambda v: (rank.get(v.source, len(rank)), v.start or 0)):
        line = Text()
        line.append(f"{v.source}: ", style="bold")
        line.append(f"“{v.text}”")
        _hang(con, "", line, 5)
        _hang(con, "", _highlight(v).copy(), 9)
        for e in v.also:
            again = Text("also ", style="dim")
            again.append(f"“{e.text}”: ")
            again.append(" ".join(e.evidence.split()), style="dim")
            _hang(con, "", again, 9)
    if f.missing_from:
        _hang(con, "", Text(f"not in: {', '.join(f.missing_from)}", style="dim"), 5)


def _footer(con: Console, report: Report, counts: Mapping[str, int] | None = None) -> None:
    counts = counts or severity_counts(report.findings)
    m = report.meta
    parts = [
        f"{counts['high']} high, {counts['medium']} medium, {counts['low']} low, {counts['info']} info"
    ]
    parts.append(f"backend {m.backend}" + (f" ({m.model})" if m.model else ""))
    if m.usage.calls or m.usage.cache_hits:
        parts.append(
            f"{m.usage.calls} LLM call(s), {m.usage.prompt_tokens + m.usage.completion_tokens} tokens, "
            f"{m.usage.cache_hits} cache hit(s)"
            + (f", ${m.cost_usd:.4f}" if m.cost_usd is not None else "")
        )
    dropped = sum(m.dropped.values())
    if dropped:
        parts.append(f"{dropped} ungrounded value(s) dropped")
    total = m.timings.get("total")
    if total is not None:
        parts.append(f"{total:.1f}s")
    hang_wrapped(con, Text(" · ".join(parts), style="dim"), 2)


def render_markdown(report: Report, color: bool = False, cap: int | None = None) -> str:
    """The report as Markdown: a sources table, then findings by severity with evidence quotes
    (beyond ``cap`` low single-source findings of one source, a line that counts the rest)."""
    out: list[str] = ["# Source discrepancy report", ""]
    out += ["| source | outlet | title | published | facts | status |", "|---|---|---|---|---|---|"]
    for s in report.sources:
        status = s.status if s.status == "ok" else f"failed: {_md(s.error or '')}"
        out.append(
            f"| `{s.id}` | {_md((s.outlet or '') + origin(s, 'outlet'))} | {_md(s.title or '')} | "
            f"{_md(str(s.published or '—') + origin(s, 'published'))} | {len(s.facts)} | {status} |"
        )
    out.append("")
    for warning in report.warnings:
        out += [f"> **Warning:** {_md(warning)}", ""]
    if report.matrix is not None and report.matrix.rows:
        out += matrix_markdown(report.matrix, _md)
    if not report.findings:
        out.append(_md(nothing_found(report)))
    shown, more = capped(report.findings, cap)
    for sev in SEVERITIES:
        group = [f for f in shown if f.severity == sev]
        total = sum(1 for f in report.findings if f.severity == sev)
        if not total:
            continue
        out += [f"## {SEVERITY_LABEL[sev].title()} ({total})", ""]
        for f in group:
            out.append(f"- **{_md(f.message)}** — `{f.rule}`, {f.relation}, id `{f.id}`")
            for v in f.values:
                out.append(
                    f"  - `{v.source}`: “{_md(v.text)}” — _{_md(' '.join(v.evidence.split()))}_"
                )
                for e in v.also:
                    out.append(
                        f"    - also “{_md(e.text)}” — _{_md(' '.join(e.evidence.split()))}_"
                    )
            if f.missing_from:
                out.append(f"  - not in: {', '.join(f'`{m}`' for m in f.missing_from)}")
        if sev == "low":
            out += [f"- {_md(line)}" for line in more.values()]
        out.append("")
    m = report.meta
    out.append(
        f"_checker {m.tool_version}, backend {m.backend}{f' ({m.model})' if m.model else ''}, "
        f"{sum(m.dropped.values())} ungrounded value(s) dropped._"
    )
    return "\n".join(out) + "\n"


def _md(s: str) -> str:
    """Escape text from articles so it cannot become Markdown structure or HTML."""
    s = " ".join(s.split())
    for ch in ("\\", "`", "*", "_", "[", "]", "<", ">", "|", "#"):
        s = s.replace(ch, "\\" + ch)
    return s
