"""Draft-check rules: each claim of a draft against the sources it was written from.

A claim one source supports and none contradicts is supported (sources complement each other);
an alias or a more specific place is at most info. The outcomes are registered as ``check/*``
rules in the same registry as the comparison rules, so ``checker rules`` lists them and
``--disable-rule`` drops them.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from typing import Any

from checker.lexicon import Lexicon
from checker.models import Article, Claim, Finding, FindingValue
from checker.normalize import dates as date_rel
from checker.normalize.entities import Title, place_within
from checker.normalize.facts import Norm
from checker.rules.common import names, sides
from checker.rules.registry import make_check_finding, rule, similarity, span_of, value_of


def _declare(
    rule_id: str, severity: str, summary: str, doc: str, levels: dict[str, str] | None = None
) -> None:
    rule(rule_id, "draft", severity, summary, scope="check", doc=doc, levels=levels)(classify)


def line_col(text: str, offset: int) -> tuple[int, int]:
    """1-based line and column of a character offset."""
    line = text.count("\n", 0, offset) + 1
    col = offset - (text.rfind("\n", 0, offset) + 1) + 1
    return line, col


def _claim(draft: Article, n: Norm, field: str | None = None) -> Claim:
    f = n.fact
    start, end = span_of(f, field)
    line, col = line_col(draft.text, start)
    return Claim(
        kind=f.kind,
        text=draft.text[start:end],
        normalized=n.normalized,
        evidence=f.evidence,
        line=line,
        column=col,
        start=start,
        end=end,
    )


def _finding(
    n: Norm,
    rule_id: str,
    kind: str,
    status: str,
    message: str,
    claim: Claim,
    sources: list[FindingValue],
    hashed: list[FindingValue] | None = None,
) -> Finding:
    """A check finding about the draft's fact ``n``, through the one finding builder: its
    severity is the registry's for the rule and the claim's kind (``check/unsupported`` is low
    for places, cited bodies and terms), its slot the one the claim is aligned to. Its id
    hashes the claim and ``hashed`` (default: ``sources``), so a finding that now cites a
    closer or a nearest source value keeps the id it had."""
    parts = [
        claim.kind,
        claim.text.lower(),
        claim.evidence,
        *sorted(v.text for v in (sources if hashed is None else hashed)),
    ]
    slot = f"{n.fact.kind}:{n.key}"
    return make_check_finding(
        rule_id, kind, status, slot, message, claim, sources[:6], parts, variant=n.fact.kind
    )


def classify(lex: Lexicon, draft: Article, n: Norm, theirs: list[Norm]) -> Iterator[Finding]:
    """The findings of one draft claim against the sources' normalized facts."""
    yield from _classify(lex, draft, n, theirs)


def _classify(lex: Lexicon, draft: Article, n: Norm, theirs: list[Norm]) -> Iterator[Finding]:
    kind = n.fact.kind
    same = [t for t in theirs if t.fact.kind == kind]
    if kind == "person":
        yield from _person(lex, draft, n, same)
    elif kind == "quantity":
        # a count of another thing is no contradiction, whatever verb the two share ("870
        # infections have been reported" / "457 deaths have been reported")
        slot = [t for t in same if t.key == n.key and _same_unit(n, t)]
        loose = not slot
        if loose:
            # no source counts the same thing in the same words: the same figure of the same
            # unit anywhere supports it, and nothing is held against it
            slot = [t for t in same if t.value.unit == n.value.unit]
        yield from _overlapping(lex, draft, n, slot, lambda a, b: a.overlaps(b), "number", loose)
    elif kind == "date":
        slot = [t for t in same if t.key == n.key]
        loose = not slot or n.key == "other"
        if loose:
            # dates whose event is unknown: any source giving the day supports it, but dates of
            # other events are not "contradictions" to list against it
            slot = [t for t in same if n.key == "other" or t.key == "other"]
        if n.key == "period":
            yield from _overlapping(
                lex, draft, n, slot, lambda a, b: date_rel.relation(a, b) == "agree", "date", loose
            )
        else:
            yield from _overlapping(lex, draft, n, slot, lambda a, b: a.overlaps(b), "date", loose)
    elif kind == "term":
        slot = [t for t in same if t.key == n.key]
        yield from _overlapping(lex, draft, n, slot, lambda a, b: a == b, "term")
    elif kind == "place":
        yield from _place(lex, draft, n, same)
    elif kind == "quote":
        yield from _quote(lex, draft, n, same)
    elif kind == "attribution":
        match = [t for t in same if t.key == n.key]
        if match:
            yield _finding(
                n,
                "check/supported",
                "attribution",
                "supported",
                f"{n.shown} is cited by {match[0].fact.source}",
                _claim(draft, n),
                [value_of(lex, match[0])],
            )
        else:
            yield _finding(
                n,
                "check/unsupported",
                "attribution",
                "unsupported",
                f"No source cites {n.shown}",
                _claim(draft, n),
                [],
            )


