from checker.lexicon import load_lexicon
from checker.normalize.entities import (
    org_key,
    parse_title,
    person_key,
    place_key,
    place_within,
    resolve_people,
)

LEX = load_lexicon()  # the bundled lexicon


def test_person_keys():
    assert person_key(LEX, "Kim Jong-un") == person_key(LEX, "Kim Jong Un") == "kim jong un"
    assert person_key(LEX, "Mr Kim") == "kim"
    resolved = resolve_people(["kim", "kim jong un", "putin", "vladimir putin"])
    assert resolved["kim"] == "kim jong un" and resolved["putin"] == "vladimir putin"


def test_ambiguous_short_name_stays_alone():
    resolved = resolve_people(["kim", "kim jong un", "kim yo jong"])
    assert resolved["kim"] == "kim"


def test_titles():
    assert parse_title(LEX, "National Security Council spokesperson").role == "spokesperson"
    assert (
        parse_title(LEX, "White House National Security Council spokesman").role == "spokesperson"
    )
    t = parse_title(
        LEX,
        "the Coordinator for Strategic Communications of the White House National Security Council",
    )
    assert t.role == "coordinator for strategic communications" and t.formal
    assert t.org == "national security council"
    assert parse_title(LEX, "Defence Minister").role == parse_title(LEX, "Defense Minister").role
    assert parse_title(LEX, "press secretary").role != parse_title(LEX, "spokesperson").role


def test_places_and_orgs():
    assert place_key(LEX, "Rajin") == place_key(LEX, "Najin")
    assert place_key(LEX, "Kiev") == place_key(LEX, "Kyiv")
    assert place_key(LEX, "Bombay") == place_key(LEX, "Mumbai")  # gazetteer: other names of a city
    assert place_within(
        LEX, place_key(LEX, "Lvov"), place_key(LEX, "Ukraine")
    )  # a city in its country
    assert not place_within(LEX, place_key(LEX, "Ukraine"), place_key(LEX, "Lviv"))
    assert org_key(LEX, "Washington") == org_key(LEX, "the US")  # a capital speaks for its country
    assert org_key(LEX, "the Associated Press") == org_key(LEX, "AP")


def test_more_title_and_place_cases():
    assert parse_title(LEX, "Deputy Fire Chief").role != parse_title(LEX, "Fire Chief").role
    assert (
        parse_title(LEX, "North Korean dictator").role
        == parse_title(LEX, "North Korean leader").role
    )
    assert parse_title(LEX, "Prime Minister").role == parse_title(LEX, "Premier").role
    assert place_key(LEX, "DPRK") == place_key(LEX, "North Korea")
    assert org_key(LEX, "CSIS") == org_key(LEX, "Center for Strategic and International Studies")
    assert org_key(LEX, "NSC") == org_key(LEX, "National Security Council")


def test_newsroom_lexicon_extends_the_bundled_one(tmp_path):
    extra = tmp_path / "newsroom.yaml"
    extra.write_text(
        "places:\n  - [port harwell, harwell harbour]\ntitles:\n  spokesperson: [mouthpiece]\n"
    )
    newsroom = load_lexicon((str(extra),))
    assert place_key(newsroom, "Harwell Harbour") == place_key(newsroom, "Port Harwell")
    assert parse_title(newsroom, "government mouthpiece").role == "spokesperson"
    assert parse_title(newsroom, "spokesman").role == "spokesperson"  # bundled data still there
    assert place_key(LEX, "Harwell Harbour") != place_key(LEX, "Port Harwell")


def test_malformed_lexicon_is_a_config_error(tmp_path):
    import pytest

    from checker.errors import ConfigError
    from checker.lexicon import load_lexicon

    bad = tmp_path / "bad.yaml"
    bad.write_text("- just a list\n")
    with pytest.raises(ConfigError):
        load_lexicon((str(bad),))


from hypothesis import given  # noqa: E402
from hypothesis import strategies as st  # noqa: E402


