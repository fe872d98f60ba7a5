"""Date rules: days and clock times of one event, single-source dates, a source against itself."""

from __future__ import annotations

import itertools
from collections import Counter
from collections.abc import Iterator
from typing import Any

from checker.lexicon import Lexicon
from checker.models import Finding, FindingValue
from checker.normalize import dates
from checker.rules.common import (
    RANK,
    conflicting,
    enough,
    missing,
    self_findings,
    sentences,
    sides,
    text_value,
)
from checker.rules.registry import Story, make_finding, rule, value_of


@rule(
    "date/conflict",
    "date",
    "high",
    "Sources date the same event differently",
    levels={"statement": "medium"},  # statements quoted on different days: worth checking
    covers=("date/only-one-source",),
)
def date_conflict(story: Story) -> Iterator[Finding]:
    """Sources that give different dates for the same event.

    Dates are compared by what they date (the event the aligner places them with) and by
    precision: "in March" holds with "March 3". A differing date of a statement ("said on
    Tuesday") is medium: coverage often quotes statements made on different days.

    Why it matters:
        A wrong date misplaces the whole event: when it happened decides what came before and
        after, and readers compare it with what they saw themselves.

    Example:
        a: The Orrin mine was closed on June 4, 2024, the regulator said.
        b: The Orrin mine was closed on June 14, 2024, the regulator said.
        Finding (high): a "June 4, 2024", b "June 14, 2024".
    """
    lex = story.lex
    for key, norms in sorted(story.slot("date").items()):
        if key == "other":
            continue
        per = Story.by_source(norms)
        if len(per) < 2:
            continue
        if key == "period":
            involved = conflicting(per, lambda a, b: dates.relation(a, b) != "conflict")
        else:
            involved = conflicting(per, lambda a, b: a.overlaps(b))
        if not involved:
            continue
        vals = [value_of(lex, n) for s in involved for n in per[s]]
        label = "the period" if key == "period" else f"the {story.label('date', key)}"
        # Coverage quotes several statements on different days: a differing statement date is
        # worth checking, not a contradiction of fact.
        yield make_finding(
            "date/conflict",
            "conflict",
            f"date:{key}",
            f"Dates for {label} disagree: "
            + sides(vals, story.order, note=lambda vs: str(vs[0].normalized)),
            vals,
            rank=0.85,
            variant="statement" if key == "statement" else None,
        )


@rule("date/only-one-source", "only_in_one_source", "low", "A date only one source gives")
def date_only_one(story: Story) -> Iterator[Finding]:
    """A date that one source gives and no other source gives, nor any date that overlaps it.

    Why it matters:
        A date only one outlet states (when repairs start, when a trial opens) is a single
        report; the editor may want it confirmed before it goes out as fact.

    Example:
        a: The library closed for repairs. It will reopen on September 2, 2025.
        b: The library closed for repairs. It will reopen in the autumn.
        Finding (low): a "September 2, 2025".
    """
    lex = story.lex
    if not enough(story):
        return
    all_dates = [n for ns in story.slot("date").values() for n in ns]
    # Distinct values and the sources giving each: a value is single-source only when no value
    # that overlaps it comes from another source.
    by_value: dict[str, tuple[Any, set[str]]] = {}
    for o in all_dates:
        by_value.setdefault(o.normalized, (o.value, set()))[1].add(o.fact.source)
    for key, norms in sorted(story.slot("date").items()):
        for n in norms:
            if any(
                v.overlaps(n.value) and (srcs - {n.fact.source}) for v, srcs in by_value.values()
            ):
                continue
            yield make_finding(
                "date/only-one-source",
                "only_in_one_source",
                f"date:{key}:{n.normalized}",
                f"Only {n.fact.source} gives the date \u201c{n.shown}\u201d ({n.normalized})",
                [value_of(lex, n)],
                missing_from=missing(story, [n.fact.source]),
                rank=RANK["date"],
            )


