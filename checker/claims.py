"""Every draft sentence is a claim: align it to the source sentence(s) it rests on.

Pure: sentences in (:class:`checker.extract.sentences.Sentence`, token records), alignments out.
A source sentence is scored against a claim by the claim's content words it supports — the same
lemma or stem, a WordNet synonym or derived form, a broader or narrower word (weighted less) —
with names and figures weighing more, as shared entities and figures do in diff's alignment.
The best sentence is taken, then up to two more that support words the first does not (a
draft sentence often joins two of a source's). Each claim word keeps its best support, which
the comparators of :mod:`checker.compare_text` read.

    align_claims(lex, draft_sentences, source_sentences) -> list[ClaimAlignment]
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from functools import lru_cache

import snowballstemmer

from checker.extract.sentences import Sentence, Token
from checker.lexicon import Lexicon
from checker.normalize import wordnet
from checker.normalize.entities import demonym_pair, fold

CONTENT_POS = {"NOUN", "PROPN", "VERB", "ADJ", "ADV", "NUM"}
NAME_ENTS = {"PERSON", "ORG", "GPE", "LOC", "NORP", "FAC", "PRODUCT", "EVENT", "WORK_OF_ART", "LAW"}
FIGURE_ENTS = {"CARDINAL", "MONEY", "PERCENT", "QUANTITY", "ORDINAL"}
DATE_ENTS = {"DATE", "TIME"}
# how much a kind of support counts towards alignment
LEVEL_WEIGHT = {"exact": 1.0, "same": 0.8, "broader": 0.6, "narrower": 0.5}
MIN_SCORE = 0.25  # below this share of its content, no source sentence is what a claim rests on
MIN_CONTENT = 2  # content words a sentence needs to be checked
_WN_POS = {"NOUN": "n", "PROPN": "n", "VERB": "v", "ADJ": "a", "ADV": "r", "NUM": "n"}
_WORD = re.compile(r"[A-Za-z]")

_stemmer = snowballstemmer.stemmer("english")


@lru_cache(maxsize=100_000)
def stem(word: str) -> str:
    return str(_stemmer.stemWord(word.lower().replace("’", "'")))


def wn_pos(t: Token) -> str:
    return _WN_POS.get(t.pos, "n")


def is_name(t: Token) -> bool:
    return t.ent in NAME_ENTS or (t.pos == "PROPN" and t.ent not in DATE_ENTS | FIGURE_ENTS)


def is_figure(t: Token) -> bool:
    return t.ent in FIGURE_ENTS or (t.like_num and t.ent not in DATE_ENTS) or t.pos == "NUM"


def content_tokens(sent: Sentence) -> list[Token]:
    """The words a claim is made of: nouns, names, verbs, adjectives, adverbs and figures that
    are not function words."""
    out = []
    for t in sent.tokens:
        if t.pos not in CONTENT_POS or not (_WORD.search(t.text) or t.text[:1].isdigit()):
            continue
        if t.stop and not is_figure(t) and t.pos != "PROPN":
            continue
        if t.dep in ("aux", "auxpass"):
            continue
        out.append(t)
    return out


def weight(t: Token) -> float:
    return 2.0 if is_name(t) or is_figure(t) else 1.0


@lru_cache(maxsize=200_000)
def _level(
    lex: Lexicon, d_lemma: str, d_text: str, d_pos: str, s_lemma: str, s_text: str, s_pos: str
) -> str | None:
    if d_lemma == s_lemma or d_text == s_text:
        return "exact"
    if stem(d_text) == stem(s_text) or stem(d_lemma) == stem(s_lemma):
        return "exact"
    if d_pos in ("PROPN",) or s_pos in ("PROPN",):
        a, b = fold(lex, d_text), fold(lex, s_text)
        if not any(c.isdigit() for c in a + b) and demonym_pair(a, b):
            return "exact"  # "Japan" / "Japanese"
        return None
    if d_pos == "NUM" or s_pos == "NUM":
        return None
    rel = wordnet.relation(d_lemma, s_lemma, _WN_POS.get(d_pos, "n"), _WN_POS.get(s_pos, "n"))
    return rel


def level(lex: Lexicon, d: Token, s: Token) -> str | None:
    """How a claim's word stands to a source's: exact, same, broader, narrower, opposite,
    sibling or None (see :func:`checker.normalize.wordnet.relation`)."""
    return _level(lex, d.lemma, d.text.lower(), d.pos, s.lemma, s.text.lower(), s.pos)


@dataclass
class Support:
    """The best source word for one claim word, and how it stands to it."""

    level: str  # exact, same, broader, narrower
    token: Token
    sentence: Sentence


@dataclass
class ClaimAlignment:
    """A draft sentence, the source sentences it rests on (best first) and each word's support."""

    claim: Sentence
    sources: list[Sentence]
    score: float
    words: list[Token] = field(default_factory=list)  # the claim's content words
    support: dict[int, Support] = field(default_factory=dict)  # by claim token index
    reason: str | None = None  # why the sentence is not checkable, if it is not

    @property
    def checkable(self) -> bool:
        return self.reason is None


_RANK = {"exact": 4, "same": 3, "broader": 2, "narrower": 1}


