"""Place rules: aliases, where an event happened, directions and distances from a reference."""

from __future__ import annotations

import itertools
import re
from collections import Counter
from collections.abc import Iterator
from functools import lru_cache
from typing import NamedTuple

from checker.align.words import DIRECTIONS, noun_class, spelled_alike
from checker.lexicon import Lexicon
from checker.models import Finding, FindingValue
from checker.normalize import gazetteer
from checker.normalize.entities import fold, is_region, place_key, place_within
from checker.normalize.facts import Norm
from checker.normalize.numbers import singular
from checker.rules.common import (
    RANK,
    STOP,
    content_stem,
    content_words,
    enough,
    missing,
    one_per_class_key,
    one_per_source,
    sentences,
    text_value,
)
from checker.rules.elsewhere import named_elsewhere
from checker.rules.registry import Story, make_finding, rule, value_of


@rule("place/alias", "place", "info", "One place under different names")
def place_alias(story: Story) -> Iterator[Finding]:
    """One place written under different names or spellings by different sources.

    Aliases come from the lexicon and the gazetteer (an old and a new name, a local and an
    English spelling).

    Why it matters:
        Nothing is wrong; the note tells the editor that the sources mean the same place and
        that the story should use one name for it.

    Example:
        a: Heavy rain flooded streets in Peking on Tuesday.
        b: Heavy rain flooded streets in Beijing on Tuesday.
        Finding (info): a "Peking", b "Beijing".
    """
    lex = story.lex
    for key, norms in sorted(story.slot("place").items()):
        per = one_per_source(norms)
        spellings = {fold(lex, n.shown).replace(" ", "") for n in per}
        if len(per) < 2 or len(spellings) < 2:
            continue
        yield make_finding(
            "place/alias",
            "compatible",
            f"place:{key}",
            "The same place written differently: "
            + ", ".join(f"{n.fact.source}: {n.shown}" for n in per),
            [value_of(lex, n) for n in per],
            rank=0.1,
        )


