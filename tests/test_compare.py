"""The comparer on hand-built facts: no extractor involved."""

import datetime as dt

from checker.lexicon import load_lexicon
from tests.factories import StoryBuilder

LEX = load_lexicon()  # the bundled lexicon


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


def test_a_quote_given_to_one_name_written_two_ways_is_not_moved():
    line = "The ferry timetable will not change this winter"
    b = (
        StoryBuilder()
        .article("a", f'"{line}," chief executive Maren Tollefsen said.')
        .article("b", f'"{line}," Tollefson said.')
        .fact("a", "quote", 0, text=line, speaker="Maren Tollefsen")
        .fact("b", "quote", 0, text=line, speaker="Tollefson")
    )
    assert "attribution/speaker" not in {f.rule for f in b.compare()}
    # two people who share a given name are two speakers
    c = (
        StoryBuilder()
        .article("a", f'"{line}," Maren Tollefsen said.')
        .article("b", f'"{line}," Maren Hasselby said.')
        .fact("a", "quote", 0, text=line, speaker="Maren Tollefsen")
        .fact("b", "quote", 0, text=line, speaker="Maren Hasselby")
    )
    assert "attribution/speaker" in {f.rule for f in c.compare()}


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
            b.facts.extend(find_terms(LEX, art))
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


# People: one person across sources is recognised from the name and what stands beside it.


def _people(*mentions):
    """Sources a, b, c ... each with one sentence naming one person (name, title or None)."""
    b = StoryBuilder()
    for sid, sentence, name, title in mentions:
        b.article(sid, sentence)
        b.fact(sid, "person", 0, name=name, title=title)
    return b


def test_a_surname_a_few_letters_off_in_one_role_is_a_high_name_conflict():
    b = _people(
        (
            "a",
            "Airline spokeswoman Greta Baumann said the crew acted fast.",
            "Greta Baumann",
            "Airline spokeswoman",
        ),
        (
            "b",
            "Airline spokeswoman Greta Baumgart said the crew acted fast.",
            "Greta Baumgart",
            "Airline spokeswoman",
        ),
    )
    findings = b.compare()
    names = [f for f in findings if f.kind == "person_name"]
    assert [(f.rule, f.severity) for f in names] == [("person/name", "high")]
    assert {v.text for v in names[0].values} == {"Greta Baumann", "Greta Baumgart"}
    assert "same role" in names[0].message
    assert not [f for f in findings if f.rule == "person/role-holder"]


def test_a_given_name_that_differs_for_one_surname_in_one_role_is_one_person():
    b = _people(
        (
            "a",
            "Dr Ruth Keating, a consultant in emergency medicine, said beds were full.",
            "Dr Ruth Keating",
            "a consultant in emergency medicine",
        ),
        (
            "b",
            "Dr Rita Keating, a consultant in emergency medicine, said so.",
            "Dr Rita Keating",
            "a consultant in emergency medicine",
        ),
    )
    (f,) = [f for f in b.compare() if f.kind == "person_name"]
    assert (f.rule, f.severity) == ("person/name", "high")


def test_same_statement_beside_a_surname_spelled_another_way_is_one_person():
    b = _people(
        (
            "a",
            "Tomas Rydberg said the dock workers would strike from Monday over the new rota.",
            "Tomas Rydberg",
            None,
        ),
        (
            "b",
            "Tomas Rydgren said dock workers planned to strike on Monday over the rota.",
            "Tomas Rydgren",
            None,
        ),
    )
    (f,) = [f for f in b.compare() if f.kind == "person_name"]
    assert "same statement" in f.message


def test_relatives_and_namesakes_are_not_one_person():
    # one surname, two given names, nothing else in common: two people of one family
    b = _people(
        ("a", "Karin Aldous runs the bakery on the square.", "Karin Aldous", None),
        ("b", "Peter Aldous rang the fire brigade at dawn.", "Peter Aldous", None),
    )
    assert not [f for f in b.compare() if f.kind == "person_name"]
    # one given name, two surnames, two different posts
    b = _people(
        ("a", "Mayor Ellen Vasquez opened the shelter.", "Ellen Vasquez", "Mayor"),
        ("b", "Police chief Ellen Vashti closed the road.", "Ellen Vashti", "Police chief"),
    )
    assert not [f for f in b.compare() if f.kind == "person_name"]


