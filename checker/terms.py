"""Category terms found by the lexicon alone (how cargo moved, under which flag).

A deterministic pass over the story text that every backend shares: it needs no model, and its
matches are grounded by construction.
"""

from __future__ import annotations

import re
from functools import lru_cache

from checker.lexicon import Lexicon
from checker.models import Article, Fact, Span

_FLAG = re.compile(r"\b([A-Z][a-z]+)-flagged\b")


@lru_cache(maxsize=4)
def _pattern(lex: Lexicon) -> re.Pattern[str]:
    alternatives = "|".join(re.escape(w) for w in sorted(lex.terms, key=len, reverse=True))
    return re.compile(rf"(?<![\w-])({alternatives})(?![\w-])", re.I)


def _sentence_around(text: str, start: int, end: int, lo: int, hi: int) -> tuple[int, int]:
    s = max(text.rfind(". ", lo, start) + 2, lo) if text.rfind(". ", lo, start) >= 0 else lo
    e = text.find(". ", end, hi)
    e = hi if e < 0 else e + 1
    return s, e


def find_terms(lex: Lexicon, article: Article) -> list[Fact]:
    """Every lexicon term and '<Nation>-flagged' in the story paragraphs, as grounded facts."""
    pattern = _pattern(lex)
    out: list[Fact] = []
    for para in article.body:
        chunk = article.text[para.start : para.end]
        hits: list[tuple[int, int, str, str]] = []
        for m in pattern.finditer(chunk):
            category, _cls = lex.terms[m.group(1).lower()]
            hits.append((m.start(1), m.end(1), category, m.group(1)))
        for m in _FLAG.finditer(chunk):
            hits.append((m.start(1), m.end(1), "flag", m.group(1)))
        for s, e, category, word in sorted(hits):
            a, b = para.start + s, para.start + e
            es, ee = _sentence_around(article.text, a, b, para.start, para.end)
            out.append(
                Fact(
                    id=f"{article.id}:term:{len(out) + 1}",
                    source=article.id,
                    kind="term",
                    fields={"term": word, "category": category},
                    spans={"term": Span(start=a, end=b)},
                    evidence=article.text[es:ee].strip(),
                    evidence_span=Span(start=es, end=ee),
                )
            )
    return out


def term_class(lex: Lexicon, fact: Fact) -> str:
    """'train' -> 'rail'; 'Liberian' (flag) -> 'liberian'."""
    word = (fact.fields.get("term") or "").lower()
    if fact.fields.get("category") == "flag":
        return word
    return lex.terms.get(word, ("", word))[1]
