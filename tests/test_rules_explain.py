"""``checker rules --explain ID``: every registered rule explains itself from its documentation
(what it finds, why an editor cares, an example), each id in words of its own, and every example
is true: its articles, run through the offline pipeline, make the rule fire.

An example names its articles one a line: ``a:`` and ``b:`` for a diff rule, ``draft:`` and
``source:`` (or ``source a:`` and ``source b:``) for a check rule; a line indented under one
continues it and ``[...]`` starts a new paragraph. Other lines (the finding) are for the reader.
"""

from __future__ import annotations

import re

import pytest
from click.testing import CliRunner

from checker.cli import cli
from checker.context import run_context
from checker.extract.offline import OfflineBackend
from checker.pipeline import load_sources, run_check, run_diff
from checker.rules import RULES
from checker.rules.registry import explanation_of
from checker.sources import load_draft

_ARTICLE = re.compile(r"^(a|b|draft|source(?: [ab])?): (.+)$")


def example_articles(example: str) -> dict[str, str]:
    """File name -> text of the articles an example names."""
    out: dict[str, str] = {}
    current = None
    for line in example.splitlines():
        m = _ARTICLE.match(line)
        if m:
            current = m.group(1)
            out[current] = m.group(2)
        elif current and line.startswith(" "):
            out[current] += " " + line.strip()
        else:
            current = None
    names = {"draft": "draft.md", "source": "sources/a.txt"}
    return {
        names.get(k, f"sources/{k[-1]}.txt" if k.startswith("source") else f"{k}.txt"): v.replace(
            " [...] ", "\n\n"
        )
        for k, v in out.items()
    }


@pytest.fixture(scope="module")
def engine():
    return OfflineBackend()


@pytest.mark.parametrize("rule_id", sorted(RULES))
def test_every_rule_explains_what_it_finds_why_it_matters_and_an_example(rule_id):
    e = RULES[rule_id].explanation()
    assert e is not None, f"{rule_id}: its documentation lacks 'Why it matters:' or 'Example:'"
    assert e.finds.endswith("."), rule_id
    assert len(e.why.split()) >= 8, rule_id
    files = example_articles(e.example)
    wanted = {"draft.md", "sources/a.txt"} if RULES[rule_id].scope == "check" else {"a.txt"}
    assert wanted <= set(files), f"{rule_id}: the example names no {sorted(wanted - set(files))}"


def test_every_rule_id_has_an_explanation_of_its_own():
    # ids that share one function (the check/* outcomes) still each say what they find
    explained = [RULES[r].explanation() for r in sorted(RULES)]
    assert len({e.finds for e in explained if e}) == len(RULES)
    assert len({e.example for e in explained if e}) == len(RULES)


@pytest.mark.parametrize("rule_id", sorted(RULES))
def test_the_example_makes_its_rule_fire(rule_id, engine, tmp_path):
    info = RULES[rule_id]
    e = info.explanation()
    assert e is not None
    for name, text in example_articles(e.example).items():
        path = tmp_path / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text + "\n", encoding="utf-8")
    if info.scope == "check":
        report = run_check(
            run_context(),
            load_draft(tmp_path / "draft.md", 10**6),
            load_sources([tmp_path / "sources"], 10**6, minimum=1),
            engine,
        )
        fired = [f.rule for f in report.findings]
    else:
        diff = run_diff(run_context(), load_sources([tmp_path], 10**6, minimum=1), engine)
        fired = [f.rule for f in diff.findings]
    assert rule_id in fired, f"{rule_id}: its example gives only {sorted(set(fired))}"


def test_explanation_of_reads_the_sections_and_leaves_the_notes():
    doc = """Two things that cannot both hold.

    Notes for whoever changes the rule.

    Why it matters:
        One is wrong.

        The editor must find out which.

    Example:
        a: one
        b: two
    Raises:
        Nothing.
    """
    e = explanation_of(doc)
    assert e is not None
    assert e.finds == "Two things that cannot both hold."
    assert e.why == "One is wrong.\n\nThe editor must find out which."
    assert e.example == "a: one\nb: two"
    assert explanation_of(doc.replace("Why it matters:", "Why:")) is None
    assert explanation_of(None) is None


def _run(*args: str):
    return CliRunner().invoke(cli, list(args), catch_exceptions=False)


def test_rules_explain_prints_the_sections_from_the_rules_documentation():
    result = _run("rules", "--explain", "number/conflict")
    assert result.exit_code == 0
    e = RULES["number/conflict"].explanation()
    assert e is not None
    out = result.output
    assert out.startswith("number/conflict (high, diff): ")
    for heading in ("What it finds:", "Why it matters:", "Example:"):
        assert f"\n{heading}\n" in out
    assert e.why.splitlines()[0] in out
    assert e.example.splitlines()[0] in out


def test_rules_explain_answers_for_every_id():
    for rule_id in RULES:
        result = _run("rules", "--explain", rule_id)
        assert result.exit_code == 0, rule_id
        assert "(no explanation written)" not in result.output, rule_id


def test_rules_explain_an_unknown_id_is_a_usage_error_with_suggestions():
    result = _run("rules", "--explain", "number/conflit")
    assert result.exit_code == 2
    assert "no rule 'number/conflit'" in result.output
    assert "number/conflict" in result.output


def test_example_articles_reads_continuations_and_paragraph_breaks():
    files = example_articles(
        "a: The bridge reopened. [...] It\n   closed again.\nb: The bridge reopened.\n"
        "Finding (high): a."
    )
    assert files == {
        "a.txt": "The bridge reopened.\n\nIt closed again.",
        "b.txt": "The bridge reopened.",
    }
    assert set(example_articles("draft: x\nsource a: y\nsource b: z")) == {
        "draft.md",
        "sources/a.txt",
        "sources/b.txt",
    }
