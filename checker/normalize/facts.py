"""Turn grounded facts into comparable values with slot keys."""

from __future__ import annotations

import datetime as dt
import itertools
import re
from collections import Counter
from dataclasses import dataclass, replace
from functools import lru_cache
from typing import Any

from checker.lexicon import Lexicon, alternation
from checker.models import Article, Fact, Span
from checker.normalize.dates import DateValue, parse_date
from checker.normalize.entities import Title, fold, org_key, parse_title, person_key, place_key
from checker.normalize.numbers import Quantity, parse_quantity, singular

# words that state a figure or date as an update, a revision or a comparison: the source gives
# two values of one thing on purpose ("rose from 12 to 15", "first reported 10")
CHANGE = re.compile(
    r"\b(?:earlier|previously|initially|originally|at first|first reported|had been|was revised|"
    r"revised|updated?|corrected|correction|rose|risen|climbed|increased|jumped|fell|dropped|"
    r"declined|up from|down from|from [\w.,]+ to|compared with|against|last year|a year earlier|"
    r"the previous|before)\b",
    re.I,
)


@dataclass(frozen=True)
class Norm:
    """One fact with its slot key and comparable value."""

    fact: Fact
    key: str  # slot key within its kind
    value: Any  # Quantity | DateValue | Title | str | None
    shown: str  # the value as written, short
    normalized: str  # the comparable value as text
    family: Any = None  # what the value is about (checker.align.family.Family), set by align


def story_anchor(articles: list[Article]) -> dt.date | None:
    """The reference date for sources that do not state theirs: the most common stated one."""
    dates = [a.published for a in articles if a.published]
    if not dates:
        return None
    counts = Counter(dates)
    return max(counts, key=lambda d: (counts[d], d))


def event_class(lex: Lexicon, word: str | None) -> str | None:
    """'said' -> 'statement'; 'shipped' -> 'transfer'; unknown words -> None."""
    if not word:
        return None
    events = lex.events
    w = word.lower()
    for cand in (w, w[:-1], w[:-2], w[:-3], w[:-3] + "e", w[:-2] + "e", w[:-1] + "e"):
        if cand in events:
            return events[cand]
    return None


def quantity_key(lex: Lexicon, unit: str | None, about: str | None) -> str | None:
    """The slot a figure belongs to: a casualty class, a measure of something, or its unit.

    ("people", "killed") -> "death"; (None, "death toll") -> "death";
    ("percent", "turnout") -> "percent turnout"; ("crate", None) -> "crate".
    """
    if about:
        outcome = lex.outcomes.get(fold(lex, about))
        if outcome:
            return outcome
    measures = {canon for canon, _ in lex.units.values()} - {"person", "death"}
    if unit in measures and about:
        noun = singular(fold(lex, about).split()[-1])
        return f"{unit} {lex.nouns.get(noun, noun)}"  # "sales" / "revenue": one class
    return unit


@lru_cache(maxsize=8)
def _zone_before(lex: Lexicon) -> re.Pattern[str]:
    zones = alternation(set(lex.zones))
    return re.compile(
        rf"\b(?:{zones})(?:\s?[+-]\d{{1,2}}(?::?\d\d)?)?\)?,?\s(?:on\s)?(?:the\s)?$", re.I
    )


def _beside_other_zone(lex: Lexicon, text: str, f: Fact) -> bool:
    """A day named just after a clock time in a named zone ("2112 GMT on Monday", "16:40 UTC
    Friday"): the day of that zone, which may be a day off the story's own."""
    start = f.spans["value"].start
    return bool(_zone_before(lex).search(text[max(0, start - 24) : start]))


_HYPHEN_UNIT = re.compile(r"-(?:day|week|month|year|hour|minute)s?(?:-long)?\s+([a-z]+)")


def normalize_facts(lex: Lexicon, articles: list[Article], facts: list[Fact]) -> list[Norm]:
    """Normalize every fact; person names are resolved across the whole story."""
    by_id = {a.id: a for a in articles}
    anchor = story_anchor(articles)
    people = [person_key(lex, f.fields["name"] or "") for f in facts if f.kind == "person"]
    speakers = [
        person_key(lex, f.fields.get("speaker") or "")
        for f in facts
        if f.kind == "quote" and f.fields.get("speaker")
    ]
    from checker.normalize.entities import resolve_people

    resolved = resolve_people([k for k in people + speakers if k])
    out: list[Norm] = []
    for f in facts:
        if f.kind == "person" and not f.fields.get("title"):
            key = person_key(lex, f.fields.get("name") or "")
            if " " not in resolved.get(key, key):
                # A lone capitalised word that is nobody's surname in the story ("Debris",
                # "Turnout"): the NER model's guess, not a person.
                continue
        article = by_id[f.source]
        ref = article.published or anchor
        n = _normalize(lex, f, article, ref, resolved)
        if n is not None:
            out.append(n)
    return _compound_durations(out, by_id)


# what joins two parts of one length of time ("four years and three months", "2 hours,
# 40 minutes"); read with fullmatch() on the gap between them
_JOINED = re.compile(r"\A\s*+(?:,\s*+(?:and\s++)?|and\s++)?\Z")