def _same_unit(a: Norm, b: Norm) -> bool:
    ua, ub = getattr(a.value, "unit", None), getattr(b.value, "unit", None)
    return ua is None or ub is None or ua == ub


def _overlapping(
    lex: Lexicon,
    draft: Article,
    n: Norm,
    slot: list[Norm],
    agrees: Callable[[Any, Any], bool],
    kind: str,
    loose: bool = False,
) -> Iterator[Finding]:
    claim = _claim(draft, n)
    # Per source: a source supports the claim when one of its values agrees, and contradicts it
    # when it gives values for the same slot and none agrees (a source may give several).
    by_source: dict[str, list[Norm]] = {}
    for t in slot:
        by_source.setdefault(t.fact.source, []).append(t)
    firsts = [
        next(t for t in ts if agrees(n.value, t.value))
        for ts in by_source.values()
        if any(agrees(n.value, t.value) for t in ts)
    ]
    # the closest support first: "120 firefighters" over "more than a hundred firefighters"
    support = sorted(
        (
            min((t for t in ts if agrees(n.value, t.value)), key=lambda t: _distance(n, t))
            for ts in by_source.values()
            if any(agrees(n.value, t.value) for t in ts)
        ),
        key=lambda t: _distance(n, t),
    )
    against = (
        []
        if loose
        else [
            t
            for ts in by_source.values()
            if not any(agrees(n.value, x.value) for x in ts)
            for t in ts
        ]
    )
    what = {"number": "figure", "date": "date", "term": n.key}[kind]
    if support and not against:
        yield _finding(
            n,
            "check/supported",
            kind,
            "supported",
            f"The {what} “{n.shown}” is supported by {support[0].fact.source}",
            claim,
            [value_of(lex, support[0])],
            hashed=[value_of(lex, firsts[0])],
        )
    elif support:
        # The draft follows one source; others differ. Their disagreement is `checker diff`'s
        # business, so it is only noted here.
        yield _finding(
            n,
            "check/disputed",
            kind,
            "conflict",
            f"The {what} “{n.shown}” matches {support[0].fact.source}, but " + _sides(lex, against),
            claim,
            [value_of(lex, t) for t in support[:1] + against],
            hashed=[value_of(lex, t) for t in firsts[:1] + against],
        )
    elif against:
        yield _finding(
            n,
            "check/conflict",
            kind,
            "conflict",
            f"The draft's {what} “{n.shown}” contradicts the sources: " + _sides(lex, against),
            claim,
            [value_of(lex, t) for t in against],
        )
    else:
        yield _finding(
            n,
            "check/unsupported",
            kind,
            "unsupported",
            f"No source gives the {what} “{n.shown}”",
            claim,
            [],
        )


def _sides(lex: Lexicon, norms: list[Norm]) -> str:
    """'harbour-herald and valley-times say “120 firefighters”; city-wire says “a hundred”'."""
    values = [value_of(lex, t) for t in norms]
    order = list(dict.fromkeys(v.source for v in values))
    keys = {
        (v.source, v.start): (t.value.lo, t.value.hi) if hasattr(t.value, "lo") else t.normalized
        for v, t in zip(values, norms, strict=True)
    }
    return sides(values, order, lambda v: keys.get((v.source, v.start)), claimants=False)