def _story_offset(
    lex: Lexicon,
    found: list[tuple[str, int, int, int, str | None, tuple[int, int]]],
) -> float | None:
    """The story's local offset from UTC: from a local time written beside its UTC equivalent
    ("5:12 a.m. (2112 GMT)") or from a zone abbreviation some source uses ("PDT"; not "<place>
    time", which converts the event's clock for readers elsewhere)."""
    from checker.normalize.times import zone_offset

    votes: Counter[float] = Counter()
    by_source: dict[str, list[tuple[int, int, int, str | None, tuple[int, int]]]] = {}
    for sid, *rest in found:
        by_source.setdefault(sid, []).append(tuple(rest))  # type: ignore[arg-type]
    for items in by_source.values():
        for (_s1, e1, m1, z1, _), (s2, _e2, m2, z2, _) in itertools.pairwise(items):
            o2 = zone_offset(lex, z2) if z2 and z2.lower() != "local time" else None
            if (z1 is None or z1.lower() == "local time") and o2 is not None and s2 - e1 <= 25:
                diff = ((m1 - m2) / 60 + o2) % 24
                votes[diff - 24 if diff > 14 else diff] += 2
        for _s, _e, _m, z, _ in items:
            # "PDT" in one source dates the story's own clock; "Kenyan time" converts the
            # event's clock for readers elsewhere, so it says nothing of the local one
            o = zone_offset(lex, z) if z and not z.lower().endswith(" time") else None
            if o is not None and o != 0:
                votes[o] += 1
    return max(votes, key=lambda k: (votes[k], -abs(k))) if votes else None


@rule(
    "date/time",
    "date",
    "high",
    "Sources give different clock times for one event",
    covers=("date/only-one-source",),
)
def time_conflict(story: Story) -> Iterator[Finding]:
    """Sources that give different clock times for one event.

    Times are read with their zone ("0300 GMT", "5 a.m. local time") and compared in one
    clock: a local time beside its UTC equivalent in any source gives the story's offset. Times
    of different events (the quake, the aftershock) are not compared.

    Why it matters:
        An hour's difference is often a zone read wrong; it changes what was known when, and
        a timeline built on the wrong time misleads.

    Example:
        a: The tremor struck at 0415 GMT, the survey said.
        b: The tremor struck at 0645 GMT, the survey said.
        Finding (high): a "0415 GMT", b "0645 GMT".
    """
    from checker.align.events import predicate_near
    from checker.normalize.times import find_times, to_clock

    lex = story.lex
    found = []
    where: list[tuple[str, str, str, int]] = []
    for sid, article in sorted(story.articles.items()):
        for start, sent in sentences(story, article):
            for s, e, minutes, zone, slack in find_times(lex, sent):
                found.append((sid, s, e, minutes, zone, slack))
                where.append((sid, sent, predicate_near(lex, sent, s, e) or "", start))
    offset = _story_offset(lex, found)
    per: dict[str, dict[str, list[tuple[Any, FindingValue]]]] = {}
    for (sid, s, e, minutes, zone, slack), (_, sent, cls, base) in zip(found, where, strict=True):
        if not cls:
            continue
        clock = to_clock(lex, minutes, zone, slack, offset)
        value = text_value(
            sid,
            sent[s:e],
            sent.strip(),
            base + s,
            normalized=f"{clock.minutes // 60:02d}{clock.minutes % 60:02d}"
            + (" UTC" if clock.utc else " local"),
        )
        per.setdefault(cls, {}).setdefault(sid, []).append((clock, value))
    for cls, sources in sorted(per.items()):
        ids = sorted(sources)
        involved: set[str] = set()
        for i, a in enumerate(ids):
            for b in ids[i + 1 :]:
                pairs = [(x, y) for x, _ in sources[a] for y, _ in sources[b] if x.utc == y.utc]
                if pairs and not any(x.agrees(y) for x, y in pairs):
                    involved |= {a, b}
        if not involved:
            continue
        vals = [v for sid in sorted(involved) for _, v in sources[sid]]
        yield make_finding(
            "date/time",
            "conflict",
            f"time:{cls}",
            f"Clock times for the {cls} disagree: "
            + sides(vals, story.order, note=lambda vs: str(vs[0].normalized)),
            vals,
            rank=0.85,
        )


@rule(
    "date/self-conflict",
    "date",
    "high",
    "One source gives two dates for one event",
    covers=("date/only-one-source",),
)
def date_self_conflict(story: Story) -> Iterator[Finding]:
    """One source that gives two different days for one event.

    Only dates precise to the day are compared; "in May" and "May 9" hold together.

    Why it matters:
        A story that contradicts itself is wrong in one place at least, whatever the other
        sources say; it is the cheapest error to fix before publication.

    Example:
        a: The bridge reopened on May 9, 2025. [...] Since the bridge reopened on May 19,
           2025, traffic has doubled.
        b: The bridge reopened in May, the council said.
        Finding (high): a "May 9, 2025", a "May 19, 2025".
    """

    def holds(a: Any, b: Any) -> bool:
        return a.overlaps(b) or a.precision != "day" or b.precision != "day"

    yield from self_findings(
        "date/self-conflict",
        "date",
        story,
        holds,
        lambda key: f"the date of the {story.label('date', key)}",
    )