def _compound_durations(norms: list[Norm], articles: dict[str, Article]) -> list[Norm]:
    """'four years and three months', '2 hours 40 minutes': one length of time written in two
    units is one figure, in the smaller unit."""
    from checker.normalize.numbers import DURATION, Quantity

    durations = sorted(
        (
            n
            for n in norms
            if n.fact.kind == "quantity"
            and getattr(n.value, "unit", None) in DURATION
            and "unit" in n.fact.spans
        ),
        key=lambda n: (n.fact.source, n.fact.spans["value"].start),
    )
    merged: dict[int, Norm] = {}
    dropped: set[int] = set()
    for a, b in itertools.pairwise(durations):
        if id(a) in dropped or a.fact.source != b.fact.source:
            continue
        qa, qb = a.value, b.value
        if DURATION[qa.unit] <= DURATION[qb.unit] or a.fact.evidence_span != b.fact.evidence_span:
            continue
        text = articles[a.fact.source].text
        gap = text[a.fact.spans["unit"].end : b.fact.spans["value"].start]
        if len(gap) > 8 or not _JOINED.fullmatch(gap):
            continue
        ratio = DURATION[qa.unit] / DURATION[qb.unit]
        q = Quantity(
            round(qa.lo * ratio + qb.lo, 6),
            round(qa.hi * ratio + qb.hi, 6),
            qa.qualifier,
            qb.unit,
            qb.factor,
        )
        start, end = a.fact.spans["value"].start, b.fact.spans["unit"].end
        shown = text[start:end]
        fact = a.fact.model_copy(
            update={
                "fields": {**a.fact.fields, "value": shown, "unit": None},
                "spans": {"value": Span(start=start, end=end)},
            }
        )
        merged[id(a)] = Norm(fact, a.key, q, shown, q.describe())
        dropped.add(id(b))
    if not merged:
        return norms
    return [merged.get(id(n), n) for n in norms if id(n) not in dropped]


def _normalize(
    lex: Lexicon, f: Fact, article: Article, ref: dt.date | None, resolved: dict[str, str]
) -> Norm | None:
    v = f.fields
    if f.kind == "person":
        key = resolved.get(person_key(lex, v["name"] or ""), person_key(lex, v["name"] or ""))
        if not key:
            return None
        title: Title | None = parse_title(lex, v.get("title") or "") if v.get("title") else None
        return Norm(f, key, title, v.get("title") or v["name"] or "", title.role if title else key)
    if f.kind == "quantity":
        unit = v.get("unit")
        unit_span = f.spans.get("unit")
        if (
            unit
            and unit_span is not None
            and re.match(
                r"\A\s*+(?:/\s*+h\b|per hour\b)", article.text[unit_span.end : unit_span.end + 10]
            )
        ):
            unit = f"{unit}/h"  # "120 km/h" split by the tokenizer into "km" and "/h"
        q: Quantity | None = parse_quantity(lex, v["value"] or "", unit)
        if q is None:
            return None
        slot = quantity_key(lex, q.unit, v.get("about"))
        if slot is None:
            return None
        key = slot
        # "six-day trip": the duration is about the trip
        unit_span = f.spans.get("unit")
        if unit_span is not None and q.unit is not None and key == q.unit:
            tail = article.text[f.spans["value"].start : min(len(article.text), unit_span.end + 30)]
            m = _HYPHEN_UNIT.search(tail.lower())
            if m:
                key = f"{q.unit} {m.group(1)}"
        if v.get("about") and not v.get("unit"):
            shown = f"{v['value']} {v['about']}"
        shown = f"{v['value']} {v.get('unit') or ''}".strip()
        if unit_span is not None and 0 <= unit_span.start - f.spans["value"].end <= 3:
            shown = article.text[f.spans["value"].start : unit_span.end]
        elif unit_span is not None and 0 <= f.spans["value"].start - unit_span.end <= 1:
            shown = article.text[unit_span.start : f.spans["value"].end]  # "$4.2 billion"
        if unit_span is not None and (
            f.spans["value"].start <= unit_span.start and unit_span.end <= f.spans["value"].end
        ):
            shown = v["value"] or shown  # "around an hour": the unit is inside the value
        return Norm(f, key, q, shown, q.describe())
    if f.kind == "date":
        d: DateValue | None = parse_date(v["value"] or "", ref)
        if d is None:
            return None
        if d.precision in ("day", "weekday") and _beside_other_zone(lex, article.text, f):
            d = replace(d, slack=1)
        cls = event_class(lex, v.get("event"))
        key = "period" if d.precision == "period" else (cls or "other")
        return Norm(f, key, d, v["value"] or "", d.describe())
    if f.kind == "place":
        key = place_key(lex, v["name"] or "")
        return Norm(f, key, key, v["name"] or "", key) if key else None
    if f.kind == "quote":
        speaker = v.get("speaker")
        skey = resolved.get(person_key(lex, speaker), person_key(lex, speaker)) if speaker else ""
        text = fold(lex, v["text"] or "")
        return Norm(f, skey, text, v["text"] or "", text)
    if f.kind == "term":
        from checker.terms import term_class

        cls = term_class(lex, f)
        return Norm(f, f.fields.get("category") or "term", cls, f.fields.get("term") or "", cls)
    if f.kind == "attribution":
        key = org_key(lex, v["reporter"] or "")
        return Norm(f, key, key, v["reporter"] or "", key) if key else None
    return None
