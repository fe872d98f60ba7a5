"""Which event a word, a phrase or a place in a sentence names, by the bundled event classes.

An event class is a class of synonyms in ``checker/data/lexicon.yaml`` (``events``), looked up
by lemma phrase (see :func:`checker.align.words.lemma_phrases`): "was killed" / "died" /
"death toll" -> death; "stepped down" / "quit" / "resigned" -> resignation. Light verbs such as
"made" or "took" defer to the words beside them ("made landfall", "took hours to put out"), and
reporting verbs ("said") are passed over where the question is what happened.

It decides this for two readers: the matcher's event signal, through the family key of
:mod:`checker.align.keys` (the event a date, a duration or a count belongs to), and the rules
that look for an event near a value (where an event happened, who did what, a clock time's
event). Every answer is memoized on the text it reads: a sentence carried by many sources is
read once.
"""

from __future__ import annotations

from collections.abc import Iterable
from functools import lru_cache

from checker.align.words import CLAUSE_END, content_words, lemma_phrases
from checker.lexicon import Lexicon
from checker.normalize.words import lemmas


@lru_cache(maxsize=65536)
def event_class(lex: Lexicon, phrase: str) -> str | None:
    """The event class a short phrase names: 'made landfall' -> 'landfall'; 'was killed' ->
    'death'; an unknown verb -> its lemma prefixed with '~' (the same verb still aligns)."""
    hits = event_hits(lex, phrase, 0, len(phrase))
    if hits:
        return hits[0][1]
    content = content_words(phrase)
    if not content:
        return None
    return "~" + lemmas(content[0])[0]


def event_hits(lex: Lexicon, text: str, lo: int, hi: int) -> list[tuple[int, str]]:
    """(position, class) of event words in text[lo:hi], longest phrase first at each place,
    words that name an event of their own before light verbs."""
    return [(pos + lo, cls) for pos, cls in _event_hits_in(text[lo:hi], lex)]


@lru_cache(maxsize=65536)
def _event_hits_in(text: str, lex: Lexicon) -> tuple[tuple[int, str], ...]:
    lo = 0
    hits: list[tuple[int, int, str]] = []  # (light?, start, class)
    covered: set[int] = set()
    for s, e, phrase in lemma_phrases(text):
        if s in covered:
            continue
        cls = lex.events.get(phrase)
        if cls is None:
            continue
        light = int(" " not in phrase and phrase in lex.light_verbs)
        hits.append((light, s + lo, cls))
        covered.update(range(s, e))
    hits.sort(key=lambda h: (h[0], h[1]))
    return tuple((pos, cls) for _, pos, cls in hits)


def predicate_near(
    lex: Lexicon, text: str, start: int, end: int, skip: Iterable[str] = ("statement",)
) -> str | None:
    """The event class of the nearest event word around ``text[start:end]`` in its clause,
    classes in ``skip`` passed over.

    Works on the 80 characters either side, memoized: coverage repeats its sentences."""
    lo, hi = max(0, start - 80), min(len(text), end + 80)
    hit = _nearest_window(text[lo:hi], start - lo, end - lo, tuple(skip), lex)
    return hit[1] if hit else None


@lru_cache(maxsize=65536)
def _nearest_window(
    text: str, start: int, end: int, skip: tuple[str, ...], lex: Lexicon
) -> tuple[int, str] | None:
    """(distance, class) of the nearest event word around ``text[start:end]`` within its clause.

    Words that name an event of their own ('burned', 'killed') win over light verbs ('took');
    reporting verbs ('said') are skipped: they say who tells, not what happened.
    """
    lo = max(0, start - 80)
    hi = min(len(text), end + 80)
    before = list(CLAUSE_END.finditer(text, lo, start))
    if before:
        lo = before[-1].end()
    after = CLAUSE_END.search(text, end, hi)
    if after:
        hi = after.start()
    best: tuple[int, int, str] | None = None
    covered: set[int] = set()
    for s, e, phrase in lemma_phrases(text[lo:hi]):
        s, e = s + lo, e + lo
        if s in covered or (s < end and start < e):
            continue
        cls = lex.events.get(phrase)
        if cls is None or cls in skip:
            continue
        covered.update(range(s, e))
        light = int(" " not in phrase and phrase in lex.light_verbs)
        distance = start - e if e <= start else s - end
        cand = (light, distance, cls)
        if best is None or cand < best:
            best = cand
    return (best[1], best[2]) if best else None


def event_before(lex: Lexicon, text: str, pos: int, window: int = 60) -> str | None:
    """The event class of the nearest event word before ``pos`` in its clause ('came ashore
    near the town of X' -> 'landfall' for X)."""
    lo = max(0, pos - window - 80)
    return _event_before_window(text[lo : pos + 80], pos - lo, window, lex)


@lru_cache(maxsize=65536)
def _event_before_window(text: str, pos: int, window: int, lex: Lexicon) -> str | None:
    lo = max(0, pos - window)
    before = list(CLAUSE_END.finditer(text, lo, pos))
    if before:
        lo = before[-1].end()
    if lo >= pos:
        return None
    best: tuple[int, int, str] | None = (
        None  # (light, -end, class): the nearest word that names an event
    )
    covered: set[int] = set()
    for s, e, phrase in lemma_phrases(text[lo:pos]):
        cls = lex.events.get(phrase)
        if cls is None or s in covered or cls == "statement":
            continue
        covered.update(range(s, e))
        cand = (int(" " not in phrase and phrase in lex.light_verbs), -e, cls)
        if best is None or cand < best:
            best = cand
    return best[2] if best else None
