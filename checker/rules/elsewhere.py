"""Whether another source says what a single-source finding says only one source has.

A rule whose findings say "only this source has it" names one of these tests in its registry
entry (``elsewhere``); the runner drops a finding the test says another source has: the same
person, body or place named in another source's text (or its initials), the same figure of the
same kind of thing, the same quotation's content in other words. The outlet's own name is never
a fact of its story. Also here: each source's folded text and figures, read once per story.
"""

from __future__ import annotations

import re

from checker.align.words import noun_class, spelled_alike
from checker.lexicon import Lexicon
from checker.models import Article, Finding
from checker.normalize.entities import fold
from checker.normalize.numbers import SCALE_WORDS, parse_number, singular
from checker.rules.common import ROLE_STOP, content_words, initials_of, sentence_index, words_in
from checker.rules.registry import Story


def folded_texts(story: Story) -> dict[str, str]:
    lex = story.lex
    if "folded_texts" not in story.derived:
        story.derived["folded_texts"] = {k: f" {fold(lex, t)} " for k, t in story.texts.items()}
    texts: dict[str, str] = story.derived["folded_texts"]
    return texts


def best_overlap(story: Story, words: set[str], but: str) -> float:
    return sentence_index(story).best_overlap(words, but)


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


def source_figures(story: Story) -> dict[str, frozenset[float]]:
    if "source_figures" not in story.derived:
        # the story's sentences only: a figure in a related-story link is no evidence
        found: dict[str, set[float]] = {}
        for sentence in sentence_index(story).sentences:
            found.setdefault(sentence.source, set()).update(figures_in(sentence.text))
        story.derived["source_figures"] = {k: frozenset(v) for k, v in found.items()}
    figures: dict[str, frozenset[float]] = story.derived["source_figures"]
    return figures


def _lone(f: Finding) -> bool:
    """A finding a test may drop: one that says only one source has something."""
    return f.relation == "only_in_one_source" and bool(f.values)


def _outlet_itself(story: Story, f: Finding) -> bool:
    """ "(Lorne Gazette)" in a dateline: the outlet itself, not a fact."""
    article = story.articles.get(f.values[0].source)
    lex = story.lex
    return article is not None and fold(lex, f.slot.split(":", 1)[-1]) in _self_names(lex, article)


def _others(story: Story, f: Finding) -> list[str]:
    """The other sources' folded texts, each padded with a space at both ends (so that
    ``f" {phrase} " in text`` finds whole words)."""
    return [t for sid, t in folded_texts(story).items() if sid != f.values[0].source]


def person_elsewhere(story: Story, f: Finding) -> bool:
    """Another source names the person: their surname ("Jonas Kessler" / "Jonah Kessler", which
    person/name reports), a name spelled a letter or two apart, or the name itself."""
    if not _lone(f):
        return False
    if _outlet_itself(story, f):
        return True
    v = f.values[0]
    key = f.slot.split(":", 1)[1] if ":" in f.slot else ""
    surname = key.split()[-1] if key.split() else ""
    if len(surname) > 2 and any(f" {surname} " in t for t in _others(story, f)):
        return True  # "Jonas Kessler" / "Jonah Kessler": person/name says the rest
    if key and any(
        other != key and _one_name_spelled_two_ways(key, other)
        for other, norms in story.slot("person").items()
        if any(n.fact.source != v.source for n in norms)
    ):
        return True  # "Ilse Brandt" / "Ilse Brant": person/name says the rest
    return _name_in_others(story, f, key)


def named_elsewhere(story: Story, f: Finding) -> bool:
    """Another source names the body or place the finding's value names."""
    if not _lone(f):
        return False
    return _outlet_itself(story, f) or _name_in_others(story, f, f.values[0].text)


def _name_in_others(story: Story, f: Finding, name: str) -> bool:
    """The name, or its first or last three words ("Transportation Safety Board [of Canada]"),
    or its initials ("TSB"), anywhere in another source."""
    words = [
        w
        for w in fold(story.lex, re.sub(r"^(?:the|The)\s+", "", name)).split()
        if w not in ROLE_STOP
    ]
    if not words:
        return False
    phrases = {" ".join(words)} | (
        {" ".join(words[:3]), " ".join(words[-3:])} if len(words) > 3 else set()
    )
    if len(words) >= 3:
        phrases.add(initials_of(words))
    return any(f" {p} " in t for p in phrases for t in _others(story, f))


def quoted_elsewhere(story: Story, f: Finding) -> bool:
    """Another source reports the quotation's content in other words (half its content words
    in one sentence)."""
    if not _lone(f):
        return False
    v = f.values[0]
    if _outlet_itself(story, f):
        return True
    return best_overlap(story, content_words(story.lex, v.text), v.source) >= 0.5


def figure_elsewhere(story: Story, f: Finding) -> bool:
    """Another source states the same figure of the same kind of thing, or names the thing a
    small count counts."""
    if not _lone(f):
        return False
    return _figure_elsewhere(story, f) or _small_count_elsewhere(story, f)


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
            for sid, t in folded_texts(story).items()
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
