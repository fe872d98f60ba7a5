"""A source that contradicts itself (hand-built records), and what is not a self-conflict."""

import datetime as dt

from tests.factories import StoryBuilder


def _rules(findings):
    return sorted(f.rule for f in findings)


def _story(
    *sentences_a, facts_a=(), sentences_b=("Rescuers reached the site on Tuesday.",), facts_b=()
):
    b = StoryBuilder().article("a", *sentences_a, published=dt.date(2026, 2, 3))
    b.article("b", *sentences_b, published=dt.date(2026, 2, 3))
    for sid, facts in (("a", facts_a), ("b", facts_b)):
        for kind, no, fields in facts:
            b.fact(sid, kind, no, **fields)
    return b


def test_number_self_conflict_in_two_versions_of_one_sentence():
    b = _story(
        "The bus, carrying 38 passengers, left the road on a mountain bend.",
        "The bus, carrying 48 passengers, left the road on a sharp bend.",
        facts_a=[
            ("quantity", 0, {"value": "38", "unit": "passengers"}),
            ("quantity", 1, {"value": "48", "unit": "passengers"}),
        ],
    )
    f = [f for f in b.compare() if f.rule == "number/self-conflict"]
    assert len(f) == 1 and f[0].severity == "high"
    assert {v.text for v in f[0].values} == {"38 passengers", "48 passengers"}
    assert [v.source for v in f[0].values] == ["a", "a"]


def test_distance_self_conflict():
    b = _story(
        "The plane came down about 60 miles north of Moscow.",
        "Wreckage was found 160 miles north of Moscow.",
    )
    f = [f for f in b.compare() if f.rule == "place/self-conflict"]
    assert len(f) == 1 and f[0].severity == "high" and f[0].kind == "place"


def test_date_self_conflict():
    b = _story(
        "The minister resigned on Thursday after the report.",
        "The minister resigned on Wednesday after the report.",
        facts_a=[
            ("date", 0, {"value": "Thursday", "event": "resigned"}),
            ("date", 1, {"value": "Wednesday", "event": "resigned"}),
        ],
    )
    f = [f for f in b.compare() if f.rule == "date/self-conflict"]
    assert len(f) == 1 and f[0].severity == "high"


def test_name_spelled_two_ways_and_two_roles_in_one_source():
    b = _story(
        "Captain Kristen Bergeron ordered passengers to the upper deck.",
        "Captain Kirsten Bergeron said the crew acted quickly.",
        "Justice Minister Claire Ellul will take over.",
        "Education Minister Claire Ellul visited the port.",
        facts_a=[
            ("person", 0, {"name": "Kristen Bergeron", "title": None}),
            ("person", 1, {"name": "Kirsten Bergeron", "title": None}),
            ("person", 2, {"name": "Claire Ellul", "title": "Justice Minister"}),
            ("person", 3, {"name": "Claire Ellul", "title": "Education Minister"}),
        ],
    )
    f = [f for f in b.compare() if f.rule == "person/self-conflict"]
    assert len(f) == 2 and {x.severity for x in f} == {"medium"}


def test_a_figure_and_its_update_are_no_self_conflict():
    b = _story(
        "The death toll rose from 12 to 15 during the day.",
        "An earlier statement had put the number of dead at 10.",
        "Police said 15 people were killed.",
        facts_a=[
            ("quantity", 0, {"value": "15", "unit": None, "about": "death toll"}),
            ("quantity", 1, {"value": "10", "unit": None, "about": "dead"}),
            ("quantity", 2, {"value": "15", "unit": "people", "about": "killed"}),
        ],
    )
    assert "number/self-conflict" not in _rules(b.compare())


def test_a_range_in_one_sentence_and_two_claimants_are_no_self_conflict():
    b = _story(
        "Between 20 and 30 homes were destroyed, and 25 homes were destroyed by the flood.",
        "Police said 40 homes were destroyed.",
        "The fire service said 55 homes were destroyed.",
        facts_a=[
            ("quantity", 0, {"value": "25", "unit": "homes"}),
            ("quantity", 1, {"value": "40", "unit": "homes"}),
            ("quantity", 2, {"value": "55", "unit": "homes"}),
        ],
    )
    assert "number/self-conflict" not in _rules(b.compare())


def test_a_total_and_its_breakdown_are_no_self_conflict():
    b = _story(
        "Four people died in the storm, officials said.",
        "Two people died in a landslide in the north.",
        facts_a=[
            ("quantity", 0, {"value": "Four", "unit": "people", "about": "died"}),
            ("quantity", 1, {"value": "Two", "unit": "people", "about": "died"}),
        ],
    )
    assert "number/self-conflict" not in _rules(b.compare())


def test_compatible_line_shows_the_value_that_agrees():
    b = _story(
        "The bus, carrying 38 passengers, left the road on a mountain bend.",
        "The bus, carrying 48 passengers, left the road on a sharp bend.",
        facts_a=[
            ("quantity", 0, {"value": "38", "unit": "passengers"}),
            ("quantity", 1, {"value": "48", "unit": "passengers"}),
        ],
        sentences_b=("The bus carried about 38 passengers.",),
        facts_b=[("quantity", 0, {"value": "about 38", "unit": "passengers"})],
    )
    compat = [f for f in b.compare() if f.rule == "number/compatible"]
    assert compat and all("48" not in v.text for f in compat for v in f.values)


def test_a_range_stated_in_two_steps_is_no_self_conflict():
    b = _story(
        "At least 20 homes were destroyed by the flood in the valley.",
        "Up to 30 homes were destroyed by the flood in the valley.",
        facts_a=[
            ("quantity", 0, {"value": "At least 20", "unit": "homes"}),
            ("quantity", 1, {"value": "Up to 30", "unit": "homes"}),
        ],
    )
    assert "number/self-conflict" not in _rules(b.compare())


def test_one_source_counting_two_different_nouns_does_not_contradict_itself():
    from checker.lexicon import load_lexicon
    from checker.normalize.facts import normalize_facts
    from checker.rules.common import self_pairs
    from tests.factories import StoryBuilder

    def pairs(first: str, second: str) -> int:
        b = (
            StoryBuilder()
            .article(
                "a",
                f"The importer said owners had sent five {first} about the heaters overheating.",
                f"The importer said owners had sent 14 {second} about the heaters overheating.",
            )
            .fact("a", "quantity", 0, value="five", unit=first)
            .fact("a", "quantity", 1, value="14", unit=second)
        )
        norms = normalize_facts(load_lexicon(), list(b.articles.values()), b.facts)
        return len(self_pairs(load_lexicon(), norms, lambda x, y: x.overlaps(y)))

    assert pairs("reports", "reports") == 1  # one count given twice: a contradiction
    assert pairs("reports", "fires") == 0  # two counts
    assert pairs("complaints", "complaint") == 1
