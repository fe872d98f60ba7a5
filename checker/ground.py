"""Stage 3: grounding. Every proposed value is located in its article by character offsets.

An extractor's output is a proposal. A record survives only when its evidence sentence is found
in the article's story text (exactly, or allowing for white space, quote and dash variants) and
its main value is found inside that evidence. Everything rejected is counted by reason.
"""

from __future__ import annotations

import bisect
import itertools
import re
from collections import Counter
from dataclasses import dataclass, field

from pydantic import BaseModel

from checker.models import Article, Fact, Span
from checker.records import KINDS, ArticleFacts

# Fields that paraphrase rather than quote; they are kept only when found, never required.
_OPTIONAL_FIELDS = {"title", "event", "speaker", "unit", "about"}
_TRANSLATE = str.maketrans(
    {"“": '"', "”": '"', "„": '"', "‘": "'", "’": "'", "–": "-", "—": "-", "\u00a0": " "}
)


@dataclass
class Grounded:
    """The facts that survived grounding and what was dropped, by reason."""

    facts: list[Fact]
    dropped: Counter[str] = field(default_factory=Counter)


class _Folded:
    """The article text with white space collapsed and quotes/dashes unified, mapped back."""

    def __init__(self, text: str) -> None:
        chars: list[str] = []
        index: list[int] = []
        prev_space = False
        for i, c in enumerate(text.translate(_TRANSLATE)):
            if c.isspace():
                if prev_space:
                    continue
                c = " "
                prev_space = True
            else:
                prev_space = False
            chars.append(c.lower())
            index.append(i)
        self.text = "".join(chars)
        self.index = index
        self.length = len(text)

    @staticmethod
    def fold(s: str) -> str:
        return re.sub(r"\s+", " ", s.translate(_TRANSLATE)).strip().lower()

    def find_all(self, needle: str, lo: int = 0, hi: int | None = None) -> list[tuple[int, int]]:
        """Original-text spans where ``needle`` occurs (folded comparison), within [lo, hi)."""
        folded = self.fold(needle)
        if not folded:
            return []
        out = []
        start = 0
        while True:
            k = self.text.find(folded, start)
            if k < 0:
                break
            s = self.index[k]
            e = self.index[k + len(folded) - 1] + 1
            if s >= lo and (hi is None or e <= hi):
                out.append((s, e))
            start = k + 1
        return out


class _Within:
    """``any(s.start <= start and end <= s.end for s in spans)`` by bisection: the latest end
    among the spans that start by ``start`` (Article.in_body and is_aside scan every span; a
    page of 10,000 paragraphs would scan them for every value)."""

    def __init__(self, spans: list[Span]) -> None:
        ordered = sorted((s.start, s.end) for s in spans)
        self.starts = [s for s, _ in ordered]
        self.reach = list(itertools.accumulate((e for _, e in ordered), max))

    def __call__(self, start: int, end: int) -> bool:
        k = bisect.bisect_right(self.starts, start)
        return k > 0 and end <= self.reach[k - 1]


def _beside_unit(
    text: str, value: str, unit: object, first: tuple[int, int], hi: int
) -> tuple[int, int]:
    """The occurrence of a figure that stands beside its unit ("a Category 4 storm", not the
    "4" of "around 4 a.m." earlier in the sentence); the first one when none does."""
    u = str(unit or "").strip()
    if not u:
        return first
    k = first[0]
    while k >= 0 and k + len(value) <= hi:
        before, after = (
            text[max(0, k - len(u) - 2) : k],
            text[k + len(value) : k + len(value) + len(u) + 2],
        )
        if u in before or u in after:
            return (k, k + len(value))
        k = text.find(value, k + 1, hi)
    return first


