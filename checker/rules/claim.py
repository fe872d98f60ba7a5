"""Statements no other source makes in any words."""

from __future__ import annotations

import re
from collections.abc import Iterator

from checker.models import Finding
from checker.normalize.entities import fold
from checker.rules.common import (
    content_words,
    enough,
    missing,
    sentence_index,
    short,
    text_value,
)
from checker.rules.elsewhere import best_overlap, figures_in, folded_texts, source_figures
from checker.rules.registry import Story, make_finding, rule


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
    return best_overlap(story, set(words), sid) >= 0.34 or _anchors_elsewhere(story, text, sid)


_ANCHOR = re.compile(r"(?<![.!?]\s)(?<!^)\b[A-Z][a-z'’]+(?:\s+[A-Z][a-z'’]+)*|\b\d[\d,.]*\b")


def _anchors_elsewhere(story: Story, sent: str, sid: str) -> bool:
    """A sentence whose names and figures (those not in every source: the story's protagonists
    are no evidence) mostly appear in one other source is that source's news too. Figures
    are compared as numbers ("$2.1bn" / "$2.1 billion") and count when the other source has
    them all (a lone small figure, in a sentence that shares a content word with this one)."""
    lex = story.lex
    texts = folded_texts(story)
    anchors = {fold(lex, m.group(0)) for m in _ANCHOR.finditer(sent.strip())} - {""}
    anchors = {a for a in anchors if not a[:1].isdigit()}
    anchors = {a for a in anchors if not all(f" {a} " in t for t in texts.values())}
    figures = figures_in(sent)
    numbers = source_figures(story)
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
