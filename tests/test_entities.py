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
    t = parse_title("the Coordinator for Strategic Communications of the White House National Security Council")
    assert t.role == "coordinator for strategic communications" and t.formal
    assert t.org == "national security council"
    assert parse_title("Defence Minister").role == parse_title("Defense Minister").role
    assert parse_title("press secretary").role != parse_title("spokesperson").role


def test_places_and_orgs():
    assert place_key("Rajin") == place_key("Najin")
    assert place_key("Kiev") == place_key("Kyiv")
    assert place_within("vostochny", "russia")
    assert not place_within("russia", "vostochny")
    assert org_key("the Associated Press") == org_key("AP")
