"""The story split from page noise: a page's lines (or, for hard-wrapped text, its blocks)
sorted into the story's paragraphs, subheadings, asides, headline and dateline."""

from __future__ import annotations

import bisect
import datetime as dt
import functools
import re
from collections.abc import Iterable
from typing import NamedTuple

from checker.budget import Deadline
from checker.models import Span
from checker.sources.metadata import _LEAD_DATELINE, parse_dateline
from checker.sources.noise import (
    _BIO,
    _RELATED,
    _SENTENCE_END,
    _words,
    is_boilerplate,
    is_caption,
    is_headline_candidate,
    is_sentence_like,
    story_pieces,
    without_teaser,
)


def _reads_as_prose(line: str) -> bool:
    """Sentence-like, or prose that a teaser marker cuts ('… Read more')."""
    prose = without_teaser(line)
    return is_sentence_like(line) or (prose != line and len(_words(prose)) >= 6)


def _unpunctuated_prose(line: str) -> bool:
    """Inside the story, a line that is prose though it lacks a full stop: a long one (a page
    that dropped the stop) or a sentence that introduces a list ("… include:")."""
    if re.search(r"\s[|·•»]\s", line):  # a menu bar
        return False
    n = len(_words(line))
    return n >= 6 and line.rstrip().endswith(":")


def _lines(text: str) -> list[tuple[int, int]]:
    """Spans of non-blank lines, trimmed of surrounding white space."""
    spans = []
    for m in re.finditer(r"[^\n]+", text):
        raw = m.group(0)
        left = len(raw) - len(raw.lstrip())
        right = len(raw.rstrip())
        if right > left:
            spans.append((m.start() + left, m.start() + right))
    return spans


def _blocks(text: str) -> list[tuple[int, int]]:
    """Spans of blank-line-separated blocks, trimmed."""
    spans = []
    for m in re.finditer(r"\S(?:.|\n(?![ \t]*\n))*", text):
        raw = m.group(0).rstrip()
        spans.append((m.start(), m.start() + len(raw)))
    return spans


