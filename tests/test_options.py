"""The options of a run: defaults < config file < environment < flags, honoured by every command."""

from __future__ import annotations

import json

import pytest
from click.testing import CliRunner

from checker.cli import cli
from checker.settings import load_settings

A = "The fire at the Harlow depot killed 12 people on Monday, the county fire service said.\n"
B = "The fire at the Harlow depot killed 15 people on Monday, the county fire service said.\n"
EXPECTED = """\
must_find:
  - kind: number
    about: death
"""


@pytest.fixture
def story(tmp_path, monkeypatch):
    """Two sources that disagree on a figure (number/conflict, high), in a folder of their own;
    the working directory is an empty project folder, and no CHECKER_* variable is set."""
    for var in (
        "CHECKER_FAIL_ON",
        "CHECKER_IGNORE_RULES",
        "CHECKER_SEVERITY",
        "CHECKER_LEXICON",
        "CHECKER_BACKEND",
        "CHECKER_LLM_MODEL",
    ):
        monkeypatch.delenv(var, raising=False)
    folder = tmp_path / "corpus" / "depot-fire"
    folder.mkdir(parents=True)
    (folder / "a.txt").write_text(A)
    (folder / "b.txt").write_text(B)
    (folder / "expected.yaml").write_text(EXPECTED)
    project = tmp_path / "project"
    project.mkdir()
    monkeypatch.chdir(project)
    return folder


def _two_names(story):
    """One harbour under two names: a place conflict unless a lexicon says they are one."""
    (story / "a.txt").write_text(
        "The ferry ran aground near Port Harwell on Monday, the coastguard said.\n" + A
    )
    (story / "b.txt").write_text(
        "The ferry ran aground near Harwell Harbour on Monday, the coastguard said.\n" + A
    )


def run(*args: str):
    return CliRunner().invoke(cli, list(args), catch_exceptions=False)


def _rules(output: str) -> set[str]:
    return {f["rule"] for f in json.loads(output)["findings"]}


def test_diff_fails_on_high_by_default(story):
    result = run("diff", str(story), "--format", "json")
    assert result.exit_code == 1
    assert "number/conflict" in _rules(result.output)


def test_diff_honours_the_config_file(story):
    (story.parents[1] / "project" / "checker.toml").write_text(
        'fail_on = "never"\nignore_rules = ["number/conflict"]\n'
    )
    result = run("diff", str(story), "--format", "json")
    assert result.exit_code == 0
    assert "number/conflict" not in _rules(result.output)


def test_diff_honours_pyproject_tool_checker(story):
    (story.parents[1] / "project" / "pyproject.toml").write_text(
        '[tool.checker]\nfail_on = "never"\n'
    )
    assert run("diff", str(story), "--format", "json").exit_code == 0


def test_diff_honours_the_environment_over_the_config_file(story, monkeypatch):
    (story.parents[1] / "project" / "checker.toml").write_text('fail_on = "high"\n')
    monkeypatch.setenv("CHECKER_FAIL_ON", "never")
    monkeypatch.setenv("CHECKER_IGNORE_RULES", "number/conflict")
    result = run("diff", str(story), "--format", "json")
    assert result.exit_code == 0
    assert "number/conflict" not in _rules(result.output)


def test_flags_win_over_the_environment(story, monkeypatch):
    monkeypatch.setenv("CHECKER_FAIL_ON", "never")
    assert run("diff", str(story), "--format", "json", "--fail-on", "high").exit_code == 1


def test_an_unknown_rule_id_in_the_environment_is_refused(story, monkeypatch):
    monkeypatch.setenv("CHECKER_IGNORE_RULES", "number/conflicts")
    result = run("diff", str(story))
    assert result.exit_code == 2
    assert "unknown rule id" in result.output


def test_diff_applies_a_lexicon_named_in_the_config_file(story):
    _two_names(story)
    project = story.parents[1] / "project"
    before = run("diff", str(story), "--format", "json")
    assert "place/event" in _rules(before.output)  # (its places: in the conflict, not twice)
    (project / "names.yaml").write_text("places:\n  - [port harwell, harwell harbour]\n")
    (project / "checker.toml").write_text('lexicon = ["names.yaml"]\n')
    after = run("diff", str(story), "--format", "json")
    assert not {"place/event", "place/only-one-source"} & _rules(after.output)


def test_a_story_folder_brings_its_own_lexicon(story):
    _two_names(story)
    (story / "lexicon.yaml").write_text("places:\n  - [port harwell, harwell harbour]\n")
    assert not {"place/event", "place/only-one-source"} & _rules(
        run("diff", str(story), "--format", "json").output
    )


