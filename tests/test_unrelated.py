"""Sources that share no event (issue 27, item 4): one warning naming them, and none of their
disagreements with the others above low. The two stories in tests/data/unrelated are invented:
a 2023 derailment and a 2025 earnings report, each told by two outlets, with a death toll in each
that the aligner puts in one slot."""

from __future__ import annotations

import json

from click.testing import CliRunner

from checker.cli import cli
from tests.conftest import ROOT

MIXED = ROOT / "tests" / "data" / "unrelated"


def _diff(*args: str):
    return CliRunner().invoke(cli, ["diff", *args, "--no-progress"])


def test_a_folder_mixing_two_stories_warns_and_raises_nothing_above_low():
    result = _diff(str(MIXED), "-f", "json")
    report = json.loads(result.stdout)
    assert result.exit_code == 0, result.output
    assert not [f for f in report["findings"] if f["severity"] in ("high", "medium")]
    (warning,) = report["warnings"]
    assert "olmsby-post, rail-gazette share no event" in warning
    assert "2023-03-02 to 2025-07-30" in warning
    death = next(f for f in report["findings"] if f["slot"].startswith("quantity:death"))
    assert death["relation"] == "conflict" and death["severity"] == "low"
    # the terminal says it once, under the sources, and standard error once
    text = _diff(str(MIXED))
    assert text.stdout.count("share no event with") == 1
    assert text.stderr.count("share no event with") == 1


def test_two_outlets_of_one_story_in_the_mixed_folder_still_disagree_at_full_severity(tmp_path):
    """Within one group, a disagreement is one of fact: a wrong toll in one derailment report
    stays high beside the unrelated earnings stories."""
    for f in MIXED.iterdir():
        text = f.read_text(encoding="utf-8")
        if f.name == "olmsby-post.md":
            text = text.replace("killing two people", "killing four people")
        (tmp_path / f.name).write_text(text, encoding="utf-8")
    report = json.loads(_diff(str(tmp_path), "-f", "json").stdout)
    (high,) = [f for f in report["findings"] if f["severity"] == "high"]
    assert {"olmsby-post", "rail-gazette"} <= {v["source"] for v in high["values"]}
    assert "olmsby-post (per fire service) says “four people”" in high["message"]


def test_this_repository_s_own_documents_are_not_one_story():
    result = _diff(
        str(ROOT / "README.md"), str(ROOT / "CHANGELOG.md"), str(ROOT / "CONTRIBUTING.md")
    )
    assert result.exit_code == 0, result.output
    assert "share no event" in result.stderr
    assert "HIGH" not in result.stdout and "MEDIUM" not in result.stdout


def test_one_story_gets_no_warning():
    for story in ("andes-bus-crash", "acme-earnings"):
        report = json.loads(_diff(str(ROOT / "corpus" / story), "-f", "json").stdout)
        assert report["warnings"] == []
