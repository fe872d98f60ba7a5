"""Quotation rules: rewording, speaker, modality, quotations only one source has."""

from __future__ import annotations

import difflib
import re
from collections.abc import Iterator

from checker.lexicon import Lexicon
from checker.models import Finding
from checker.normalize.entities import fold, transliterated
from checker.normalize.facts import Norm
from checker.rules.common import (
    RANK,
    STOP,
    content_words,
    enough,
    missing,
    sentence_index,
    short,
    text_value,
    words_in,
)
from checker.rules.elsewhere import quoted_elsewhere
from checker.rules.registry import Story, make_finding, rule, similarity, value_of


def _longest_run(a: str, b: str) -> int:
    """Words in the longest stretch two wordings share."""
    wa, wb = a.split(), b.split()
    m = difflib.SequenceMatcher(None, wa, wb, autojunk=False).find_longest_match(
        0, len(wa), 0, len(wb)
    )
    return m.size


def word_diff(a: str, b: str) -> str:
    """The words that differ between two wordings: '[-illegal, but-] [+wrong, and+]'."""
    wa, wb = a.split(), b.split()
    parts = []
    for op, i1, i2, j1, j2 in difflib.SequenceMatcher(None, wa, wb, autojunk=False).get_opcodes():
        if op == "equal":
            continue
        old, new = " ".join(wa[i1:i2]), " ".join(wb[j1:j2])
        parts.append(
            " ".join(x for x in (f"[-{old}-]" if old else "", f"[+{new}+]" if new else "") if x)
        )
    return "; ".join(parts)


def _quote_pairs(story: Story) -> list[tuple[Norm, Norm, float]]:
    """Pairs of similar quotations from different sources (one pair per distinct wording and
    speaker; many sources repeating one quotation do not multiply the work). Three rules use
    them: computed once per story. The same speaker's words need less in common to pair: a
    reworded quotation keeps a run of words, not most of them."""
    if "quote_pairs" in story.derived:
        return list(story.derived["quote_pairs"])
    quotes = [n for ns in story.slot("quote").values() for n in ns]
    first: dict[tuple[str, str], Norm] = {}
    for n in quotes:
        first.setdefault((n.key, n.value), n)
    reps = list(first.values())
    out = []
    for i, a in enumerate(reps):
        for b in reps[i + 1 :]:
            if a.fact.source == b.fact.source:
                continue
            sim = similarity(a.value, b.value)
            similar = sim >= 0.5 or a.value in b.value or b.value in a.value
            if not similar and a.key and a.key == b.key:
                similar = sim >= 0.3 or _longest_run(a.value, b.value) >= 4
            if similar:
                out.append((a, b, sim))
    story.derived["quote_pairs"] = out
    return out


@rule(
    "quote/reworded",
    "quote",
    "medium",
    "One quotation worded differently",
    covers=("quote/only-one-source",),
)
def quote_reworded(story: Story) -> Iterator[Finding]:
    """One quotation, by the same speaker, worded differently by different sources.

    A quotation that is a cut of the other's (fewer words, the rest the same) is not
    reworded. The message shows the words that differ and names a change of modal or of
    negation.

    Why it matters:
        Quotation marks promise the speaker's exact words; at most one wording can be what was
        said, and a changed word can change the meaning.

    Example:
        a: "We expect the line to reopen in spring," engineer Sara Lindqvist said.
        b: "We hope the line will reopen in spring," engineer Sara Lindqvist said.
        Finding (medium): both quotations, with the words that differ.
    """
    lex = story.lex
    for a, b, _ in _quote_pairs(story):
        if a.value == b.value or a.value in b.value or b.value in a.value:
            continue
        diff = word_diff(a.shown, b.shown)
        modal = modal_change(lex, a.shown, b.shown)
        yield make_finding(
            "quote/reworded",
            "conflict",
            f"quote:{a.key or 'unattributed'}",
            f"A quotation differs between {a.fact.source} and {b.fact.source}: {diff}"
            + (f" ({modal})" if modal else ""),
            [value_of(lex, a), value_of(lex, b)],
            rank=0.7,
        )


def _one_name_two_ways(lex: Lexicon, a: str, b: str) -> bool:
    """Two speakers' names that are one person's written two ways: the surnames a letter or
    two apart or the same without their marks, the given names (where both give one) the same
    ('Declan Farrell' / 'Farrelly', 'Etxeberria' / 'Etxebérria'). Misspelling a name is
    person/name's to report; the quotation is given to one person."""
    wa, wb = fold(lex, a).split(), fold(lex, b).split()
    if not wa or not wb:
        return False
    sa, sb = wa[-1], wb[-1]
    if min(len(sa), len(sb)) < 4:
        return False
    if len(wa) > 1 and len(wb) > 1 and wa[:-1] != wb[:-1]:
        return False
    return (
        sa == sb
        or transliterated(lex, sa, sb)
        or difflib.SequenceMatcher(None, sa, sb).ratio() >= 0.8
    )


