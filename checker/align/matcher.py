"""The scored matcher: which figures and dates of different sources state the same fact.

Every figure and date is a candidate with a *block* (what kind of value it is: a count, a
distance, a sum in one currency, a day, a year), a *family* (what the word classes of
:mod:`checker.align.keys` say it is about) and a *context* (the concepts of the words around it,
nearer words weighing more, words outside its clause little). Candidates of one block are
scored in pairs:

    score = W_CONTEXT * context similarity      (IDF-weighted cosine of the two contexts)
          + family signal                       (same specific family: strong; same generic
                                                 family: weak; two different specific
                                                 families: a penalty)
          + W_VALUE if the two values can both hold

and joined best pair first into slots, a pair at or above ``THRESHOLD``, so long as no source
ends up with two values in one slot that cannot both hold (a source states a fact once, or
twice in agreeing words: its headline and its body). A slot therefore pairs each value with at
most one fact of every other source. Pairs scored just under the threshold
(``THRESHOLD - BAND``) are *undecided*: kept for a narrow model job to judge
(:func:`checker.assist.undecided_pairs`), never joined by the matcher itself.

Candidates that share their family and their whole context (one sentence that several sources
carry word for word) are taken together first, so the cost grows with the number of distinct
statements, not with the number of sources repeating them.
"""

from __future__ import annotations

import math
import re
from collections import Counter, defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field, replace
from functools import lru_cache
from typing import Any

from checker.align.family import Family
from checker.lexicon import Lexicon
from checker.models import Article
from checker.normalize.facts import CHANGE, Norm
from checker.normalize.numbers import DURATION
from checker.normalize.words import STOP, content_stem, related

# Weights and threshold of the pair score (see the module docstring).
W_CONTEXT = 1.0
W_FAMILY_SPECIFIC = 0.5  # both in one family that names what they are about, each the only
# value of that family in its source (the case the word classes were made for)
W_FAMILY_SHARED = 0.25  # both in one specific family, but a source gives it two values
W_FAMILY_VERB = 0.2  # both beside one verb no word class knows ("~sweep")
W_FAMILY_GENERIC = 0.15  # both in one family that names only a unit or a general noun, each
# the only value of that family in its source
W_FAMILY_GENERIC_SHARED = 0.05  # ... and a source gives it two values
W_FAMILY_APART = 0.2  # each in a specific family of its own: the word classes tell them apart
W_FAMILY_APART_SOFT = 0.1  # ... of one counted noun or unit, apart only by the event or subject
# beside them (what the word classes read there is the noisiest of their signals)
W_LEAD = 0.1  # both stand in their article's first paragraph (the event's own figures and day)
W_PLACE = 0.5  # each names a place in its clause, and neither place is in the other
# ("1.29 million in the U.S." / "58,000 in Canada")
W_VALUE = 0.15  # the two values can both hold
W_VALUE_EXACT = 0.4  # ... and are the same improbable value (a span of days, 1,150, 2.14 billion)
W_VALUE_FAR = 0.2  # the two values are far apart: an outlet's slip changes a digit,
# a revision or a rounding moves a figure; several times another figure is more often another
# thing worded alike (a bribe and the contracts it won, one tower and the 412 inspected)
W_VALUE_FARTHER = 0.4  # ... two orders of magnitude apart: a count of one against hundreds
FARTHER = 30.0
FAR = 3.0  # "far apart": the larger figure this many times the smaller, or more
W_ASPECT = 0.3  # one date is of what will happen ("will meet again on Wednesday") or of when
# a spell began ("meeting daily since Monday"), the other is not: most often two occasions
THRESHOLD = 0.45
# a join that puts values that cannot both hold in one slot will be reported as a conflict, so
# it needs more evidence than a join of agreeing values
T_CONFLICT = 0.55
BAND = 0.1
_EPS = 1e-9  # sums of the weights above meet the threshold exactly

SYNONYM_WEIGHT = 0.3  # a WordNet synonym or derived word, against the word itself
NEAR = 1.15  # two figures this close say about the same (their value supports the pair)
PLACE_REACH = 60  # characters either side of a value its places are read in
NAME_WEIGHT = 1.5  # how much more a capitalised word inside a sentence counts in a context
_WORD = re.compile(r"[A-Za-z][A-Za-z'’]*")
_CLAUSE = re.compile(
    r"[;:()]|\s[-–—]\s|,\s(?:and|but|while|which|who|whereas|after|before|as|when)\b"
)
_GENERIC_FAMILIES = frozenset({"other", "period"})