def _distance(n: Norm, t: Norm) -> tuple[int, int, float]:
    """How far a source's value is from the draft's, among those that agree with it: the same
    wording first, then the same normalized value, then the narrowest figure or date."""
    wording = 0 if " ".join(t.shown.lower().split()) == " ".join(n.shown.lower().split()) else 1
    value = 0 if t.normalized == n.normalized else 1
    width = 0.0
    lo, hi = getattr(t.value, "lo", None), getattr(t.value, "hi", None)
    if isinstance(lo, int | float) and isinstance(hi, int | float):
        width = float(hi - lo)
    return wording, value, width


def _person(lex: Lexicon, draft: Article, n: Norm, same: list[Norm]) -> Iterator[Finding]:
    match = [t for t in same if t.key == n.key]
    name = n.fact.fields.get("name") or n.key
    if not match:
        yield _finding(
            n,
            "check/unsupported",
            "person_name",
            "unsupported",
            f"No source names {name}",
            _claim(draft, n, "name"),
            [],
        )
        return
    if not isinstance(n.value, Title):
        yield _finding(
            n,
            "check/supported",
            "person_name",
            "supported",
            f"{name} is named by {match[0].fact.source}",
            _claim(draft, n, "name"),
            [value_of(lex, match[0], "name")],
        )
        return
    titled = [t for t in match if isinstance(t.value, Title)]
    same_role = [t for t in titled if t.value.role == n.value.role]
    backing = {t.fact.source for t in same_role}
    others = [t for t in titled if t.fact.source not in backing and t.value.role != n.value.role]
    if same_role and others:
        # one source gives the draft's title, others another role: noted as figures are
        wording = n.fact.fields.get("title")
        src = min(same_role, key=lambda t: _title_distance(wording, t))
        yield _finding(
            n,
            "check/disputed",
            "person_title",
            "conflict",
            f"{name}'s title “{wording}” matches "
            + names([src.fact.source, *sorted(backing - {src.fact.source})])
            + ", but "
            + "; ".join(
                f"{t.fact.source} says “{t.fact.fields.get('title')}”"
                for t in _one_per_source(others)[:3]
            ),
            _claim(draft, n, "title"),
            [
                value_of(lex, src, "title"),
                *(value_of(lex, t, "title") for t in _one_per_source(others)),
            ],
        )
        return
    if same_role or not titled:
        src = (
            min(same_role, key=lambda t: _title_distance(n.fact.fields.get("title"), t))
            if same_role
            else match[0]
        )
        yield _finding(
            n,
            "check/supported",
            "person_title",
            "supported",
            f"{name}'s title is supported by {src.fact.source}",
            _claim(draft, n, "title"),
            [value_of(lex, src, "title" if same_role else "name")],
            hashed=[
                value_of(
                    lex, same_role[0] if same_role else match[0], "title" if same_role else "name"
                )
            ],
        )
        return
    formal = [t for t in titled if t.value.formal]
    msg = f"The draft calls {name} “{n.fact.fields.get('title')}”; the sources say " + "; ".join(
        f"{t.fact.source}: “{t.fact.fields.get('title')}”" for t in titled[:4]
    )
    if formal:
        msg += f" (formal title: “{formal[0].fact.fields.get('title')}”)"
    yield _finding(
        n,
        "check/title-mismatch",
        "person_title",
        "title_mismatch",
        msg,
        _claim(draft, n, "title"),
        [value_of(lex, t, "title") for t in titled],
    )


def _title_distance(wording: str | None, t: Norm) -> int:
    """0 when a source words the title as the draft does, else 1."""
    return 0 if (t.fact.fields.get("title") or "").lower() == (wording or "").lower() else 1


def _one_per_source(norms: list[Norm]) -> list[Norm]:
    seen: dict[str, Norm] = {}
    for t in norms:
        seen.setdefault(t.fact.source, t)
    return list(seen.values())


