"""The comparer on hand-built facts: no extractor involved."""

import datetime as dt

from tests.factories import StoryBuilder


def _kinds(findings):
    return sorted((f.rule, f.relation, f.severity) for f in findings)


def test_title_mismatch_is_one_medium_finding_with_every_wording():
    b = (
        StoryBuilder()
        .article("a", "NSC spokesperson John Kirby said so.")
        .article("b", "White House spokesman John Kirby said so.")
        .article("c", "John Kirby, the Coordinator for Strategic Communications, said so.")
        .fact("a", "person", 0, name="John Kirby", title="NSC spokesperson")
        .fact("b", "person", 0, name="John Kirby", title="White House spokesman")
        .fact(
            "c",
            "person",
            0,
            name="John Kirby",
            title="the Coordinator for Strategic Communications",
        )
    )
    findings = [f for f in b.compare() if f.kind == "person_title"]
    assert len(findings) == 1
    f = findings[0]
    assert (f.rule, f.severity, f.relation) == ("person/title", "medium", "conflict")
    assert [v.text for v in f.values] == [
        "NSC spokesperson",
        "White House spokesman",
        "the Coordinator for Strategic Communications",
    ]
    assert "formal title" in f.message


def test_number_conflict_and_benign_wording():
    b = (
        StoryBuilder()
        .article("a", "It sent more than 1,000 containers.")
        .article("b", "It sent more than a thousand containers.")
        .article("c", "It sent about 1,200 containers.")
        .fact("a", "quantity", 0, value="more than 1,000", unit="containers")
        .fact("b", "quantity", 0, value="more than a thousand", unit="containers")
        .fact("c", "quantity", 0, value="about 1,200", unit="containers")
    )
    # "about 1,200" fits "more than 1,000": no conflict
    assert all(f.relation != "conflict" for f in b.compare())

    b2 = (
        StoryBuilder()
        .article("a", "It sent roughly 200 containers.")
        .article("b", "It sent roughly 290 containers.")
        .fact("a", "quantity", 0, value="roughly 200", unit="containers")
        .fact("b", "quantity", 0, value="roughly 290", unit="containers")
    )
    conflicts = [f for f in b2.compare() if f.relation == "conflict"]
    assert [(f.rule, f.severity) for f in conflicts] == [("number/conflict", "high")]
    assert {v.source for v in conflicts[0].values} == {"a", "b"}


def test_only_one_source_person_lists_missing_sources():
    b = (
        StoryBuilder()
        .article("a", "Defense Minister Sergei Shoigu attended.")
        .article("b", "Nobody else is named here at all.")
        .fact("a", "person", 0, name="Sergei Shoigu", title="Defense Minister")
    )
    (f,) = b.compare()
    assert (f.kind, f.relation, f.severity) == ("only_in_one_source", "only_in_one_source", "low")
    assert f.missing_from == ["b"]
    assert "Shoigu" in f.message


def test_weekday_matches_date_via_publication_date():
    b = (
        StoryBuilder()
        .article("a", "Kirby said on Oct. 13 that it happened.")
        .article(
            "b", "The White House said on Friday that it happened.", published=dt.date(2023, 10, 13)
        )
        .fact("a", "date", 0, value="Oct. 13", event="said")
        .fact("b", "date", 0, value="Friday", event="said")
    )
    assert b.compare() == []


def test_shifted_weekday_conflicts():
    b = (
        StoryBuilder()
        .article("a", "Kirby said on Oct. 13 that it happened.")
        .article(
            "b",
            "The White House said on Thursday that it happened.",
            published=dt.date(2023, 10, 13),
        )
        .fact("a", "date", 0, value="Oct. 13", event="said")
        .fact("b", "date", 0, value="Thursday", event="said")
    )
    rules = [f.rule for f in b.compare()]
    assert "date/conflict" in rules


def test_place_alias_is_info_not_conflict():
    b = (
        StoryBuilder()
        .article("a", "Ships left Najin for Russia.")
        .article("b", "Ships left Rajin for Russia.")
        .fact("a", "place", 0, name="Najin")
        .fact("b", "place", 0, name="Rajin")
    )
    assert _kinds(b.compare()) == [("place/alias", "compatible", "info")]


def test_quote_moved_to_another_speaker():
    b = (
        StoryBuilder()
        .article("a", '"We condemn this transfer of arms," Kirby said.')
        .article("b", '"We condemn this transfer of arms," Blinken said.')
        .fact("a", "quote", 0, text="We condemn this transfer of arms", speaker="Kirby")
        .fact("b", "quote", 0, text="We condemn this transfer of arms", speaker="Blinken")
    )
    rules = {f.rule: f for f in b.compare()}
    assert rules["attribution/speaker"].severity == "medium"


def test_findings_are_sorted_and_ids_stable():
    def build():
        return (
            StoryBuilder()
            .article("a", "Defense Minister Sergei Shoigu met 12 officials.")
            .article("b", "Minister Shoigu met 30 officials.")
            .fact("a", "quantity", 0, value="12", unit="officials")
            .fact("b", "quantity", 0, value="30", unit="officials")
            .fact("a", "person", 0, name="Sergei Shoigu", title="Defense Minister")
        ).compare()

    first, second = build(), build()
    assert [f.id for f in first] == [f.id for f in second]
    assert first[0].severity == "high"


