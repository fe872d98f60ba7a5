"""Statements no other source makes in any words, and the filters that keep single-source claims honest."""

from __future__ import annotations

import re
from collections.abc import Iterator

from checker.align.words import noun_class, spelled_alike
from checker.lexicon import Lexicon
from checker.models import Article, Finding
from checker.normalize.entities import fold
from checker.normalize.numbers import SCALE_WORDS, parse_number, singular
from checker.rules.common import (
    ROLE_STOP,
    content_words,
    enough,
    initials_of,
    missing,
    sentence_index,
    short,
    text_value,
    words_in,
)
from checker.rules.registry import Story, make_finding, rule


def _folded_texts(story: Story) -> dict[str, str]:
    lex = story.lex
    if "folded_texts" not in story.derived:
        story.derived["folded_texts"] = {k: f" {fold(lex, t)} " for k, t in story.texts.items()}
    texts: dict[str, str] = story.derived["folded_texts"]
    return texts


def _best_overlap(story: Story, words: set[str], but: str) -> float:
    return sentence_index(story).best_overlap(words, but)


@rule(
    "claim/only-one-source",
    "only_in_one_source",
    "low",
    "A statement no other source makes, in any words",
)
def claim_only_one(story: Story) -> Iterator[Finding]:
    """A statement that no sentence of another source makes, in any words.

    What one outlet alone reports, whatever kind of fact it is: a detail, an allegation, an
    outcome. Quotations and short lines are left to their own rules; in a sentence of two
    statements, the one no other source makes is shown.

    Why it matters:
        A claim only one outlet makes is either its scoop or its mistake; the editor should
        know which facts rest on a single report before repeating them.

    Example:
        a: The ferry docked late on Monday. Two passengers were taken to hospital with burns
           after a fire in the galley.
        b: The ferry docked late on Monday.
        Finding (low): a "Two passengers were taken to hospital with burns after a fire in
        the galley."
    """
    lex = story.lex
    if not enough(story):
        return
    index = sentence_index(story)
    for sentence in index.sentences:
        sid, start, sent, words = (
            sentence.source,
            sentence.start,
            sentence.text,
            set(sentence.content),
        )
        if index.shared(sentence.content):
            continue  # another source has a sentence with the same content words
        if not _checkable(words, sent) or '"' in sent or "“" in sent:
            continue  # short lines; quotations have a rule of their own
        if _said_elsewhere(story, words, sent, sid):
            continue
        # a sentence of two statements ("rocks blocked the road, and the agency said it would
        # stay shut"): the one no other source makes is the claim, when the other is made
        text = sent.strip()
        clauses = [c for c in _CLAUSE_SPLIT.split(text) if c.strip()]
        if len(clauses) > 1:
            checkable = [c for c in clauses if _checkable(content_words(lex, c), c)]
            if checkable:
                new = [
                    c
                    for c in checkable
                    if not _said_elsewhere(story, content_words(lex, c), c, sid)
                ]
                if not new:
                    continue
                if len(new) < len(clauses):
                    text = new[0].strip()
        at = start + max(0, sent.find(text[:20]))
        yield make_finding(
            "claim/only-one-source",
            "only_in_one_source",
            f"claim:{sid}:{' '.join(sorted(words))[:60]}",
            f"Only {sid} reports: \u201c{short(text, 120)}\u201d",
            [text_value(sid, text, text, at)],
            missing_from=missing(story, [sid]),
            rank=0.2,
        )


_CLAUSE_SPLIT = re.compile(
    r",\s+(?:and|but|while|whereas)\s+|;\s+|"
    r"(?<!\s)\s++and\s++(?=(?:a|an|the|its|his|her|their|it|he|she|they)\b)"
)


def _checkable(words: set[str] | frozenset[str], text: str) -> bool:
    """Enough content to be a statement: five content words, or four and a figure."""
    return len(words) >= 5 or (len(words) == 4 and bool(re.search(r"\d", text)))


def _said_elsewhere(story: Story, words: set[str] | frozenset[str], text: str, sid: str) -> bool:
    return _best_overlap(story, set(words), sid) >= 0.34 or _anchors_elsewhere(story, text, sid)


_ANCHOR = re.compile(r"(?<![.!?]\s)(?<!^)\b[A-Z][a-z'’]+(?:\s+[A-Z][a-z'’]+)*|\b\d[\d,.]*\b")


