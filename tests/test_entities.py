from checker.normalize.entities import (
    org_key,
    parse_title,
    person_key,
    place_key,
    place_within,
    resolve_people,
)


def test_person_keys():
    assert person_key("Kim Jong-un") == person_key("Kim Jong Un") == "kim jong un"
    assert person_key("Mr Kim") == "kim"
    resolved = resolve_people(["kim", "kim jong un", "putin", "vladimir putin"])
    assert resolved["kim"] == "kim jong un" and resolved["putin"] == "vladimir putin"


def test_ambiguous_short_name_stays_alone():
    resolved = resolve_people(["kim", "kim jong un", "kim yo jong"])
    assert resolved["kim"] == "kim"


def test_titles():
    assert parse_title("National Security Council spokesperson").role == "spokesperson"
    assert parse_title("White House National Security Council spokesman").role == "spokesperson"
    t = parse_title(
        "the Coordinator for Strategic Communications of the White House National Security Council"
    )
    assert t.role == "coordinator for strategic communications" and t.formal
    assert t.org == "national security council"
    assert parse_title("Defence Minister").role == parse_title("Defense Minister").role
    assert parse_title("press secretary").role != parse_title("spokesperson").role


def test_places_and_orgs():
    assert place_key("Rajin") == place_key("Najin")
    assert place_key("Kiev") == place_key("Kyiv")
    assert place_key("Bombay") == place_key("Mumbai")  # gazetteer: other names of a city
    assert place_within(place_key("Lvov"), place_key("Ukraine"))  # a city in its country
    assert not place_within(place_key("Ukraine"), place_key("Lviv"))
    assert org_key("Washington") == org_key("the US")  # a capital speaks for its country
    assert org_key("the Associated Press") == org_key("AP")


def test_more_title_and_place_cases():
    assert parse_title("Deputy Fire Chief").role != parse_title("Fire Chief").role
    assert parse_title("North Korean dictator").role == parse_title("North Korean leader").role
    assert parse_title("Prime Minister").role == parse_title("Premier").role
    assert place_key("DPRK") == place_key("North Korea")
    assert org_key("CSIS") == org_key("Center for Strategic and International Studies")
    assert org_key("NSC") == org_key("National Security Council")


def test_newsroom_lexicon_extends_the_bundled_one(tmp_path):
    from checker.normalize.lexicon import load_lexicon, using

    extra = tmp_path / "newsroom.yaml"
    extra.write_text(
        "places:\n  - [port harwell, harwell harbour]\ntitles:\n  spokesperson: [mouthpiece]\n"
    )
    with using(load_lexicon((str(extra),))):
        assert place_key("Harwell Harbour") == place_key("Port Harwell")
        assert parse_title("government mouthpiece").role == "spokesperson"
        assert parse_title("spokesman").role == "spokesperson"  # bundled data still there
    assert place_key("Harwell Harbour") != place_key("Port Harwell")


def test_malformed_lexicon_is_a_config_error(tmp_path):
    import pytest

    from checker.errors import ConfigError
    from checker.normalize.lexicon import load_lexicon

    bad = tmp_path / "bad.yaml"
    bad.write_text("- just a list\n")
    with pytest.raises(ConfigError):
        load_lexicon((str(bad),))


from hypothesis import given  # noqa: E402
from hypothesis import strategies as st  # noqa: E402


@given(st.text(max_size=50))
def test_entity_normalizers_never_raise(s):
    person_key(s)
    parse_title(s)
    place_key(s)
    org_key(s)


def test_role_is_named_before_of():
    t = parse_title("a close ally of the President")
    assert t.role == "ally" and not t.known and not t.formal
    assert parse_title("US secretary of state").role == "secretary of state"


def test_letters_without_marks_fold_to_their_ascii_spelling():
    from checker.normalize.entities import fold, transliterated

    assert person_key("Hreiðar Sveinsson") == person_key("Hreidar Sveinsson")
    assert person_key("Bjørn Haugstad") == person_key("Bjorn Haugstad")
    assert fold("Greta Straßberg") == fold("Greta Strassberg")
    assert fold("Łucja Żmuda") == "lucja zmuda"
    assert fold("Москва") == "москва"  # other scripts are left as they are
    assert transliterated("Lukas Brückner", "Lukas Brueckner")
    assert transliterated("Søren", "Soeren") and transliterated("Åse", "Aase")
    assert not transliterated("Lukas Brückner", "Lukas Bruckmann")
    # the spelled-out form joins the other one: one person, not a spelling conflict
    resolved = resolve_people(["lukas bruckner", "lukas brueckner", "brueckner"])
    assert len(set(resolved.values())) == 1


def test_letters_after_a_name_are_not_part_of_it():
    assert person_key("Dr Jane Oduya KC") == person_key("Jane Oduya") == "jane oduya"
    assert person_key("Tom Reyes MP") == "tom reyes"
    assert person_key("Ms KC") == "kc"  # a name that is only the letters stays


def test_titles_name_the_post_not_its_loose_description():
    assert parse_title("chief technology officer").role == parse_title("CTO").role
    assert parse_title("chief product officer").role != parse_title("chief technology officer").role
    assert parse_title("Chief operating officer").role == "chief operating officer"
    assert parse_title("Mr Justice").role != parse_title("Judge").role
    assert parse_title("the Recorder of Tamworth").role == parse_title("Judge").role
    assert parse_title("a consultant in emergency medicine").role == "consultant"
    assert parse_title("fisheries minister").role != parse_title("finance minister").role
    assert parse_title("and its new treasurer").fragment
    assert parse_title("of the county's fraud unit").fragment
    assert not parse_title("the chief executive").fragment
    assert parse_title("transport chief").generic and parse_title("her deputy").generic
    assert not parse_title("chief executive").generic
    assert not parse_title("Fire Chief").fragment


def test_countries_regions_and_containment_from_the_gazetteer():
    from checker.normalize.entities import is_region

    assert place_key("Ireland") == "ireland"  # not a town that once had it as another name
    assert is_region(place_key("Central Europe")) and is_region(place_key("South-East Asia"))
    assert place_within(place_key("Brooklyn"), place_key("New York"))  # a borough in its city
    assert not place_within(place_key("New York"), place_key("Brooklyn"))
    assert place_within(place_key("Sacramento"), place_key("California"))  # a US city's state
    assert not place_within(
        place_key("Springfield"), place_key("Illinois")
    )  # several states have one
    assert not place_within(place_key("Denver"), place_key("New York"))