def test_a_name_with_and_without_its_marks_is_never_a_conflict():
    b = _people(
        (
            "a",
            "Bjørn Haugstad, the harbour master, said the quay was closed.",
            "Bjørn Haugstad",
            "the harbour master",
        ),
        (
            "b",
            "Bjoern Haugstad, the harbour master, said the quay was shut.",
            "Bjoern Haugstad",
            "the harbour master",
        ),
        (
            "c",
            "Bjorn Haugstad, the harbour master, said so.",
            "Bjorn Haugstad",
            "the harbour master",
        ),
        ("d", "Lukas Brückner drove the first lorry.", "Lukas Brückner", None),
        ("e", "Lukas Brueckner drove the first lorry.", "Lukas Brueckner", None),
    )
    assert not [f for f in b.compare() if f.relation == "conflict"]


def test_a_different_person_in_a_post_an_organisation_has_one_of_is_high():
    b = _people(
        (
            "a",
            "Deputy leader Oskar Vestby now chairs the group in parliament.",
            "Oskar Vestby",
            "Deputy leader",
        ),
        (
            "b",
            "The movement's deputy leader, Arne Aasland, spoke first.",
            "Arne Aasland",
            "deputy leader",
        ),
    )
    (f,) = [f for f in b.compare() if f.kind == "person_name"]
    assert (f.rule, f.severity) == ("person/role-holder", "high")


def test_finishing_order_told_two_ways_is_a_high_finding():
    b = (
        StoryBuilder()
        .article("a", "Anton Keller finished second in 31:05 and Milo Brandt third in 31:40.")
        .article("b", "Milo Brandt came second, just ahead of Anton Keller, who was third.")
        .fact("a", "person", 0, name="Anton Keller")
        .fact("a", "person", 0, name="Milo Brandt")
        .fact("b", "person", 0, name="Milo Brandt")
        .fact("b", "person", 0, name="Anton Keller")
    )
    (f,) = [f for f in b.compare() if f.rule == "person/position"]
    assert (f.kind, f.severity) == ("person_name", "high")
    assert {v.source for v in f.values} == {"a", "b"}
    assert "Keller 2nd" in f.message and "Keller 3rd" in f.message
    # the same order in other words, and a place in another year's race, are no conflict
    b = (
        StoryBuilder()
        .article("a", "Anton Keller was second and Milo Brandt third.")
        .article(
            "b", "Anton Keller came second, Milo Brandt third.", "Milo Brandt was second in 2019."
        )
        .fact("a", "person", 0, name="Anton Keller")
        .fact("a", "person", 0, name="Milo Brandt")
        .fact("b", "person", 0, name="Anton Keller")
        .fact("b", "person", 1, name="Milo Brandt")
    )
    assert not [f for f in b.compare() if f.rule == "person/position"]


# Titles


def _titles(name, *titles):
    b = StoryBuilder()
    for i, title in enumerate(titles):
        sid = "abcdefgh"[i]
        b.article(sid, f"{title} {name} spoke to reporters on Monday.")
        b.fact(sid, "person", 0, name=name, title=title)
    return b


def test_one_executive_given_two_titles_is_medium():
    b = StoryBuilder()
    b.article("a", "The company's chief technology officer, Ruth Amadi, said the chip was safe.")
    b.article("b", "Ruth Amadi, the chief product officer, said the chip was safe.")
    b.fact("a", "person", 0, name="Ruth Amadi", title="chief technology officer")
    b.fact("b", "person", 0, name="Ruth Amadi", title="the chief product officer")
    (f,) = [f for f in b.compare() if f.kind == "person_title"]
    assert (f.rule, f.severity) == ("person/title", "medium")


def test_a_judges_office_and_a_ministers_portfolio_are_part_of_the_title():
    (f,) = [f for f in _titles("Hale", "Judge", "Mr Justice").compare() if f.kind == "person_title"]
    assert f.severity == "medium"
    (f,) = [
        f
        for f in _titles(
            "Ana Ruiz", "former fisheries minister", "former finance minister"
        ).compare()
        if f.kind == "person_title"
    ]
    assert f.severity == "medium" and f.slot.endswith(":former")


def test_a_present_post_beside_a_former_one_is_not_a_title_conflict():
    b = _titles("Ana Ruiz", "party leader", "former finance minister", "party leader")
    assert not [f for f in b.compare() if f.kind == "person_title" and f.relation == "conflict"]


