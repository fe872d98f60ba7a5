"""Typed comparators for aligned clauses: what one says that the other does not, by kind.

Pure functions of token records (:mod:`checker.extract.sentences`). Each comparator names the
words that differ on both sides, located by offsets:

- figures (counts, amounts, shares, ordinals, bare counts) and dates (years, months, day
  numbers; a weekday or "yesterday" is relative and left alone without a publication date);
- names (people, organisations, places) and roles with no named person ("the chairman");
- polarity: a negation on one side only ("not", "never", "no", "failed to", "denied");
- opposites: antonyms and opposite directions from WordNet ("rose" / "fell", "ahead" /
  "behind", "won" / "lost"), directly or through a synonym;
- modality: "will" / "may" / "is expected to" against a plain statement;
- substitution: a word where the source has another kind of the same thing ("a burger" /
  "a pizza");
- unsupported content: claim words no aligned source sentence supports, even in paraphrase.

    compare_claim(lex, alignment, all_source_sentences) -> list[Difference]   # the draft check
    compare_clauses(lex, a, b) -> list[Difference]                             # any two clauses
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass
from functools import lru_cache
from typing import Any

from checker.claims import (
    DATE_ENTS,
    FIGURE_ENTS,
    ClaimAlignment,
    Support,
    align_claim,
    content_tokens,
    demonym_pair,
    is_figure,
    is_name,
    level,
    stem,
    wn_pos,
)
from checker.extract.sentences import Sentence, Token
from checker.lexicon import Lexicon
from checker.normalize import gazetteer, wordnet
from checker.normalize.entities import clause_data, fold, place_key, place_within
from checker.normalize.numbers import parse_number

KINDS = (
    "figure",
    "date",
    "name",
    "role",
    "negation",
    "antonym",
    "modality",
    "substitution",
    "unsupported",
)


@dataclass(frozen=True)
class Difference:
    """One way a claim differs from the source sentence(s) it rests on."""

    kind: str  # one of KINDS
    # a weaker outcome than the kind's own, by name ("not given": a figure or name no source
    # gives; "paraphrase": a word of the same kind the sources use elsewhere; "verb": another
    # verb in the source's place); the rules' registry gives each its severity. None: the
    # kind's own outcome (a contradiction, a hedge, a word with no support)
    outcome: str | None
    draft: tuple[Token, ...]  # the claim's words that differ
    source: tuple[Token, ...]  # the source's words they differ from (none: nothing to set)
    sentence: Sentence | None  # the source sentence of ``source``
    note: str  # what differs, in a few words

    @property
    def span(self) -> tuple[int, int]:
        return min(t.start for t in self.draft), max(t.end for t in self.draft)


@lru_cache(maxsize=1)
def cues() -> dict[str, Any]:
    """The function words of ``checker/data/clauses.yaml``: negators, hedges."""
    data = clause_data()
    modal: dict[str, str] = {}
    for cls, words in (data.get("modality") or {}).items():
        for w in words:
            modal[str(w).lower()] = str(cls)
    return {
        "negators": {str(w).lower() for w in data.get("negators") or []},
        "negating_verbs": {str(w).lower() for w in data.get("negating_verbs") or []},
        "modality": modal,
    }


# --- polarity -------------------------------------------------------------------------------


def negations(sent: Sentence) -> dict[int, Token]:
    """Token index of each negated word -> the cue that negates it."""
    c = cues()
    out: dict[int, Token] = {}
    toks = sent.tokens
    for t in toks:
        low = t.text.lower()
        if low in c["negators"] or t.lemma in c["negators"]:
            if low == "no" and t.dep not in ("det", "neg"):
                continue  # "no." as an answer, "No. 3"
            if t.lemma in ("without",):
                for ch in sent.children(t.i):
                    out[ch.i] = t
                continue
            head = toks[t.head] if 0 <= t.head < len(toks) else t
            out[head.i] = t
            if t.dep in ("nsubj", "nsubjpass", "dobj", "pobj", "det") and head.pos == "NOUN":
                hh = toks[head.head] if 0 <= head.head < len(toks) else head
                out.setdefault(hh.i, t)
        elif t.lemma in c["negating_verbs"] and t.pos == "VERB":
            comps = [ch for ch in sent.children(t.i) if ch.dep in ("xcomp", "ccomp", "dobj")]
            for ch in comps:
                out.setdefault(ch.i, t)
    return out


def _negated(sent: Sentence, tok: Token, neg: dict[int, Token]) -> Token | None:
    """The cue negating a word, or one of the words it hangs on (a few steps up: "was not
    deemed to be a threat to humans", "did not manage to get")."""
    k = tok.i
    for _ in range(6):
        if k in neg:
            return neg[k]
        h = sent.tokens[k].head
        if h == k or not (0 <= h < len(sent.tokens)):
            break
        k = h
    return None


# --- modality -------------------------------------------------------------------------------


def modality_of(sent: Sentence, tok: Token) -> tuple[str, Token] | None:
    """The modality class on a predicate and its cue: "may fall", "is expected to rise"."""
    modal = cues()["modality"]
    toks = sent.tokens
    for ch in sent.children(tok.i):
        if ch.dep in ("aux", "advmod") and ch.lemma in modal:
            if ch.lemma == "would" and not any(x.lemma == "say" for x in toks):
                continue
            return modal[ch.lemma], ch
    head = toks[tok.head] if 0 <= tok.head < len(toks) else tok
    if tok.dep == "xcomp" and head.lemma in modal and head.i != tok.i:
        return modal[head.lemma], head
    return None


# --- figures and dates ----------------------------------------------------------------------

_CURRENCY = re.compile(r"[$€£¥₹]|\b(?:us|usd|eur|gbp)\b", re.I)
_YEAR = re.compile(r"^(1[89]\d\d|20\d\d)s?$")
_MONTHS = [
    "january",
    "february",
    "march",
    "april",
    "may",
    "june",
    "july",
    "august",
    "september",
    "october",
    "november",
    "december",
]
_RELATIVE = {
    "yesterday",
    "today",
    "tomorrow",
    "tonight",
    "monday",
    "tuesday",
    "wednesday",
    "thursday",
    "friday",
    "saturday",
    "sunday",
    "last",
    "next",
    "this",
    "ago",
}


@dataclass(frozen=True)
class Figure:
    kind: str  # MONEY, PERCENT, ORDINAL, CARDINAL, QUANTITY, YEAR, DAY
    lo: float
    hi: float
    tokens: tuple[Token, ...]


def figures(sent: Sentence) -> list[Figure]:
    """The figures of a sentence: each run of figure tokens, with what kind of figure it is."""
    out: list[Figure] = []
    toks = sent.tokens
    k = 0
    while k < len(toks):
        t = toks[k]
        if t.ent in DATE_ENTS:
            if _YEAR.match(t.text):
                v = float(t.text[:4])
                out.append(Figure("YEAR", v, v, (t,)))
            elif t.like_num or t.pos == "NUM":
                q = parse_number(t.text)
                if q is not None:
                    out.append(Figure("DATE", q.lo, q.hi, (t,)))
            k += 1
            continue
        if not is_figure(t):
            k += 1
            continue
        run = [t]
        j = k + 1
        while j < len(toks) and (
            (toks[j].ent == t.ent and t.ent in FIGURE_ENTS and not toks[j].ent_start)
            or toks[j].text.lower() in ("million", "billion", "bn", "m", "mn", "thousand", "%")
        ):
            run.append(toks[j])
            j += 1
        k = j
        words = [
            x
            for x in run
            if x.like_num
            or x.pos == "NUM"
            or _SCALED.match(x.text)
            or x.text.lower() in _SCALE_WORDS
            or x.ent == "ORDINAL"
        ]
        if not words:
            continue
        text = " ".join(x.text for x in words)
        text = _CURRENCY.sub("", text).replace("%", "").strip()
        q = parse_number(text)
        if q is None:
            continue
        kind = run[0].ent if run[0].ent in FIGURE_ENTS else "CARDINAL"
        if any(x.text.lower() in ("%", "percent", "per") for x in run) or any(
            x.text.lower() in ("%", "percent") for x in toks[j : j + 2]
        ):
            kind = "PERCENT"
        if _CURRENCY.search(" ".join(x.text for x in toks[max(0, k - len(run) - 1) : j])):
            kind = "MONEY"
        out.append(Figure(kind, q.lo, q.hi, tuple(run)))
    return out


_SCALE_WORDS = {"million", "billion", "bn", "m", "mn", "thousand", "trillion", "hundred"}
_SCALED = re.compile(r"^\d[\d,.]*(?:bn|mn|m|k|b|tn)$", re.I)


def _same_value(a: Figure, b: Figure) -> bool:
    """The same figure: overlapping values of one kind (a rank is no count: "fourth" / "four")."""
    return a.lo <= b.hi and b.lo <= a.hi and _compatible_kind(a.kind, b.kind)


def _compatible_kind(a: str, b: str) -> bool:
    if a == b:
        return True
    if "ORDINAL" in (a, b):
        return False
    pair = {a, b}
    return pair <= {"CARDINAL", "QUANTITY", "DATE", "YEAR"} or pair <= {"MONEY", "CARDINAL"}


# --- the comparators ------------------------------------------------------------------------


def _neighbours(sent: Sentence, tok: Token) -> list[Token]:
    """Content words next to a word in the parse: its head and children, through prepositions."""
    toks = sent.tokens
    out: list[Token] = []
    head = toks[tok.head] if 0 <= tok.head < len(toks) else tok
    if head.i != tok.i:
        if head.pos == "ADP" and 0 <= head.head < len(toks):
            head = toks[head.head]
        out.append(head)
    for ch in sent.children(tok.i):
        if ch.pos == "ADP":
            out.extend(x for x in sent.children(ch.i) if x.dep == "pobj")
        else:
            out.append(ch)
    return [
        t for t in out if t.pos in ("NOUN", "PROPN", "VERB", "ADJ", "NUM", "ADV") and not t.stop
    ]


def _coarse(t: Token) -> str:
    if is_figure(t):
        return "num"
    if t.pos in ("NOUN", "PROPN"):
        return "n"
    if t.pos == "VERB":
        return "v"
    if t.pos in ("ADJ", "ADV"):
        return "a"
    return t.pos


def _counterpart(
    al: ClaimAlignment, d: Token, used: set[tuple[int, int]], same_class: bool = True
) -> tuple[Token, Sentence] | None:
    """The source word a claim word stands in for: a word of the same class, not expressed in
    the claim, beside a word the two share (the same head or the same child)."""
    mine = _neighbours(al.claim, d)
    anchors = {al.support[t.i].token.start for t in mine if t.i in al.support}
    best: tuple[int, Token, Sentence] | None = None
    for s in al.sources:
        for t in content_tokens(s):
            if (t.start, t.end) in used:
                continue
            if same_class and _coarse(t) != _coarse(d):
                continue
            near = {x.start for x in _neighbours(s, t)}
            shared = len(anchors & near)
            if shared and (best is None or shared > best[0]):
                best = (shared, t, s)
    return (best[1], best[2]) if best else None


def _vocabulary(sentences: Sequence[Sentence]) -> tuple[set[str], set[str]]:
    lem, st = set(), set()
    for s in sentences:
        for t in s.tokens:
            lem.add(t.lemma)
            lem.add(t.text.lower())
            st.add(stem(t.text))
    return lem, st


def _anywhere(d: Token, vocab: tuple[set[str], set[str]]) -> bool:
    return d.lemma in vocab[0] or d.text.lower() in vocab[0] or stem(d.text) in vocab[1]


def _name_span(sent: Sentence, d: Token) -> tuple[Token, ...]:
    for _, toks in sent.entities():
        if any(t.i == d.i for t in toks):
            return tuple(toks)
    return (d,)


def _span_text(sent: Sentence, toks: Sequence[Token]) -> str:
    """The words from the first to the last of ``toks`` as the sentence writes them."""
    a, b = min(t.start for t in toks), max(t.end for t in toks)
    return sent.text[a - sent.start : b - sent.start]


def _text(toks: Sequence[Token]) -> str:
    return " ".join(t.text for t in toks)


class SourceIndex:
    """What the comparators read from all the source sentences, computed once per check: their
    words, their names, their figures."""

    def __init__(self, lex: Lexicon, sentences: Sequence[Sentence]) -> None:
        self.lex = lex
        self.sentences = list(sentences)
        self.vocab = _vocabulary(self.sentences)
        self._names: list[_Name] | None = None
        self._figures: dict[int, list[Figure]] = {}

    @property
    def names(self) -> list[_Name]:
        if self._names is None:
            self._names = _names(self.lex, self.sentences)
        return self._names

    def figures(self, s: Sentence) -> list[Figure]:
        key = id(s)
        if key not in self._figures:
            self._figures[key] = figures(s)
        return self._figures[key]


def compare_claim(
    lex: Lexicon,
    al: ClaimAlignment,
    everything: Sequence[Sentence] = (),
    index: SourceIndex | None = None,
) -> list[Difference]:
    """What the claim says that its aligned source sentences do not, by kind. ``everything``
    is every source sentence (what supports a word or a figure elsewhere); ``index`` the same,
    indexed once for many claims."""
    if not al.checkable or not al.sources:
        return []
    index = index or SourceIndex(lex, everything or al.sources)
    vocab = index.vocab
    out: list[Difference] = []
    # source words the claim expresses where the claim puts them
    used = {
        (s.token.start, s.token.end)
        for i, s in al.support.items()
        if s.level in ("exact", "same") and in_context(al, al.claim.tokens[i])
    }
    claim = al.claim
    out += _figures(al, index)
    done = {t.i for d in out for t in d.draft}
    opp = _opposites(lex, al, used)
    negs, cancelled = _polarity(lex, al, opp)
    opp = [d for d in opp if not any(t.i in cancelled for t in d.draft)]
    out += opp
    done |= {t.i for d in opp for t in d.draft} | cancelled
    out += negs
    out += _modality(al)
    # names, roles and other words with no support
    names = index.names
    for d in al.words:
        if d.i in done or is_figure(d) or d.ent in DATE_ENTS:
            continue
        if is_name(d):
            span = _name_span(claim, d)
            done |= {t.i for t in span}
            if _name_supported(lex, span, names, vocab):
                continue
            swap = _name_counterpart(lex, al, span, names)
            if swap is not None:
                s_span, ssent = swap
                out.append(
                    Difference(
                        "name",
                        None,
                        span,
                        s_span,
                        ssent,
                        f"The draft names “{_text(span)}” where {{source}} names “{_text(s_span)}”",
                    )
                )
            else:
                out.append(
                    Difference(
                        "name", "not given", span, (), None, f"No source names “{_text(span)}”"
                    )
                )
            continue
        if d.i in al.support:
            moved = _moved(lex, al, d, used) if d.pos == "NOUN" else None
            if moved is not None:
                done.add(d.i)
                out.append(moved)
            continue
        done.add(d.i)
        cp = _counterpart(al, d, used)
        if cp is not None:
            s, ssent = cp
            rel = level(lex, d, s)
            if rel is None and d.pos == "ADJ" and s.pos == "ADJ":
                rel = wordnet.relation(d.lemma, s.lemma, "n")
            if _person_word(d) and _person_word(s) and rel in ("sibling", None):
                # one role for another ("the treasurer" / "the chairman"): roles are
                # paraphrased too often ("boss", "chief", "head") to call it a contradiction
                out.append(
                    Difference(
                        "role",
                        None,
                        (d,),
                        (s,),
                        ssent,
                        f"The draft calls them “{d.text}” where {{source}} has “{s.text}”",
                    )
                )
                continue
            if rel == "sibling" and d.pos == "VERB":
                continue  # two ways of saying what was done ("sent" / "delivered")
            if rel == "sibling":
                # a word the sources use elsewhere may be a paraphrase of theirs: medium
                sev = "paraphrase" if _anywhere(d, vocab) else None
                out.append(
                    Difference(
                        "substitution",
                        sev,
                        (d,),
                        (s,),
                        ssent,
                        f"The draft has “{d.text}” where {{source}} has another of its kind, “{s.text}”",
                    )
                )
                continue
            if rel in ("broader", "same") or _anywhere(d, vocab):
                continue
            # a verb where the source has another verb is most often the same act in other
            # words ("left" / "shipped from"): low
            sev = "verb" if d.pos == "VERB" and s.pos == "VERB" else None
            out.append(
                Difference(
                    "unsupported",
                    sev,
                    (d,),
                    (s,),
                    ssent,
                    f"No source supports “{d.text}”, even in other words ({{source}} has “{s.text}” there)",
                )
            )
            continue
        if _anywhere(d, vocab):
            continue
        if d.pos in ("NOUN", "ADJ", "VERB", "ADV") and wordnet.known(d.lemma, wn_pos(d)):
            out.append(
                Difference(
                    "unsupported",
                    None,
                    (d,),
                    (),
                    None,
                    f"No source supports “{d.text}”, even in other words",
                )
            )
    return out


_LABEL_GROUP = {
    "GPE": "place",
    "LOC": "place",
    "FAC": "place",
    "NORP": "place",
    "PERSON": "person",
    "ORG": "org",
    "PRODUCT": "org",
    "EVENT": "other",
    "WORK_OF_ART": "other",
    "LAW": "other",
}


@dataclass(frozen=True)
class _Name:
    group: str
    tokens: tuple[Token, ...]
    sentence: Sentence
    folded: str
    key: str


def _names(lex: Lexicon, sentences: Sequence[Sentence]) -> list[_Name]:
    out = []
    for s in sentences:
        seen: set[int] = set()
        for label, toks in s.entities():
            if label in _LABEL_GROUP:
                out.append(_make_name(lex, _LABEL_GROUP[label], tuple(toks), s))
                seen |= {t.i for t in toks}
        for t in s.tokens:
            if t.pos == "PROPN" and t.i not in seen and not t.ent:
                out.append(_make_name(lex, "", (t,), s))
    return out


def _make_name(lex: Lexicon, group: str, toks: tuple[Token, ...], s: Sentence) -> _Name:
    text = _text(toks)
    return _Name(
        group, toks, s, fold(lex, text), place_key(lex, text) if group in ("place", "") else ""
    )


def _name_group(span: Sequence[Token]) -> str:
    return _LABEL_GROUP.get(span[0].ent, "")


def _name_supported(
    lex: Lexicon, span: Sequence[Token], names: list[_Name], vocab: tuple[set[str], set[str]]
) -> bool:
    if _anywhere_name(span, vocab):
        return True
    text = _text(span)
    f = fold(lex, text)
    if not f:
        return True
    group = _name_group(span)
    key = place_key(lex, text) if group in ("place", "") else ""
    for n in names:
        if f == n.folded or (
            len(f) > 3 and (f" {f} " in f" {n.folded} " or f" {n.folded} " in f" {f} ")
        ):
            return True
        if key and n.key and (key == n.key or _inside(lex, n, key)):
            return True
    return False


def _inside(lex: Lexicon, n: _Name, outer: str) -> bool:
    """A source's place lies inside the claim's ("London" inside "the U.K."): the claim names
    the wider area. A city counts as inside its country only as the capital (many countries
    have a town of any name); other containment is the lexicon's."""
    if n.group != "place" or not all(t.text[:1].isupper() for t in n.tokens):
        return False
    capital = gazetteer.capital_of(n.key)
    if capital:
        return outer in {place_key(lex, c) for c in gazetteer.country_names(capital)}
    return outer in lex.contains and place_within(lex, n.key, outer)


def _name_counterpart(
    lex: Lexicon, al: ClaimAlignment, span: Sequence[Token], names: list[_Name]
) -> tuple[tuple[Token, ...], Sentence] | None:
    """A name of the same kind in the aligned source sentences that the claim does not give."""
    group = _name_group(span)
    mine = " ".join(fold(lex, t.text) for t in al.claim.tokens)
    claim_keys = {place_key(lex, _text(toks)) for _, toks in al.claim.entities()}
    for n in names:
        if n.sentence not in al.sources:
            continue
        if group and n.group and n.group != group:
            continue
        if f" {n.folded} " in f" {mine} " or (n.key and n.key in claim_keys):
            continue
        if any(_prefix_in(t.text, {fold(lex, x.text) for x in al.claim.tokens}) for t in n.tokens):
            continue
        return n.tokens, n.sentence
    if group:
        # the tagger may call one place a person: a name of any kind in the very same place
        head, via = _governor(al.claim, span[-1])
        if head is not None and head.i in al.support:
            hs = al.support[head.i]
            for t in _governed(hs.sentence, hs.token, via):
                if t.pos == "PROPN" and not _prefix_in(
                    t.text, {fold(lex, x.text) for x in al.claim.tokens}
                ):
                    return _name_span(hs.sentence, t), hs.sentence
    return None


def _moved(
    lex: Lexicon, al: ClaimAlignment, d: Token, used: set[tuple[int, int]]
) -> Difference | None:
    """A claim word the source has elsewhere, while the very place the claim puts it holds
    another word ("a threat to birds" where the source has "a threat to humans" and mentions
    birds elsewhere): the same head, reached the same way (the same relation and preposition)."""
    if in_context(al, d):
        return None
    toks = al.claim.tokens
    head, via = _governor(al.claim, d)
    if head is None or head.i not in al.support:
        return None
    hs = al.support[head.i]
    if hs.level != "exact":
        return None
    for s in _governed(hs.sentence, hs.token, via):
        if (s.start, s.end) in used or s.pos != d.pos or s.lemma == d.lemma:
            continue
        if _person_word(d) or _person_word(s):
            return None  # roles are paraphrased too often ("boss" / "executive")
        rel = level(lex, d, s)
        if rel not in ("sibling", "opposite"):
            return None  # a word with no relation to the claim's is as likely a paraphrase
        return Difference(
            "substitution",
            None,
            (d,),
            (s,),
            hs.sentence,
            f"The draft has “{d.text}” where {{source}} has “{s.text}”",
        )
    del toks
    return None


def _governor(sent: Sentence, t: Token) -> tuple[Token | None, str]:
    """The content word a word hangs on, and how ("dobj", "prep:to")."""
    toks = sent.tokens
    if not (0 <= t.head < len(toks)) or t.head == t.i:
        return None, ""
    h = toks[t.head]
    if h.pos == "ADP" and 0 <= h.head < len(toks) and h.head != h.i:
        return toks[h.head], f"prep:{h.lemma}"
    return h, t.dep


def _governed(sent: Sentence, h: Token, via: str) -> list[Token]:
    out: list[Token] = []
    for ch in sent.children(h.i):
        if via.startswith("prep:") and ch.pos == "ADP" and ch.lemma == via[5:]:
            out.extend(x for x in sent.children(ch.i) if x.dep == "pobj")
        elif ch.dep == via:
            out.append(ch)
    return out


def _anywhere_name(span: Sequence[Token], vocab: tuple[set[str], set[str]]) -> bool:
    words = [t for t in span if t.pos == "PROPN" or t.ent]
    return bool(words) and all(_anywhere(t, vocab) or _prefix_in(t.text, vocab[0]) for t in words)


def _prefix_in(word: str, vocab: set[str]) -> bool:
    """A name's other form in the sources: "Japan" / "Japanese", "Britain" / "British" (not
    "Austria" / "Australia", not "CoV-2" / "CoV-4")."""
    w = word.lower().strip(".")
    if len(w) < 4 or any(c.isdigit() for c in w):
        return False
    return any(demonym_pair(w, v) for v in vocab if v[:3] == w[:3])


@lru_cache(maxsize=50_000)
def _is_person(lemma: str) -> bool:
    ss = wordnet.synsets(lemma, "n")
    return bool(ss) and ss[0].lexname == 18  # noun.person


def _person_word(t: Token) -> bool:
    return t.pos == "NOUN" and _is_person(t.lemma)


def _noun_after(sent: Sentence, f: Figure) -> str:
    """The word a figure counts or measures: the next noun ("870 infections", "21 countries")."""
    last = f.tokens[-1].i
    for t in sent.tokens[last + 1 : last + 4]:
        if t.pos in ("NOUN", "PROPN"):
            return stem(t.lemma)
    head = sent.tokens[f.tokens[-1].head] if 0 <= f.tokens[-1].head < len(sent.tokens) else None
    return stem(head.lemma) if head is not None and head.pos == "NOUN" else ""


def _bound_breaks(f: Figure, g: Figure, fq: str | None) -> bool:
    """ "less than 870" (or "more than 870") against a plain 870: the bound excludes the value."""
    return fq in ("lt", "gt") and g.lo == g.hi and g.lo in (f.lo, f.hi)


def _qualifier(sent: Sentence, f: Figure) -> str | None:
    k = next((t.i for t in f.tokens if t.like_num or t.pos == "NUM"), f.tokens[0].i)
    before = " ".join(t.text.lower() for t in sent.tokens[max(0, k - 2) : k])
    if re.search(r"\b(?:less|fewer) than$|\bunder$|\bbelow$", before):
        return "lt"
    if re.search(r"\b(?:more|greater) than$|\bover$|\babove$|\bexceed(?:ing|ed)?$", before):
        return "gt"
    return None


def _figures(al: ClaimAlignment, index: SourceIndex) -> list[Difference]:
    out: list[Difference] = []
    mine = [(f, al.claim) for f in figures(al.claim)]
    if not mine:
        return out
    theirs = [(f, s) for s in al.sources for f in index.figures(s)]
    aligned = {id(s) for s in al.sources}
    elsewhere = [(f, s) for s in index.sentences if id(s) not in aligned for f in index.figures(s)]
    for f, _ in mine:
        fq = _qualifier(al.claim, f)
        noun = _noun_after(al.claim, f)
        same = [(g, s) for g, s in theirs if _same_value(f, g)]
        broken = [(g, s) for g, s in same if _bound_breaks(f, g, fq) and _qualifier(s, g) is None]
        if same and not broken:
            continue
        # elsewhere in the sources: the same figure of the same thing
        if not broken and any(
            _same_value(f, g)
            and _compatible_kind(f.kind, g.kind)
            and (not noun or _noun_after(s, g) == noun)
            for g, s in elsewhere
        ):
            continue
        kind = "date" if f.kind in ("YEAR", "DATE") else "figure"
        if broken:
            g, s = broken[0]
            out.append(
                Difference(
                    kind,
                    None,
                    f.tokens,
                    g.tokens,
                    s,
                    f"The draft puts a bound on “{_text(f.tokens)}” where {{source}} gives the figure itself",
                )
            )
            continue
        others = [
            (g, s)
            for g, s in theirs
            if _compatible_kind(f.kind, g.kind) and not any(_same_value(g, h) for h, _ in mine)
        ]
        # the figure of the same thing first
        others.sort(key=lambda gs: _noun_after(gs[1], gs[0]) != noun)
        if others:
            g, s = others[0]
            out.append(
                Difference(
                    kind,
                    None,
                    f.tokens,
                    g.tokens,
                    s,
                    f"The draft has “{_text(f.tokens)}” where {{source}} has “{_text(g.tokens)}”",
                )
            )
        else:
            out.append(
                Difference(
                    kind, "not given", f.tokens, (), None, f"No source gives “{_text(f.tokens)}”"
                )
            )
    return out


def _context(al: ClaimAlignment, d: Token) -> set[int]:
    """Where the source words supporting a claim word's neighbours stand (offsets)."""
    return {al.support[t.i].token.start for t in _neighbours(al.claim, d) if t.i in al.support}


def in_context(al: ClaimAlignment, d: Token) -> bool:
    """A claim word's support stands where the claim puts it: beside the source words that
    support its neighbours (or it has no supported neighbour to go by)."""
    sup = al.support.get(d.i)
    if sup is None:
        return False
    anchors = _context(al, d)
    if not anchors:
        return True
    if _beside(anchors, sup.sentence, sup.token):
        return True
    return any(abs(sup.token.start - a) <= 40 for a in anchors)


def _beside(anchors: set[int], s: Sentence, t: Token) -> bool:
    return bool(anchors & {x.start for x in _neighbours(s, t)})


def _opposites(lex: Lexicon, al: ClaimAlignment, used: set[tuple[int, int]]) -> list[Difference]:
    out = []
    for d in al.words:
        if is_name(d) or is_figure(d):
            continue
        sup = al.support.get(d.i)
        if sup is not None and sup.level in ("exact", "same") and in_context(al, d):
            continue
        anchors = _context(al, d)
        if not anchors:
            continue
        for s in al.sources:
            hit = next(
                (
                    t
                    for t in content_tokens(s)
                    if (t.start, t.end) not in used
                    and not is_name(t)
                    and _beside(anchors, s, t)
                    and level(lex, d, t) == "opposite"
                ),
                None,
            )
            if hit is not None:
                out.append(
                    Difference(
                        "antonym",
                        None,
                        (d,),
                        (hit,),
                        s,
                        f"The draft has “{d.text}” where {{source}} has its opposite, “{hit.text}”",
                    )
                )
                break
    return out


def _polarity(
    lex: Lexicon, al: ClaimAlignment, opposites: list[Difference]
) -> tuple[list[Difference], set[int]]:
    """Negations on one side only; and the claim words of opposites that a negation cancels."""
    out: list[Difference] = []
    cancelled: set[int] = set()
    mine = negations(al.claim)
    flipped = {t.i for d in opposites for t in d.draft}
    by_source: dict[int, tuple[Token, Sentence]] = {}
    for i, sup in al.support.items():
        if sup.level in ("exact", "same"):
            by_source[sup.token.start] = (al.claim.tokens[i], sup.sentence)
    neg_src = {id(s): negations(s) for s in al.sources}
    # the claim negates a word the source states plainly
    seen_cues: set[int] = set()
    for i, cue in mine.items():
        anchors = _anchors(al, al.claim.tokens[i])
        if not anchors or cue.i in seen_cues:
            continue
        sup = al.support[anchors[0].i]
        counterparts = [
            (t, x)
            for d in anchors
            for x in al.sources
            for t in content_tokens(x)
            if t.start == al.support[d.i].token.start or level(lex, d, t) in ("exact", "same")
        ]
        if any(_negated(x, t, neg_src[id(x)]) is not None for t, x in counterparts):
            seen_cues.add(cue.i)
            continue
        if _cancelled(al.claim, i, flipped):
            cancelled |= _flipped_under(al.claim, i, flipped)
            continue
        seen_cues.add(cue.i)
        word = al.claim.tokens[i]
        out.append(
            Difference(
                "negation",
                None,
                (cue, word),
                (sup.token,),
                sup.sentence,
                f"The draft negates “{word.text}”; {{source}} does not",
            )
        )
    # the source negates a word the claim states plainly
    for s in al.sources:
        for j, cue in neg_src[id(s)].items():
            tok = s.tokens[j]
            hit = by_source.get(tok.start)
            if hit is not None and hit[1] is not s:
                hit = None
            d = hit[0] if hit is not None else _plain_counterpart(lex, al, s, tok)
            if d is None:
                continue
            if _negated(al.claim, d, mine) is not None:
                continue
            if _cancelled(al.claim, d.i, flipped):
                cancelled |= _flipped_under(al.claim, d.i, flipped)
                continue
            if any(cue.start == x.source[0].start for x in out if x.source):
                continue
            out.append(
                Difference(
                    "negation",
                    None,
                    (d,),
                    (cue, tok),
                    s,
                    f"{{source}} has “{cue.text} {tok.text}”; the draft states “{d.text}” plainly",
                )
            )
            break
    return out, cancelled


def _flipped_under(claim: Sentence, i: int, flipped: set[int]) -> set[int]:
    return ({i} | {t.i for t in _subtree(claim, i)}) & flipped


def _anchors(al: ClaimAlignment, word: Token) -> list[Token]:
    """What a negated word is found by in the source: the word itself, and the nearest words
    under it that the source has as they are ("is not looking ahead to filing": "filing")."""
    out = [word] if word.i in al.support else []
    near = [
        t
        for t in sorted(_subtree(al.claim, word.i), key=lambda t: abs(t.i - word.i))
        if t.i in al.support and t.pos in ("VERB", "NOUN") and al.support[t.i].level == "exact"
    ]
    return out + near[:2]


def _subtree(sent: Sentence, k: int) -> list[Token]:
    sub = {k}
    changed = True
    while changed:
        changed = False
        for t in sent.tokens:
            if t.head in sub and t.i not in sub:
                sub.add(t.i)
                changed = True
    return [sent.tokens[i] for i in sorted(sub - {k})]


def _plain_counterpart(lex: Lexicon, al: ClaimAlignment, s: Sentence, tok: Token) -> Token | None:
    """The claim's word for a word the source negates, when the claim supports it from another
    sentence: the same word, beside the same neighbours."""
    near = {x.start for x in _neighbours(s, tok)}
    for d in al.words:
        if level(lex, d, tok) != "exact":
            continue
        if near & _context(al, d):
            return d
    return None


def _cancelled(claim: Sentence, i: int, flipped: set[int]) -> bool:
    """A negation and an opposite in one clause cancel ("did not get it right" / "got it
    wrong")."""
    return bool(flipped) and bool(_flipped_under(claim, i, flipped))


def _modality(al: ClaimAlignment) -> list[Difference]:
    out = []
    for i, sup in al.support.items():
        d = al.claim.tokens[i]
        if d.pos != "VERB":
            continue
        mine = modality_of(al.claim, d)
        theirs = modality_of(sup.sentence, sup.token)
        a = mine[0] if mine else None
        b = theirs[0] if theirs else None
        if a == b or (a is None and b is None):
            continue
        if a is None and b == "certain":
            continue  # "will reopen" / "reopens on Monday"
        if a in ("expected", "certain") and b in ("expected", "certain"):
            continue
        dt = tuple(sorted((mine[1], d), key=lambda t: t.i)) if mine else (d,)
        st = tuple(sorted((theirs[1], sup.token), key=lambda t: t.i)) if theirs else (sup.token,)
        what = (
            f"The draft has “{_span_text(al.claim, dt)}” where {{source}} has "
            f"“{_span_text(sup.sentence, st)}”"
        )
        out.append(Difference("modality", None, dt, st, sup.sentence, what))
    return out


def compare_clauses(lex: Lexicon, a: Sentence, b: Sentence) -> list[Difference]:
    """How clause ``a`` differs from clause ``b`` (both already known to be about one thing):
    the same comparators as the draft check, with ``b`` as the only source sentence."""
    al = align_claim(lex, a, [b], most=1)
    if not al.sources:
        al = ClaimAlignment(a, [b], al.score, content_tokens(a), _force_support(lex, a, b))
    return compare_claim(lex, al, [b])


def _force_support(lex: Lexicon, a: Sentence, b: Sentence) -> dict[int, Support]:
    from checker.claims import supports

    return supports(lex, content_tokens(a), b)
