"""One self-contained HTML file for `diff` and `check`: inline CSS, one small inline script
allowed by hash in a Content-Security-Policy, no external fetch. Article text is escaped by
jinja2's autoescape; markup around it is built from escaped pieces only.
"""

from __future__ import annotations

import base64
import bisect
import hashlib
import itertools
from collections.abc import Mapping, Sequence
from functools import lru_cache
from importlib import resources

import jinja2
from markupsafe import Markup, escape

from checker.models import (
    SCHEMA_VERSION,
    SEVERITIES,
    Article,
    CheckReport,
    FindingValue,
    Matrix,
    Report,
    SourceProfile,
)
from checker.render.diff import DELETED, INSERTED, capped, severity_counts
from checker.render.matrix import LEGEND, MARK, profile_line

# Filters by severity and kind; marks the page as scripted. Nothing else runs.
_SCRIPT = """
(function () {
  document.body.setAttribute('data-js', 'on');
  var boxes = document.querySelectorAll('input[data-filter="severity"]');
  var kind = document.getElementById('kind-filter');
  function apply() {
    var on = {};
    boxes.forEach(function (b) { on[b.value] = b.checked; });
    var k = kind ? kind.value : '';
    document.querySelectorAll('article.finding').forEach(function (el) {
      var show = on[el.dataset.severity] && (!k || el.dataset.kind === k);
      el.classList.toggle('hidden', !show);
    });
  }
  boxes.forEach(function (b) { b.addEventListener('change', apply); });
  if (kind) { kind.addEventListener('change', apply); }
  var agree = document.getElementById('hide-agree');
  var grid = document.getElementById('matrix');
  if (agree && grid) {
    agree.addEventListener('change', function () { grid.classList.toggle('hide-agree', agree.checked); });
  }
  document.querySelectorAll('a.cell-link').forEach(function (a) {
    a.addEventListener('click', function (ev) {
      var mark = document.getElementById(a.getAttribute('href').slice(1));
      var finding = a.dataset.finding ? document.getElementById(a.dataset.finding) : null;
      if (!mark) { return; }
      ev.preventDefault();
      document.querySelectorAll('.picked').forEach(function (el) { el.classList.remove('picked'); });
      mark.classList.add('picked');
      var box = mark.closest('.body');
      (finding || mark).scrollIntoView({block: 'start'});
      if (finding) {
        finding.classList.add('picked');
        finding.classList.remove('hidden');
      }
      if (box) { box.scrollTop = mark.offsetTop - box.offsetTop - 40; }
      history.replaceState(null, '', '#' + mark.id);
    });
  });
  document.body.setAttribute('data-ready-ms', String(Math.round(performance.now())));
})();
""".strip()


@lru_cache(maxsize=1)
def _template() -> jinja2.Template:
    env = jinja2.Environment(autoescape=True, undefined=jinja2.StrictUndefined)
    source = (
        resources.files("checker").joinpath("templates/report.html.j2").read_text(encoding="utf-8")
    )
    return env.from_string(source)


def _script_hash() -> str:
    digest = hashlib.sha256(_SCRIPT.encode("utf-8")).digest()
    return "sha256-" + base64.b64encode(digest).decode("ascii")


def _anchor(source: str, start: int | None) -> str | None:
    return None if start is None else f"s-{_slug(source)}-{start}"


def _slug(s: str) -> str:
    return "".join(c if c.isalnum() else "-" for c in s)


def _evidence_html(v: FindingValue) -> Markup:
    ev = " ".join(v.evidence.split())
    k = ev.find(v.text) if v.text else -1
    if k < 0:
        return Markup(escape(ev))
    return (
        Markup(escape(ev[:k]))
        + Markup("<mark>")
        + escape(ev[k : k + len(v.text)])
        + Markup("</mark>")
        + escape(ev[k + len(v.text) :])
    )


def _article_html(article: Article, marks: list[tuple[int, int, str, str]]) -> Markup:
    """The article text, page noise dimmed, each marked span anchored. marks: (start, end, anchor, css)."""
    text = article.text
    body = sorted((s.start, s.end) for s in article.body)
    points = {0, len(text)}
    for s, e in body:
        points |= {s, e}
    chosen: list[tuple[int, int, str, str]] = []
    last_end = -1
    for s, e, anchor, css in sorted(marks):
        if 0 <= s < e <= len(text) and s >= last_end:
            chosen.append((s, e, anchor, css))
            points |= {s, e}
            last_end = e
    cuts = sorted(points)
    out: list[Markup] = []  # joined once: adding to one string would copy it for each piece
    mark_at = {s: (e, a, c) for s, e, a, c in chosen}
    # a piece is in the body when a span starting at or before it ends at or after it: the
    # latest end among the spans that start by then, found by bisection (not a scan per piece)
    starts = [bs for bs, _ in body]
    reach = list(itertools.accumulate((be for _, be in body), max))
    i = 0
    while i < len(cuts) - 1:
        s, e = cuts[i], cuts[i + 1]
        if s in mark_at:
            end, anchor, css = mark_at[s]
            target, _, link = anchor.partition("|")
            opening = f'<a class="mark-link" href="#f-{escape(link)}">' if link else ""
            out.append(
                Markup(opening + f'<mark class="{escape(css)}" id="{escape(target)}">')
                + escape(text[s:end])
                + Markup("</mark>" + ("</a>" if link else ""))
            )
            while i < len(cuts) - 1 and cuts[i + 1] <= end:
                i += 1
            continue
        k = bisect.bisect_right(starts, s)
        in_body = k > 0 and e <= reach[k - 1]
        piece = escape(text[s:e])
        out.append(piece if in_body else Markup('<span class="noise">') + piece + Markup("</span>"))
        i += 1
    return Markup("").join(out)


