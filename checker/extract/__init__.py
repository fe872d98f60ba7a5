"""Stage 2: extraction, the only network boundary.

A backend turns an article's story text into proposed :class:`~checker.records.ArticleFacts`.
The offline backend needs no network; the LLM backend lives in :mod:`checker.extract.llm` and
is the only code that imports ``instructor`` or ``openai``.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Protocol

from checker.budget import Deadline
from checker.lexicon import Lexicon
from checker.models import Article, Usage
from checker.records import ArticleFacts


@dataclass
class Extraction:
    """What a backend returns for one article."""

    facts: ArticleFacts
    usage: Usage = field(default_factory=Usage)


class Backend(Protocol):
    """An extraction backend: one article in, proposed fact records out."""

    name: str
    model: str | None
    prompt_hash: str | None
    schema_hash: str | None

    def extract(
        self, article: Article, lex: Lexicon, deadline: Deadline | None = None
    ) -> Extraction:
        """Propose fact records for one article, reading it with the run's lexicon ``lex``
        (the offline extractor's names, units and event words; a model does not read it), and
        checking ``deadline`` (the source's time budget, :mod:`checker.budget`) between units of
        work where the work is local.

        Raises:
            ExtractionError: the backend failed on this article.
            SourceTimeoutError: the source's time budget ran out.
        """
        ...