def _hard_wrapped(text: str, lines: list[tuple[int, int]]) -> bool:
    """Plain text wrapped at a fixed width: most lines are long, similar and end mid-sentence."""
    if len(lines) < 6:
        return False
    lengths = sorted(e - s for s, e in lines)
    median = lengths[len(lengths) // 2]
    open_ended = sum(1 for s, e in lines if not _SENTENCE_END.search(text[s:e]))
    near_width = sum(1 for n in lengths if median * 0.7 <= n <= median * 1.15)
    return 40 <= median <= 100 and open_ended / len(lines) > 0.5 and near_width / len(lines) > 0.5


class Story(NamedTuple):
    """What :func:`split_story` finds in a page's text."""

    body: list[Span]  # kept paragraphs, subheadings and the headline included, in text order
    title: str | None
    published: dt.date | None
    headings: list[Span]  # the subheadings among ``body``
    asides: list[Span]  # lines among ``body`` kept for show only (see Article.asides)


_MD_HEADING = re.compile(r"^\s*#{1,6}\s+")


def split_story(
    text: str,
    heading_lines: Iterable[str] = (),
    main_text: bool = False,
    deadline: Deadline | None = None,
) -> Story:
    """Find the story's paragraphs, subheadings, headline and dateline in a page's text.

    A subheading stands between two story paragraphs: a Markdown heading (``## …``) or a line
    the page set as a heading (``heading_lines``). In text a main-text extractor already cut
    from its page (``main_text``), any other line there that is neither prose nor furniture
    is kept as an aside: shown, never read for facts. ``deadline`` is checked line by line.

    Raises:
        SourceTimeoutError: the source's time budget ran out.
    """
    marked = {" ".join(h.split()) for h in heading_lines}
    lines = _lines(text)
    if _hard_wrapped(text, lines):
        # Paragraphs are blocks, not lines; a block keeps its inner line breaks (offsets intact).
        lines = _blocks(text)
    # template markup and inline teasers are furniture inside a paragraph, not a reason to drop it
    lines = [(s + a, s + b) for s, e in lines for a, b in story_pieces(text[s:e])]
    body: list[Span] = []
    headings: list[Span] = []
    asides: list[Span] = []
    pending: list[tuple[Span, bool]] = []  # (line, a marked heading) waiting for prose under it
    title: str | None = None
    published: dt.date | None = None
    related_mode = False
    prev_title_like = False
    first_body_seen = False
    texts = [text[s:e] for s, e in lines]
    counts: dict[str, int] = {}
    for t in texts:
        counts[t] = counts.get(t, 0) + 1

    # The headline: before the story starts, prefer a line the page repeats, else the first.
    first_sentence = next(
        (
            i
            for i, t in enumerate(texts)
            if _reads_as_prose(t) and not is_boilerplate(without_teaser(t)) and not is_caption(t)
        ),
        len(texts),
    )
    candidates = [t for t in texts[:first_sentence] if is_headline_candidate(t)]
    repeated = [t for t in candidates if counts[t] > 1]
    if repeated:
        title = repeated[0]
    elif candidates:
        title = candidates[0]

    for (start, end), line in zip(lines, texts, strict=True):
        if deadline is not None:
            deadline.check()
        stripped = line.strip()
        if published is None and len(_words(line)) <= 8 and not first_body_seen:
            published = parse_dateline(line)
        if _RELATED.match(stripped):
            related_mode = True
            prev_title_like = False
            continue
        prose = without_teaser(line)
        if prose != line:
            # the marker is page furniture; the words before it are the story's, cut or not
            line, end = prose, start + len(prose)
            sentence = len(_words(line)) >= 6
        else:
            sentence = is_sentence_like(line) or (
                first_body_seen and not related_mode and _unpunctuated_prose(line)
            )
        furniture = is_caption(line) or is_boilerplate(line) or bool(_BIO.match(line))
        if not sentence or furniture:
            prev_title_like = not sentence
            heading = False
            if not sentence and not furniture and first_body_seen and not related_mode:
                # a subheading, if story prose follows it
                md = _MD_HEADING.match(line)
                lead = len(md.group(0)) if md else 0
                titled = bool(md or " ".join(line.split()) in marked)
                if (titled and is_headline_candidate(line[lead:])) or (
                    main_text
                    and len(_words(line)) >= 3
                    and not _RELATED.match(stripped)
                    and not re.search(r"\s[|·•»]\s", line)
                ):
                    pending.append((Span(start=start + lead, end=end), titled))
                    heading = True
            if not heading:
                pending = []
            continue
        if related_mode and prev_title_like:
            # A teaser: a headline line and the one paragraph standing under it.
            related_mode = False
            prev_title_like = False
            continue
        related_mode = False
        prev_title_like = False
        if len(pending) <= 2:  # more title lines in a row make a list of links, not a heading
            for span, titled in pending:
                body.append(span)
                (headings if titled else asides).append(span)
        pending = []
        body.append(Span(start=start, end=end))
        first_body_seen = True

    # A standfirst that the lead repeats word for word adds nothing but duplicate facts.
    later = _repeated_later(text, body)
    kept = [s for s, dropped in zip(body, later, strict=True) if not dropped]
    # A wire dateline opening the lead ("SAINT-MALO, France, May 9 (Southern Wire) - ") is
    # furniture: the paragraph starts after it (its date dates the story when nothing else does)
    for i, sp in enumerate(kept):
        if sp in headings or sp in asides:
            continue
        m = _LEAD_DATELINE.match(text[sp.start : sp.end])
        if m and sp.start + m.end() < sp.end:
            kept[i] = Span(start=sp.start + m.end(), end=sp.end)
            if published is None:
                published = parse_dateline(m.group(0))
        break
    # The headline is compared too (a wrong figure in a headline is a finding): its line joins
    # the story, first, unless the story repeats it word for word.
    if title is not None:
        at = next((k for k, t in enumerate(texts[:first_sentence]) if t == title), None)
        if at is not None:
            start, end = lines[at]
            line = text[start:end]
            lead = len(line) - len(re.sub(r"^\s*(?:#{1,6}\s+)?", "", line))  # "# Headline"
            seg = line[lead:].rstrip()
            if seg and not any(text[o.start : o.end].startswith(seg) for o in kept):
                kept.insert(0, Span(start=start + lead, end=start + lead + len(seg)))
    kept_at = {(s.start, s.end) for s in kept}
    return Story(
        kept,
        title,
        published,
        [h for h in headings if (h.start, h.end) in kept_at],
        [a for a in asides if (a.start, a.end) in kept_at],
    )


def _head(text: str, size: int) -> str:
    return text[:size]


def _repeated_later(text: str, spans: list[Span]) -> list[bool]:
    """For each span, whether a later one's text starts with its text (less a closing stop):
    texts sorted once, the later ones found by bisection and a range-maximum table over their
    positions, so a page of 10,000 paragraphs costs n log n, not n²."""
    texts = [text[s.start : s.end] for s in spans]
    n = len(texts)
    order = sorted(range(n), key=texts.__getitem__)
    ordered = [texts[k] for k in order]
    table = [order]  # table[j][i]: the latest position among ordered[i : i + 2**j]
    while 2 ** len(table) <= n:
        prev, half = table[-1], 2 ** (len(table) - 1)
        table.append([max(prev[i], prev[i + half]) for i in range(n - 2 * half + 1)])
    out = []
    for i, seg in enumerate(t.rstrip(" .") for t in texts):
        head = functools.partial(_head, size=len(seg))  # sorted texts are sorted by their heads
        lo = bisect.bisect_left(ordered, seg, key=head)
        hi = bisect.bisect_right(ordered, seg, key=head)
        later = -1
        if hi > lo:
            j = (hi - lo).bit_length() - 1
            later = max(table[j][lo], table[j][hi - 2**j])
        if later > i and spans[later] == spans[i]:  # the same span twice: any other later one
            later = max((k for k in order[lo:hi] if k > i and spans[k] != spans[i]), default=-1)
        out.append(later > i)
    return out