@dataclass(frozen=True)
class Options:
    """Which signals the matcher uses (all by default); for measuring what each one adds."""

    context: bool = True
    family: bool = True
    value: bool = True


@dataclass
class _Group:
    """Candidates with one block, one family and one context: one statement, however many
    sources carry it word for word."""

    block: str
    family: Family
    bag: dict[str, float]
    members: list[int] = field(default_factory=list)  # indexes into the norms
    unique: bool = True  # no source of the group gives another value of its family
    places: frozenset[str] = frozenset()  # the places named beside the value
    lead: bool = False  # in its article's first paragraph
    deictic: str | None = None  # "today", "tonight": a day named relative to publication
    aspect: str = ""  # a date's: "ahead" (what will happen then), "since" (when a spell began)
    update: bool = False  # a figure its sentence gives as grown ("has risen to 16")
    published: Any = None  # the day all its sources were published, when they share one


@dataclass
class Alignment:
    """The matcher's result: every norm re-keyed to its slot, each slot's label, and the pairs
    left undecided."""

    norms: list[Norm]
    labels: dict[tuple[str, str], str] = field(default_factory=dict)  # (kind, key) -> label
    undecided: list[tuple[int, int, float]] = field(default_factory=list)  # (norm, norm, score)


@lru_cache(maxsize=65536)
def _concept(lex: Lexicon, word: str) -> str | None:
    """A context word's comparable form (its lemma's stem, synonyms folded), or None for a
    function word or a word too short to say anything."""
    w = word.lower().replace("’", "'")
    if len(w) < 3 or w in STOP:
        return None
    return content_stem(lex, w)


@lru_cache(maxsize=65536)
def context_bag(lex: Lexicon, sentence: str, start: int, end: int) -> tuple[tuple[str, float], ...]:
    """The concepts around ``sentence[start:end]`` with their weights: ``1 / (1 + d / 4)`` for
    the d-th content word away in the value's clause, a third of that outside it."""
    clause_lo, clause_hi = 0, len(sentence)
    for m in _CLAUSE.finditer(sentence):
        if m.end() <= start:
            clause_lo = m.end()
        elif m.start() >= end:
            clause_hi = m.start()
            break
    tokens = [(m.start(), m.end(), m.group()) for m in _WORD.finditer(sentence)]
    before = [t for t in tokens if t[1] <= start]
    after = [t for t in tokens if t[0] >= end]
    bag: dict[str, float] = {}
    # what a measure is of ("300 tonnes of heavy fuel oil"): the words of the phrase after it
    of_phrase = bool(after) and after[0][2].lower() == "of"
    for seq in (reversed(before), after):
        d = 0
        for s, e, w in seq:
            c = _concept(lex, w)
            if c is None:
                if seq is after and of_phrase and w.lower() not in ("of", "the", "a", "an"):
                    of_phrase = False
                continue
            d += 1
            inside = clause_lo <= s and e <= clause_hi
            weight = (1.0 if inside else 0.3) / (1 + d / 4)
            if w[:1].isupper() and s > 0:
                weight *= NAME_WEIGHT  # a name inside the sentence: who or where the value is of
            if seq is after and of_phrase and d <= 3:
                weight = 1.5
            if weight > bag.get(c, 0.0):
                bag[c] = weight
            for r in related(lex, w.lower()) if SYNONYM_WEIGHT else ():
                if r != c and weight * SYNONYM_WEIGHT > bag.get("=" + r, 0.0):
                    bag["=" + r] = weight * SYNONYM_WEIGHT
    return tuple(sorted(bag.items()))


@lru_cache(maxsize=65536)
def neighbours(sentence: str, start: int, end: int) -> tuple[str, str]:
    """The words just before and just after a value (function words included): two values of
    one sentence differ there ("rose from 12 to 15")."""
    before = _WORD.findall(sentence[max(0, start - 30) : start])
    after = _WORD.findall(sentence[end : end + 30])
    return (before[-1].lower() if before else "", after[0].lower() if after else "")