@rule(
    "attribution/speaker",
    "attribution",
    "medium",
    "One quotation given to different people",
    covers=("attribution/only-one-source",),
)
def quote_speaker(story: Story) -> Iterator[Finding]:
    """One quotation, in the same or similar words, given to different speakers.

    Why it matters:
        Words put in the wrong mouth are among the corrections a newsroom least wants to
        print: one of the sources has misattributed the quotation, or one speaker echoed
        another and the story should say so.

    Example:
        a: "The school will reopen on Monday," head teacher Ruth Oyelaran said.
        b: "The school will reopen on Monday," councillor Dev Amberly said.
        Finding (medium): a "Ruth Oyelaran", b "Dev Amberly".
    """
    lex = story.lex
    for a, b, _ in _quote_pairs(story):
        if a.key and b.key and a.key != b.key and not _one_name_two_ways(lex, a.key, b.key):
            diff = word_diff(a.shown, b.shown) if a.value != b.value else ""
            yield make_finding(
                "attribution/speaker",
                "conflict",
                f"quote:{a.key}|{b.key}",
                f"The same words (\u201c{short(a.shown, 60)}\u201d) are attributed to "
                f"{a.fact.fields.get('speaker')} by {a.fact.source} "
                f"and to {b.fact.fields.get('speaker')} by {b.fact.source}"
                + (f"; the wording differs: {diff}" if diff else ""),
                [value_of(lex, a, "speaker"), value_of(lex, b, "speaker")],
                rank=0.8,
            )


@rule(
    "quote/only-one-source",
    "only_in_one_source",
    "low",
    "A quotation only one source has",
    covers=("claim/only-one-source",),
    elsewhere=quoted_elsewhere,
)
def quote_only_one(story: Story) -> Iterator[Finding]:
    """A quotation that one source has and no other source quotes or reports.

    Of a quotation of several sentences, only the sentences no other source reports in its
    own words are shown; none when every sentence is reported elsewhere.

    Why it matters:
        A quotation only one outlet carries cannot be checked against another account of what
        was said; the editor may want the recording or the transcript.

    Example:
        a: The pier was closed. "Nobody should go near the water tonight," the harbour master said.
        b: The pier was closed, the harbour master said.
        Finding (low): a "Nobody should go near the water tonight".
    """
    lex = story.lex
    if not enough(story):
        return
    paired = {(n.key, n.value) for p in _quote_pairs(story) for n in p[:2]}
    sources: dict[tuple[str, str], set[str]] = {}
    for ns in story.slot("quote").values():
        for n in ns:
            sources.setdefault((n.key, n.value), set()).add(n.fact.source)
    for key, norms in sorted(story.slot("quote").items()):
        for n in norms:
            if (n.key, n.value) in paired or len(sources[(n.key, n.value)]) > 1:
                continue
            who = n.fact.fields.get("speaker")
            # a quotation of several sentences, some of which other sources report in their
            # own words: show what only this source has ("We have sent two teams on foot."),
            # and nothing when every sentence of it is reported elsewhere
            parts = [p for p in re.split(r"(?<=[.!?])\s+", n.shown.strip()) if p]
            shown = n.shown
            value = value_of(lex, n)
            if len(parts) > 1:
                index = sentence_index(story)
                new = [
                    p
                    for p in parts
                    if index.best_overlap(content_words(lex, p), n.fact.source) < 0.5
                ]
                if not new:
                    continue
                shown = " \u2026 ".join(new)
                if len(new) < len(parts) and value.start is not None:
                    at = value.start + max(0, n.shown.find(new[0]))
                    value = value.model_copy(
                        update={"text": new[0], "start": at, "end": at + len(new[0])}
                    )
            text = shown if len(shown) <= 80 else shown[:77] + "..."
            yield make_finding(
                "quote/only-one-source",
                "only_in_one_source",
                f"quote:{key or 'unattributed'}:{n.normalized[:40]}",
                f"Only {n.fact.source} quotes "
                + (f"{who}: " if who else "")
                + f"\u201c{text}\u201d",
                [value],
                missing_from=missing(story, [n.fact.source]),
                rank=RANK["quote"],
            )


_MODAL = {
    "will": "will",
    "'ll": "will",
    "shall": "will",
    "won't": "will not",
    "would": "would",
    "could": "may",
    "may": "may",
    "might": "may",
    "can": "may",
    "must": "must",
    "should": "must",
    "cannot": "may not",
    "can't": "may not",
}


