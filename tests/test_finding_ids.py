"""Finding ids are stable: baselines and SARIF fingerprints keep them.

``tests/data/finding-ids.json`` holds the ids the seed story's diff and the seed drafts' checks
(``tests/drafts``, against the seed story) had before diff and check findings became one model
(issue 23): the same input must give the same ids, supported claims and suppressed ids included.
"""

from __future__ import annotations

import json

import pytest

from checker.context import run_context
from checker.pipeline import load_sources, run_check
from checker.sources import load_draft
from tests.conftest import ROOT, SEED

IDS = json.loads((ROOT / "tests" / "data" / "finding-ids.json").read_text(encoding="utf-8"))


def test_the_seed_storys_diff_ids_are_unchanged(seed_report):
    assert sorted(f.id for f in seed_report.findings) == IDS["diff"][SEED.name]


@pytest.mark.parametrize("draft", sorted(IDS["check"]))
def test_the_seed_drafts_check_ids_are_unchanged(draft, offline_backend):
    report = run_check(
        run_context(),
        load_draft(ROOT / "tests" / "drafts" / draft, 5_000_000),
        load_sources([SEED], 5_000_000, minimum=1),
        offline_backend,
    )
    assert sorted([f.id for f in report.findings] + report.suppressed) == IDS["check"][draft]