def test_claimants_disagreeing_is_not_an_outlet_contradiction():
    b = (
        StoryBuilder()
        .article("a", "At least 40 people were killed, according to the Health Ministry.")
        .article("b", "The Red Cross said 25 people were killed.")
        .fact("a", "quantity", 0, value="At least 40", unit="people", about="killed")
        .fact("b", "quantity", 0, value="25", unit="people", about="killed")
    )
    (f,) = [f for f in b.compare() if f.relation == "conflict"]
    assert (f.rule, f.kind, f.severity) == ("number/claimants", "attribution", "medium")
    assert {v.claimant for v in f.values} == {"Health Ministry", "Red Cross"}


def test_same_claimant_different_figures_is_a_conflict_and_hedges_are_kept():
    b = (
        StoryBuilder()
        .article("a", "The army said 12 soldiers were reportedly wounded.")
        .article("b", "The army said 30 soldiers were wounded.")
        .fact("a", "quantity", 0, value="12", unit="soldiers", about="wounded")
        .fact("b", "quantity", 0, value="30", unit="soldiers", about="wounded")
    )
    (f,) = [f for f in b.compare() if f.relation == "conflict"]
    assert f.rule == "number/conflict" and f.severity == "high"
    assert [v.hedge for v in f.values] == ["reportedly", None]


def test_casualty_wordings_share_a_slot():
    b = (
        StoryBuilder()
        .article("a", "At least 288 people were killed on Friday.")
        .article("b", "Officials revised the death toll to 275.")
        .fact("a", "quantity", 0, value="At least 288", unit="people", about="killed")
        .fact("b", "quantity", 0, value="275", unit=None, about="death toll")
    )
    (f,) = [f for f in b.compare() if f.relation == "conflict"]
    assert f.slot == "quantity:death"


def test_identical_quotes_in_two_sources_agree():
    b = (
        StoryBuilder()
        .article("a", '"We will rebuild the bridge this year," the mayor said.')
        .article("b", 'The mayor said: "We will rebuild the bridge this year," at a briefing.')
        .fact("a", "quote", 0, text="We will rebuild the bridge this year", speaker=None)
        .fact("b", "quote", 0, text="We will rebuild the bridge this year", speaker=None)
    )
    assert b.compare() == []


def test_loose_description_beside_a_title_is_only_low():
    b = (
        StoryBuilder()
        .article("a", "Defense Minister Sergei Shoigu attended the talks.")
        .article("b", "Sergei Shoigu, a close ally of the president, attended the talks.")
        .fact("a", "person", 0, name="Sergei Shoigu", title="Defense Minister")
        .fact("b", "person", 0, name="Sergei Shoigu", title="a close ally of the president")
    )
    (f,) = [f for f in b.compare() if f.kind == "person_title"]
    assert f.severity == "low"


def test_statement_dates_that_differ_are_medium_not_high():
    b = (
        StoryBuilder()
        .article(
            "a",
            "The ministry said on Monday that talks would resume.",
            published=dt.date(2024, 5, 14),
        )
        .article(
            "b",
            "The ministry said on Tuesday that talks would resume.",
            published=dt.date(2024, 5, 14),
        )
        .fact("a", "date", 0, value="Monday", event="said")
        .fact("b", "date", 0, value="Tuesday", event="said")
    )
    (f,) = [f for f in b.compare() if f.rule == "date/conflict"]
    assert f.severity == "medium"


def test_different_means_of_transport_for_one_movement_conflict_but_not_for_different_things():
    from checker.terms import find_terms

    def story(a_text, b_text):
        b = StoryBuilder().article("a", a_text).article("b", b_text)
        for art in b.articles.values():
            b.facts.extend(find_terms(art))
        return [f.rule for f in b.compare()]

    assert "term/conflict" in story(
        "The munitions were moved by rail to a depot near the border.",
        "The munitions were moved by road to a depot near the border.",
    )
    assert "term/conflict" not in story(
        "At sea, 52 ships were held in port.", "The road is open only as far as the next town."
    )


def test_according_to_is_shown_with_whom_it_names_or_not_at_all():
    b = (
        StoryBuilder()
        .article("a", "More than 1,000 containers were sent, according to the White House.")
        .article("b", "About 2,000 containers were sent, according to officials.")
        .article("c", "About 2,000 containers were sent, according to reports.")
        .fact("a", "quantity", 0, value="More than 1,000", unit="containers")
        .fact("b", "quantity", 0, value="About 2,000", unit="containers")
        .fact("c", "quantity", 0, value="About 2,000", unit="containers")
    )
    hedges = {v.source: v.hedge for f in b.compare() for v in f.values}
    assert hedges["a"] == "according to White House"
    assert all(h != "according to" for h in hedges.values())
