"""Drafts: every prose line of a draft is checked (no code blocks, comments or Markdown markers),
and the finding ids it suppresses inline."""

from __future__ import annotations

import re
from pathlib import Path

from checker.errors import InputError
from checker.models import Article, Span
from checker.settings import DEFAULT_MAX_BYTES
from checker.sources.decode import read_text
from checker.sources.html import html_to_text, looks_like_html
from checker.sources.metadata import _as_date, _front_matter

_FENCE = re.compile(r"^\s*(```|~~~)")
_COMMENT = re.compile(r"<!--.*?-->", re.S)
_MD_PREFIX = re.compile(r"^(?:#{1,6}\s+|[-*+]\s+|\d+[.)]\s+|>\s*)+")


def draft_body(text: str, offset: int = 0) -> list[Span]:
    """Every line of a draft that is prose: no code blocks, comments or Markdown markers."""
    spans: list[Span] = []
    in_fence = False
    masked = _COMMENT.sub(lambda m: " " * len(m.group(0)), text)
    pos = 0
    for line in masked.split("\n"):
        start = pos
        pos += len(line) + 1
        if _FENCE.match(line):
            in_fence = not in_fence
            continue
        if in_fence or line.startswith("    ") or line.startswith("\t"):
            continue
        m = _MD_PREFIX.match(line)
        lead = m.end() if m else 0
        content = line[lead:]
        stripped = content.strip()
        if not stripped or set(stripped) <= set("-=*_|:"):
            continue
        left = lead + (len(content) - len(content.lstrip()))
        s = start + left
        e = s + len(stripped)
        spans.append(Span(start=s + offset, end=e + offset))
    return spans


def suppressed_ids(text: str) -> set[str]:
    """Finding ids a draft suppresses inline: ``<!-- checker: ignore ID [ID...] -->``."""
    out: set[str] = set()
    for m in re.finditer(r"checker:\s*ignore\s+([\w\s,-]+?)\s*(?:-->|$)", text, re.M):
        out |= {x for x in re.split(r"[\s,]+", m.group(1)) if x}
    return out


def load_draft(path: Path, max_bytes: int = DEFAULT_MAX_BYTES) -> Article:
    """Read a draft: every prose line counts (headings too); code and front matter do not.

    Raises:
        InputError: the file is unreadable, empty, binary or too large.
    """
    text = read_text(path, max_bytes)
    meta: dict[str, object] = {}
    offset = 0
    if looks_like_html(path.name, text):
        text, _ = html_to_text(text)
    else:
        meta, offset = _front_matter(text)
    body = draft_body(text[offset:], offset)
    if not body:
        raise InputError(f"{path}: the draft has no text to check")
    return Article(
        id="draft",
        path=str(path),
        title=str(meta.get("title") or "") or None,
        outlet="draft",
        published=_as_date(meta.get("published")),
        text=text,
        body=body,
        headline=None,  # a draft's every line is checked, its headline included
    )
