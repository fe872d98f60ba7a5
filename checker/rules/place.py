"""Place rules: aliases, where an event happened, directions and distances from a reference."""

from __future__ import annotations

import itertools
import re
from collections.abc import Iterator

from checker.align import DIRECTIONS, noun_class, spelled_alike
from checker.models import Finding, FindingValue
from checker.normalize.entities import fold, is_region, place_key, place_within
from checker.normalize.facts import Norm
from checker.normalize.lexicon import lexicon
from checker.rules.common import (
    RANK,
    enough,
    missing,
    one_per_class_key,
    one_per_source,
    sentences,
    text_value,
)
from checker.rules.registry import Story, make_finding, rule, value_of


@rule("place/alias", "place", "info", "One place under different names")
def place_alias(story: Story) -> Iterator[Finding]:
    for key, norms in sorted(story.slot("place").items()):
        per = one_per_source(norms)
        spellings = {fold(n.shown).replace(" ", "") for n in per}
        if len(per) < 2 or len(spellings) < 2:
            continue
        yield make_finding(
            "place/alias",
            "compatible",
            f"place:{key}",
            "The same place written differently: "
            + ", ".join(f"{n.fact.source}: {n.shown}" for n in per),
            [value_of(n) for n in per],
            rank=0.1,
        )


@rule("place/only-one-source", "only_in_one_source", "low", "A place only one source names")
def place_only_one(story: Story) -> Iterator[Finding]:
    if not enough(story):
        return
    places = story.slot("place")
    for key, norms in sorted(places.items()):
        sources = {n.fact.source for n in norms}
        if len(sources) != 1:
            continue
        # A place inside one another source names is detail, but still one source's detail.
        n = norms[0]
        within = [
            k
            for k, ns in places.items()
            if k != key and place_within(key, k) and any(m.fact.source not in sources for m in ns)
        ]
        note = f" (inside {within[0]}, which others mention)" if within else ""
        yield make_finding(
            "place/only-one-source",
            "only_in_one_source",
            f"place:{key}",
            f"Only {n.fact.source} names {n.shown}{note}",
            [value_of(n)],
            missing_from=missing(story, sources),
            rank=RANK["place"],
        )


_ANGLE = {
    "north": 0,
    "northeast": 45,
    "east": 90,
    "southeast": 135,
    "south": 180,
    "southwest": 225,
    "west": 270,
    "northwest": 315,
}


# A figure starts at its qualifier, at the first space before it or at its first digit, never
# inside a run of spaces or digits (a match from there is a match from the run's start): so
# a long run costs one scan, not one per character.
_POSITION = re.compile(
    r"(?P<dist>(?:(?:about|around|roughly|some|nearly|almost|approximately|just over|just under)"
    r"\s*+|(?<!\s)\s++|(?<![\s\d.,]))[\d.,]++"
    r"|(?:about |around |roughly |some )?(?:one|two|three|four|five|six|seven|eight|nine|ten|a few))"
    r"[\s-]*+(?P<unit>km|kms|kilometres?|kilometers?|miles?|nautical miles?|metres?|meters?|m)\s++"
    rf"(?:to the\s++)?(?P<dir>{DIRECTIONS})(?:ern)?"
    r"\s++(?:of|from)\s++(?:the\s++)?(?P<ref>[A-Z][\w'’-]*+(?:\s++[A-Z][\w'’-]*+){0,3}|[a-z]+)",
)


def _positions(story: Story) -> list[tuple[str, str, float, str, FindingValue]]:
    """(source, reference key, distance in km, direction, value) for every 'N km DIR of X'
    (computed once per story: two rules use them)."""
    from checker.normalize.numbers import parse_quantity

    if "positions" in story.derived:
        cached: list[tuple[str, str, float, str, FindingValue]] = story.derived["positions"]
        return cached
    out = []
    for sid, article in sorted(story.articles.items()):
        for start, sent in sentences(article):
            for m in _POSITION.finditer(sent):
                q = parse_quantity(m.group("dist").strip(), m.group("unit"))
                if q is None or q.unit not in ("km", "m"):
                    continue
                km = (q.lo + q.hi) / 2 / (1000 if q.unit == "m" else 1)
                direction = m.group("dir").lower().replace("-", "")
                ref = m.group("ref")
                key = noun_class(ref) if ref.islower() else place_key(ref)
                text = m.group(0).strip()
                at = start + m.start() + (len(m.group(0)) - len(m.group(0).lstrip()))
                out.append((sid, key, km, direction, text_value(sid, text, sent.strip(), at)))
    story.derived["positions"] = out
    return out


