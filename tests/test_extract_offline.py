"""The offline extractor on classes of phrasing, with invented sentences (issue 26).

Each test writes a short story of its own and asks whether grounding kept a fact whose field
covers the value an editor would compare. No sentence here comes from a development story.
"""

from __future__ import annotations

import pytest

from checker.ground import ground
from checker.models import Article, Fact, Span


def _article(*paragraphs: str) -> Article:
    text = "\n\n".join(paragraphs)
    spans, pos = [], 0
    for p in paragraphs:
        spans.append(Span(start=pos, end=pos + len(p)))
        pos += len(p) + 2
    return Article(id="a", path="a.txt", text=text, body=spans)


@pytest.fixture(scope="module")
def facts_of(offline_backend):
    def run(*paragraphs: str) -> list[Fact]:
        a = _article(*paragraphs)
        return ground(a, offline_backend.extract(a).facts).facts

    return run


def _values(facts: list[Fact], kind: str, field: str) -> list[str | None]:
    return [f.fields.get(field) for f in facts if f.kind == kind]


# --------------------------------------------------------------------------- clock times


def test_clock_times_are_dates_with_their_event(facts_of):
    facts = facts_of(
        "The ferry left the quay at 7:45am on Friday and docked at 16:20 UTC (18:20 local).",
        "A coastguard launch was sent shortly after 8.10 a.m. local time.",
    )
    values = _values(facts, "date", "value")
    assert "7:45am" in values
    assert "16:20 UTC" in values and "18:20" in values
    assert any(v and v.endswith("8.10 a.m. local time") for v in values)
    docked = next(f for f in facts if f.kind == "date" and f.fields["value"] == "16:20 UTC")
    assert "docked" in (docked.fields["event"] or "")


def test_a_race_time_is_not_a_clock_time(facts_of):
    facts = facts_of("She won the race in 2:21:07, a minute clear of the field.")
    assert not any(":" in (v or "") for v in _values(facts, "date", "value"))


def test_a_24_hour_clock_counts_only_beside_a_zone():
    from checker.normalize.times import find_times

    text = "It touched down at 21:05 GMT (17:05 local), after a 1:58:30 flight."
    found = [(text[s:e], minutes, zone) for s, e, minutes, zone, _ in find_times(text)]
    assert found == [("21:05 GMT", 21 * 60 + 5, "GMT"), ("17:05", 17 * 60 + 5, None)]