_NEGATION = frozenset(
    {"not", "never", "no", "nothing", "none", "cannot", "didn't", "don't", "won't"}
)


def modal_change(lex: Lexicon, a: str, b: str) -> str | None:
    """What changes the meaning between two wordings of a quotation: a modal verb on the same
    word ('may → will'), or a denial in one that the other lacks."""
    wa, wb = words_in(lex, a), words_in(lex, b)
    na = sum(w in _NEGATION or w.endswith("n't") for w in wa)
    nb = sum(w in _NEGATION or w.endswith("n't") for w in wb)
    if (na == 0) != (nb == 0):
        return "one denies what the other asserts"
    for i, w in enumerate(wa):
        if len(w) <= 3 or w in STOP or w not in wb:
            continue
        ma, mb = _modal_before(wa, i), _modal_before(wb, wb.index(w))
        if ma and mb and ma != mb:
            return f"the modality changes: {ma} \u2192 {mb}"
    return None


def _modal_before(words: list[str], i: int) -> str | None:
    """The modality put on ``words[i]``: a modal verb up to three words before it."""
    for j in range(i - 1, max(-1, i - 4), -1):
        w = words[j]
        if w in _MODAL:
            neg = any(x in ("not", "never") for x in words[j + 1 : i])
            return _MODAL[w] + (" not" if neg and "not" not in _MODAL[w] else "")
        if w in (".", ",") or (
            w.isalpha()
            and w
            not in ("be", "not", "never", "also", "only", "then", "partially", "fully", "still")
            and j < i - 1
            and len(w) > 3
        ):
            break
    return None


@rule(
    "quote/modality",
    "quote",
    "medium",
    "A quotation and another source's account differ in modality",
    covers=("quote/only-one-source",),
)
def quote_modality(story: Story) -> Iterator[Finding]:
    """A quotation and another source's account of it that differ in modality (will / might).

    Not two quotations: two quotations that differ are quote/reworded's, which names a modal
    change too.

    Why it matters:
        A promise reported as a possibility (or the reverse) changes what the speaker
        committed to; one of the two accounts misreports them.

    Example:
        a: "The ward will reopen next month," the hospital's director said.
        b: The hospital's director said the ward could reopen next month.
        Finding (medium): a "The ward will reopen next month", b "the ward could reopen".
    """
    lex = story.lex
    index = sentence_index(story)
    seen: set[tuple[str, str]] = set()
    quoted_by = {
        (n.value, m.fact.source) for a, b, _ in _quote_pairs(story) for n, m in ((a, b), (b, a))
    }
    done: set[tuple[str, str]] = set()  # (quotation, sentence) wordings already compared
    wordings: dict[str, Norm] = {}
    for n in (n for ns in story.slot("quote").values() for n in ns):
        wordings.setdefault(n.value, n)  # one quotation repeated by many sources: once
    for q in wordings.values():
        qwords = words_in(lex, q.shown)
        content = frozenset(content_words(lex, q.shown))
        if len(content) < 3:
            continue
        for group, shared in index.similar(content, min_shared=3):
            if shared < 0.5 * len(content):
                continue
            for sentence in index.groups[group]:
                sid, start, sent, swords = (
                    sentence.source,
                    sentence.start,
                    sentence.text,
                    list(sentence.words),
                )
                if sid == q.fact.source or (q.fact.source, sid) in seen or (q.value, sent) in done:
                    continue
                if (q.value, sid) in quoted_by and ('"' in sent or "\u201c" in sent):
                    continue  # the other source quotes it too
                done.add((q.value, sent))
                common = set(qwords) & set(swords)
                for i, w in enumerate(qwords):
                    if w not in common or len(w) <= 3 or w in STOP:
                        continue
                    mq = _modal_before(qwords, i)
                    ms = _modal_before(swords, swords.index(w))
                    if not mq or not ms or mq == ms:
                        continue
                    seen.add((q.fact.source, sid))
                    m = re.search(rf"\b\w+(?:\s+\w+){{0,2}}\s+{re.escape(w)}\b", sent, re.I)
                    their = m.group(0) if m else sent
                    ours = re.search(rf"\b\w+(?:\s+\w+){{0,2}}\s+{re.escape(w)}\b", q.shown, re.I)
                    s_at = start + (m.start() if m else 0)
                    other = text_value(sid, their, sent.strip(), s_at)
                    yield make_finding(
                        "quote/modality",
                        "conflict",
                        f"quote:{q.key or 'unattributed'}:modality",
                        f"{q.fact.source} quotes \u201c{ours.group(0) if ours else w}\u201d ({mq}) where "
                        f"{sid} writes \u201c{their}\u201d ({ms})",
                        [value_of(lex, q), other],
                        rank=0.75,
                    )
                    break
