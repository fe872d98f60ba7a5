"""Stage 1: load sources, decode them, and separate the story from page noise.

Offsets are kept: ``Article.text`` is the decoded document (for HTML, its visible text) and
``Article.body`` lists the spans of it that are the story. Nothing is rewritten inside a kept
paragraph, so every later offset points at the characters a reader sees.

One module per job, each importing only those listed after it:

- :mod:`~checker.sources.load`: discovery (files and folders to article files, source ids),
  a file or fetched page read and split into an :class:`~checker.models.Article`, a story
  folder's own lexicon;
- :mod:`~checker.sources.drafts`: a draft's prose lines and its inline suppressions;
- :mod:`~checker.sources.split`: the story split from page noise (:func:`split_story`);
- :mod:`~checker.sources.decode`: bytes to text, formats that are not text refused;
- :mod:`~checker.sources.html`: HTML to visible text, main text, headings and metadata;
- :mod:`~checker.sources.noise`: the page-noise patterns and the line tests built on them;
- :mod:`~checker.sources.metadata`: datelines, front matter, dates, names from file names.

The names below are this package's interface; importers need not know the modules.
"""

from __future__ import annotations

from checker.sources.decode import decode, read_text
from checker.sources.drafts import draft_body, load_draft, suppressed_ids
from checker.sources.html import (
    heading_texts,
    html_main_text,
    html_to_text,
    html_to_text_with_meta,
    looks_like_html,
)
from checker.sources.load import (
    ARTICLE_SUFFIXES,
    NON_ARTICLE_NAMES,
    STORY_LEXICON,
    article_from_text,
    discover,
    load_article,
    source_ids,
    story_lexicon_files,
)
from checker.sources.metadata import parse_dateline
from checker.sources.noise import (
    is_boilerplate,
    is_caption,
    is_headline_candidate,
    is_sentence_like,
    story_pieces,
    without_teaser,
)
from checker.sources.split import Story, split_story

__all__ = [
    "ARTICLE_SUFFIXES",
    "NON_ARTICLE_NAMES",
    "STORY_LEXICON",
    "Story",
    "article_from_text",
    "decode",
    "discover",
    "draft_body",
    "heading_texts",
    "html_main_text",
    "html_to_text",
    "html_to_text_with_meta",
    "is_boilerplate",
    "is_caption",
    "is_headline_candidate",
    "is_sentence_like",
    "load_article",
    "load_draft",
    "looks_like_html",
    "parse_dateline",
    "read_text",
    "source_ids",
    "split_story",
    "story_lexicon_files",
    "story_pieces",
    "suppressed_ids",
    "without_teaser",
]