def _diff_html(message: str) -> Markup:
    """A message, escaped, with a word diff's [-removed-] / [+added+] as <del> / <ins>."""
    text = str(escape(message))
    text = DELETED.sub(lambda m: f"<del>{m.group(1)}</del>", text)
    return Markup(INSERTED.sub(lambda m: f"<ins>{m.group(1)}</ins>", text))


def render_html(
    report: Report,
    articles: dict[str, Article],
    color: bool = False,
    hidden: int = 0,
    counts: Mapping[str, int] | None = None,
    cap: int | None = None,
) -> str:
    """The `diff` report as one HTML page; beyond ``cap`` low single-source findings of one
    source, a line that counts the rest."""
    items = []
    marks: dict[str, list[tuple[int, int, str, str]]] = {}
    shown, more = capped(report.findings, cap)
    for f in shown:
        values = []
        for v in f.values:
            anchor = _anchor(v.source, v.start)
            if anchor and v.start is not None and v.end is not None:
                marks.setdefault(v.source, []).append(
                    (v.start, v.end, f"{anchor}|{f.id}", f"ev sev-{f.severity}")
                )
            for e in v.also:  # the same value elsewhere in the source: marked too
                again = _anchor(v.source, e.start)
                if again and e.start is not None and e.end is not None:
                    marks.setdefault(v.source, []).append(
                        (e.start, e.end, f"{again}|{f.id}", f"ev sev-{f.severity}")
                    )
            values.append(
                {
                    "source": v.source,
                    "text": v.text,
                    "hedge": v.hedge,
                    "anchor": anchor,
                    "evidence_html": _evidence_html(v),
                    "also": [e.text for e in v.also],
                }
            )
        items.append(
            {
                "id": f.id,
                "severity": f.severity,
                "kind": f.kind,
                "rule": f.rule,
                "relation": f.relation,
                "message": _diff_html(f.message),
                "vals": values,
                "location": None,
            }
        )
    grid = _matrix_context(report.matrix, marks) if report.matrix and report.matrix.rows else None
    arts = [
        {
            "id": _slug(a.id),
            "label": f"{a.id} — {a.outlet or ''}{' · ' + a.title if a.title else ''}",
            "html": _article_html(a, marks.get(a.id, [])),
        }
        for a in articles.values()
    ]
    return _render(
        report,
        items,
        arts,
        "Source discrepancy report",
        "Findings",
        "Sources (page noise dimmed)",
        hidden=hidden,
        matrix=grid,
        more=list(more.values()),
        counts=counts or severity_counts(report.findings),
    )


_BAR_COLOURS = (("stated", "#5b6770"), ("only", "#0b6e99"), ("conflicts", "#b3261e"))
# the bars' legend, in their order (the template's .bar-key classes hold the same colours)
_BAR_KEY = (
    ("stated", "facts it states"),
    ("only", "facts only it states"),
    ("conflicts", "facts in conflict"),
)


def _bars(profile: SourceProfile, most: int) -> Markup:
    """Three small horizontal bars (stated, only here, in conflict), inline SVG, no fonts."""
    width, height = 120, 8
    parts = [
        f'<svg class="bars" width="{width}" height="{3 * (height + 3)}" role="img" '
        f'aria-label="{profile.stated} stated, {profile.only} only here, {profile.conflicts} in conflict">'
    ]
    for k, (name, colour) in enumerate(_BAR_COLOURS):
        value = int(getattr(profile, name))
        w = 0 if most <= 0 else max(1 if value else 0, round(width * value / most))
        parts.append(
            f'<rect x="0" y="{k * (height + 3)}" width="{w}" height="{height}" fill="{colour}"/>'
        )
    parts.append("</svg>")
    return Markup("".join(parts))