def _place(lex: Lexicon, draft: Article, n: Norm, same: list[Norm]) -> Iterator[Finding]:
    claim = _claim(draft, n)
    exact = [t for t in same if t.key == n.key]
    if exact:
        spelled = [t for t in exact if t.shown.lower() == n.shown.lower()]
        if spelled:
            yield _finding(
                n,
                "check/supported",
                "place",
                "supported",
                f"{n.shown} is named by {spelled[0].fact.source}",
                claim,
                [value_of(lex, spelled[0])],
            )
        else:
            yield _finding(
                n,
                "check/alias",
                "place",
                "alias",
                f"{n.shown} is written “{exact[0].shown}” by {exact[0].fact.source}",
                claim,
                [value_of(lex, exact[0])],
            )
        return
    inside = [t for t in same if place_within(lex, n.key, t.key) or place_within(lex, t.key, n.key)]
    if inside:
        yield _finding(
            n,
            "check/alias",
            "place",
            "alias",
            f"{n.shown} and {inside[0].shown} ({inside[0].fact.source}) are the same area at different precision",
            claim,
            [value_of(lex, inside[0])],
        )
        return
    yield _finding(
        n, "check/unsupported", "place", "unsupported", f"No source names {n.shown}", claim, []
    )


def _quote(lex: Lexicon, draft: Article, n: Norm, same: list[Norm]) -> Iterator[Finding]:
    claim = _claim(draft, n)
    best, score = None, 0.0
    for t in same:
        s = similarity(str(n.value), str(t.value))
        if s > score:
            best, score = t, s
    if best is None or score < 0.5:
        quoted = _short(str(n.fact.fields.get("text") or n.shown))
        message = f"No source has this quotation: “{quoted}”"
        if best is not None and score > 0:
            near = _short(str(best.fact.fields.get("text") or best.shown))
            message += f"; the nearest is {best.fact.source}'s “{near}”"
        yield _finding(
            n,
            "check/unsupported",
            "quote",
            "unsupported",
            message,
            claim,
            [value_of(lex, best)] if best is not None and score > 0 else [],
            hashed=[],
        )
        return
    if n.key and best.key and n.key != best.key:
        yield _finding(
            n,
            "check/attribution-mismatch",
            "attribution",
            "attribution_mismatch",
            f"The draft gives this quotation to {n.fact.fields.get('speaker')}; "
            f"{best.fact.source} gives it to {best.fact.fields.get('speaker')}",
            claim,
            [value_of(lex, best)],
        )
    elif n.value != best.value:
        yield _finding(
            n,
            "check/quote-mismatch",
            "quote",
            "quote_mismatch",
            f"The quotation differs from {best.fact.source}'s wording",
            claim,
            [value_of(lex, best)],
        )
    else:
        yield _finding(
            n,
            "check/supported",
            "quote",
            "supported",
            f"Quotation matches {best.fact.source}",
            claim,
            [value_of(lex, best)],
        )


def _short(text: str, n: int = 120) -> str:
    text = " ".join(text.split())
    return text if len(text) <= n else text[: n - 1].rstrip() + "…"