@given(st.text(max_size=50))
def test_entity_normalizers_never_raise(s):
    person_key(LEX, s)
    parse_title(LEX, s)
    place_key(LEX, s)
    org_key(LEX, s)


def test_role_is_named_before_of():
    t = parse_title(LEX, "a close ally of the President")
    assert t.role == "ally" and not t.known and not t.formal
    assert parse_title(LEX, "US secretary of state").role == "secretary of state"


def test_letters_without_marks_fold_to_their_ascii_spelling():
    from checker.normalize.entities import fold, transliterated

    assert person_key(LEX, "Hreiðar Sveinsson") == person_key(LEX, "Hreidar Sveinsson")
    assert person_key(LEX, "Bjørn Haugstad") == person_key(LEX, "Bjorn Haugstad")
    assert fold(LEX, "Greta Straßberg") == fold(LEX, "Greta Strassberg")
    assert fold(LEX, "Łucja Żmuda") == "lucja zmuda"
    assert fold(LEX, "Москва") == "москва"  # other scripts are left as they are
    assert transliterated(LEX, "Lukas Brückner", "Lukas Brueckner")
    assert transliterated(LEX, "Søren", "Soeren") and transliterated(LEX, "Åse", "Aase")
    assert not transliterated(LEX, "Lukas Brückner", "Lukas Bruckmann")
    # the spelled-out form joins the other one: one person, not a spelling conflict
    resolved = resolve_people(["lukas bruckner", "lukas brueckner", "brueckner"])
    assert len(set(resolved.values())) == 1


def test_letters_after_a_name_are_not_part_of_it():
    assert person_key(LEX, "Dr Jane Oduya KC") == person_key(LEX, "Jane Oduya") == "jane oduya"
    assert person_key(LEX, "Tom Reyes MP") == "tom reyes"
    assert person_key(LEX, "Ms KC") == "kc"  # a name that is only the letters stays


def test_titles_name_the_post_not_its_loose_description():
    assert parse_title(LEX, "chief technology officer").role == parse_title(LEX, "CTO").role
    assert (
        parse_title(LEX, "chief product officer").role
        != parse_title(LEX, "chief technology officer").role
    )
    assert parse_title(LEX, "Chief operating officer").role == "chief operating officer"
    assert parse_title(LEX, "Mr Justice").role != parse_title(LEX, "Judge").role
    assert parse_title(LEX, "the Recorder of Tamworth").role == parse_title(LEX, "Judge").role
    assert parse_title(LEX, "a consultant in emergency medicine").role == "consultant"
    assert parse_title(LEX, "fisheries minister").role != parse_title(LEX, "finance minister").role
    assert parse_title(LEX, "and its new treasurer").fragment
    assert parse_title(LEX, "of the county's fraud unit").fragment
    assert not parse_title(LEX, "the chief executive").fragment
    assert parse_title(LEX, "transport chief").generic and parse_title(LEX, "her deputy").generic
    assert not parse_title(LEX, "chief executive").generic
    assert not parse_title(LEX, "Fire Chief").fragment


def test_countries_regions_and_containment_from_the_gazetteer():
    from checker.normalize.entities import is_region

    assert place_key(LEX, "Ireland") == "ireland"  # not a town that once had it as another name
    assert is_region(LEX, place_key(LEX, "Central Europe")) and is_region(
        LEX, place_key(LEX, "South-East Asia")
    )
    assert place_within(
        LEX, place_key(LEX, "Brooklyn"), place_key(LEX, "New York")
    )  # a borough in its city
    assert not place_within(LEX, place_key(LEX, "New York"), place_key(LEX, "Brooklyn"))
    assert place_within(
        LEX, place_key(LEX, "Sacramento"), place_key(LEX, "California")
    )  # a US city's state
    assert not place_within(
        LEX, place_key(LEX, "Springfield"), place_key(LEX, "Illinois")
    )  # several states have one
    assert not place_within(LEX, place_key(LEX, "Denver"), place_key(LEX, "New York"))