def value_end(n: Norm) -> int:
    """Where a value as written ends: after its unit when the unit follows it ("300 tonnes")."""
    value = n.fact.spans["value"]
    unit = n.fact.spans.get("unit")
    if unit is not None and 0 <= unit.start - value.end <= 3:
        return max(value.end, unit.end)
    return value.end


def block_of(n: Norm, lex: Lexicon) -> str:
    """What kind of value a candidate is: values of different blocks are never compared."""
    if n.fact.kind == "date":
        p = getattr(n.value, "precision", "day")
        return "date:" + (p if p in ("year", "period") else "day")
    unit = getattr(n.value, "unit", None)
    if unit in _measures(lex):
        return "quantity:" + _dimension(unit)
    return "quantity:count"


_DIMENSIONS = {"minute": "duration", "day": "duration", "month": "duration", "year": "duration"}


def _dimension(unit: str) -> str:
    return _DIMENSIONS.get(unit, unit)


def _measures(lex: Lexicon) -> frozenset[str]:
    return _measures_of(lex)


@lru_cache(maxsize=8)
def _measures_of(lex: Lexicon) -> frozenset[str]:
    return frozenset({canon for canon, _ in lex.units.values()} - {"person", "death"})


def family_weight(a: Family, b: Family, lex: Lexicon, unique: bool = True) -> float:
    """What the word classes say of two families: one specific family (``unique``: neither
    source gives another value of it), one verb, one generic family, two specific families
    apart, or families that can never be one fact (``-inf``: see :meth:`Family.apart`)."""
    if a.apart(b):
        return -math.inf
    sa, sb = _specificity(a, lex), _specificity(b, lex)
    if a == b:
        if sa == 2:
            return W_FAMILY_SPECIFIC if unique else W_FAMILY_SHARED
        if sa == 1:
            return W_FAMILY_VERB
        return W_FAMILY_GENERIC if unique else W_FAMILY_GENERIC_SHARED
    if sa == 2 and sb == 2:
        return -(W_FAMILY_APART_SOFT if a.what == b.what else W_FAMILY_APART)
    return 0.0


def _specificity(family: Family, lex: Lexicon) -> int:
    """2: the family names what a value is about (an event, a counted noun, what a measure is
    of, where it is measured from); 1: only the verb beside it, which no word class knows; 0:
    only a unit or a general noun."""
    if family.what in _GENERIC_FAMILIES and not family.event:
        return 0
    if family.subject or family.reference or family.owner or family.part:
        return 2
    if family.event and not family.event.startswith("~"):
        return 2
    if (
        family.what in _measures(lex)
        or family.what in lex.generic_nouns
        or family.what == "duration"
    ):
        return 1 if family.event else 0
    if family.what.startswith("~"):
        return 1
    return 2


IDF_SMOOTHING = 10  # sentences a story is taken to have beyond its own: a short story's shared
# words still count


def _idf(df: Counter[str], sentences: int) -> dict[str, float]:
    """How much a concept says about which fact a value states: little when every sentence of
    the story has it (the story's protagonist), much when few do."""
    n = sentences + IDF_SMOOTHING
    return {w: math.log(1 + n / (d + 1)) for w, d in df.items()}


def _cosine(a: dict[str, float], b: dict[str, float], idf: dict[str, float]) -> float:
    shared = a.keys() & b.keys()
    if not shared:
        return 0.0
    num = sum(a[w] * b[w] * idf.get(w, 1.0) ** 2 for w in shared)
    na = math.sqrt(sum((v * idf.get(w, 1.0)) ** 2 for w, v in a.items()))
    nb = math.sqrt(sum((v * idf.get(w, 1.0)) ** 2 for w, v in b.items()))
    return num / (na * nb) if na and nb else 0.0


def holds(a: Any, b: Any) -> bool:
    """Two values that can both be true (overlapping intervals; equal otherwise)."""
    try:
        return bool(a.overlaps(b))
    except (TypeError, ValueError, AttributeError):
        return bool(a == b)


