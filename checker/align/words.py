"""The word readings alignment and the rules share, below the event and family readings.

What a short stretch of a sentence is made of, as alignment's word classes read it: its lemma
phrases of one to three content words (:func:`lemma_phrases`, which :mod:`checker.align.events`
and the family key of :mod:`checker.align.keys` look up in the bundled classes), where its
clause ends (:data:`CLAUSE_END`), the class of a counted noun (:func:`noun_class`: ships /
vessels), two spellings of one name (:func:`spelled_alike`), and the word lists the place,
actor and claim rules read with them (:data:`DETERMINERS`, :data:`DIRECTIONS`).

:mod:`checker.normalize.words` is the level below: single words folded to lemmas and stems.
"""

from __future__ import annotations

import difflib
import itertools
import re
from collections.abc import Iterable
from functools import lru_cache

from checker.lexicon import Lexicon
from checker.normalize.entities import fold
from checker.normalize.numbers import singular
from checker.normalize.words import lemmas

_WORD = re.compile(r"[A-Za-z][A-Za-z'’]*")
# articles and possessives, which say nothing about what a phrase is (shared with the rules)
DETERMINERS = frozenset({"a", "an", "the", "his", "her", "their", "its"})
_SKIP = DETERMINERS | {
    "our",
    "my",
    "your",
    "was",
    "were",
    "is",
    "are",
    "been",
    "be",
    "had",
    "has",
    "have",
}
_PARTICLES = {"out", "down", "up", "off", "over", "away", "back", "in"}
# where a clause ends, for the words said to belong to a value's clause
CLAUSE_END = re.compile(r"[;:()]|\s[-–—]\s|,\s(?:and|but|while|which|who)\b")
# compass directions as written ("north-west", "southeast")
# compound directions first: "north-west" is not "north" followed by "-west"
DIRECTIONS = r"north-?east|north-?west|south-?east|south-?west|north|south|east|west"


def _tokens(text: str) -> list[tuple[int, int, str]]:
    return [(m.start(), m.end(), m.group().lower()) for m in _WORD.finditer(text)]


def content_words(text: str) -> list[str]:
    """The words of ``text`` in lower case, articles and auxiliaries skipped."""
    return [t[2] for t in _tokens(text) if t[2] not in _SKIP]


def lemma_phrases(text: str) -> Iterable[tuple[int, int, str]]:
    """Every lemma phrase of one to three words of ``text`` (articles and auxiliaries skipped),
    with the character range it covers: ('made', 'landfall') -> 'make landfall'."""
    content = [t for t in _tokens(text) if t[2] not in _SKIP]
    for i in range(len(content)):
        # a particle after an object: "put the fire out" -> "put out"
        for j in (i + 2, i + 3):
            if j < len(content) and content[j][2] in _PARTICLES:
                for lem in lemmas(content[i][2]):
                    yield content[i][0], content[j][1], f"{lem} {content[j][2]}"
        for n in (3, 2, 1):
            window = content[i : i + n]
            if len(window) < n:
                continue
            for combo in itertools.product(*(lemmas(t[2]) for t in window)):
                yield window[0][0], window[-1][1], " ".join(combo)


@lru_cache(maxsize=65536)
def noun_class(lex: Lexicon, noun: str) -> str:
    """'ships' -> 'vessel'; 'crew members' -> 'crew'; 'northern towns' -> 'northern city' (a
    modifier that is not part of a known phrase stays); an unknown noun -> its singular."""
    nouns = lex.nouns
    n = fold(lex, noun)
    if n in nouns:
        return nouns[n]
    words = n.split()
    for size in (2, 1):
        if len(words) < size:
            continue
        tail = " ".join(words[-size:])
        for lem in (singular(tail), *lemmas(tail)):
            if lem in nouns:
                kept = [w for w in words[:-size] if not _graded(w)]
                return " ".join([*kept, nouns[lem]])
    return singular(n)


@lru_cache(maxsize=4096)
def _graded(word: str) -> bool:
    """A comparative or superlative ('older', 'largest'): a grade says nothing of what is
    counted ('four older vessels' are vessels); 'northern' stays."""
    from lemminflect import getAllLemmas

    adj = getAllLemmas(word).get("ADJ", ())
    return bool(adj) and word not in adj and word.endswith(("er", "est"))


def spelled_alike(a: str, b: str) -> bool:
    """Two names a letter or two apart ('hualien city' / 'hualian city')."""
    return a == b or difflib.SequenceMatcher(None, a, b).ratio() >= 0.85
