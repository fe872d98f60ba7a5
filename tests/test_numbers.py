import math

import pytest
from hypothesis import given
from hypothesis import strategies as st

from checker.lexicon import load_lexicon
from checker.normalize.numbers import parse_number, parse_quantity, relation

LEX = load_lexicon()  # the bundled lexicon


@pytest.mark.parametrize(
    ("text", "lo", "hi"),
    [
        ("1,000", 1000, 1000),
        ("1000", 1000, 1000),
        ("a thousand", 1000, 1000),
        ("one thousand", 1000, 1000),
        ("1k", 1000, 1000),
        ("more than 1,000", 1000, 1500),
        ("more than a thousand", 1000, 1500),
        ("over 1,000", 1000, 1500),
        ("at least 43", 43, 64.5),
        ("at least 3", 3, 8),
        ("up to 10", 0, 10),
        ("roughly 200", 186, 214),
        ("about 1,000", 930, 1070),
        ("nearly 50", 42.5, 50),
        ("between 20 and 30", 20, 30),
        ("20-30 million", 20e6, 30e6),
        ("twenty-five", 25, 25),
        ("1.5 million", 1.5e6, 1.5e6),
        ("hundreds of thousands", 2e5, 1e6),
        ("a dozen", 12, 12),
        ("three-quarters of a", 0.75, 0.75),
        ("half a", 0.5, 0.5),
        ("two-thirds of a", 2 / 3, 2 / 3),
        ("a third of", 1 / 3, 1 / 3),
    ],
)
def test_parse_number(text, lo, hi):
    q = parse_number(text)
    assert q is not None
    assert (q.lo, q.hi) == (pytest.approx(lo), pytest.approx(hi) if hi != math.inf else math.inf)


@pytest.mark.parametrize("text", ["", "the", "containers", "20 30"])
def test_not_a_number(text):
    assert parse_number(text) is None


@pytest.mark.parametrize(
    ("a", "b", "expected"),
    [
        ("more than 1,000", "more than a thousand", "agree"),
        ("about 1,000", "more than 1,000", "compatible"),
        ("roughly 200", "roughly 290", "conflict"),
        ("at least 43", "44", "compatible"),
        ("about 2,000", "more than 1,000", "conflict"),
        ("about 1,200", "more than 1,000", "compatible"),
        ("1,000", "2,000", "conflict"),
    ],
)
def test_relation(a, b, expected):
    assert relation(parse_number(a), parse_number(b)) == expected


def test_units_convert():
    km = parse_quantity(LEX, "roughly 200", "kilometres")
    miles = parse_quantity(LEX, "124", "miles")
    assert km.unit == miles.unit == "km"
    assert km.overlaps(miles)
    assert parse_quantity(LEX, "5", "containers").unit == "container"
    bp = parse_quantity(LEX, "50", "basis points")
    half = parse_quantity(LEX, "half a", "percentage point")
    assert bp.unit == half.unit == "percentage point" and bp.overlaps(half)
    assert not parse_quantity(LEX, "three-quarters of a", "percentage point").overlaps(bp)


@given(st.text(max_size=60))
def test_parse_number_never_raises(s):
    parse_number(s)


def test_percentages_and_currencies():
    assert (
        parse_quantity(LEX, "52.3", "%").unit
        == parse_quantity(LEX, "52.3", "per cent").unit
        == "percent"
    )
    assert (
        parse_quantity(LEX, "5 million", "$").unit
        == parse_quantity(LEX, "5 million", "dollars").unit
        == "usd"
    )
    assert parse_quantity(LEX, "5 million", "$").lo == 5_000_000
    assert parse_quantity(LEX, "3", "tonnes").unit == "tonne"
    assert relation(parse_quantity(LEX, "61", "%"), parse_quantity(LEX, "67", "%")) == "conflict"


def test_qualifiers_at_the_end():
    assert parse_number("1,000 or more").lo == 1000
    assert parse_number("40 or so").qualifier == "about"


@given(st.integers(min_value=0, max_value=10**12))
def test_written_integers_round_trip(n):
    for text in (str(n), f"{n:,}"):
        q = parse_number(text)
        assert q is not None and q.lo == q.hi == n