def pair_score(
    a: _Group,
    b: _Group,
    norms: list[Norm],
    idf: dict[str, float],
    lex: Lexicon,
    options: Options,
) -> float:
    """The score of two groups of candidates being one fact (see the module docstring)."""
    s = W_CONTEXT * _cosine(a.bag, b.bag, idf) if options.context else 0.0
    if options.family:
        s += family_weight(a.family, b.family, lex, a.unique and b.unique)
    if options.value:
        va, vb = norms[a.members[0]].value, norms[b.members[0]].value
        if holds(va, vb) and _near(va, vb):
            na, nb = norms[a.members[0]], norms[b.members[0]]
            telling = _same_telling_value(va, vb) or (
                _COMPOUND.search(na.shown) and _COMPOUND.search(nb.shown) and va.lo == vb.lo
            )
            s += W_VALUE_EXACT if telling else W_VALUE
        elif a.deictic and a.deictic == b.deictic:
            return -math.inf  # "today" in papers of two days: each its own day, two statements
        else:
            s -= _apart(va, vb)
    if options.context and _later_update(a, b):
        return -math.inf  # "has risen to 16" in the next day's paper: the toll moved on
    if options.context and a.places and b.places and not _same_places(lex, a.places, b.places):
        s -= W_PLACE
    if (
        options.context
        and a.aspect != b.aspect
        and not holds(norms[a.members[0]].value, norms[b.members[0]].value)
    ):
        s -= W_ASPECT  # (the same day, scheduled in one and past in the other, is one day)
    if options.context and a.lead and b.lead:
        s += W_LEAD
    return s


def match(
    lex: Lexicon, articles: list[Article], norms: list[Norm], options: Options | None = None
) -> list[Norm]:
    """Re-key figures and dates into slots of values scored as the same fact."""
    return match_story(lex, articles, norms, options).norms


def match_story(
    lex: Lexicon, articles: list[Article], norms: list[Norm], options: Options | None = None
) -> Alignment:
    """As :func:`match`, with the pairs left undecided."""
    options = options or Options()
    texts = {a.id: a.text for a in articles}
    picked = [i for i, n in enumerate(norms) if n.fact.kind in ("quantity", "date")]
    if not picked:
        return Alignment(list(norms))
    groups: dict[tuple[Any, ...], _Group] = {}
    places = _places_near(lex, norms)
    leads = {a.id: _lead(a) for a in articles}
    published = {a.id: a.published for a in articles}
    sentences: set[tuple[str, int]] = set()
    df: Counter[str] = Counter()
    # one entry per context object (the memoized context of one sentence carried by many
    # sources is one object): [the context, its signature with weights to two decimals, how
    # many sentences it is the first context of]; the entry keeps the object, so its id is
    # not reused while the table lives
    contexts: dict[int, list[Any]] = {}
    for i in picked:
        n = norms[i]
        ev = n.fact.evidence_span
        sentence = texts.get(n.fact.source, "")[ev.start : ev.end]
        value = n.fact.spans["value"]
        end = value_end(n)
        bag = context_bag(lex, sentence, value.start - ev.start, end - ev.start)
        context = contexts.get(id(bag))
        if context is None:
            context = contexts[id(bag)] = [bag, tuple((w, round(v, 2)) for w, v in bag), 0]
        if (n.fact.source, ev.start) not in sentences:
            sentences.add((n.fact.source, ev.start))
            context[2] += 1  # document frequencies count each sentence once
        block = block_of(n, lex)
        family = n.family if n.family is not None else Family(n.key)
        near = frozenset(
            key
            for at, key in places.get((n.fact.source, ev.start), ())
            if abs(at - value.start) <= PLACE_REACH
        )
        deictic = n.shown.strip().lower() if _DEICTIC.match(n.shown.strip()) else None
        aspect = _aspect(sentence, value.start - ev.start) if n.fact.kind == "date" else ""
        lead = leads.get(n.fact.source)
        in_lead = lead is not None and lead[0] <= value.start < lead[1]
        sig = (
            block,
            family,
            context[1],
            neighbours(sentence, value.start - ev.start, end - ev.start),
            near,
            deictic,
            # "tonight" in papers of two days is two days even in one sentence carried word for
            # word: its resolved day keeps the groups apart (the pair score then never joins them)
            repr(n.value) if deictic else None,
            in_lead,
            aspect,
        )
        g = groups.get(sig)
        if g is None:
            g = groups[sig] = _Group(
                block,
                family,
                dict(bag),
                places=near,
                deictic=deictic,
                lead=in_lead,
                aspect=aspect,
            )
        g.members.append(i)
    _mark_unique(list(groups.values()), norms)
    # a source that says a count has grown gives it as grown wherever it repeats it (its
    # headline's "16 dead" too)
    grown = {
        (norms[i].fact.source, g.family)
        for g in groups.values()
        for i in g.members
        if norms[i].fact.kind == "quantity" and _RISEN.search(norms[i].fact.evidence)
    }
    for g in groups.values():
        days = {published.get(norms[i].fact.source) for i in g.members}
        g.published = days.pop() if len(days) == 1 else None
        g.update = any((norms[i].fact.source, g.family) in grown for i in g.members)
    for bag, _signature, count in contexts.values():
        if count:  # a context no sentence counts adds no word to the frequencies
            for w, _weight in bag:
                df[w] += count
    idf = _idf(df, len(sentences))
    by_block: dict[str, list[_Group]] = defaultdict(list)
    for g in groups.values():
        by_block[g.block].append(g)
    slots = _Slots(list(groups.values()), norms)
    undecided: list[tuple[int, int, float]] = []
    for gs in by_block.values():
        edges = []
        for i, a in enumerate(gs):
            for j in range(i + 1, len(gs)):
                s = pair_score(a, gs[j], norms, idf, lex, options)
                if s >= THRESHOLD - BAND - _EPS:
                    edges.append((s, i, j))
        edges.sort(key=lambda e: (-e[0], e[1], e[2]))
        for s, i, j in edges:
            a, b = gs[i], gs[j]
            agree = holds(norms[a.members[0]].value, norms[b.members[0]].value)
            if s >= THRESHOLD - _EPS and (s >= T_CONFLICT - _EPS or agree):
                slots.join(a, b)
            elif not slots.together(a, b):
                undecided.append((a.members[0], b.members[0], round(s, 3)))
    keyed, labels = slots.keyed()
    return Alignment(keyed, labels, undecided)


