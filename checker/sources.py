"""Stage 1: load sources, decode them, and separate the story from page noise.

Offsets are kept: ``Article.text`` is the decoded document (for HTML, its visible text) and
``Article.body`` lists the spans of it that are the story. Nothing is rewritten inside a kept
paragraph, so every later offset points at the characters a reader sees.
"""

from __future__ import annotations

import bisect
import codecs
import datetime as dt
import functools
import re
from collections.abc import Iterable, Sequence
from functools import lru_cache
from html.parser import HTMLParser
from importlib import resources
from pathlib import Path
from typing import ClassVar, NamedTuple

import yaml

from checker.budget import Deadline
from checker.errors import InputError
from checker.models import Article, Span
from checker.normalize.dates import MONTH_RE, month_number
from checker.settings import DEFAULT_MAX_BYTES

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


# --------------------------------------------------------------------------- decoding


# documents people do try as articles, told apart by their first bytes
_UNSUPPORTED_FORMATS = (
    (b"%PDF-", "PDF"),
    (b"PK\x03\x04", "a ZIP-packed document (Word .docx, OpenDocument .odt, an archive)"),
    (b"{\\rtf", "RTF"),
)


def decode(data: bytes, name: str) -> str:
    """Decode a document's bytes, refusing binaries with a reason.

    Raises:
        InputError: the bytes are empty, binary, or in no encoding we can read.
    """
    if data.startswith(codecs.BOM_UTF8):
        return data[len(codecs.BOM_UTF8) :].decode("utf-8", errors="replace")
    if data.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        try:
            return data.decode("utf-16")
        except UnicodeDecodeError as e:
            raise InputError(f"{name}: starts with a UTF-16 mark but is not valid UTF-16") from e
    for magic, what in _UNSUPPORTED_FORMATS:
        if data.startswith(magic):
            raise InputError(f"{name}: {what} is not supported: convert it to text")
    if b"\x00" in data[:8192]:
        raise InputError(f"{name}: looks like a binary file (NUL bytes), not an article")
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError:
        pass
    text = data.decode("cp1252", errors="replace")
    controls = sum(1 for c in text if ord(c) < 32 and c not in "\n\r\t\f")
    if controls > max(8, len(text) // 100) or text.count("\ufffd") > len(text) // 100 + 4:
        raise InputError(f"{name}: not text in UTF-8, UTF-16 or Windows-1252; convert it to UTF-8")
    return text


# --------------------------------------------------------------------------- HTML


class _Visible(HTMLParser):
    """Collects an HTML page's visible text, one line per block, and a few metadata tags."""

    SKIP: ClassVar[set[str]] = {
        "script",
        "style",
        "noscript",
        "template",
        "svg",
        "iframe",
        "head",
        "nav",
        "footer",
        "aside",
        "form",
        "button",
        "select",
        "figure",
        "figcaption",
    }
    BLOCK: ClassVar[set[str]] = {
        "p",
        "div",
        "br",
        "li",
        "h1",
        "h2",
        "h3",
        "h4",
        "h5",
        "h6",
        "section",
        "article",
        "blockquote",
        "tr",
        "header",
        "main",
        "ul",
        "ol",
        "table",
        "pre",
        "hr",
        "title",
    }

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.parts: list[str] = []
        self.skip_depth = 0
        self.meta: dict[str, str] = {}
        self.in_title = False
        self.in_h1 = False
        self.title = ""
        self.h1 = ""

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        a = {k.lower(): (v or "") for k, v in attrs}
        if tag == "meta":
            key = (a.get("property") or a.get("name") or "").lower()
            if key and a.get("content"):
                self.meta.setdefault(key, a["content"])
            return
        if tag == "time" and a.get("datetime"):
            self.meta.setdefault("time", a["datetime"])
        if tag == "title":
            self.in_title = True
        if tag == "h1":
            self.in_h1 = True
        if tag in self.SKIP and tag != "head":
            self.skip_depth += 1
        if tag in self.BLOCK:
            self.parts.append("\n")

    def handle_startendtag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag in ("br", "hr"):
            self.parts.append("\n")
        elif tag == "meta":
            self.handle_starttag(tag, attrs)

    def handle_endtag(self, tag: str) -> None:
        if tag == "title":
            self.in_title = False
        if tag == "h1":
            self.in_h1 = False
        if tag in self.SKIP and tag != "head" and self.skip_depth:
            self.skip_depth -= 1
        if tag in self.BLOCK:
            self.parts.append("\n")

    def handle_data(self, data: str) -> None:
        if self.in_title:
            self.title += data
            return
        if self.skip_depth:
            return
        if self.in_h1:
            self.h1 += data
        self.parts.append(re.sub(r"[ \t\r\f\v]+", " ", data))


def html_to_text(html: str) -> tuple[str, dict[str, str]]:
    """Visible text of an HTML page (scripts, styles and chrome elements dropped) and metadata."""
    p = _Visible()
    p.feed(html)
    p.close()
    text = "".join(p.parts)
    text = "\n".join(line.strip() for line in text.split("\n"))
    text = re.sub(r"\n{3,}", "\n\n", text).strip()
    meta = dict(p.meta)
    if p.h1.strip():
        meta["h1"] = " ".join(p.h1.split())
    if p.title.strip():
        meta["title"] = " ".join(p.title.split())
    return text, meta


def html_main_text(html: str) -> tuple[str, dict[str, object]]:
    """The main text of an HTML page and its metadata (title, site name, author, date).

    trafilatura finds the main text (it drops navigation, footers, sidebars and most related
    lists); the news-specific noise rules of :func:`split_story` then run on what it returns.
    A page trafilatura finds nothing in falls back to the page's whole visible text."""
    import trafilatura

    doc = None
    try:
        doc = trafilatura.bare_extraction(
            html,
            with_metadata=True,
            include_comments=False,
            include_tables=False,
            include_images=False,
            include_links=False,
            deduplicate=False,
        )
    except (ValueError, TypeError, AttributeError):  # malformed markup trafilatura gives up on
        doc = None
    main = (getattr(doc, "text", None) or "").strip() if doc is not None else ""
    if not main:
        return html_to_text_with_meta(html)
    found = {
        "title": getattr(doc, "title", None),
        "outlet": getattr(doc, "sitename", None),
        "published": getattr(doc, "date", None),
    }
    if not all(found.values()):  # our own reading of the page's tags fills what is missing
        _, tags = html_to_text_with_meta(html)
        found = {k: v or tags[k] for k, v in found.items()}
    title = found["title"]
    # one paragraph per line; list items lose the "- " trafilatura writes before them, and a
    # line a <br> cut mid-sentence ("won the" / "2008 award …") is joined to the next
    paragraphs: list[str] = []
    for raw in main.split("\n"):
        line = re.sub(r"^[-*•]\s+", "", raw.strip())
        if not line:
            continue
        if paragraphs and _cut_mid_sentence(paragraphs[-1], line):
            paragraphs[-1] = f"{paragraphs[-1]} {line}"
        else:
            paragraphs.append(line)
    text = "\n\n".join(paragraphs)
    if title and str(title) not in text[:1000]:
        text = f"{title}\n\n{text}"
    return text, {
        **found,
        "author": getattr(doc, "author", None),
        "headings": heading_texts(html),
        "main_text": True,  # trafilatura's: page furniture around the story is already gone
    }


def heading_texts(html: str) -> list[str]:
    """The texts of a page's section headings: ``<h2>``–``<h6>``, and paragraphs that are
    wholly bold (a common way to set a subheading). Space-folded."""
    import lxml.etree
    import lxml.html

    try:
        root = lxml.html.document_fromstring(html)
    except (lxml.etree.ParserError, ValueError):  # empty or not a document
        return []
    found: list[str] = []
    xpath = "//h2|//h3|//h4|//h5|//h6|//p[count(*)=1][strong or b][not(normalize-space(text()))]"
    for el in root.xpath(xpath):
        if el.tag == "p" and any((c.tail or "").strip() for c in el):
            continue  # bold words at the start of a paragraph, not a bold paragraph
        folded = " ".join(el.text_content().split())
        if folded:
            found.append(folded)
    return found


def html_to_text_with_meta(html: str) -> tuple[str, dict[str, object]]:
    """A page's whole visible text, with the title, site name and date its tags give."""
    visible, tags = html_to_text(html)
    return visible, {
        "title": tags.get("og:title") or tags.get("h1") or tags.get("title"),
        "outlet": tags.get("og:site_name"),
        "published": tags.get("article:published_time") or tags.get("time"),
        "headings": heading_texts(html),
    }


def _cut_mid_sentence(line: str, following: str) -> bool:
    """A line that stops inside a sentence (a comma, a colon, a bare word) before a line that
    carries on with a small letter, a digit or an opening quotation mark, or one that ends on
    an article, preposition or conjunction before any word."""
    if re.search(r"[.!?…][\"”’)]*$", line) or len(line.split()) < 4:
        return False
    if re.search(r"\s(?:the|a|an|of|to|in|on|at|by|for|with|from|and|or|but|that|as)$", line):
        return bool(re.match(r"[\w\"“‘(]", following))  # no sentence ends on "won the"
    return bool(re.match(r"[a-z0-9\"“‘(]", following)) and bool(re.search(r"[,:;\w]$", line))


def looks_like_html(name: str, text: str) -> bool:
    if name.lower().endswith((".html", ".htm")):
        return True
    head = text[:2000].lower()
    return (
        "<html" in head or "<!doctype html" in head or ("<body" in head and "</p>" in text.lower())
    )


# --------------------------------------------------------------------------- noise

_WORD = re.compile(r"[A-Za-zÀ-ÿ][A-Za-zÀ-ÿ'’.-]*")
# a sentence's end: a stop, maybe closed by quotation marks or brackets; a quoted message may
# end in an emoticon instead ("… wrong all the time :)")
_SENTENCE_END = re.compile(r"""(?:[.!?]|\s[:;]-?[()DPp])['"”’)\]]*\s*$""")


@lru_cache(maxsize=1)
def _noise_data() -> dict[str, list[str]]:
    """Page-noise vocabulary (checker/data/noise.yaml): credit agencies, labels, boilerplate,
    related-story headers, the jobs a byline bio names."""
    raw = resources.files("checker").joinpath("data/noise.yaml").read_text(encoding="utf-8")
    data = yaml.safe_load(raw)
    return {str(k): [str(x) for x in v] for k, v in data.items()}


def _words_alt(key: str) -> str:
    return "|".join(re.escape(w) for w in sorted(_noise_data()[key], key=lambda w: (-len(w), w)))


def _patterns_alt(key: str) -> str:
    return "|".join(f"(?:{p})" for p in _noise_data()[key])


_CREDIT = re.compile(rf"\((?=[^()]*(?:/|\b(?:{_words_alt('credit_names')})\b))[^()]{{2,160}}\)\s*$")
_CREDIT_LABEL = re.compile(rf"\b(?:{_words_alt('credit_labels')})s?\s*:\s*\S", re.I)
_BOILERPLATE = re.compile(rf"\b(?:{_patterns_alt('boilerplate')})\b", re.I)
_BIO = re.compile(
    r"^(?:[A-Z][\w'’.-]+ ){1,3}[A-Z][\w'’.-]+ (?:(?:is|was) an? (?:[\w-]+ ){0,4}?"
    rf"(?:{_words_alt('bio_jobs')})\b|"
    r"(?:has )?(?:covered|covers|has reported|reports|reported|writes|has written) (?:on |about )?"
    r"(?:[\w'’-]+ ){0,5}?(?:for|at) (?:the )?[A-Z])"
)
_RELATED = re.compile(rf"^(?:{_patterns_alt('related_headers')})\s*:?$", re.I)
# possessive runs of white space (each is followed by what white space cannot start) and no
# start inside a run (the run's first space starts the same match): linear on a long run
_TEASER_END = re.compile(
    rf"(?<!\s)(?:\s*+(?:\.\.\.|…))?\s*+[\[(]?\s*+(?:{_patterns_alt('teaser_markers')})"
    r"\s*+[\])]?\s*+[»›→>]*+\s*+$"
    r"|(?<!\s)\s*+(?:\.\.\.|…)\s*+$",
    re.I,
)


# markup with the spaces before it; a match starts at no space inside a run of them (a long run
# costs one scan)
_MARKUP = re.compile(
    rf"(?:(?<!\s)\s*+(?:{_patterns_alt('template_markup')}))(?:\s*+(?:{_patterns_alt('template_markup')}))*+"
)
# a teaser label opening the paragraph or a sentence of it, then its headline to the end of
# that sentence (or of the line: a headline has no full stop)
_INLINE_TEASER = re.compile(
    rf"(?:^|(?<=[.!?])|(?<=[.!?][\"”’]))\s*(?:{_patterns_alt('inline_teasers')})\s*[:|»›]\s*"
    r"[^.!?\n]*(?:[.!?](?=\s|$))?",
    re.I,
)


def story_pieces(line: str) -> list[tuple[int, int]]:
    """The parts of a line that are not furniture set inside it: template markup
    (``{{#sponsor}} {{/sponsor}}``) and a teaser for another story ("Also read: …") are cut
    out, the prose around them kept (offsets into ``line``, trimmed, in order)."""
    cuts = [(m.start(), m.end()) for m in _MARKUP.finditer(line)]
    cuts += [(m.start(), m.end()) for m in _INLINE_TEASER.finditer(line) if m.end() > m.start()]
    if not cuts:
        return [(0, len(line))]
    out: list[tuple[int, int]] = []
    pos = 0
    for a, b in sorted(cuts):
        if a > pos:
            out.append((pos, a))
        pos = max(pos, b)
    out.append((pos, len(line)))
    trimmed = []
    for a, b in out:
        seg = line[a:b]
        left = len(seg) - len(seg.lstrip())
        right = len(seg.rstrip())
        if right > left:
            trimmed.append((a + left, a + right))
    return trimmed


def without_teaser(line: str) -> str:
    """The prose of a paragraph that a teaser marker ("… Read more", "Continue reading")
    or a cutting ellipsis ends, without the marker; the line itself when none ends it."""
    m = _TEASER_END.search(line)
    return line[: m.start()] if m and m.start() > 0 else line


_MONTHS = rf"(?i:{MONTH_RE})"
_DATELINE = re.compile(
    rf"(?:(?P<d1>\d{{1,2}}) (?P<m1>{_MONTHS}),? (?P<y1>\d{{4}})|"
    rf"(?P<m2>{_MONTHS}) (?P<d2>\d{{1,2}}),? (?P<y2>\d{{4}})|"
    r"(?P<iso>\d{4}-\d{2}-\d{2}))"
)


def _words(line: str) -> list[str]:
    return _WORD.findall(line)


def is_sentence_like(line: str) -> bool:
    """A paragraph of prose: ends like a sentence and is long enough to state something (six
    words, or three and a figure: "Turnout fell to 61.4%.")."""
    if not _SENTENCE_END.search(line):
        return False
    n = len(_words(line))
    return n >= 6 or (n >= 3 and bool(re.search(r"\d", line)))


def _reads_as_prose(line: str) -> bool:
    """Sentence-like, or prose that a teaser marker cuts ('… Read more')."""
    prose = without_teaser(line)
    return is_sentence_like(line) or (prose != line and len(_words(prose)) >= 6)


def is_caption(line: str) -> bool:
    return bool(_CREDIT.search(line) or _CREDIT_LABEL.search(line))


def is_boilerplate(line: str) -> bool:
    return bool(_BOILERPLATE.search(line)) and len(_words(line)) <= 25


def is_headline_candidate(line: str) -> bool:
    words = [w for w in _words(line) if len(w) >= 3]
    return (
        not _SENTENCE_END.search(line)
        and not re.search(r"\s[|·•»]\s", line)  # a menu bar, not a headline
        and len(words) >= 3
        and len(line) <= 200
        and not is_caption(line)
        and not is_boilerplate(line)
        and not _RELATED.match(line.strip())
    )


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


_LEAD_DATELINE = re.compile(  # matched at a paragraph's start only (\A)
    r"\A[A-Z][A-Z'’.]{2,}(?:[ -][A-Z][A-Z'’.]+)*"  # the city, in capitals
    r"(?:,\s+[A-Z][\w.'’-]*(?:\s+[A-Z][\w.'’-]*)*)*"  # its state or country
    rf"(?:,\s+{_MONTHS}\s+\d{{1,2}}(?:,\s+\d{{4}})?)?"  # the day
    r"(?:\s*\([^()]{2,40}\))?"  # the agency
    r"\s*(?:--|[-–—])\s+"
)


def _unpunctuated_prose(line: str) -> bool:
    """Inside the story, a line that is prose though it lacks a full stop: a long one (a page
    that dropped the stop) or a sentence that introduces a list ("… include:")."""
    if re.search(r"\s[|·•»]\s", line):  # a menu bar
        return False
    n = len(_words(line))
    return n >= 6 and line.rstrip().endswith(":")


def parse_dateline(line: str) -> dt.date | None:
    """A full date on a short line (a dateline or a 'Published' line), else None."""
    m = _DATELINE.search(line)
    if not m:
        return None
    try:
        if m.group("iso"):
            return dt.date.fromisoformat(m.group("iso"))
        day = int(m.group("d1") or m.group("d2"))
        month = month_number(m.group("m1") or m.group("m2"))
        year = int(m.group("y1") or m.group("y2"))
        return dt.date(year, month, day)
    except (ValueError, KeyError):
        return None


# --------------------------------------------------------------------------- front matter


def _front_matter(text: str) -> tuple[dict[str, object], int]:
    """YAML front matter at the top of a Markdown or text file, and where the text starts."""
    m = re.match(r"\A---[ \t]*\n(.*?\n)---[ \t]*\n", text, re.S)
    if not m:
        return {}, 0
    try:
        data = yaml.safe_load(m.group(1))
    except yaml.YAMLError:
        return {}, 0
    return (data if isinstance(data, dict) else {}), m.end()


def _humanize(stem: str) -> str:
    words = re.split(r"[-_ ]+", stem)
    return " ".join(w.capitalize() if w.islower() else w for w in words if w)


def _as_date(value: object) -> dt.date | None:
    if isinstance(value, dt.datetime):
        return value.date()
    if isinstance(value, dt.date):
        return value
    if isinstance(value, str):
        try:
            return dt.date.fromisoformat(value[:10])
        except ValueError:
            return parse_dateline(value)
    return None


# --------------------------------------------------------------------------- loading


def read_text(path: Path, max_bytes: int) -> str:
    """A file's decoded text, refused when too large, empty or not text.

    Raises:
        InputError: with the file's name and the problem.
    """
    try:
        if path.is_dir():
            raise InputError(f"{path}: expected a file, got a folder")
        size = path.stat().st_size
        if size > max_bytes:
            raise InputError(
                f"{path}: {size:,} bytes is over the {max_bytes:,}-byte limit "
                "(set CHECKER_MAX_BYTES to raise it)"
            )
        data = path.read_bytes()
    except FileNotFoundError as e:
        raise InputError(f"{path}: no such file") from e
    except OSError as e:
        raise InputError(f"{path}: cannot read ({e.strerror or e})") from e
    if not data.strip():
        raise InputError(f"{path}: file is empty")
    text = decode(data, str(path))
    if not text.strip():
        raise InputError(f"{path}: file has only white space")
    return text


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


# --------------------------------------------------------------------------- drafts

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