@rule(
    "place/only-one-source",
    "only_in_one_source",
    "low",
    "A place only one source names",
    covers=("claim/only-one-source",),
    cites_covered=True,
    elsewhere=named_elsewhere,
)
def place_only_one(story: Story) -> Iterator[Finding]:
    """A place that one source names and no other source does.

    A place inside one another source names ("a village near the city") is still reported,
    with a note saying what contains it.

    Why it matters:
        A location only one outlet gives may be a detail it alone has, or a place misread;
        before a map or a dateline relies on it, it needs checking.

    Example:
        a: The lorry overturned on the motorway, police said. Traffic was diverted through
           York.
        b: The lorry overturned on the motorway, police said.
        Finding (low): a "York".
    """
    lex = story.lex
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
            if k != key
            and place_within(lex, key, k)
            and any(m.fact.source not in sources for m in ns)
        ]
        note = f" (inside {within[0]}, which others mention)" if within else ""
        yield make_finding(
            "place/only-one-source",
            "only_in_one_source",
            f"place:{key}",
            f"Only {n.fact.source} names {n.shown}{note}",
            [value_of(lex, n)],
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


# "the capital Lima", "the city of Lima": a word or two that say what the reference is
_REF_DESCRIBED = r"(?:(?:[a-z]++\s++){1,2}(?:of\s++)?(?=[A-Z]))?"
# A figure starts at its qualifier, at the first space before it or at its first digit, never
# inside a run of spaces or digits (a match from there is a match from the run's start): so
# a long run costs one scan, not one per character.
_POSITION = re.compile(
    r"(?P<dist>(?:(?:about|around|roughly|some|nearly|almost|approximately|just over|just under)"
    r"\s*+|(?<!\s)\s++|(?<![\s\d.,]))[\d.,]++"
    r"|(?:about |around |roughly |some )?(?:one|two|three|four|five|six|seven|eight|nine|ten|a few))"
    r"[\s-]*+(?P<unit>km|kms|kilometres?|kilometers?|miles?|nautical miles?|metres?|meters?|m)"
    r"(?:\s*+\([^()]{1,30}\))?\s++"  # "30 km (19 miles) east": the conversion in brackets
    rf"(?:to the\s++)?(?P<dir>{DIRECTIONS})(?:ern)?"
    rf"\s++(?:of|from)\s++(?:the\s++)?{_REF_DESCRIBED}"
    r"(?P<ref>[A-Z][\w'’-]*+(?:\s++[A-Z][\w'’-]*+){0,3}|[a-z]+)",
)
# "a town east of Lima": a bearing without a distance (the reference must be a name)
_BEARING = re.compile(
    rf"\b(?P<dir>(?i:{DIRECTIONS}))(?:ern)?\s++(?:of|from)\s++(?:the\s++)?{_REF_DESCRIBED}"
    r"(?P<ref>[A-Z][\w'’-]*+(?:\s++[A-Z][\w'’-]*+){0,3})",
)


Position = tuple[str, str, float, str, FindingValue]


def _positions(story: Story) -> list[Position]:
    """(source, reference key, distance in km, direction, value) for every 'N km DIR of X'
    (computed once per story: two rules use them)."""
    return [p for p in _all_positions(story) if p[2] > 0]


def _all_positions(story: Story) -> list[Position]:
    """Every position from a reference, 'N km DIR of X' and, with distance 0, a bare bearing
    'DIR of X' whose reference is a name ('a town east of X')."""
    from checker.normalize.numbers import parse_quantity

    lex = story.lex
    if "positions" in story.derived:
        cached: list[Position] = story.derived["positions"]
        return cached
    out = []
    for sid, article in sorted(story.articles.items()):
        for start, sent in sentences(story, article):
            low = sent.lower()
            if not ("north" in low or "south" in low or "east" in low or "west" in low):
                continue  # no compass word: no position (most sentences; a cheap test)
            spans = []
            for m in _POSITION.finditer(sent):
                q = parse_quantity(lex, m.group("dist").strip(), m.group("unit"))
                if q is None or q.unit not in ("km", "m"):
                    continue
                spans.append((m.start("dir"), m.end()))
                km = (q.lo + q.hi) / 2 / (1000 if q.unit == "m" else 1)
                direction = m.group("dir").lower().replace("-", "")
                ref = m.group("ref")
                key = noun_class(lex, ref) if ref.islower() else place_key(lex, ref)
                text = m.group(0).strip()
                at = start + m.start() + (len(m.group(0)) - len(m.group(0).lstrip()))
                out.append((sid, key, km, direction, text_value(sid, text, sent.strip(), at)))
            for m in _BEARING.finditer(sent):
                if any(a <= m.start() < b for a, b in spans) or not m.group("ref")[:1].isupper():
                    continue
                direction = m.group("dir").lower().replace("-", "")
                value = text_value(sid, m.group(0), sent.strip(), start + m.start())
                out.append((sid, place_key(lex, m.group("ref")), 0.0, direction, value))
    story.derived["positions"] = out
    return out


def _subject(story: Story, value: FindingValue, ref: str) -> str | None:
    """The place a position is of: the first place its sentence names before it that is not
    the reference or a region ('Vold, a town 20 km north of X' -> 'vold'), else None."""
    lex = story.lex
    cache: dict[tuple[str, int | None], str | None] = story.derived.setdefault("subjects", {})
    if (value.source, value.start) in cache:
        return cache[(value.source, value.start)]
    at = value.start or 0
    sent_start = at - max(0, value.evidence.find(value.text))
    best = next(
        (
            key
            for start, key in _places_by_source(story).get(value.source, [])
            if sent_start <= start < at and key != ref and not is_region(lex, key)
        ),
        None,
    )
    cache[(value.source, value.start)] = best
    return best


def _places_by_source(story: Story) -> dict[str, list[tuple[int, str]]]:
    """Source -> (offset, place key) of every place it names, in text order (computed once)."""
    if "places_by_source" not in story.derived:
        out: dict[str, list[tuple[int, str]]] = {}
        for key, norms in story.slot("place").items():
            for n in norms:
                span = n.fact.spans.get("name")
                if span is not None:
                    out.setdefault(n.fact.source, []).append((span.start, key))
        for spans in out.values():
            spans.sort()
        story.derived["places_by_source"] = out
    found: dict[str, list[tuple[int, str]]] = story.derived["places_by_source"]
    return found


def _same_subject(story: Story, a: Position, b: Position) -> bool | None:
    """Whether two positions are of one place: True (the same place named), False (two
    places, neither inside the other), None (a sentence names none)."""
    lex = story.lex
    sa, sb = _subject(story, a[4], a[1]), _subject(story, b[4], b[1])
    if sa is None or sb is None:
        return None
    return (
        sa == sb or spelled_alike(sa, sb) or place_within(lex, sa, sb) or place_within(lex, sb, sa)
    )


def _same_reference(lex: Lexicon, a: str, b: str) -> bool:
    """'hualien city' / 'hualian city'; 'airport' (the airport) / 'bankstown airport'."""
    if spelled_alike(a, b):
        return True
    wa, wb = a.split(), b.split()
    return (len(wa) == 1 and noun_class(lex, wb[-1]) == wa[0]) or (
        len(wb) == 1 and noun_class(lex, wa[-1]) == wb[0]
    )


@rule(
    "place/direction",
    "place",
    "high",
    "Sources put one place in different directions from a reference",
    covers=("place/only-one-source",),
)
def place_direction(story: Story) -> Iterator[Finding]:
    """Sources that put one place in different directions from one reference point.

    One finding per reference point whose positions disagree: what each source gives, the
    odd one out beside the rest. A value is the position itself ('24 km southwest'); the
    reference is named in the message. Bearings less than 45 degrees apart agree; positions at
    distances more than 35% apart are taken for two different things.

    Why it matters:
        Directions place the event on the map: an epicentre north of a town rather than south
        of it changes which communities were hit and where help is sent.

    Example:
        a: The fire started 8 km north of Ostby, the service said.
        b: The fire started 8 km south of Ostby, the service said.
        Finding (high): a "8 km north", b "8 km south".
    """
    lex = story.lex
    pos = _all_positions(story)
    groups: list[list[int]] = []
    for i, (_, ref, *_rest) in enumerate(pos):
        home = next((g for g in groups if _same_reference(lex, pos[g[0]][1], ref)), None)
        if home is None:
            groups.append([i])
        else:
            home.append(i)
    for group in groups:
        involved: set[int] = set()
        for a, b in itertools.combinations(group, 2):
            (sa, _, da, dira, _), (sb, _, db, dirb, _) = pos[a], pos[b]
            if sa == sb:
                continue
            turn = abs(_ANGLE[dira] - _ANGLE[dirb]) % 360
            turn = min(turn, 360 - turn)
            if turn < 45:
                continue
            if da and db:
                if max(da, db) > 1.35 * min(da, db):
                    continue  # another distance: likely another thing measured from the same place
                if (
                    max(da, db) > 1.15 * min(da, db)
                    and _same_subject(story, pos[a], pos[b]) is False
                ):
                    continue  # two places named, at two distances: two things
                # one compass point apart is a conflict only at the same distance
                if turn >= 90 or max(da, db) <= 1.15 * min(da, db):
                    involved |= {a, b}
            elif _same_subject(story, pos[a], pos[b]):
                involved |= {a, b}  # no distance: only when both name the same place
        if not involved:
            continue
        chosen = sorted(involved, key=lambda k: (pos[k][0], pos[k][4].start or 0))
        by_direction: dict[str, list[str]] = {}
        values = []
        shown_all: list[str] = []
        for k in chosen:
            sid, _, _, direction, v = pos[k]
            m = re.match(rf"(.*?\b(?:{DIRECTIONS})(?:ern)?)\b", v.text, re.I)
            shown = m.group(1) if m else v.text
            shown_all.append(shown)
            # "30 km (19 miles) southeast": the value is the direction, the distance and its
            # conversion stay in the message
            cut = shown.rfind(")") + 1 if "(" in shown else 0
            cut += len(shown[cut:]) - len(shown[cut:].lstrip())
            values.append(
                v.model_copy(
                    update={
                        "text": shown[cut:],
                        "start": (v.start or 0) + cut,
                        "end": (v.start or 0) + len(shown),
                        "normalized": direction,
                    }
                )
            )
            by_direction.setdefault(direction, []).append(f"{sid}: {shown}")
        refs = [
            re.sub(r"^(?:of|from)\s+", "", pos[k][4].text[len(shown) :].strip())
            for k, shown in zip(chosen, shown_all, strict=True)
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


@rule(
    "place/event",
    "place",
    "high",
    "Sources give different places for one event",
    covers=("place/only-one-source",),
)
def place_of_event(story: Story) -> Iterator[Finding]:
    """Sources that give different places for one event (a landfall, a crash, an arrival).

    Two sources that each name a place for the event, none inside the other, and neither
    naming the other's place at all.

    Why it matters:
        Where it happened is one of the first facts a reader takes from a story; two places
        for one event mean one source has it wrong, or the sources describe different events.

    Example:
        a: The plane crashed near Port Velling on Friday, the aviation authority said.
        b: The plane crashed near Tarrow Bay on Friday, the aviation authority said.
        Finding (high): a "Port Velling", b "Tarrow Bay".
    """
    from checker.align.events import event_before, event_hits

    lex = story.lex
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
            cls = event_before(lex, sent, at, window=45)
            if cls not in lex.located_events:
                # the sentence's subject may be the event, its verb another ("A landslide ...
                # buried 30 homes in the village of X"): a located event earlier in the clause
                located = [c for _, c in event_hits(lex, sent, 0, at) if c in lex.located_events]
                cls = located[-1] if located else cls
            if cls not in lex.located_events:
                # "its Tresk headquarters", "in Vold, where it has its head office"
                after = n.fact.spans["name"].end - ev.start
                around = [
                    c
                    for _, c in event_hits(lex, sent, after, min(len(sent), after + 35))
                    if c in lex.located_around
                ]
                cls = around[0] if around else cls
            if cls is not None and cls in lex.located_events:
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
                if n.key in context or is_region(lex, n.key):
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
                    or any(names_place(story, sb, x) for x in ka)
                    or any(names_place(story, sa, y) for y in kb)
                    or any(within(story, x, y) or within(story, y, x) for x in ka for y in kb)
                ):
                    continue
                involved |= {sa, sb}
        if not involved:
            continue
        vals = [
            value_of(lex, n)
            for sid in sorted(involved)
            for n in one_per_class_key(per[sid], keys[sid])
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
    # the distances it shows are figures too: the number rules' single-source finding on one
    # of them says less than it does
    covers=("place/only-one-source", "number/only-one-source"),
)
def place_self_conflict(story: Story) -> Iterator[Finding]:
    """One source that gives two different distances from one reference in the same direction.

    Distances within 35% of each other are taken as the same ("about 20 km", "22 km").

    Why it matters:
        A story that places one thing at two distances is wrong in one place at least; often
        a later bulletin updated one figure and not the other.

    Example:
        a: The wreck lies 12 km west of Port Velling. A later survey put it 40 km west of Port
           Velling.
        b: Divers reached the wreck near Port Velling on Monday.
        Finding (high): a "12 km west of Port Velling", a "40 km west of Port Velling".
    """
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


def _folded_text(story: Story, sid: str) -> str:
    """A source's whole text (headline included), folded, with spaces at both ends."""
    cache: dict[str, str] = story.derived.setdefault("folded_texts", {})
    if sid not in cache:
        article = story.articles.get(sid)
        whole = (article.title or "") + "\n" + article.text if article else ""
        cache[sid] = f" {fold.__wrapped__(story.lex, whole)} "  # not kept in fold's cache
    return cache[sid]


def _written_forms(story: Story) -> dict[str, set[str]]:
    """Place key -> the folded ways sources write it ('jamsa', 'kouvola city')."""
    lex = story.lex
    if "place_forms" not in story.derived:
        forms: dict[str, set[str]] = {}
        for key, norms in story.slot("place").items():
            forms[key] = {key} | {fold(lex, n.shown) for n in norms if fold(lex, n.shown)}
        story.derived["place_forms"] = forms
    out: dict[str, set[str]] = story.derived["place_forms"]
    return out


def names_place(story: Story, sid: str, key: str) -> bool:
    """True when source ``sid`` writes place ``key`` anywhere, headline included."""
    cache: dict[tuple[str, str], bool] = story.derived.setdefault("names_place", {})
    if (sid, key) not in cache:
        cache[(sid, key)] = _names_place(story, sid, key)
    return cache[(sid, key)]


def _names_place(story: Story, sid: str, key: str) -> bool:
    text = _folded_text(story, sid)
    return any(
        re.search(rf" {re.escape(w)} (?!{_ADMIN_WORDS}\b)", text)
        for w in _written_forms(story).get(key, {key})
        if f" {w} " in text
    )


# "Vold County" is not the town of Vold
_ADMIN_WORDS = (
    r"(?:county|counties|district|districts|province|provinces|region|state|prefecture|"
    r"parish|municipality|governorate|oblast)"
)


# "X in the eastern state of Y", "X, in Y", "X near Y": the text itself says X lies in Y
# read with fullmatch() on the words between two place names: anchored at the start, so a
# search over a long run of spaces tries one place only
_STATED_IN = re.compile(
    r"\A\s*+,?\s*+(?:(?:in|near|outside)\s++(?:the\s++)?(?:[a-z-]++\s++){0,4}?(?:of\s++)?|"
    r"(?:a|an|the|now)\s++(?:[a-z-]++\s++){0,3}?(?:of|in)\s++(?:the\s++)?(?:[a-z-]++\s++){0,2}?"
    r"(?:of\s++)?|"
    r"(?:now\s++)?part\s++of\s++(?:the\s++)?(?:[a-z-]++\s++){0,2}?(?:of\s++)?)"
)
_STATED_COMMA = re.compile(r"\A\s*+,\s*+$")


def _stated_within(story: Story) -> set[tuple[str, str]]:
    """(inner, outer) place keys a source's own words put one inside the other: 'X in the
    state of Y', 'X, Y' when Y is a region (the text's containment, for places no gazetteer
    holds)."""
    lex = story.lex
    if "stated_within" in story.derived:
        cached: set[tuple[str, str]] = story.derived["stated_within"]
        return cached
    by_source: dict[str, list[tuple[int, int, str]]] = {}
    for key, norms in story.slot("place").items():
        for n in norms:
            span = n.fact.spans.get("name")
            if span is not None:
                by_source.setdefault(n.fact.source, []).append((span.start, span.end, key))
    out: set[tuple[str, str]] = set()
    for sid, spans in by_source.items():
        article = story.articles.get(sid)
        if article is None:
            continue
        spans.sort()
        for (_, a_end, a), (b_start, _, b) in itertools.pairwise(spans):
            gap = article.text[a_end:b_start]
            if a == b or not 0 < len(gap) <= 45:
                continue
            if _STATED_IN.fullmatch(gap) or (_STATED_COMMA.fullmatch(gap) and is_region(lex, b)):
                out.add((a, b))
    story.derived["stated_within"] = out
    return out


def within(story: Story, inner: str, outer: str) -> bool:
    """``inner`` lies in ``outer``: by the gazetteer, the lexicon, or a source's own words."""
    lex = story.lex
    if place_within(lex, inner, outer) or (inner, outer) in _stated_within(story):
        return True
    return any(
        (inner, mid) in _stated_within(story) and place_within(lex, mid, outer)
        for mid in {o for i, o in _stated_within(story) if i == inner}
    )


# "the brewery in X", "a pump house at the Y works in X": what a place locates is the noun
# phrase before its preposition, back to the start of the clause
_LOCATING = re.compile(r"\b(?:in|at|near|outside|on)\s+(?:the\s+)?$", re.I)
_CLAUSE_CUT = re.compile(
    r"[,;:()\"“”—–]|\b(?:that|which|who|where|when|while|after|before|because|and|but|"
    r"said|says|told|as)\b",
    re.I,
)
_NP_START = {"a", "an", "the", "its", "their", "his", "her", "our", "this", "that"}


class _Site(NamedTuple):
    source: str
    key: str
    norm: Norm
    words: frozenset[str]  # content stems of the clause before the place
    head: str  # the located noun's stem


def _sites(story: Story, context: set[str]) -> list[_Site]:
    """Place mentions that say where one definite thing is ('its brewery in X')."""
    lex = story.lex
    out = []
    for key, norms in sorted(story.slot("place").items()):
        if key in context or is_region(lex, key):
            continue
        for n in norms:
            article = story.articles.get(n.fact.source)
            span = n.fact.spans.get("name")
            if article is None or span is None or n.shown.isupper():
                continue
            found = _located_thing(article.text[max(0, span.start - 120) : span.start], lex)
            if found is not None:
                out.append(_Site(n.fact.source, key, n, found[0], found[1]))
    return out


@lru_cache(maxsize=65536)
def _located_thing(before: str, lex: Lexicon) -> tuple[frozenset[str], str] | None:
    """(content stems of the clause, the located noun's stem) for the text before a place, when
    it ends 'a/the/its … <noun> in|at|near …' naming one definite thing; else None."""
    prep = _LOCATING.search(before)
    if prep is None:
        return None
    window = before[: prep.start()]
    cuts = list(_CLAUSE_CUT.finditer(window))
    if cuts:
        window = window[cuts[-1].end() :]
    words = re.findall(r"[A-Za-z][A-Za-z'’-]*", window)
    if len(words) < 2:
        return None
    head = words[-1].lower()
    # a definite or counted one: a determiner opens the noun phrase within four words
    np_words = [w.lower() for w in words[-5:-1]]
    if not any(w in _NP_START for w in np_words) or not words[-1].islower():
        return None
    if any(_superlative(w) for w in words[-5:-1]):
        return None  # "the biggest theft in X": the place bounds a comparison
    if (
        head in lex.area_nouns
        or singular(head) != head
        or singular(head) in lex.human_nouns
        or head in STOP
        or len(head) < 4
    ):
        return None  # several homes, a man: several places may all be right
    return frozenset(content_words(lex, window)), content_stem(lex, head)


def _superlative(word: str) -> bool:
    """'largest', 'worst', 'first', 'only': a word that ranks within a scope."""
    from lemminflect import getAllLemmas

    w = word.lower()
    if w in ("first", "only", "most", "least", "last"):
        return True
    adj = getAllLemmas(w).get("ADJ", ())
    return w.endswith(("est", "rst")) and any(lem != w for lem in adj)


def _one_thing(a: _Site, b: _Site) -> bool:
    """Two mentions locate one thing: the located noun of one is in the other's clause and
    the clauses share another content word besides."""
    return (a.head in b.words or b.head in a.words) and len(a.words & b.words) >= 2


def _two_places(story: Story, x: str, y: str, sa: str, sb: str) -> bool:
    """Places ``x`` (source ``sa``) and ``y`` (source ``sb``) cannot both be where one thing
    is: neither lies in the other, neither source names the other's place, and no source names
    both (a story that mentions both may know how they relate), unless the gazetteer has them
    as two towns well apart."""
    if x == y or spelled_alike(x, y) or within(story, x, y) or within(story, y, x):
        return False
    if names_place(story, sb, x) or names_place(story, sa, y):
        return False
    return _not_related(story, x, y)


def _not_related(story: Story, x: str, y: str) -> bool:
    """No source names both places (one that does may know how they relate), unless the
    gazetteer has them as two towns well apart (computed once per pair)."""
    cache: dict[tuple[str, str], bool] = story.derived.setdefault("not_related", {})
    pair = (min(x, y), max(x, y))
    if pair not in cache:
        apart = gazetteer.apart_km(x, y)
        cache[pair] = (apart is not None and apart > 30) or not any(
            names_place(story, sid, x) and names_place(story, sid, y) for sid in story.sources
        )
    return cache[pair]


@rule(
    "place/site",
    "place",
    "high",
    "Sources give different places for one site or thing",
    covers=("place/only-one-source",),
)
def place_of_site(story: Story) -> Iterator[Finding]:
    """Sources that put one site or thing (a plant, a school, a ship's berth) in different places.

    Mentions that locate a definite thing described in common words ('the brewery in X' /
    'the brewery in Y') in places that cannot both hold. One finding per thing, with every
    source that places it.

    Why it matters:
        A factory, a hospital or a school put in the wrong town misinforms the people of both
        towns, and is easy for them to spot.

    Example:
        a: The company will close its packaging plant in Ambleby, with 200 jobs lost.
        b: The company will close its packaging plant in Tollen, with 200 jobs lost.
        Finding (high): a "Ambleby", b "Tollen".
    """
    lex = story.lex
    context = {k for k, ns in story.slot("place").items() if any(n.shown.isupper() for n in ns)}
    sites = _sites(story, context)
    by_word: dict[str, list[int]] = {}
    for i, s in enumerate(sites):
        for w in s.words:
            by_word.setdefault(w, []).append(i)
    parent = list(range(len(sites)))

    def root(i: int) -> int:
        while parent[i] != i:
            parent[i] = parent[parent[i]]
            i = parent[i]
        return i

    conflicted: set[int] = set()
    for i, a in enumerate(sites):
        for j in by_word.get(a.head, ()):  # blocked by the located noun: never all pairs
            b = sites[j]
            if j == i or a.source == b.source or not _one_thing(a, b):
                continue
            parent[root(i)] = root(j)  # one thing, wherever it is put
            if _two_places(story, a.key, b.key, a.source, b.source):
                conflicted |= {i, j}
    groups: dict[int, list[int]] = {}
    for i in sorted(conflicted):
        groups.setdefault(root(i), []).append(i)
    for members in groups.values():
        # every source that places the thing, the agreeing ones too
        everyone = [k for k in range(len(sites)) if root(k) == root(members[0])]
        per_source: dict[str, _Site] = {}
        for k in everyone:
            per_source.setdefault(sites[k].source, sites[k])
        if len({s.key for s in per_source.values()}) < 2:
            continue
        thing = Counter(_head_word(lex, s) for s in per_source.values()).most_common(1)[0][0]
        chosen = sorted(per_source.values(), key=lambda s: s.source)
        yield make_finding(
            "place/site",
            "conflict",
            f"place:site:{sites[members[0]].head}",
            f"Sources place the {thing} differently: "
            + "; ".join(f"{s.source}: {s.norm.shown}" for s in chosen),
            [value_of(lex, s.norm) for s in chosen],
            rank=0.85,
        )


def _head_word(lex: Lexicon, site: _Site) -> str:
    article = site.norm.fact
    before = article.evidence
    words = re.findall(r"[a-z][a-z'’-]*", before)
    return next((w for w in reversed(words) if content_stem(lex, w) == site.head), site.head)