def supports(
    lex: Lexicon, words: Iterable[Token], sent: Sentence, claim: Sentence | None = None
) -> dict[int, Support]:
    """Each claim word's best support in one source sentence. Among equally good candidates,
    the one beside the source words that support the claim word's neighbours wins."""
    words = list(words)
    out: dict[int, Support] = {}
    cands = content_tokens(sent)
    options: dict[int, list[tuple[int, Token]]] = {}
    for d in words:
        found = []
        for s in cands:
            r = _RANK.get(level(lex, d, s) or "", 0)
            if r:
                found.append((r, s))
        if not found:
            continue
        top = max(r for r, _ in found)
        # an exact match wins outright; paraphrases compete on context below
        options[d.i] = [x for x in found if x[0] == top] if top == _RANK["exact"] else found
        r, s = max(options[d.i], key=lambda x: x[0])
        out[d.i] = Support(_level_name(r), s, sent)
    if claim is None:
        return out
    for d in words:
        opts = options.get(d.i, [])
        if len(opts) < 2:
            continue
        near = {out[n.i].token.i for n in _near(claim, d) if n.i in out}
        if not near:
            continue
        beside = [x for x in opts if near & {n.i for n in _near(sent, x[1])}]
        # the best level among those beside the neighbours' support, else the nearest to them
        if beside:
            r, pick = max(beside, key=lambda x: x[0])
        else:
            r, pick = min(opts, key=lambda x: (min(abs(x[1].i - k) for k in near), -x[0]))
        out[d.i] = Support(_level_name(r), pick, sent)
    return out


def _level_name(rank: int) -> str:
    return next(k for k, v in _RANK.items() if v == rank)


def _near(sent: Sentence, tok: Token) -> list[Token]:
    """Words one step away in the parse, through a preposition."""
    toks = sent.tokens
    out = []
    if 0 <= tok.head < len(toks) and tok.head != tok.i:
        h = toks[tok.head]
        out.append(h)
        if h.pos == "ADP" and 0 <= h.head < len(toks):
            out.append(toks[h.head])
    for ch in sent.children(tok.i):
        out.append(ch)
        if ch.pos == "ADP":
            out.extend(sent.children(ch.i))
    return out


def _score(words: list[Token], sup: dict[int, Support]) -> float:
    total = sum(weight(t) for t in words) or 1.0
    return sum(weight(t) * LEVEL_WEIGHT[sup[t.i].level] for t in words if t.i in sup) / total


CANDIDATES = 8  # source sentences scored in full per claim


def _keys(s: Sentence) -> frozenset[str]:
    return _sentence_keys(s.tokens)


@lru_cache(maxsize=20_000)
def _sentence_keys(tokens: tuple[Token, ...]) -> frozenset[str]:
    return frozenset(
        {t.lemma for t in tokens if t.pos in CONTENT_POS}
        | {stem(t.text) for t in tokens if t.pos in CONTENT_POS}
    )


def _rare(word: str) -> bool:
    return word[:1].isdigit() or len(word) > 7


def align_claim(
    lex: Lexicon, claim: Sentence, sources: Sequence[Sentence], most: int = 3
) -> ClaimAlignment:
    """The source sentences one draft sentence rests on."""
    words = content_tokens(claim)
    if claim.heading:
        return ClaimAlignment(claim, [], 0.0, words, reason="a heading: read for its figures only")
    if len(words) < MIN_CONTENT:
        return ClaimAlignment(claim, [], 0.0, words, reason="too few content words to check")
    keys = {t.lemma for t in words} | {stem(t.text) for t in words}
    # a cheap score first (the words in common), then synonyms for the likeliest sentences
    rough: list[tuple[float, int, Sentence]] = []
    for k, s in enumerate(sources):
        if s.heading:
            continue
        common = _keys(s) & keys
        if common:
            rough.append((sum(2.0 if _rare(w) else 1.0 for w in common), k, s))
    rough.sort(key=lambda x: (-x[0], x[1]))
    scored: list[tuple[float, int, Sentence, dict[int, Support]]] = []
    for _, k, s in rough[:CANDIDATES]:
        sup = supports(lex, words, s, claim)
        scored.append((_score(words, sup), -k, s, sup))
    scored.sort(key=lambda x: (-x[0], -x[1]))
    if not scored or scored[0][0] < MIN_SCORE:
        return ClaimAlignment(
            claim,
            [],
            scored[0][0] if scored else 0.0,
            words,
            reason="no source sentence states this",
        )
    _, _, first, support = scored[0]
    chosen = [first]
    support = dict(support)
    for sc, _, s, sup in scored[1:]:
        if len(chosen) >= most:
            break
        new = {
            i: v
            for i, v in sup.items()
            if i not in support or _RANK[v.level] > _RANK[support[i].level]
        }
        gain = sum(weight(t) for t in words if t.i in new and t.i not in support)
        if gain >= 2 and sc >= MIN_SCORE / 2:
            chosen.append(s)
            support.update(new)
    total = _score(words, support)
    chosen.sort(key=lambda s: s.start)
    return ClaimAlignment(claim, chosen, total, words, support)


def align_claims(
    lex: Lexicon, draft: Sequence[Sentence], sources: Sequence[Sentence]
) -> list[ClaimAlignment]:
    """Every draft sentence with the source sentences it rests on, in draft order."""
    return [align_claim(lex, c, sources) for c in draft]