def _find(
    text: str,
    folded: _Folded,
    needle: str,
    lo: int = 0,
    hi: int | None = None,
    near: int | None = None,
) -> tuple[tuple[int, int] | None, str]:
    """Span of ``needle`` in ``text[lo:hi]``, exact first, then tolerant: the first one, or
    with ``near`` the one that starts nearest to that offset."""
    hi_ = len(text) if hi is None else hi
    found: list[tuple[int, int]] = []
    k = text.find(needle, lo, hi_) if needle else -1
    while k >= 0 and k + len(needle) <= hi_:
        found.append((k, k + len(needle)))
        if near is None:
            break
        k = text.find(needle, k + 1, hi_)
    how = "exact"
    if not found:
        found = folded.find_all(needle, lo, hi_)
        how = "fuzzy"
    if not found:
        return None, "none"
    if near is None:
        return found[0], how
    return min(found, key=lambda sp: abs(sp[0] - near)), how


def ground(article: Article, proposed: ArticleFacts) -> Grounded:
    """Locate every proposed record in ``article``; drop what cannot be found.

    Returns:
        Facts with spans into ``article.text``, in text order, and counts of what was dropped.
    """
    folded = _Folded(article.text)
    dropped: Counter[str] = Counter()
    out: list[tuple[tuple[int, int, int, str], Fact]] = []
    in_body, in_aside = _Within(article.body), _Within(article.asides)
    for kind, (attr, names) in KINDS.items():
        for record in getattr(proposed, attr):
            fact = _ground_one(article, folded, kind, names, record, dropped, in_body)
            if fact is not None and in_aside(fact.evidence_span.start, fact.evidence_span.end):
                dropped["aside"] += 1  # a line kept for show, not read for facts
                continue
            if fact is not None and kind != "quantity" and _in_headline(article, fact):
                dropped["headline_not_a_figure"] += 1  # a headline (or subheading): figures only
                continue
            if fact is not None:
                # the body's mentions first: a rule showing "the first mention" shows prose
                key = (
                    int(_in_headline(article, fact)),
                    fact.evidence_span.start,
                    fact.spans[names[0]].start,
                    kind,
                )
                out.append((key, fact))
    out.sort(key=lambda kv: kv[0])
    facts: list[Fact] = []
    seen: set[tuple[object, ...]] = set()
    for _, f in out:
        ident = (
            f.kind,
            tuple(sorted((k, v) for k, v in f.fields.items())),
            f.spans[next(iter(f.spans))].start,
        )
        if ident in seen:
            dropped["duplicate"] += 1
            continue
        seen.add(ident)
        facts.append(f.model_copy(update={"id": f"{article.id}:{f.kind}:{len(facts) + 1}"}))
    return Grounded(facts=facts, dropped=dropped)


def _in_headline(article: Article, fact: Fact) -> bool:
    return article.figures_only(fact.evidence_span.start, fact.evidence_span.end)


def _ground_one(
    article: Article,
    folded: _Folded,
    kind: str,
    names: tuple[str, ...],
    record: BaseModel,
    dropped: Counter[str],
    within_body: _Within,
) -> Fact | None:
    text = article.text
    evidence = str(getattr(record, "evidence", "") or "").strip()
    primary = str(getattr(record, names[0]) or "").strip()
    if not evidence or not primary:
        dropped["empty_value"] += 1
        return None
    # The evidence: in the story, not in page noise. A quoted value may stand alone.
    candidates = [(s, "exact") for s in _all_exact(text, evidence)] or [
        (s, "fuzzy") for s in folded.find_all(evidence)
    ]
    if not candidates:
        dropped["evidence_not_in_article"] += 1
        return None
    in_body = [(s, how) for s, how in candidates if within_body(*s)]
    if not in_body:
        dropped["evidence_in_page_noise"] += 1
        return None
    for (ev_start, ev_end), how in in_body:
        spans: dict[str, Span] = {}
        fields: dict[str, str | None] = {}
        ok = True
        for name in names:
            value = getattr(record, name)
            value = str(value).strip() if value is not None else None
            fields[name] = value
            if not value:
                fields[name] = None
                continue
            # the first field where it stands; the others where they stand nearest to it
            # ("ran it for 12 years, was jailed for 10 years": the unit of 10 is the second)
            near = spans[names[0]].start if names[0] in spans else None
            span, vhow = _find(text, folded, value, ev_start, ev_end, near)
            if span is None and kind == "quote" and name == "speaker":
                span = _speaker_before(article, value, ev_start)
                vhow = "exact"
            if name == names[0] and kind == "quantity" and span is not None:
                span = _beside_unit(text, value, getattr(record, "unit", None), span, ev_end)
            if span is None:
                if name in _OPTIONAL_FIELDS:
                    fields[name] = None
                    dropped[f"{kind}.{name}_not_in_evidence"] += 1
                    continue
                ok = False
                break
            spans[name] = Span(start=span[0], end=span[1])
            if vhow == "fuzzy":
                how = "fuzzy"
        if ok and kind == "quote" and not _in_quotation_marks(text, spans["text"]):
            dropped["quote_not_in_quotation_marks"] += 1
            return None
        if ok:
            return Fact(
                id="",
                source=article.id,
                kind=kind,  # type: ignore[arg-type]
                fields=fields,
                spans=spans,
                evidence=text[ev_start:ev_end],
                evidence_span=Span(start=ev_start, end=ev_end),
                grounding=how,  # type: ignore[arg-type]
            )
    dropped["value_not_in_evidence"] += 1
    return None


