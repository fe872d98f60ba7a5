"""Stage 4b: alignment. Which facts of different sources are about the same thing.

The one place that decides it. :mod:`checker.align.keys` reads what each figure and date is
about from the words around it (its *family*: the event, the counted noun, what a measure is of,
by the bundled word classes); :mod:`checker.align.matcher` scores pairs of values across sources
from general signals (the family is one of them) and assigns them to slots one to one; every
stage after this one reads the slots and never decides sameness again.

Two modules below the family key are public to the rules: :mod:`checker.align.events` (which
event a word, a phrase or a place in a sentence names) and :mod:`checker.align.words` (lemma
phrases, clause breaks, noun classes, spellings). This package exports what the stages after it
call.
"""

from __future__ import annotations

import contextlib
import gc
from collections.abc import Iterator

from checker.align.keys import family_keys
from checker.align.matcher import Alignment, match_story
from checker.align.slot import Slot
from checker.lexicon import Lexicon
from checker.models import Article
from checker.normalize.facts import Norm

__all__ = [
    "Alignment",
    "Slot",
    "align",
    "align_story",
    "no_collection_pauses",
]


def align(lex: Lexicon, articles: list[Article], norms: list[Norm]) -> list[Norm]:
    """Give every normalized fact the slot of what it is about (a new list; input unchanged)."""
    return align_story(lex, articles, norms).norms


def align_story(lex: Lexicon, articles: list[Article], norms: list[Norm]) -> Alignment:
    """As :func:`align`, with each slot's label and the pairs the matcher left undecided."""
    with no_collection_pauses():
        return match_story(lex, articles, family_keys(lex, articles, norms))


@contextlib.contextmanager
def no_collection_pauses() -> Iterator[None]:
    """Alignment and comparison allocate hundreds of thousands of small objects and free them
    at the end; the cyclic collector would walk them all again and again meanwhile. It runs
    once after."""
    enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if enabled:
            gc.enable()