_declare(
    "check/conflict",
    "high",
    "A draft claim the sources contradict",
    """A draft figure, date or term that the sources contradict and none supports.

    The draft's value is compared with the sources' values for the same thing (the same slot
    and unit); a source contradicts it when it gives values there and none holds with the
    draft's.

    Why it matters:
        The draft states as fact something every source that speaks of it gives otherwise:
        the most likely error to reach print, and the first to fix.

    Example:
        draft: The blaze destroyed 18 cars at the depot.
        source: The blaze destroyed 81 cars at the depot, the fire service said.
        Finding (high): draft "18 cars"; source "81 cars".
    """,
)
_declare(
    "check/disputed",
    "low",
    "A draft claim one source supports and another contradicts",
    """A draft figure, date, term or title that one source supports and another contradicts.

    Why it matters:
        The draft follows one source where the sources disagree; the editor should know
        the fact is contested (and may attribute it) rather than take it as settled.

    Example:
        draft: The blaze destroyed 18 cars at the depot.
        source a: The blaze destroyed 18 cars at the depot, the fire service said.
        source b: The blaze destroyed 25 cars at the depot, police said.
        Finding (low): draft "18 cars"; a "18 cars", b "25 cars".
    """,
)
_declare(
    "check/unsupported",
    "medium",
    "A draft claim no source gives (low for places, bodies, terms)",
    """A draft claim (a person, figure, date, quotation, place, body or term) that no source gives.

    Medium for people, figures, dates and quotations; low for places, cited bodies and terms.

    Why it matters:
        What no source gives is either the reporter's own knowledge, which should be
        checked like any other, or a mistake; a named person or a figure that comes from
        nowhere is a common error.

    Example:
        draft: The blaze destroyed 18 cars at the depot. Fire chief Ola Brenning praised the crews.
        source: The blaze destroyed 18 cars at the depot, the fire service said.
        Finding (medium): draft "Ola Brenning"; no source.
    """,
    {"place": "low", "attribution": "low", "term": "low"},
)
_declare(
    "check/title-mismatch",
    "medium",
    "The draft gives a person a title the sources do not",
    """A draft that gives a person a title (a role) no source gives them.

    Why it matters:
        A wrong title misstates who the person is and on whose behalf they speak; titles are
        among the facts most often corrected after publication.

    Example:
        draft: Deputy mayor Rosa Klint said the bridge would reopen.
        source: Rosa Klint, the town's chief engineer, said the bridge would reopen on Monday.
        Finding (medium): draft "Deputy mayor"; source "the town's chief engineer".
    """,
)
_declare(
    "check/attribution-mismatch",
    "medium",
    "The draft gives a quotation to someone else",
    """A draft that gives a quotation to someone other than the speaker the sources name.

    Why it matters:
        Words put in the wrong mouth are among the corrections a newsroom least wants to
        print, and the person wrongly quoted may object.

    Example:
        draft: "The pool will stay open all summer," councillor Bram Ostend said.
        source: "The pool will stay open all summer," Mayor Ilse Varga said on Friday.
        Finding (medium): draft "The pool will stay open all summer"; the source gives it to
        Ilse Varga.
    """,
)
_declare(
    "check/quote-mismatch",
    "medium",
    "The draft words a quotation differently from the sources",
    """A draft quotation that the sources word differently.

    Why it matters:
        Quotation marks promise the speaker's exact words; a quotation reworded from memory,
        or from another outlet's paraphrase, must be corrected to what was said.

    Example:
        draft: "The pool will stay open all summer," Mayor Ilse Varga said.
        source: "The pool will remain open all summer," Mayor Ilse Varga said on Friday.
        Finding (medium): draft "The pool will stay open all summer"; source "The pool will
        remain open all summer".
    """,
)
_declare(
    "check/alias",
    "info",
    "The draft names a place as the sources do, under another name or precision",
    """A draft place that the sources name under another name, or at another precision.

    The same place under another name or spelling (from the lexicon and the gazetteer), or a
    place inside the one a source names (a district and its city).

    Why it matters:
        Nothing is wrong; the note shows the editor that the draft and the sources mean the
        same place, and that the draft's name is not the sources'.

    Example:
        draft: Heavy rain flooded streets in Peking on Tuesday.
        source: Heavy rain flooded streets in Beijing on Tuesday, officials said.
        Finding (info): draft "Peking"; source "Beijing".
    """,
)
_declare(
    "check/supported",
    "info",
    "A draft claim a source supports",
    """A draft claim that a source supports and none contradicts.

    Why it matters:
        The report shows the editor what was checked and which source backs each claim,
        so that what is not listed as supported stands out.

    Example:
        draft: The blaze destroyed 18 cars at the depot.
        source: The blaze destroyed 18 cars at the depot, the fire service said.
        Finding (info): draft "18 cars"; source "18 cars".
    """,
)
