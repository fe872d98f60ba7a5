"""The exit policy and the --min-severity trimming, written once for diff and check
(checker/policy.py), and the baseline file format (checker/baseline.py): values in, values out,
nothing printed."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from checker import baseline
from checker.errors import InputError
from checker.models import CheckReport, Finding, Meta, Report, SourceReport
from checker.policy import ExitStatus, exit_status, overall_status, trim


def _finding(n: int, severity: str, status: str | None = None) -> Finding:
    return Finding(
        id=f"f{n}",
        rule="number/conflict",
        kind="number",
        relation="conflict",
        severity=severity,  # type: ignore[arg-type]
        slot="quantity:passengers",
        message=f"finding {n}",
        values=[],
        status=status,  # type: ignore[arg-type]
    )


def _source(sid: str, failed: bool = False) -> SourceReport:
    return SourceReport(id=sid, path=f"{sid}.txt", status="failed" if failed else "ok")


def _report(*severities: str, failed: bool = False) -> Report:
    return Report(
        sources=[_source("harbour-gazette"), _source("valley-post", failed)],
        findings=[_finding(i, s) for i, s in enumerate(severities)],
        meta=Meta(tool_version="0", backend="offline"),
    )


def _check_report(*findings: Finding) -> CheckReport:
    return CheckReport(
        draft=_source("draft"),
        sources=[_source("harbour-gazette")],
        findings=list(findings),
        meta=Meta(tool_version="0", backend="offline", command="check"),
    )


def test_exit_status_follows_the_fail_on_level():
    report = _report("medium", "low")
    assert exit_status(report, "high") == ExitStatus.OK
    assert exit_status(report, None) == ExitStatus.OK  # the default level is high
    assert exit_status(report, "medium") == ExitStatus.FINDINGS
    assert exit_status(report, "low") == ExitStatus.FINDINGS
    assert exit_status(report, "never") == ExitStatus.OK
    assert exit_status(_report("high"), None) == ExitStatus.FINDINGS


def test_a_failed_source_wins_over_every_level():
    assert exit_status(_report(failed=True), "never") == ExitStatus.SOURCE_FAILED
    assert exit_status(_report("high", failed=True), "high") == ExitStatus.SOURCE_FAILED


def test_a_supported_claim_never_fails_a_check():
    supported = _check_report(_finding(1, "high", status="supported"))
    assert exit_status(supported, "info") == ExitStatus.OK
    conflict = _check_report(_finding(1, "high", status="conflict"))
    assert exit_status(conflict, "high") == ExitStatus.FINDINGS


def test_several_drafts_fail_as_their_worst():
    clean, findings, failed = _report("low"), _report("high"), _report(failed=True)
    assert overall_status([]) == ExitStatus.OK
    assert overall_status([(clean, None), (findings, None)]) == ExitStatus.FINDINGS
    assert overall_status([(failed, None), (findings, None)]) == ExitStatus.SOURCE_FAILED
    # each draft is held to its own level (its folder may configure one)
    assert overall_status([(clean, "low"), (findings, "never")]) == ExitStatus.FINDINGS


def test_trim_keeps_what_is_at_or_above_the_floor_and_counts_the_rest():
    report = _report("high", "medium", "low", "info", "low")
    shown, hidden = trim(report, "medium")
    assert [f.severity for f in shown.findings] == ["high", "medium"]
    assert hidden == 3
    assert len(report.findings) == 5  # the report itself is left whole
    assert trim(report, "info") == (report, 0)
    check, hidden = trim(_check_report(_finding(1, "low"), _finding(2, "high")), "high")
    assert [f.id for f in check.findings] == ["f2"] and hidden == 1


def test_a_baseline_round_trip_keeps_other_drafts(tmp_path: Path):
    path = tmp_path / baseline.DEFAULT_BASELINE
    first = _check_report(_finding(1, "high", "conflict"), _finding(2, "low", "supported"))
    assert baseline.record(path, tmp_path / "first.md", first) == 1
    second = _check_report(_finding(3, "medium", "unsupported"))
    assert baseline.record(path, tmp_path / "second.md", second) == 1
    data = json.loads(path.read_text(encoding="utf-8"))
    assert data["drafts"]["first.md"] == {"suppress": ["f1"], "findings": {"f1": "finding 1"}}
    assert baseline.suppressed(None, tmp_path / "first.md") == {"f1"}
    assert baseline.suppressed(path, tmp_path / "second.md") == {"f3"}
    assert baseline.suppressed(None, tmp_path / "third.md") == set()


def test_a_baseline_of_one_draft_at_the_top_level_is_read_as_that_drafts(tmp_path: Path):
    path = tmp_path / "old.json"
    path.write_text(json.dumps({"draft": "notes/story.md", "suppress": ["a", "b"]}), "utf-8")
    assert baseline.suppressed(path, tmp_path / "story.md") == {"a", "b"}
    assert baseline.suppressed(path, tmp_path / "other.md") == set()


@pytest.mark.parametrize(
    "content",
    ["[1, 2]", "not json", '{"drafts": {"story.md": 3}}', '{"draft": "story.md", "suppress": "a"}'],
)
def test_a_file_that_is_not_a_baseline_is_an_input_error(tmp_path: Path, content: str):
    path = tmp_path / "bad.json"
    path.write_text(content, encoding="utf-8")
    with pytest.raises(InputError, match="not a checker baseline"):
        baseline.suppressed(path, tmp_path / "story.md")


def test_a_baseline_path_given_must_exist(tmp_path: Path):
    with pytest.raises(InputError, match="no such baseline file"):
        baseline.suppressed(tmp_path / "none.json", tmp_path / "story.md")
    with pytest.raises(InputError, match="cannot write"):
        baseline.record(tmp_path / "no-folder" / "b.json", tmp_path / "s.md", _check_report())