def _mark_unique(groups: list[_Group], norms: list[Norm]) -> None:
    """A group is unique when each of its sources states its family once (its values there
    can all hold together)."""
    values: dict[tuple[str, Family], list[Any]] = defaultdict(list)
    for g in groups:
        for i in g.members:
            if not _changes(norms[i]):  # an update's earlier figure is not a second fact
                values[(norms[i].fact.source, g.family)].append(norms[i].value)
    plural = {
        k
        for k, vs in values.items()
        if any(not holds(a, b) for j, a in enumerate(vs) for b in vs[j + 1 :])
    }
    for g in groups:
        g.unique = not any((norms[i].fact.source, g.family) in plural for i in g.members)


def _point(v: Any) -> float | None:
    """The figure a value is written around: the bound of "up to 230" or "at least 21", the
    middle of "about 20" or "20 to 30"."""
    lo, hi = getattr(v, "lo", None), getattr(v, "hi", None)
    if not isinstance(lo, float | int) or not isinstance(hi, float | int):
        return None
    qualifier = getattr(v, "qualifier", "exact")
    if qualifier in ("lt", "le"):
        return float(hi)
    if qualifier in ("gt", "ge") or not math.isfinite(hi):
        return float(lo)
    return (lo + hi) / 2


def _near(a: Any, b: Any) -> bool:
    """Two values that hold together because they say about the same figure, not only because
    a bound covers the other ("up to 230" holds with 185 but says another figure)."""
    x, y = _point(a), _point(b)
    if x is None or y is None or getattr(a, "unit", None) != getattr(b, "unit", None):
        return True
    if x == y:
        return True
    return min(x, y) > 0 and max(x, y) / min(x, y) <= NEAR


# what a clause says of a time still ahead, before the date it gives
_AHEAD = re.compile(
    r"\b(?:will|would|shall|won't|'ll|(?:is|are|was|were) (?:due|expected|set|scheduled|planned|to)|"
    r"(?:hope[sd]?|expect(?:s|ed)?|aim(?:s|ed)?|plan(?:s|ned)?|intend(?:s|ed)?|want(?:s|ed)?) to|"
    r"next)\b",
    re.I,
)
_SINCE = re.compile(r"\b(?:since|from)\s+(?:(?:early|late|last|the)\s+)?$", re.I)