def _speaker_before(article: Article, name: str, ev_start: int) -> tuple[int, int] | None:
    """A quotation's speaker named before its sentence: earlier in its paragraph or in the
    paragraph before ("Council leader Teo Brandvik said …" / "“…,” he said"). The last mention
    before the quotation, in the story text; None when there is none."""
    paras = [s for s in article.body if s.start <= ev_start]
    if not paras:
        return None
    here = paras[-1]
    lo = paras[-2].start if len(paras) >= 2 else here.start
    k = article.text.rfind(name, lo, ev_start)
    if k < 0 or not article.in_body(k, k + len(name)):
        return None
    return (k, k + len(name))


_QUOTE_MARKS = "\"“”„«»‘’'"


def _in_quotation_marks(text: str, span: Span) -> bool:
    """A quotation must be quoted in the article: a mark just before it or just after it."""
    before = span.start > 0 and text[span.start - 1] in _QUOTE_MARKS
    after = re.match(r"[,.;:!?…]?[\"”’»']", text[span.end : span.end + 2])
    return bool(before or after)


def _all_exact(text: str, needle: str) -> list[tuple[int, int]]:
    out = []
    k = text.find(needle)
    while k >= 0:
        out.append((k, k + len(needle)))
        k = text.find(needle, k + 1)
    return out


def recover(primary: list[Fact], fallback: list[Fact]) -> tuple[list[Fact], int]:
    """Add the fallback extractor's facts that the primary one missed.

    A fallback fact is covered when a primary fact of the same kind has a value span that
    overlaps its own. Uncovered ones are added, so that a model's omission never turns into a
    false "only in one source". Returns the merged facts (text order, renumbered) and how many
    were recovered.
    """

    def main_span(f: Fact) -> Span:
        return next(iter(f.spans.values()))

    def overlapping(f: Fact) -> list[int]:
        s = main_span(f)
        return [
            i
            for i, p in enumerate(primary)
            if p.kind == f.kind
            and any(ps.start < s.end and s.start < ps.end for ps in p.spans.values())
        ]

    def richness(f: Fact) -> int:
        return sum(1 for v in f.fields.values() if v)

    kept = list(primary)
    added: list[Fact] = []
    for f in fallback:
        hits = overlapping(f)
        if not hits:
            added.append(f)
            continue
        # The same mention: keep whichever located more of its fields (a title, a unit).
        for i in hits:
            if richness(f) > richness(kept[i]):
                kept[i] = f
    unique = {id(f): f for f in kept}.values()
    merged = sorted(
        [*unique, *added], key=lambda f: (f.evidence_span.start, main_span(f).start, f.kind)
    )
    out = []
    for i, f in enumerate(merged, 1):
        out.append(f.model_copy(update={"id": f"{f.source}:{f.kind}:{i}"}))
    return out, len(added)
