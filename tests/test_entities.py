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
