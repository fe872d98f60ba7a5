import datetime as dt

import pytest
from hypothesis import given
from hypothesis import strategies as st

from checker.normalize.dates import parse_date, relation

REF = dt.date(2023, 10, 13)  # a Friday


@pytest.mark.parametrize(
    ("text", "lo", "hi"),
    [
        ("Oct. 13", "2023-10-13", "2023-10-13"),
        ("13 October 2023", "2023-10-13", "2023-10-13"),
        ("October 13, 2023", "2023-10-13", "2023-10-13"),
        ("on Friday", "2023-10-13", "2023-10-13"),
        ("Thursday night", "2023-10-12", "2023-10-12"),
        ("last month", "2023-09-01", "2023-09-30"),
        ("mid-September", "2023-09-11", "2023-09-20"),
        ("early October", "2023-10-01", "2023-10-10"),
        ("between Sept. 7 and Oct. 1", "2023-09-07", "2023-10-01"),
        ("from September 7 to October 1", "2023-09-07", "2023-10-01"),
        ("Sept. 7-14", "2023-09-07", "2023-09-14"),
    ],
)
def test_parse_date(text, lo, hi):
    d = parse_date(text, REF)
    assert d is not None
    assert (d.lo.isoformat(), d.hi.isoformat()) == (lo, hi)


def test_friday_is_oct_13():
    assert relation(parse_date("Oct. 13", None), parse_date("on Friday", REF)) == "agree"


def test_period_variants_agree_and_shift_conflicts():
    a = parse_date("between Sept. 7 and Oct. 1", REF)
    assert relation(a, parse_date("September 7 to October 1", REF)) == "agree"
    assert relation(a, parse_date("September 7 to October 3", REF)) == "conflict"


def test_precision_is_compatible_and_other_day_conflicts():
    assert (
        relation(parse_date("mid-September", REF), parse_date("in September", REF)) == "compatible"
    )
    assert relation(parse_date("Thursday", REF), parse_date("Friday", REF)) == "conflict"


def test_relative_needs_a_reference():
    assert parse_date("yesterday", None) is None
    assert parse_date("last week", None) is None
    assert parse_date("the past five years", REF) is None


def test_a_weekday_nothing_places_still_compares_with_weekdays_and_dates():
    """No source dated: "on Thursday" / "Wednesday night" disagree; a dated day agrees with its
    own weekday only; a month may hold any weekday."""
    thu, wed = parse_date("on Thursday", None), parse_date("Wednesday night", None)
    assert thu is not None and wed is not None and thu.describe() == "Thursday"
    assert relation(thu, wed) == "conflict" and not thu.overlaps(wed)
    assert relation(thu, parse_date("Thursday evening", None)) == "agree"
    friday_13 = parse_date("Oct. 13, 2023", None)  # a Friday
    assert relation(parse_date("on Friday", None), friday_13) == "compatible"
    assert relation(thu, friday_13) == "conflict"
    assert relation(thu, parse_date("October 2023", None)) == "compatible"


@given(st.text(max_size=40))
def test_parse_date_never_raises(s):
    parse_date(s, REF)
