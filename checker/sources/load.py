"""Discovery and loading: files and folders to the article files to read, their source ids, each
file read and split into an :class:`~checker.models.Article`, and a story folder's own lexicon."""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from pathlib import Path

from checker.budget import Deadline
from checker.errors import InputError
from checker.models import Article, Span
from checker.settings import DEFAULT_MAX_BYTES
from checker.sources.decode import read_text
from checker.sources.html import html_main_text, looks_like_html
from checker.sources.metadata import _as_date, _front_matter, _humanize
from checker.sources.split import split_story

ARTICLE_SUFFIXES = (".txt", ".md", ".markdown", ".html", ".htm")
# Files in a story folder that are not articles.
NON_ARTICLE_NAMES = {"readme.md", "expected.yaml", "notes.md", "changelog.md"}


# --------------------------------------------------------------------------- discovery


def discover(paths: Iterable[str | Path]) -> list[Path]:
    """Expand files and folders into the article files to read, in a stable order.

    Raises:
        InputError: a path does not exist, or a folder holds no article files.
    """
    found: list[Path] = []
    for raw in paths:
        p = Path(raw)
        if not p.exists():
            raise InputError(f"{p}: no such file or folder")
        if p.is_dir():
            files = sorted(
                f
                for f in p.iterdir()
                if f.is_file()
                and f.suffix.lower() in ARTICLE_SUFFIXES
                and not f.name.startswith(".")
                and f.name.lower() not in NON_ARTICLE_NAMES
            )
            if not files:
                stories = sorted(
                    d.name for d in p.iterdir() if d.is_dir() and not d.name.startswith(".")
                )
                hint = (
                    (
                        f"; it holds folders ({', '.join(stories[:4])}{', …' if len(stories) > 4 else ''}): "
                        f"give one story's folder, e.g. {p / stories[0]}"
                    )
                    if stories
                    else ""
                )
                raise InputError(
                    f"{p}: folder has no articles (looked for {', '.join(ARTICLE_SUFFIXES)}){hint}"
                )
            found.extend(files)
        else:
            found.append(p)
    unique: list[Path] = []
    seen: set[Path] = set()
    for f in found:
        key = f.resolve()
        if key not in seen:
            seen.add(key)
            unique.append(f)
    return unique


def source_ids(files: list[Path]) -> list[str]:
    """Stable ids from file names; a clash gets the parent folder's name as a prefix."""
    stems = [_slug(f.stem) for f in files]
    ids = []
    for f, stem in zip(files, stems, strict=True):
        ids.append(f"{_slug(f.parent.name)}/{stem}" if stems.count(stem) > 1 else stem)
    return ids


def _slug(s: str) -> str:
    return re.sub(r"[^a-z0-9]+", "-", s.lower()).strip("-") or "source"


def load_article(
    path: Path,
    source_id: str,
    max_bytes: int = DEFAULT_MAX_BYTES,
    deadline: Deadline | None = None,
) -> Article:
    """Read, decode and split one article.

    Raises:
        InputError: the file is unreadable, too large, empty, binary, or has no story text.
        SourceTimeoutError: the source's time budget ran out (``deadline``).
    """
    text = read_text(path, max_bytes)
    return article_from_text(
        text,
        str(path),
        source_id,
        html=looks_like_html(path.name, text),
        outlet=None,
        stem=path.stem,
        deadline=deadline,
    )


def article_from_text(
    text: str,
    path: str,
    source_id: str,
    html: bool,
    outlet: str | None,
    stem: str,
    deadline: Deadline | None = None,
) -> Article:
    """Split a decoded document (a file's or a fetched page's) into story and noise.

    ``outlet`` is the fallback outlet name (a link's host); without one, the file name's stem
    is used.

    Raises:
        InputError: the document has no story text.
        SourceTimeoutError: the source's time budget ran out (``deadline``).
    """
    meta: dict[str, object] = {}
    offset = 0
    origin = "front matter"
    if html:
        text, meta = html_main_text(text)
        origin = "page metadata"
        if deadline is not None:
            deadline.check()
    else:
        meta, offset = _front_matter(text)

    marked = meta.get("headings") if html else ()
    story = split_story(
        text[offset:],
        marked if isinstance(marked, list) else (),
        bool(meta.get("main_text")),
        deadline,
    )
    title, published = story.title, story.published
    spans = [Span(start=s.start + offset, end=s.end + offset) for s in story.body]
    headings = [Span(start=s.start + offset, end=s.end + offset) for s in story.headings]
    asides = [Span(start=s.start + offset, end=s.end + offset) for s in story.asides]
    if not spans:
        raise InputError(f"{path}: no story text found (no paragraph reads as prose)")
    provenance: dict[str, str] = {}
    found_title = str(meta.get("title") or "") or None
    provenance["title"] = origin if found_title else ("the text" if title else "none")
    named = str(meta.get("outlet") or "") or None
    provenance["outlet"] = origin if named else ("the link" if outlet else "file name")
    date = _as_date(meta.get("published"))
    provenance["published"] = origin if date else ("the text" if published else "none")
    bare = re.sub(r"^\s*#{1,6}\s+", "", title or "").strip()
    headline = next((sp for sp in spans if bare and text[sp.start : sp.end].strip() == bare), None)
    return Article(
        id=source_id,
        path=path,
        headline=headline,
        headings=headings,
        asides=asides,
        title=found_title or title,
        outlet=named or outlet or _humanize(stem),
        published=date or published,
        text=text,
        body=spans,
        provenance=provenance,
    )


STORY_LEXICON = "lexicon.yaml"


def story_lexicon_files(paths: Sequence[str | Path]) -> tuple[str, ...]:
    """A story folder's own lexicon (``lexicon.yaml`` beside its articles), for each folder given.

    Per-story knowledge (a local place and its spellings, a port, a cosmodrome) lives there,
    not in the bundled data."""
    out = []
    for p in paths:
        path = Path(p)
        if path.is_dir() and (path / STORY_LEXICON).is_file():
            out.append(str(path / STORY_LEXICON))
    return tuple(out)
