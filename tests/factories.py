"""Hand-built articles and facts for testing the pure stages without any extractor."""

from __future__ import annotations

import datetime as dt

from checker.context import run_context
from checker.models import Article, Fact, Span


class StoryBuilder:
    """Build articles from sentences and facts pointing into them, as grounding would."""

    def __init__(self) -> None:
        self.articles: dict[str, Article] = {}
        self.facts: list[Fact] = []

    def article(self, sid: str, *sentences: str, published: dt.date | None = None) -> StoryBuilder:
        text = "\n\n".join(sentences)
        spans, pos = [], 0
        for s in sentences:
            spans.append(Span(start=pos, end=pos + len(s)))
            pos += len(s) + 2
        self.articles[sid] = Article(
            id=sid, path=f"{sid}.txt", outlet=sid, published=published, text=text, body=spans
        )
        return self

    def fact(self, sid: str, kind: str, sentence_no: int, **fields: str | None) -> StoryBuilder:
        a = self.articles[sid]
        ev = a.body[sentence_no]
        evidence = a.text[ev.start : ev.end]
        spans = {}
        for name, value in fields.items():
            if value:
                k = evidence.find(value)
                assert k >= 0, f"{value!r} not in {evidence!r}"
                spans[name] = Span(start=ev.start + k, end=ev.start + k + len(value))
        n = sum(1 for f in self.facts if f.source == sid) + 1
        self.facts.append(
            Fact(
                id=f"{sid}:{kind}:{n}",
                source=sid,
                kind=kind,
                fields=dict(fields),
                spans=spans,
                evidence=evidence,
                evidence_span=ev,
            )
        )
        return self

    def compare(self):
        from checker.compare import compare

        return compare(run_context(), list(self.articles.values()), self.facts)
