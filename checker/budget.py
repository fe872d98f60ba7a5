"""A time budget per source, kept by the stages that work on one source at a time.

The command builds one :class:`Budget` for a run (the ``source_timeout`` setting, with the
clock) and passes it down: loading (decoding, the main text of a page, splitting the story from
page noise) and extraction (the offline extractor's parse and rules, grounding, lexicon terms)
run inside :meth:`Deadline.stage` and call :meth:`Deadline.check` between units of work — a
line, a paragraph, a sentence. Once a source has used its budget, the check raises
:class:`~checker.errors.SourceTimeoutError`: that source fails with one line, the others are
still compared.

Why cooperative and not a worker process or an alarm: the work is CPU-bound Python in one
process (spaCy's model is loaded once and shared), a worker per source would load it again or
fork a process that holds threads, and an alarm signal reaches only the main thread. A check
between units costs a clock read. What bounds the time between two checks is that no unit
grows faster than its length — no regular expression backtracks (tests/test_redos.py) and the
stages are linear or n log n — so a source overruns its budget by at most one unit's work
(one paragraph; a page's whole HTML for the main-text extractor, whose input is capped by
``max_bytes``). With a model, each request has its own timeout (``CHECKER_LLM_TIMEOUT``).
"""

from __future__ import annotations

import contextlib
import time
from collections.abc import Callable, Iterator

from checker.errors import SourceTimeoutError


class Deadline:
    """The time one source has used and may still use, summed over its stages."""

    def __init__(
        self, source_id: str, seconds: float | None, clock: Callable[[], float] = time.monotonic
    ) -> None:
        self.source_id = source_id
        self.seconds = seconds
        self.spent = 0.0
        self._clock = clock
        self._since: float | None = None
        self._stage = ""
        # who hears how far a long stage is (units done, units in all): the progress display
        self.report: Callable[[int, int], None] | None = None

    @contextlib.contextmanager
    def stage(self, name: str) -> Iterator[Deadline]:
        """Count the time spent inside as this source's, under ``name`` ('loading')."""
        outer, since = self._stage, self._since
        if since is not None:  # a stage inside another: the outer one keeps counting
            self._stage = name
            try:
                yield self
            finally:
                self._stage = outer
            return
        self._stage, self._since = name, self._clock()
        try:
            self.check()
            yield self
        finally:
            self.spent += self._clock() - (self._since or 0.0)
            self._stage, self._since = outer, None

    def used(self) -> float:
        """Seconds this source has used so far, the stage running now included."""
        running = self._clock() - self._since if self._since is not None else 0.0
        return self.spent + running

    def advance(self, done: int, total: int) -> None:
        """Between units of a long stage: check the budget, then say how far it is."""
        self.check()
        if self.report is not None:
            self.report(done, total)

    def check(self) -> None:
        """Raise when this source has used its budget.

        Raises:
            SourceTimeoutError: the budget is spent; the message names the stage it stopped in.
        """
        if self.seconds is None:
            return
        used = self.used()
        if used > self.seconds:
            where = f" while {self._stage}" if self._stage else ""
            raise SourceTimeoutError(
                self.source_id,
                f"stopped after {used:.1f} s{where}: over the {self.seconds:g}-second budget "
                "a source may take (set CHECKER_SOURCE_TIMEOUT to allow more)",
            )


class Budget:
    """One run's per-source budgets: ``seconds`` each (None: no limit), on one clock."""

    def __init__(self, seconds: float | None, clock: Callable[[], float] = time.monotonic) -> None:
        self.seconds = seconds
        self._clock = clock
        self._deadlines: dict[str, Deadline] = {}

    def deadline(self, source_id: str) -> Deadline:
        """The budget of one source, the same object for its loading and its extraction."""
        found = self._deadlines.get(source_id)
        if found is None:
            found = self._deadlines[source_id] = Deadline(source_id, self.seconds, self._clock)
        return found
