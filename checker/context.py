"""The run context: what every stage of one run reads, built once and passed down explicitly.

A :class:`RunContext` holds the run's settings, the lexicon in force (bundled < newsroom files <
the story folder's own ``lexicon.yaml``, merged once), the run's caches and its clock. The command
line builds it (:func:`run_context`), and so do ``checker eval``, the bench scripts and the tests,
through the same helper; the pipeline hands it to extraction, grounding, normalization,
alignment and the rules (a :class:`~checker.rules.Story` carries it for the rules). No stage
reads the lexicon from anywhere else: there is no ambient lexicon, and every memoized reader
that depends on the lexicon takes it as an argument and is keyed by its content
(:attr:`~checker.lexicon.Lexicon.digest`).
"""

from __future__ import annotations

import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from checker.lexicon import Lexicon
from checker.settings import Settings
from checker.sources import story_lexicon_files


@dataclass
class Caches:
    """What one run may reuse: whether the extraction, job and page caches on disk are read and
    written (``--no-cache`` turns them off; their folder is the ``cache_dir`` setting), and
    memos that live as long as the run (a source's sentences, which several rules read)."""

    enabled: bool = True
    sentences: dict[int, tuple[Any, list[tuple[int, str]]]] = field(default_factory=dict)


@dataclass(frozen=True)
class RunContext:
    """One run's settings, lexicon, caches and clock (see the module's documentation)."""

    settings: Settings
    lexicon: Lexicon
    caches: Caches = field(default_factory=Caches)
    clock: Callable[[], float] = time.perf_counter


def run_context(
    settings: Settings | None = None,
    sources: Sequence[str | Path] = (),
    *,
    use_cache: bool = True,
    clock: Callable[[], float] = time.perf_counter,
) -> RunContext:
    """The context of a run over ``sources`` (paths as given: a story folder among them brings
    its own ``lexicon.yaml``): ``settings`` (default: the defaults, no model), their lexicon
    files and the story's merged over the bundled lexicon once."""
    settings = settings if settings is not None else Settings(llm=None)
    lexicon = settings.build_lexicon(story_lexicon_files(sources))
    return RunContext(settings, lexicon, Caches(enabled=use_cache), clock)