def _matrix_context(
    matrix: Matrix, marks: dict[str, list[tuple[int, int, str, str]]]
) -> dict[str, object]:
    """The matrix for the template; each cell's value is marked in its source's text (when no
    finding already marks it) so a click can land there."""
    most = max((p.stated for p in matrix.profiles.values()), default=0)
    columns = [
        {"id": c, "profile": profile_line(matrix, c), "bars": _bars(matrix.profiles[c], most)}
        for c in matrix.columns
    ]
    rows = []
    # each source's marks by start (the last one there wins), kept up to date as cells add theirs
    taken: dict[str, dict[int, str]] = {}
    for source, found in marks.items():
        taken[source] = {m[0]: m[2].partition("|")[0] for m in found}
    for row in matrix.rows:
        cells = []
        for c in row.cells:
            anchor = _anchor(c.source, c.start) if c.relation != "absent" else None
            if anchor and c.start is not None and c.end is not None:
                mine = taken.setdefault(c.source, {})
                if c.start in mine:
                    anchor = mine[c.start]  # the value is already marked: land on that mark
                else:
                    marks.setdefault(c.source, []).append((c.start, c.end, anchor, "ev cellmark"))
                    mine[c.start] = anchor
            cells.append(
                {
                    "relation": c.relation,
                    "text": c.value or "",
                    "anchor": anchor,
                    "finding": f"f-{c.finding}" if c.finding else "",
                    "mark": MARK[c.relation],
                }
            )
        settled = all(c.relation in ("agree", "compatible", "absent") for c in row.cells)
        rows.append(
            {"about": row.about, "severity": row.severity or "", "cells": cells, "agree": settled}
        )
    return {"columns": columns, "rows": rows, "legend": LEGEND, "bar_key": _BAR_KEY}


def render_check_html(
    report: CheckReport,
    articles: dict[str, Article],
    draft: Article,
    color: bool = False,
    hidden: int = 0,
    counts: Mapping[str, int] | None = None,
) -> str:
    """The `check` report: the draft as the main column with its claims highlighted by status."""
    items = []
    draft_marks: list[tuple[int, int, str, str]] = []
    source_marks: dict[str, list[tuple[int, int, str, str]]] = {}
    for f in report.findings:
        anchor = f"claim-{f.draft_claim.start}"
        draft_marks.append(
            (f.draft_claim.start, f.draft_claim.end, f"{anchor}|{f.id}", f"status-{f.status}")
        )
        for again in f.also:  # the same claim elsewhere in the draft (its headline, its body)
            draft_marks.append(
                (again.start, again.end, f"claim-{again.start}|{f.id}", f"status-{f.status}")
            )
        values = []
        for v in f.values:
            a = _anchor(v.source, v.start)
            if a and v.start is not None and v.end is not None:
                source_marks.setdefault(v.source, []).append((v.start, v.end, f"{a}|{f.id}", "ev"))
            values.append(
                {
                    "source": v.source,
                    "text": v.text,
                    "hedge": v.hedge,
                    "anchor": a,
                    "evidence_html": _evidence_html(v),
                    "also": [e.text for e in v.also],
                }
            )
        items.append(
            {
                "id": f.id,
                "severity": f.severity,
                "kind": f.kind,
                "rule": f.rule,
                "relation": f.status,
                "message": _diff_html(f.message),
                "vals": values,
                "location": f"line {f.draft_claim.line}, column {f.draft_claim.column}",
            }
        )
    grid = None
    if report.matrix is not None and report.matrix.rows:
        all_marks = {draft.id: draft_marks, **source_marks}
        grid = _matrix_context(report.matrix, all_marks)
        draft_marks, source_marks = all_marks.pop(draft.id), all_marks
    arts = [
        {"id": "draft", "label": f"draft — {draft.path}", "html": _article_html(draft, draft_marks)}
    ]
    arts += [
        {
            "id": _slug(a.id),
            "label": f"{a.id} — {a.outlet or ''}",
            "html": _article_html(a, source_marks.get(a.id, [])),
        }
        for a in articles.values()
    ]
    pseudo = Report(
        sources=[report.draft, *report.sources], findings=[], meta=report.meta, matrix=None
    )
    return _render(
        pseudo,
        items,
        arts,
        f"Draft check: {draft.path}",
        "Claims",
        "Draft and sources",
        check=True,
        hidden=hidden,
        matrix=grid,
        counts=counts or severity_counts(report.findings),
    )


def _render(
    report: Report,
    items: Sequence[Mapping[str, object]],
    arts: Sequence[Mapping[str, object]],
    title: str,
    findings_heading: str,
    texts_heading: str,
    check: bool = False,
    hidden: int = 0,
    matrix: Mapping[str, object] | None = None,
    more: Sequence[str] = (),
    counts: Mapping[str, int] | None = None,
) -> str:
    if counts is None:
        counts = {s: sum(1 for i in items if i["severity"] == s) for s in SEVERITIES}
    return _template().render(
        title=title,
        sources=report.sources,
        severities=SEVERITIES,
        counts=counts,
        meta=report.meta,
        dropped=sum(report.meta.dropped.values()),
        findings_heading=findings_heading,
        texts_heading=texts_heading,
        kinds=sorted({str(i["kind"]) for i in items}),
        items=items,
        articles=arts,
        schema_version=SCHEMA_VERSION,
        script=Markup(_SCRIPT),
        script_hash=_script_hash(),
        check=check,
        hidden=hidden,
        matrix=matrix,
        warnings=report.warnings,
        more=more,
    )
