"""An article's sentences as plain records of their tokens, from spaCy's parse.

The sentence check (:mod:`checker.claims`, :mod:`checker.compare_text`) works on these records
and never on spaCy objects, so it stays a pure function of its input and can be tested with
records built by hand. Parses are cached by paragraph text: the draft check of many drafts
against one source parses the source once.
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from functools import lru_cache
from typing import Any

from checker.models import Article

MAX_PARAGRAPH = 20_000  # characters of one paragraph parsed (longer ones are cut)


@dataclass(frozen=True)
class Token:
    """One word: offsets into its article's text, and what the parse says of it."""

    i: int  # index in its sentence
    text: str
    lemma: str  # lower case
    pos: str  # universal part of speech (NOUN, VERB, PROPN ...)
    tag: str  # fine-grained tag (VBD, NNS ...)
    dep: str
    head: int  # index in the sentence of its head (itself for the root)
    ent: str  # entity label, "" outside one
    ent_start: bool  # the first token of an entity
    start: int
    end: int
    stop: bool = False  # a function word (spaCy's stop list)
    like_num: bool = False


@dataclass(frozen=True)
class Sentence:
    """One sentence of an article, with its tokens."""

    source: str
    start: int
    end: int
    text: str
    tokens: tuple[Token, ...]
    heading: bool = False  # a headline or subheading (read for its figures only)

    def children(self, k: int) -> list[Token]:
        return [t for t in self.tokens if t.head == k and t.i != k]

    def entities(self) -> list[tuple[str, list[Token]]]:
        """Named entities as (label, tokens)."""
        out: list[tuple[str, list[Token]]] = []
        for t in self.tokens:
            if not t.ent:
                continue
            if t.ent_start or not out or out[-1][0] != t.ent or out[-1][1][-1].i != t.i - 1:
                out.append((t.ent, [t]))
            else:
                out[-1][1].append(t)
        return out


def article_sentences(article: Article, nlp: Any) -> list[Sentence]:
    """Every sentence of the article's kept paragraphs (asides left out), in order."""
    out: list[Sentence] = []
    for off, para in article.body_paragraphs():
        if article.is_aside(off):
            continue
        heading = article.figures_only(off)
        for start, end, text, toks in _parse(para[:MAX_PARAGRAPH], nlp):
            out.append(
                Sentence(
                    source=article.id,
                    start=off + start,
                    end=off + end,
                    text=text,
                    tokens=tuple(_shift(t, off) for t in toks),
                    heading=heading,
                )
            )
    return out


def _shift(t: Token, off: int) -> Token:
    return replace(t, start=t.start + off, end=t.end + off)


@lru_cache(maxsize=4096)
def _parse(text: str, nlp: Any) -> tuple[tuple[int, int, str, tuple[Token, ...]], ...]:
    doc = nlp(text)
    out = []
    for sent in doc.sents:
        base = sent.start
        toks = []
        for tok in sent:
            toks.append(
                Token(
                    i=tok.i - base,
                    text=tok.text,
                    lemma=tok.lemma_.lower(),
                    pos=tok.pos_,
                    tag=tok.tag_,
                    dep=tok.dep_,
                    head=tok.head.i - base,
                    ent=tok.ent_type_,
                    ent_start=tok.ent_iob_ == "B",
                    start=tok.idx,
                    end=tok.idx + len(tok.text),
                    stop=tok.is_stop,
                    like_num=tok.like_num,
                )
            )
        if toks:
            out.append((sent.start_char, sent.end_char, sent.text, tuple(toks)))
    return tuple(out)