def test_check_honours_the_environment(story, monkeypatch, tmp_path):
    draft = tmp_path / "draft.md"
    draft.write_text(B)
    base = run("check", str(draft), "--sources", str(story / "a.txt"), "--format", "json")
    assert base.exit_code == 1 and "check/conflict" in _rules(base.output)
    monkeypatch.setenv("CHECKER_IGNORE_RULES", "check/conflict")
    result = run("check", str(draft), "--sources", str(story / "a.txt"), "--format", "json")
    assert "check/conflict" not in _rules(result.output)
    monkeypatch.setenv("CHECKER_IGNORE_RULES", "")
    monkeypatch.setenv("CHECKER_FAIL_ON", "never")
    assert run("check", str(draft), "--sources", str(story / "a.txt")).exit_code == 0


def test_check_honours_the_config_file_beside_the_draft(story, tmp_path):
    draft = tmp_path / "draft.md"
    draft.write_text(B)
    (tmp_path / "checker.toml").write_text('fail_on = "never"\nignore_rules = ["check/conflict"]\n')
    result = run("check", str(draft), "--sources", str(story / "a.txt"), "--format", "json")
    assert result.exit_code == 0
    assert "check/conflict" not in _rules(result.output)


def test_eval_honours_the_config_file_and_the_environment(story, monkeypatch):
    corpus = story.parent
    found = run("eval", str(corpus))
    assert "high/medium recall 1.00 (1/1)" in found.output
    (story.parents[1] / "project" / "checker.toml").write_text(
        'ignore_rules = ["number/conflict"]\n'
    )
    missed = run("eval", str(corpus))
    assert "high/medium recall 0.00 (0/1)" in missed.output
    (story.parents[1] / "project" / "checker.toml").unlink()
    monkeypatch.setenv("CHECKER_IGNORE_RULES", "number/conflict")
    assert "high/medium recall 0.00 (0/1)" in run("eval", str(corpus)).output


def test_settings_layers_in_order(tmp_path, monkeypatch):
    (tmp_path / "checker.toml").write_text(
        'fail_on = "low"\nbackend = "offline"\nignore_rules = ["a/b"]\n'
    )
    assert load_settings(tmp_path, env={}).fail_on == "low"
    assert load_settings(tmp_path, env={"CHECKER_FAIL_ON": "medium"}).fail_on == "medium"
    flagged = load_settings(
        tmp_path, env={"CHECKER_FAIL_ON": "medium"}, fail_on="never", ignore_rules=["c/d"]
    )
    assert flagged.fail_on == "never"
    assert flagged.ignore_rules == ("a/b", "c/d")  # rule ids add up from every layer
    assert load_settings(tmp_path, env={}, backend="llm").backend == "llm"


def _severities(output: str) -> dict[str, set[str]]:
    out: dict[str, set[str]] = {}
    for f in json.loads(output)["findings"]:
        out.setdefault(f["rule"], set()).add(f["severity"])
    return out


def test_a_rule_severity_from_the_config_file_the_environment_or_a_flag(story):
    """``severity = {"rule/id" = "low"}`` in the config file, CHECKER_SEVERITY and --severity
    give every finding of the rule that level, and the exit status follows it."""
    config = story.parents[1] / "project" / "checker.toml"
    config.write_text('[severity]\n"number/conflict" = "low"\n')
    result = run("diff", str(story), "--format", "json")
    assert _severities(result.output)["number/conflict"] == {"low"}
    assert result.exit_code == 0  # nothing at or above high any more
    config.write_text('severity = { "number/conflict" = "low" }\n')
    assert _severities(run("diff", str(story), "--format", "json").output)["number/conflict"] == {
        "low"
    }
    # a flag wins over the file, for its rule
    flagged = run("diff", str(story), "--format", "json", "--severity", "number/conflict=medium")
    assert _severities(flagged.output)["number/conflict"] == {"medium"}


def test_a_rule_severity_applies_to_check_findings(story, monkeypatch, tmp_path):
    draft = tmp_path / "draft.md"
    draft.write_text(B)
    monkeypatch.setenv("CHECKER_SEVERITY", "check/conflict=low")
    result = run("check", str(draft), "--sources", str(story / "a.txt"), "--format", "json")
    assert _severities(result.output)["check/conflict"] == {"low"}
    assert result.exit_code == 0


@pytest.mark.parametrize(
    "value", ["number/conflicts=low", "number/conflict=severe", "number/conflict"]
)
def test_a_bad_rule_severity_is_refused(story, monkeypatch, value):
    monkeypatch.setenv("CHECKER_SEVERITY", value)
    result = run("diff", str(story), "--format", "json")
    assert result.exit_code == 2


def test_rule_severities_in_the_settings_layers(tmp_path):
    (tmp_path / "checker.toml").write_text('severity = { "a/b" = "low", "c/d" = "info" }\n')
    assert load_settings(tmp_path, env={}).severities == {"a/b": "low", "c/d": "info"}
    env = {"CHECKER_SEVERITY": "a/b=high"}
    assert load_settings(tmp_path, env=env).severities == {"a/b": "high"}  # as fail_on is
    flagged = load_settings(tmp_path, env={}, severity=["c/d=medium", "e/f=HIGH"])
    assert flagged.severities == {"a/b": "low", "c/d": "medium", "e/f": "high"}
