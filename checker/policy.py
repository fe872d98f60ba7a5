"""What a finished run means to its caller: the exit status, and the findings a reader is shown.

Written once for ``checker diff`` and ``checker check`` (and every script that wants the same
answer): :func:`exit_status` says whether a run failed at the ``fail_on`` level, and
:func:`trim` keeps the findings at or above ``--min-severity``. Both return values; the command
line prints and exits.
"""

from __future__ import annotations

from collections.abc import Iterable
from enum import IntEnum
from typing import TypeVar

from checker.models import SEVERITY_ORDER, CheckReport, Report

DEFAULT_FAIL_ON = "high"
"""The level a run fails at when neither a flag nor a setting names one."""


class ExitStatus(IntEnum):
    """The exit statuses of ``checker``: the same for every command that reports findings."""

    OK = 0  # nothing at or above the fail_on level
    FINDINGS = 1  # findings at or above it (or, for eval, a threshold not met)
    USAGE = 2  # usage, input or settings error
    SOURCE_FAILED = 3  # a source could not be processed (the report still names it)


AnyReport = TypeVar("AnyReport", Report, CheckReport)


def exit_status(report: Report | CheckReport, fail_on: str | None) -> ExitStatus:
    """SOURCE_FAILED when a source could not be processed, FINDINGS when a finding that is not
    a supported claim is at or above ``fail_on`` (None: :data:`DEFAULT_FAIL_ON`; ``never``:
    no finding fails), else OK."""
    if any(s.status == "failed" for s in report.sources):
        return ExitStatus.SOURCE_FAILED
    level = fail_on or DEFAULT_FAIL_ON
    if level == "never":
        return ExitStatus.OK
    floor = SEVERITY_ORDER[level]
    failing = (
        f
        for f in report.findings
        if f.status != "supported" and SEVERITY_ORDER[f.severity] >= floor
    )
    return ExitStatus.FINDINGS if any(failing) else ExitStatus.OK


def overall_status(runs: Iterable[tuple[Report | CheckReport, str | None]]) -> ExitStatus:
    """The status of several reports (one per draft, each with its ``fail_on``): a failed
    source wins over findings, findings over a clean run."""
    return max((exit_status(report, fail_on) for report, fail_on in runs), default=ExitStatus.OK)


def trim(report: AnyReport, min_severity: str) -> tuple[AnyReport, int]:
    """``report`` with only the findings at or above ``min_severity``, and how many it hid
    (``info`` keeps the report as it is)."""
    if min_severity == "info":
        return report, 0
    floor = SEVERITY_ORDER[min_severity]
    keep = [f for f in report.findings if SEVERITY_ORDER[f.severity] >= floor]
    return report.model_copy(update={"findings": keep}), len(report.findings) - len(keep)
