"""The story at a glance: one row per aligned slot (what a fact is about), one column per source.

Pure: the aligned story and the findings in, a :class:`~checker.models.Matrix` out. Each cell
holds that source's value, short, and its relation in the row: ``agree`` (the value most sources
give), ``compatible`` (the same in substance, worded or rounded otherwise), ``conflict`` (a
finding says it cannot hold with the others), ``only`` (no other source has the row) or
``absent``. A finding whose slot is not one of the story's (a position, a clock time, who did
something) becomes a row of its own, built from its values.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable

from checker.models import (
    SEVERITY_ORDER,
    Finding,
    FindingValue,
    Matrix,
    MatrixCell,
    MatrixRow,
    SourceProfile,
)
from checker.normalize import dates
from checker.normalize.facts import Norm
from checker.rules.registry import Story, span_of

SHORT = 48  # characters of a value shown in a cell
_KIND_LABEL = {
    "quantity": "figure",
    "date": "date",
    "person": "person",
    "place": "place",
    "quote": "quotation",
    "attribution": "cited",
    "term": "term",
}


def short(text: str, n: int = SHORT) -> str:
    text = " ".join(text.split())
    return text if len(text) <= n else text[: n - 1].rstrip() + "…"


def build_matrix(story: Story, findings: Iterable[Finding]) -> Matrix:
    """The fact matrix of a compared story."""
    findings = list(findings)
    by_slot: dict[str, list[Finding]] = {}
    for f in findings:
        by_slot.setdefault(f.slot, []).append(f)
    rows: list[MatrixRow] = []
    used: set[str] = set()
    for kind, slots in sorted(story.slots.items()):
        for key, norms in sorted(slots.items()):
            slot = f"{kind}:{key}"
            # a finding about one side of the slot ("person:brenn:title") belongs to its row
            parts = [s for s in by_slot if s == slot or s.startswith(slot + ":")]
            matched = [f for s in parts for f in by_slot[s]]
            used.update(parts)
            rows.append(
                _row_from_norms(story.sources, kind, key, norms, matched, story.label(kind, key))
            )
    for slot, matched in sorted(by_slot.items()):
        if slot not in used and any(f.values for f in matched):
            rows.append(_row_from_findings(story.sources, slot, matched))
    rows.sort(key=_order)
    rows = _distinct_labels(rows)
    return Matrix(columns=list(story.sources), rows=rows, profiles=_profiles(story.sources, rows))


def _distinct_labels(rows: list[MatrixRow]) -> list[MatrixRow]:
    """Rows are told apart by what they say: two rows about one kind of thing ('date:
    statement', two statements made on two days) get the value each gives first, and a number
    when that does not tell them apart either."""
    seen: Counter[str] = Counter(r.about for r in rows)
    out = []
    used: Counter[str] = Counter()
    for r in rows:
        if seen[r.about] > 1:
            first = next((c.value for c in r.cells if c.value), None)
            about = f"{r.about} — {first}" if first and first not in r.about else r.about
            used[about] += 1
            if used[about] > 1:
                about = f"{about} ({used[about]})"
            r = r.model_copy(update={"about": about})
        out.append(r)
    return out


def _order(row: MatrixRow) -> tuple[int, int, str]:
    sev = SEVERITY_ORDER[row.severity] if row.severity else -1
    carried = sum(1 for c in row.cells if c.relation != "absent")
    return (-sev, -carried, row.about)


def _severity(matched: list[Finding]) -> str | None:
    if not matched:
        return None
    return max((f.severity for f in matched), key=lambda s: SEVERITY_ORDER[s])


def _label(kind: str, key: str, norms: list[Norm], label: str | None = None) -> str:
    if kind == "person":
        names = [n.fact.fields.get("name") or "" for n in norms]
        return max(names, key=lambda s: (len(s.split()), len(s))) or key
    if kind == "place":
        return norms[0].shown if norms else key
    if kind == "attribution":  # a body a source cites, told apart from a place of that name
        return f"cited: {norms[0].shown}" if norms else key
    if kind == "quote":
        return f"quotation: {short(norms[0].shown, 40)}" if norms else key
    return f"{_KIND_LABEL.get(kind, kind)}: {label or key}"


def _row_from_norms(
    sources: list[str],
    kind: str,
    key: str,
    norms: list[Norm],
    matched: list[Finding],
    label: str | None = None,
) -> MatrixRow:
    per: dict[str, Norm] = {}
    for n in norms:  # the first mention per source stands for it
        per.setdefault(n.fact.source, n)
    in_conflict = {v.source for f in matched if f.relation == "conflict" for v in f.values}
    finding_of = _finding_of(matched)
    values = {sid: _shown(kind, n) for sid, n in per.items()}
    # a source is at odds when fewer others can hold with its value than with the best-supported
    # one ("about 2,000" against three wordings of "more than 1,000")
    support = {
        sid: sum(1 for o, m in per.items() if o != sid and _holds(n, m)) for sid, n in per.items()
    }
    best = max(support.values(), default=0)
    odd = {sid for sid, k in support.items() if k < best}
    if in_conflict and not odd:  # nobody stands out: every side of the conflict is marked
        odd = set(in_conflict)
    if kind == "person" and any(getattr(n.value, "formal", False) for n in per.values()):
        # a title finding that names the formal title says which wording is the post's own:
        # the other wordings are looser, not wrong, and no cell is painted as the odd one
        odd = set()
    cells = _cells(sources, values, in_conflict & odd, finding_of, _self_conflicted(matched))
    return MatrixRow(
        about=_label(kind, key, norms, label),
        kind=kind,
        slot=f"{kind}:{key}",
        severity=_severity(matched),  # type: ignore[arg-type]
        cells=cells,
    )


def _holds(a: Norm, b: Norm) -> bool:
    """Two values that can both be true: overlapping figures or dates, else the same value."""
    if (
        getattr(a.value, "precision", None) == "period"
        or getattr(b.value, "precision", None) == "period"
    ):
        return dates.relation(a.value, b.value) == "agree"  # two ends named: both must match
    overlaps = getattr(a.value, "overlaps", None)
    if callable(overlaps) and type(a.value) is type(b.value):
        try:
            return bool(overlaps(b.value))
        except (TypeError, ValueError):
            return a.normalized == b.normalized
    return a.normalized == b.normalized


def _shown(kind: str, n: Norm) -> tuple[str, str, int, int]:
    """(comparable value, value as written, start, end) of a cell; a person is shown by the
    title a source gives them, when it gives one."""
    if kind == "person" and n.fact.fields.get("title"):
        return (n.normalized, str(n.fact.fields["title"]), *span_of(n.fact, "title"))
    if kind == "person":
        return (n.normalized, str(n.fact.fields.get("name") or n.shown), *span_of(n.fact, "name"))
    return (n.normalized, n.shown, *span_of(n.fact))


def _row_from_findings(sources: list[str], slot: str, matched: list[Finding]) -> MatrixRow:
    first: dict[str, FindingValue] = {}
    for f in matched:
        for v in f.values:
            first.setdefault(v.source, v)
    in_conflict = {v.source for f in matched if f.relation == "conflict" for v in f.values}
    values = {
        sid: (v.normalized or v.text.lower(), v.text, v.start or 0, v.end or 0)
        for sid, v in first.items()
    }
    kind, _, key = slot.partition(":")
    if kind == "claim":  # a statement one source alone makes: the row is the statement
        about = "statement: " + short(next(iter(first.values())).text, 40)
    else:
        head, _, rest = key.partition(":")
        about = f"{kind}: {head}" if head else slot
        if rest.startswith("self"):
            about += " (within one source)"
    return MatrixRow(
        about=about,
        kind=matched[0].kind,
        slot=slot,
        severity=_severity(matched),  # type: ignore[arg-type]
        cells=_cells(sources, values, in_conflict, _finding_of(matched), _self_conflicted(matched)),
    )


def _self_conflicted(matched: list[Finding]) -> set[str]:
    """Sources that contradict themselves in the row (two of their own values in one conflict)."""
    out = set()
    for f in matched:
        sources = {v.source for v in f.values}
        if f.relation == "conflict" and len(sources) == 1 and len(f.values) > 1:
            out |= sources
    return out


def _finding_of(matched: list[Finding]) -> dict[str, str]:
    """Per source, the most severe finding of the row that names it."""
    out: dict[str, str] = {}
    for f in sorted(matched, key=lambda f: -SEVERITY_ORDER[f.severity]):
        for v in f.values:
            out.setdefault(v.source, f.id)
    return out


def _cells(
    sources: list[str],
    values: dict[str, tuple[str, str, int, int]],
    in_conflict: set[str],
    finding_of: dict[str, str],
    self_conflicted: set[str] = frozenset(),  # type: ignore[assignment]
) -> list[MatrixCell]:
    counts = Counter(norm for norm, *_ in values.values())
    top = counts.most_common(1)[0][0] if counts else ""
    texts = Counter(text.lower() for norm, text, *_ in values.values() if norm == top)
    top_text = texts.most_common(1)[0][0] if texts else ""
    cells = []
    for sid in sources:
        if sid not in values:
            cells.append(
                MatrixCell(
                    source=sid, relation="absent", value=None, start=None, end=None, finding=None
                )
            )
            continue
        norm, text, start, end = values[sid]
        if sid in self_conflicted:
            relation = "conflict"
        elif len(values) == 1:
            relation = "only"
        elif sid in in_conflict:
            relation = "conflict"
        elif norm == top and text.lower() == top_text:
            relation = "agree"
        else:
            relation = "compatible"
        cells.append(
            MatrixCell(
                source=sid,
                relation=relation,  # type: ignore[arg-type]
                value=short(text),
                start=start,
                end=end,
                finding=finding_of.get(sid),
            )
        )
    return cells


def _profiles(sources: list[str], rows: list[MatrixRow]) -> dict[str, SourceProfile]:
    out = {}
    for sid in sources:
        mine = [c for r in rows for c in r.cells if c.source == sid]
        out[sid] = SourceProfile(
            stated=sum(1 for c in mine if c.relation != "absent"),
            only=sum(1 for c in mine if c.relation == "only"),
            conflicts=sum(1 for c in mine if c.relation == "conflict"),
        )
    return out


def draft_first(matrix: Matrix, draft_id: str, findings: Iterable[Finding]) -> Matrix:
    """The matrix of a draft check: the draft's column first, each draft cell leading to the
    check finding about that claim."""
    by_start = {f.draft_claim.start: f.id for f in findings}
    order = [draft_id, *(c for c in matrix.columns if c != draft_id)]
    rows = []
    for row in matrix.rows:
        cells = {c.source: c for c in row.cells}
        d = cells[draft_id]
        if d.start is not None:
            cells[draft_id] = d.model_copy(update={"finding": by_start.get(d.start)})
        rows.append(row.model_copy(update={"cells": [cells[s] for s in order]}))
    return matrix.model_copy(update={"columns": order, "rows": rows})