def test_fragments_and_loose_descriptions_are_not_medium_title_conflicts():
    b = StoryBuilder()
    b.article("a", "The club elected a chair, Mira Osei, and its new treasurer, Tom Lunn.")
    b.article("b", "Mira Osei, the club's chair, opened the meeting.")
    b.fact("a", "person", 0, name="Mira Osei", title="and its new treasurer")
    b.fact("b", "person", 0, name="Mira Osei", title="the club's chair")
    assert not [f for f in b.compare() if f.kind == "person_title" and f.relation == "conflict"]
    b = _titles("Dag Penn", "the former chief executive of the railway", "rail chief")
    assert not [
        f for f in b.compare() if f.kind == "person_title" and f.severity in ("medium", "high")
    ]


# Places


def _placed(*mentions):
    """(source, sentence, place name) each; the name is a place fact of that sentence."""
    b = StoryBuilder()
    for sid, sentence, *names in mentions:
        b.article(sid, sentence)
        for name in names:
            b.fact(sid, "place", 0, name=name)
    return b


def test_one_thing_put_in_two_places_is_a_high_place_conflict():
    b = _placed(
        (
            "a",
            "The brewer will close a bottling line at its Brennock brewery in Aldercombe.",
            "Aldercombe",
        ),
        (
            "b",
            "The brewer is to shut a bottling line at its Brennock brewery in Westhaven.",
            "Westhaven",
        ),
    )
    (f,) = [f for f in b.compare() if f.kind == "place"]
    assert (f.rule, f.severity) == ("place/site", "high")
    assert {v.text for v in f.values} == {"Aldercombe", "Westhaven"}
    assert "brewery" in f.message


def test_a_site_in_a_town_and_in_the_municipality_it_belongs_to_is_no_conflict():
    # a source says how the two relate
    b = _placed(
        ("a", "It will close a bottling line at its Brennock brewery in Aldercombe.", "Aldercombe"),
        ("b", "It will close a bottling line at its Brennock brewery in Westhaven.", "Westhaven"),
        (
            "c",
            "Workers in Aldercombe, a district of Westhaven, fear the worst.",
            "Aldercombe",
            "Westhaven",
        ),
    )
    assert not [f for f in b.compare() if f.kind == "place" and f.relation == "conflict"]
    # the gazetteer knows a borough inside its city
    b = _placed(
        ("a", "The fire started at the bakery warehouse in Brooklyn.", "Brooklyn"),
        ("b", "The fire started at the bakery warehouse in New York.", "New York"),
    )
    assert not [f for f in b.compare() if f.kind == "place" and f.relation == "conflict"]


def test_several_homes_or_people_in_two_places_are_no_conflict():
    b = _placed(
        ("a", "Floodwater entered the old homes in Aldercombe.", "Aldercombe"),
        ("b", "Floodwater entered the old homes in Westhaven.", "Westhaven"),
    )
    assert not [f for f in b.compare() if f.kind == "place" and f.relation == "conflict"]


def test_a_direction_one_point_apart_at_one_distance_conflicts():
    b = _placed(
        ("a", "Tollend sits roughly 60 km east of Marrowby.", "Tollend", "Marrowby"),
        (
            "b",
            "Tollend, a mining town 60 km (37 miles) southeast of the capital Marrowby, was hit.",
            "Tollend",
            "Marrowby",
        ),
    )
    (f,) = [f for f in b.compare() if f.rule == "place/direction"]
    assert f.severity == "high"
    assert {v.text for v in f.values} == {"roughly 60 km east", "southeast"}  # not the conversion


def test_a_bearing_without_distance_conflicts_only_for_one_named_place():
    b = _placed(
        ("a", "Tollend, east of Marrowby, was hit first.", "Tollend", "Marrowby"),
        ("b", "Tollend, southeast of Marrowby, was hit first.", "Tollend", "Marrowby"),
    )
    (f,) = [f for f in b.compare() if f.rule == "place/direction"]
    assert {v.text for v in f.values} == {"east", "southeast"}
    b = _placed(
        ("a", "Hail often strikes the farms east of Marrowby in spring.", "Marrowby"),
        ("b", "Tollend, southeast of Marrowby, was hit first.", "Tollend", "Marrowby"),
    )
    assert not [f for f in b.compare() if f.rule == "place/direction"]