def _same_reference(a: str, b: str) -> bool:
    """'hualien city' / 'hualian city'; 'airport' (the airport) / 'bankstown airport'."""
    if spelled_alike(a, b):
        return True
    wa, wb = a.split(), b.split()
    return (len(wa) == 1 and noun_class(wb[-1]) == wa[0]) or (
        len(wb) == 1 and noun_class(wa[-1]) == wb[0]
    )


@rule(
    "place/direction",
    "place",
    "high",
    "Sources put one place in different directions from a reference",
)
def place_direction(story: Story) -> Iterator[Finding]:
    """One finding per reference point whose positions disagree: what each source gives, the
    odd one out beside the rest. A value is the position itself ('24 km southwest'); the
    reference is named in the message."""
    pos = _positions(story)
    groups: list[list[int]] = []
    for i, (_, ref, *_rest) in enumerate(pos):
        home = next((g for g in groups if _same_reference(pos[g[0]][1], ref)), None)
        if home is None:
            groups.append([i])
        else:
            home.append(i)
    for group in groups:
        involved: set[int] = set()
        for a, b in itertools.combinations(group, 2):
            (sa, _, da, dira, _), (sb, _, db, dirb, _) = pos[a], pos[b]
            if sa == sb or max(da, db) > 1.35 * min(da, db):
                continue  # another distance: likely another thing measured from the same place
            turn = abs(_ANGLE[dira] - _ANGLE[dirb]) % 360
            if min(turn, 360 - turn) >= 90:
                involved |= {a, b}
        if not involved:
            continue
        chosen = sorted(involved, key=lambda k: (pos[k][0], pos[k][4].start or 0))
        by_direction: dict[str, list[str]] = {}
        values = []
        for k in chosen:
            sid, _, _, direction, v = pos[k]
            m = re.match(rf"(.*?\b(?:{DIRECTIONS})(?:ern)?)\b", v.text, re.I)
            shown = m.group(1) if m else v.text
            values.append(
                v.model_copy(
                    update={
                        "text": shown,
                        "end": (v.start or 0) + len(shown),
                        "normalized": direction,
                    }
                )
            )
            by_direction.setdefault(direction, []).append(f"{sid}: {shown}")
        refs = [
            re.sub(r"^(?:of|from)\s+", "", pos[k][4].text[len(v.text) :].strip())
            for k, v in zip(chosen, values, strict=True)
        ]
        ref_text = (
            max(refs, key=lambda r: (sum(w[:1].isupper() for w in r.split()), len(r)))
            or pos[chosen[0]][1]
        )
        parts = sorted(by_direction.values(), key=len)
        yield make_finding(
            "place/direction",
            "conflict",
            f"position:{pos[chosen[0]][1]}",
            f"Sources put it in different directions from {ref_text}: "
            + "; ".join("; ".join(p) for p in parts),
            values,
            rank=0.85,
        )


_ADMIN_AFTER = re.compile(
    r"\A\s++(?:county|counties|district|districts|province|provinces|region|state|prefecture|"
    r"parish|municipality|governorate|oblast)\b",
    re.I,
)


