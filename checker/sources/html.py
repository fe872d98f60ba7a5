"""HTML to text: a page's visible text, its main text (trafilatura), its section headings and the
metadata its tags give (title, site name, date)."""

from __future__ import annotations

import re
from html.parser import HTMLParser
from typing import ClassVar


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
    lists); the news-specific noise rules of :func:`~checker.sources.split.split_story` then
    run on what it returns. A page trafilatura finds nothing in falls back to the page's whole
    visible text."""
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
