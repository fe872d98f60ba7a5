"""Every registered rule has fixture folders of its own, in the manner of a linter's per-rule
fixtures: short invented articles in, the exact findings of that rule out.

- ``tests/rules/<rule id>/``: the rule must fire. ``expected.yaml`` lists its findings (it may
  not be empty): severity and each value as ``source: text`` (for a check rule, the draft's claim
  and the source values). The same folder proves ``--disable-rule``: with the rule disabled, its
  findings go and every other finding stays.
- ``tests/rules/<rule id>/not/``: the rule must not fire, on a near miss (the benign variant of
  what it finds: the same figure in words, the same title worded otherwise, a cut quotation).
  Its ``expected.yaml`` is ``findings: []`` under a comment saying what the case is; other rules
  may fire there.

A diff rule's folder holds its sources (``*.txt``); a check rule's folder holds ``draft.md`` and
``sources/``. After an intended change, regenerate the must-fire files with
``UPDATE_RULE_FIXTURES=1`` and review the diff (the must-not-fire files are never rewritten).
"""

from __future__ import annotations

import os
from pathlib import Path

import pytest
import yaml

from checker.context import run_context
from checker.extract.offline import OfflineBackend
from checker.pipeline import load_sources, run_check, run_diff
from checker.rules import RULES
from checker.settings import Settings
from checker.sources import load_draft
from tests.conftest import ROOT

FIXTURES = ROOT / "tests" / "rules"


NOT = "not"  # the must-not-fire case's folder, inside the rule's


def _cases() -> dict[str, Path]:
    """Every fixture case folder by its path under ``tests/rules``."""
    return {
        str(p.parent.relative_to(FIXTURES)): p.parent for p in sorted(FIXTURES.rglob("draft.md"))
    } | {
        str(p.parent.relative_to(FIXTURES)): p.parent
        for p in sorted(FIXTURES.rglob("*.txt"))
        if p.parent.name != "sources"
    }


CASES = _cases()
FOLDERS = {k: v for k, v in CASES.items() if v.name != NOT}  # must fire, by rule id
QUIET = {str(Path(k).parent): v for k, v in CASES.items() if v.name == NOT}  # must not fire


@pytest.fixture(scope="module")
def engine():
    return OfflineBackend()


def _run(
    folder: Path, engine, disabled: tuple[str, ...] = (), severity: dict[str, str] | None = None
) -> list[dict]:
    """Every finding of the fixture's run, as plain data (``severity``: configured levels)."""
    ctx = run_context(Settings(llm=None, severity=tuple((severity or {}).items())))
    if (folder / "draft.md").exists():
        report = run_check(
            ctx,
            load_draft(folder / "draft.md", 10**6),
            load_sources([folder / "sources"], 10**6, minimum=1),
            engine,
            disabled_rules=disabled,
        )
        return [
            {
                "rule": f.rule,
                "severity": f.severity,
                "claim": f.draft_claim.text,
                "sources": [f"{v.source}: {v.text}" for v in f.values],
            }
            for f in report.findings
        ]
    report = run_diff(ctx, load_sources([folder], 10**6), engine, disabled_rules=disabled)
    return [
        {
            "rule": f.rule,
            "severity": f.severity,
            "values": [f"{v.source}: {v.text}" for v in f.values],
        }
        for f in report.findings
    ]


def _of(findings: list[dict], rule_id: str) -> list[dict]:
    return sorted(
        ({k: v for k, v in f.items() if k != "rule"} for f in findings if f["rule"] == rule_id),
        key=str,
    )


def test_every_registered_rule_has_a_fixture_folder():
    assert sorted(FOLDERS) == sorted(RULES)


def test_every_registered_rule_has_a_must_not_fire_folder():
    assert sorted(QUIET) == sorted(RULES)


@pytest.mark.parametrize("rule_id", sorted(RULES))
def test_rule_fixture_gives_exactly_the_expected_findings(rule_id, engine):
    folder = FOLDERS[rule_id]
    got = _of(_run(folder, engine), rule_id)
    path = folder / "expected.yaml"
    if os.environ.get("UPDATE_RULE_FIXTURES"):
        path.write_text(
            yaml.safe_dump({"findings": got}, sort_keys=True, allow_unicode=True, width=120),
            encoding="utf-8",
        )
    expected = yaml.safe_load(path.read_text(encoding="utf-8"))["findings"]
    assert expected, f"{rule_id}: a fixture must make the rule fire"
    assert got == sorted(expected, key=str)


@pytest.mark.parametrize("rule_id", sorted(RULES))
def test_rule_fixture_does_not_fire_on_its_near_miss(rule_id, engine):
    folder = QUIET[rule_id]
    expected = yaml.safe_load((folder / "expected.yaml").read_text(encoding="utf-8"))["findings"]
    assert expected == [], f"{rule_id}: a must-not-fire case expects no finding of its rule"
    assert _of(_run(folder, engine), rule_id) == []


@pytest.mark.parametrize("rule_id", sorted(RULES))
def test_disabling_a_rule_removes_exactly_its_findings(rule_id, engine):
    folder = FOLDERS[rule_id]
    everything = _run(folder, engine)
    without = _run(folder, engine, disabled=(rule_id,))
    assert [f for f in without if f["rule"] == rule_id] == []
    assert sorted(map(str, without)) == sorted(str(f) for f in everything if f["rule"] != rule_id)


@pytest.mark.parametrize("rule_id", sorted(RULES))
def test_a_configured_severity_applies_to_exactly_its_rule(rule_id, engine):
    """``severity = {"rule/id" = LEVEL}`` gives every finding of that rule LEVEL, diff and
    check rules alike, and changes nothing else: no finding appears or goes."""
    folder = FOLDERS[rule_id]
    everything = _run(folder, engine)
    level = "high" if RULES[rule_id].severity == "info" else "info"
    changed = _run(folder, engine, severity={rule_id: level})
    mine = [f for f in changed if f["rule"] == rule_id]
    assert mine and all(f["severity"] == level for f in mine)
    unset = [{**f, "severity": level} if f["rule"] == rule_id else f for f in everything]
    assert sorted(map(str, changed)) == sorted(map(str, unset))