def _aspect(sentence: str, at: int) -> str:
    """What the clause a date stands in says of it: "since" when it is the day a spell began
    ("meeting daily since Monday"), "ahead" when the clause speaks of what will happen then
    ("will meet again on Wednesday", "is due to open on", "hoped to open by"), else ""."""
    before = sentence[max(0, at - 60) : at]
    if _SINCE.search(before):
        return "since"
    clause = _CLAUSE.split(before)[-1]  # the clause the date stands in, as the context reads it
    return "ahead" if _AHEAD.search(clause) else ""


# a count that moved as the days went on ("the toll has risen to 16", "nine are still
# missing", "has fallen to 9"); not a correction ("revised the toll to 275": the earlier
# figure was wrong, and the sources disagree)
_RISEN = re.compile(
    r"\b(?:rose|risen|climbed|increased|jumped|grew|has reached|now stands|still|remain(?:s|ed)?|so far|"
    r"(?:fell|fallen|dropped|declined) to)\b",
    re.I,
)


def _later_update(a: _Group, b: _Group) -> bool:
    """One figure given as grown ("has risen to 16") in a paper of a later day than the
    other's: the later paper reports the count after it moved, not a different account of
    the same moment."""
    if a.published is None or b.published is None or a.published == b.published:
        return False
    later = a if a.published > b.published else b
    return later.update


def _apart(a: Any, b: Any) -> float:
    """What two figures' distance takes from their pair score: nothing when one is under
    ``FAR`` times the other, or when both are the same digits with a zero more or the point
    moved (3,500 / 35,000 hectares, 1.3 / 13 million: the slip of one keystroke);
    ``W_VALUE_FAR`` from ``FAR`` times, ``W_VALUE_FARTHER`` from ``FARTHER`` times."""
    x, y = _point(a), _point(b)
    if x is None or y is None or getattr(a, "unit", None) != getattr(b, "unit", None):
        return 0.0
    lo, hi = sorted((abs(x), abs(y)))
    if lo <= 0 or not math.isfinite(hi) or hi / lo < FAR or _digits(lo) == _digits(hi):
        return 0.0
    return W_VALUE_FARTHER if hi / lo >= FARTHER else W_VALUE_FAR


def _digits(x: float) -> str:
    """A figure's significant digits: 35 for 3,500, 0.35 and 35."""
    return f"{x:.6g}".split("e")[0].replace(".", "").strip("0")


def _lead(article: Article) -> tuple[int, int] | None:
    """The article's first paragraph of story text (not its headline or a subheading)."""
    for span in article.body:
        if not article.figures_only(span.start) and not article.is_aside(span.start):
            return span.start, span.end
    return None


def _same_places(lex: Lexicon, a: frozenset[str], b: frozenset[str]) -> bool:
    """Whether two sets of places beside two values can name one place (one shared, or one
    inside another)."""
    from checker.normalize.entities import place_within

    if a & b:
        return True
    for x in a:
        for y in b:
            wx, wy = set(x.split()), set(y.split())
            if wx <= wy or wy <= wx or place_within(lex, x, y) or place_within(lex, y, x):
                return True  # "varden" / "port of varden"
    return False


# a figure written in two parts ("four years and three months", "eight and a half years"):
# improbable to come up twice by chance
_COMPOUND = re.compile(r"\band\b|\bhalf\b|½")
_DEICTIC = re.compile(r"^(?:today|tonight|this (?:morning|afternoon|evening))$", re.I)


def _places_near(lex: Lexicon, norms: list[Norm]) -> dict[tuple[str, int], list[tuple[int, str]]]:
    """(source, sentence start) -> (where, place key) of the places each sentence names; a
    continent ("Europe's busiest port") is a setting, not where a figure is of."""
    from checker.normalize.entities import is_continent

    out: dict[tuple[str, int], list[tuple[int, str]]] = defaultdict(list)
    for n in norms:
        if (
            n.fact.kind == "place"
            and n.key
            and "name" in n.fact.spans
            and not is_continent(lex, n.key)
        ):
            out[(n.fact.source, n.fact.evidence_span.start)].append(
                (n.fact.spans["name"].start, n.key)
            )
    return out