def _anchors_elsewhere(story: Story, sent: str, sid: str) -> bool:
    """A sentence whose names and figures (those not in every source: the story's protagonists
    are no evidence) mostly appear in one other source is that source's news too. Figures
    are compared as numbers ("$2.1bn" / "$2.1 billion") and count when the other source has
    them all (a lone small figure, in a sentence that shares a content word with this one)."""
    lex = story.lex
    texts = _folded_texts(story)
    anchors = {fold(lex, m.group(0)) for m in _ANCHOR.finditer(sent.strip())} - {""}
    anchors = {a for a in anchors if not a[:1].isdigit()}
    anchors = {a for a in anchors if not all(f" {a} " in t for t in texts.values())}
    figures = figures_in(sent)
    numbers = _source_figures(story)
    content = content_words(lex, sent)
    lone = len(figures) == 1 and all(f < 100 and f.is_integer() for f in figures)
    for k, t in texts.items():
        if k == sid:
            continue
        theirs = numbers.get(k, frozenset())
        present = sum(1 for a in anchors if f" {a} " in t) + len(figures & theirs)
        if (anchors or figures) and present * 2 > len(anchors) + len(figures):
            return True
        # its figures, stated elsewhere; a lone small figure ("11 percent") only in a
        # sentence about something of the same
        if (
            figures
            and figures <= theirs
            and (
                not lone
                or any(
                    other.content & content and figures <= figures_in(other.text)
                    for other in sentence_index(story).by_source.get(k, ())
                )
            )
        ):
            return True
    return False


_FIGURE = re.compile(
    rf"(?<![\w.])(?:\d{{1,3}}(?:,\d{{3}})+|\d+(?:\.\d+)?)\s*(?:(?:{SCALE_WORDS})(?![\w]))?",
    re.I,
)


def figures_in(text: str) -> frozenset[float]:
    """The figures of a text as numbers, scale words applied ("$2.1bn" -> 2.1e9); years and
    figures under 10 (whole) say little and are left out."""
    out = set()
    for m in _FIGURE.finditer(text):
        q = parse_number(m.group(0))
        if q is None:
            continue
        n = q.lo
        scaled = not m.group(0).strip().replace(",", "").replace(".", "").isdigit()
        if (n < 10 and n.is_integer()) or (1900 <= n <= 2100 and not scaled):
            continue
        out.add(n)
    return frozenset(out)


def _source_figures(story: Story) -> dict[str, frozenset[float]]:
    if "source_figures" not in story.derived:
        # the story's sentences only: a figure in a related-story link is no evidence
        found: dict[str, set[float]] = {}
        for sentence in sentence_index(story).sentences:
            found.setdefault(sentence.source, set()).update(figures_in(sentence.text))
        story.derived["source_figures"] = {k: frozenset(v) for k, v in found.items()}
    figures: dict[str, frozenset[float]] = story.derived["source_figures"]
    return figures


_NAMED = (
    "person/only-one-source",
    "quote/only-one-source",
    "attribution/only-one-source",
    "place/only-one-source",
)


def drop_covered_claims(findings: list[Finding]) -> list[Finding]:
    """A single-source sentence that names a person, body or place only that source names, or
    carries a quotation only it has, is folded into that finding: the specific finding keeps
    its rule and gains the sentence. A sentence around a lone figure or date stays beside it."""
    claims = [f for f in findings if f.rule == "claim/only-one-source"]
    folded: set[str] = set()
    out: list[Finding] = []
    for f in findings:
        if f.rule in _NAMED:
            for c in claims:
                cv = c.values[0]
                if any(
                    v.source == cv.source
                    and v.start is not None
                    and cv.start is not None
                    and cv.end is not None
                    and cv.start <= v.start < cv.end
                    for v in f.values
                ):
                    folded.add(c.id)
                    if f.rule != "quote/only-one-source":
                        f = f.model_copy(
                            update={
                                "message": f"{f.message}: \u201c{short(cv.evidence, 160)}\u201d"
                            }
                        )
                    break
        out.append(f)
    return [f for f in out if f.id not in folded]


