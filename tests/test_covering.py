"""Findings that cover others, as the rules' registry entries declare: one generic pass in the
runner, no rule ids written in it."""

from __future__ import annotations

import inspect

from checker import compare
from checker.compare import drop_covered
from checker.models import Finding, FindingValue
from checker.rules import RULES

SENTENCE = "The inquiry was led by Mara Quell, a retired judge, officials said."


def _value(source: str, text: str, start: int, evidence: str = SENTENCE) -> FindingValue:
    return FindingValue(
        source=source, text=text, evidence=evidence, start=start, end=start + len(text)
    )


def _finding(rule: str, relation: str, *values: FindingValue, message: str = "m") -> Finding:
    return Finding(
        id=f"{rule}-{values[0].source}-{values[0].start}",
        rule=rule,
        kind=RULES[rule].kind,
        relation=relation,
        severity=RULES[rule].severity,
        slot=f"x:{values[0].text}",
        message=message,
        values=list(values),
    )


def test_a_person_only_one_source_names_takes_in_the_sentence_about_them():
    claim = _finding("claim/only-one-source", "only_in_one_source", _value("a", SENTENCE, 0))
    person = _finding(
        "person/only-one-source",
        "only_in_one_source",
        _value("a", "Mara Quell", 23),
        message="Only a names Mara Quell",
    )
    out = drop_covered([claim, person])
    assert [f.rule for f in out] == ["person/only-one-source"]
    assert out[0].message == f"Only a names Mara Quell: \u201c{SENTENCE}\u201d"


def test_a_quotation_takes_in_its_sentence_without_repeating_it():
    claim = _finding("claim/only-one-source", "only_in_one_source", _value("a", SENTENCE, 0))
    quote = _finding(
        "quote/only-one-source", "only_in_one_source", _value("a", "retired", 35), message="q"
    )
    out = drop_covered([claim, quote])
    assert [(f.rule, f.message) for f in out] == [("quote/only-one-source", "q")]


def test_a_sentence_of_another_source_is_not_taken_in():
    claim = _finding("claim/only-one-source", "only_in_one_source", _value("b", SENTENCE, 0))
    person = _finding("person/only-one-source", "only_in_one_source", _value("a", "Mara Quell", 23))
    assert len(drop_covered([claim, person])) == 2


def test_a_date_a_conflict_shows_is_not_listed_again_but_another_date_is():
    day = "Tuesday"
    conflict = _finding(
        "date/conflict", "conflict", _value("a", day, 10, "e1"), _value("b", "Monday", 4, "e2")
    )
    shown = _finding("date/only-one-source", "only_in_one_source", _value("a", day, 10, "e1"))
    other = _finding("date/only-one-source", "only_in_one_source", _value("a", "May 3", 90, "e9"))
    out = drop_covered([conflict, shown, other])
    assert [f.id for f in out] == [conflict.id, other.id]


def test_a_finding_that_reports_agreement_covers_nothing():
    agree = _finding("number/compatible", "compatible", _value("a", "12", 10, "e1"))
    lone = _finding("number/only-one-source", "only_in_one_source", _value("a", "12", 10, "e1"))
    assert len(drop_covered([agree, lone])) == 2


def test_the_runner_names_no_rule():
    source = inspect.getsource(compare)
    assert not [rid for rid in RULES if f'"{rid}"' in source]


def test_every_covered_rule_and_every_refuting_test_is_registered():
    for r in RULES.values():
        assert set(r.covers) <= set(RULES), r.id
        assert r.elsewhere is None or r.kind == "only_in_one_source", r.id