def _same_telling_value(a: Any, b: Any) -> bool:
    """The same value, and one unlikely to come up twice by chance: a span of days, or an exact
    figure of three significant digits or more."""
    lo: Any = getattr(a, "lo", None)
    hi: Any = getattr(a, "hi", None)
    blo: Any = getattr(b, "lo", None)
    bhi: Any = getattr(b, "hi", None)
    ua, ub = getattr(a, "unit", None), getattr(b, "unit", None)
    if ua != ub and ua in DURATION and ub in DURATION and lo is not None and blo is not None:
        # one length of time in two units ("eight and a half years" / "eight years and six
        # months"): compared in minutes
        lo, hi, blo, bhi = (
            round(lo * DURATION[ua]),
            round(hi * DURATION[ua]),
            round(blo * DURATION[ub]),
            round(bhi * DURATION[ub]),
        )
    if lo is None or (lo, hi) != (blo, bhi):
        return False
    if getattr(a, "precision", None) == "period":
        return True
    if isinstance(lo, float | int) and lo == hi and getattr(a, "qualifier", "") == "exact":
        digits = f"{lo:.6g}".replace(".", "").replace("-", "").strip("0")
        return len(digits) >= 3
    return False


def _changes(n: Norm) -> bool:
    return bool(CHANGE.search(n.fact.evidence))


class _Slots:
    """Groups joined into slots (union-find), keeping every source's values in a slot able to
    hold together."""

    def __init__(self, groups: list[_Group], norms: list[Norm]) -> None:
        self.norms = norms
        self.parent: dict[int, int] = {id(g): id(g) for g in groups}
        self.members: dict[int, list[_Group]] = {id(g): [g] for g in groups}

    def find(self, x: int) -> int:
        while self.parent[x] != x:
            self.parent[x] = self.parent[self.parent[x]]
            x = self.parent[x]
        return x

    def together(self, a: _Group, b: _Group) -> bool:
        return self.find(id(a)) == self.find(id(b))

    def join(self, a: _Group, b: _Group) -> bool:
        ra, rb = self.find(id(a)), self.find(id(b))
        if ra == rb or not self._consistent(self.members[ra], self.members[rb]):
            return False
        if len(self.members[ra]) < len(self.members[rb]):
            ra, rb = rb, ra
        self.parent[rb] = ra
        self.members[ra].extend(self.members.pop(rb))
        return True

    def _consistent(self, a: Iterable[_Group], b: Iterable[_Group]) -> bool:
        """No source would hold two values in one slot that cannot both be true, unless it
        states one of them as an update or a comparison ("rose from 12 to 15", "first
        reported 10"): then it gives both on purpose."""
        per: dict[str, list[Norm]] = defaultdict(list)
        for g in a:
            for i in g.members:
                per[self.norms[i].fact.source].append(self.norms[i])
        for g in b:
            for i in g.members:
                n = self.norms[i]
                for m in per.get(n.fact.source, ()):
                    if not holds(m.value, n.value) and not (_changes(m) or _changes(n)):
                        return False
        return True

    def keyed(self) -> tuple[list[Norm], dict[tuple[str, str], str]]:
        """The norms with their slot keys, and each slot's label: a slot is labelled by its
        most common family; its key is the label, numbered ('job #2') when two slots would
        share it."""
        out = list(self.norms)
        labels: dict[tuple[str, str], str] = {}
        named: Counter[str] = Counter()
        slots = sorted(
            self.members.values(),
            key=lambda gs: (
                -sum(len(g.members) for g in gs),
                min(i for g in gs for i in g.members),
            ),
        )
        for gs in slots:
            families: Counter[str] = Counter()
            for g in gs:
                families[g.family.text] += len(g.members)
            base = max(families, key=lambda f: (families[f], f))
            named[base] += 1
            key = base if named[base] == 1 else f"{base} #{named[base]}"
            labels[(self.norms[gs[0].members[0]].fact.kind, key)] = base
            for g in gs:
                for i in g.members:
                    out[i] = replace(out[i], key=key)
        return out, labels