def said_elsewhere(story: Story, f: Finding) -> bool:
    """True when a finding that says only one source has something is wrong: another source
    names the same person, body or place in its text, states the same figure of the same kind
    of thing, or reports the same quotation's content in other words."""
    lex = story.lex
    if f.relation != "only_in_one_source" or f.rule == "claim/only-one-source" or not f.values:
        return False
    v = f.values[0]
    others = [t.strip() for sid, t in _folded_texts(story).items() if sid != v.source]
    article = story.articles.get(v.source)
    if (
        article is not None
        and f.rule in _NAMED
        and fold(lex, f.slot.split(":", 1)[-1]) in _self_names(lex, article)
    ):
        return True  # "(Lorne Gazette)" in a dateline: the outlet itself, not a fact
    if f.rule == "person/only-one-source":
        surname = f.slot.split(":", 1)[1].split()[-1] if f.slot.count(":") else ""
        if len(surname) > 2 and any(f" {surname} " in f" {t} " for t in others):
            return True  # "Jonas Kessler" / "Jonah Kessler": person/name says the rest
        key = f.slot.split(":", 1)[1] if f.slot.count(":") else ""
        if key and any(
            other != key and _one_name_spelled_two_ways(key, other)
            for other, norms in story.slot("person").items()
            if any(n.fact.source != v.source for n in norms)
        ):
            return True  # "Ilse Brandt" / "Ilse Brant": person/name says the rest
    if f.rule in ("person/only-one-source", "place/only-one-source", "attribution/only-one-source"):
        name = fold(
            lex,
            re.sub(
                r"^(?:the|The)\s+",
                "",
                v.text if f.rule != "person/only-one-source" else f.slot.split(":", 1)[1],
            ),
        )
        words = [w for w in name.split() if w not in ROLE_STOP]
        if not words:
            return False
        # the name, or its first or last three words ("Transportation Safety Board [of Canada]"),
        # or its initials ("TSB"), anywhere in another source
        phrases = {" ".join(words)} | (
            {" ".join(words[:3]), " ".join(words[-3:])} if len(words) > 3 else set()
        )
        if len(words) >= 3:
            phrases.add(initials_of(words))
        return any(f" {p} " in f" {t} " for p in phrases for t in others)
    if f.rule == "quote/only-one-source":
        return _best_overlap(story, content_words(lex, v.text), v.source) >= 0.5
    if f.rule == "number/only-one-source":
        return _figure_elsewhere(story, f) or _small_count_elsewhere(story, f)
    return False


def _one_name_spelled_two_ways(a: str, b: str) -> bool:
    """The same given names and a surname a letter or two apart ('ilse brandt' / 'ilse
    brant')."""
    wa, wb = a.split(), b.split()
    return (
        len(wa) >= 2 and wa[:-1] == wb[:-1] and len(wa) == len(wb) and spelled_alike(wa[-1], wb[-1])
    )


def _self_names(lex: Lexicon, article: Article) -> set[str]:
    names = {fold(lex, article.id.replace("-", " "))}
    if article.outlet:
        names.add(fold(lex, article.outlet))
    return names


def _small_count_elsewhere(story: Story, f: Finding) -> bool:
    """'Two tugs' / 'a pair of tugs': a small count of a thing another source names is no
    single-source figure worth an editor's time."""
    for n in (n for ns in story.slot("quantity").values() for n in ns):
        if n.fact.source != f.values[0].source or n.fact.spans["value"].start != f.values[0].start:
            continue
        if n.value.hi > 3 or not n.value.unit:
            return False
        noun = singular(n.value.unit.split()[-1])
        return any(
            noun in words
            for sid, words in _singular_words(story).items()
            if sid != f.values[0].source
        )
    return False


def _singular_words(story: Story) -> dict[str, frozenset[str]]:
    """Each source's words in the singular, once per story (not once per figure)."""
    if "singular_words" not in story.derived:
        story.derived["singular_words"] = {
            sid: frozenset(singular(w) for w in set(t.split()))
            for sid, t in _folded_texts(story).items()
        }
    words: dict[str, frozenset[str]] = story.derived["singular_words"]
    return words


def _figure_elsewhere(story: Story, f: Finding) -> bool:
    """The same figure (overlapping interval) counting the same class of thing, in another
    source, under another slot: 'more than 80,000 households' / 'over 80,000 homes'."""
    lex = story.lex
    mine = [
        n
        for ns in story.slot("quantity").values()
        for n in ns
        if any(
            n.fact.source == v.source and n.fact.spans["value"].start == v.start for v in f.values
        )
    ]
    if not mine:
        return False
    for n in mine:
        q = n.value
        big = q.lo >= 10
        for ns in story.slot("quantity").values():
            for m in ns:
                if m.fact.source == n.fact.source or not q.overlaps(m.value):
                    continue
                same_kind = (
                    q.unit is not None
                    and m.value.unit is not None
                    and (
                        q.unit == m.value.unit
                        or noun_class(lex, q.unit).split()[-1]
                        == noun_class(lex, m.value.unit).split()[-1]
                        or {noun_class(lex, q.unit), noun_class(lex, m.value.unit)}
                        <= {"family", "home", "customer", "household"}
                        or {noun_class(lex, q.unit), noun_class(lex, m.value.unit)}
                        <= lex.human_nouns
                    )
                )
                shared = content_words(lex, m.fact.evidence) & content_words(
                    lex, n.fact.evidence
                ) - set(words_in(lex, n.shown))
                if (big and same_kind) or (same_kind and shared):
                    return True
    return False