@rule("place/event", "place", "high", "Sources give different places for one event")
def place_of_event(story: Story) -> Iterator[Finding]:
    """Where an event happened (landfall, a crash, an arrival): two sources that each name a
    place for it, none inside the other, and neither naming the other's place at all."""
    from checker.align import _event_hits, event_before

    by_event: dict[str, dict[str, list[Norm]]] = {}
    for norms in story.slot("place").values():
        for n in norms:
            article = story.articles.get(n.fact.source)
            if article is None:
                continue
            if n.shown.isupper():
                continue  # a dateline
            ev = n.fact.evidence_span  # within its sentence: repeated sentences repeat the answer
            sent = article.text[ev.start : ev.end]
            at = n.fact.spans["name"].start - ev.start
            cls = event_before(sent, at, window=45)
            if cls not in lexicon().located_events:
                # the sentence's subject may be the event, its verb another ("A landslide ...
                # buried 30 homes in the village of X"): a located event earlier in the clause
                located = [c for _, c in _event_hits(sent, 0, at) if c in lexicon().located_events]
                cls = located[-1] if located else cls
            if cls not in lexicon().located_events:
                # "its Tresk headquarters", "in Vold, where it has its head office"
                after = n.fact.spans["name"].end - ev.start
                around = [
                    c
                    for _, c in _event_hits(sent, after, min(len(sent), after + 35))
                    if c in lexicon().located_around
                ]
                cls = around[0] if around else cls
            if cls in lexicon().located_events:
                by_event.setdefault(cls, {}).setdefault(n.fact.source, []).append(n)
    # a place a dateline names (SYDNEY, June 6 -) is the story's setting, not the event's place
    context = {k for k, ns in story.slot("place").items() if any(n.shown.isupper() for n in ns)}
    if not any(len(per) > 1 for per in by_event.values()):
        return
    named: dict[str, set[str]] = {}  # every place each source names, anywhere
    for key, norms in story.slot("place").items():
        for n in norms:
            article = story.articles.get(n.fact.source)
            end = n.fact.spans["name"].end
            if article is not None and _ADMIN_AFTER.match(article.text[end : end + 20]):
                continue  # "Vold County" is not the town of Vold
            named.setdefault(n.fact.source, set()).add(key)
    for cls, per in sorted(by_event.items()):
        # a country, province or dateline city is the setting, not the event's place; of the
        # places a sentence gives for the event, the first is the event's own ("the village of
        # X in Y district": X), the rest say where that is
        keys: dict[str, set[str]] = {}
        for sid, ns in per.items():
            first: dict[int, Norm] = {}
            for n in ns:
                if n.key in context or is_region(n.key):
                    continue
                at = n.fact.evidence_span.start
                if (
                    at not in first
                    or n.fact.spans["name"].start < first[at].fact.spans["name"].start
                ):
                    first[at] = n
            keys[sid] = {n.key for n in first.values()}
        sources = sorted(s for s in per if keys[s])
        involved: set[str] = set()
        for i, sa in enumerate(sources):
            for sb in sources[i + 1 :]:
                ka, kb = keys[sa], keys[sb]
                if (
                    ka & named.get(sb, set())
                    or kb & named.get(sa, set())
                    or any(place_within(x, y) or place_within(y, x) for x in ka for y in kb)
                ):
                    continue
                involved |= {sa, sb}
        if not involved:
            continue
        vals = [
            value_of(n) for sid in sorted(involved) for n in one_per_class_key(per[sid], keys[sid])
        ]
        shown = "; ".join(
            f"{sid}: " + ", ".join(v.text for v in vals if v.source == sid)
            for sid in sorted(involved)
        )
        yield make_finding(
            "place/event",
            "conflict",
            f"place:event:{cls}",
            f"Sources place the {cls} differently: {shown}",
            vals,
            rank=0.85,
        )


@rule(
    "place/self-conflict",
    "place",
    "high",
    "One source gives two distances from one reference in one direction",
)
def place_self_conflict(story: Story) -> Iterator[Finding]:
    pos = _positions(story)
    by_source: dict[tuple[str, str], list[tuple[float, str, FindingValue]]] = {}
    for sid, ref, km, direction, value in pos:
        by_source.setdefault((sid, ref), []).append((km, direction, value))
    for (sid, ref), items in sorted(by_source.items()):
        for i, (da, dira, va) in enumerate(items):
            for db, dirb, vb in items[i + 1 :]:
                if va.evidence == vb.evidence or dira != dirb:
                    continue
                if max(da, db) <= 1.35 * min(da, db):
                    continue  # the same distance, or near enough
                yield make_finding(
                    "place/self-conflict",
                    "conflict",
                    f"position:{ref}:self:{sid}",
                    f"{sid} contradicts itself on the distance from {ref}: \u201c{va.text}\u201d and \u201c{vb.text}\u201d",
                    [va, vb],
                    rank=0.9,
                )
                break
