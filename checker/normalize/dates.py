"""Dates, days and periods as date intervals, resolved against a reference date.

"Nov. 4", "November 4" and "4 November 2022" are one day; "on Friday" is the Friday on or
before the article's publication date; "mid-September" is the 11th to the 20th; "between
Aug. 9 and Sept. 2" is a period with two ends.
"""

from __future__ import annotations

import calendar
import datetime as dt
import re
from dataclasses import dataclass
from functools import lru_cache

_MONTHS = {
    "jan": 1,
    "january": 1,
    "feb": 2,
    "february": 2,
    "mar": 3,
    "march": 3,
    "apr": 4,
    "april": 4,
    "may": 5,
    "jun": 6,
    "june": 6,
    "jul": 7,
    "july": 7,
    "aug": 8,
    "august": 8,
    "sep": 9,
    "sept": 9,
    "september": 9,
    "oct": 10,
    "october": 10,
    "nov": 11,
    "november": 11,
    "dec": 12,
    "december": 12,
}
_WEEKDAYS = {
    "monday": 0,
    "mon": 0,
    "tuesday": 1,
    "tue": 1,
    "tues": 1,
    "wednesday": 2,
    "wed": 2,
    "thursday": 3,
    "thu": 3,
    "thur": 3,
    "thurs": 3,
    "friday": 4,
    "fri": 4,
    "saturday": 5,
    "sat": 5,
    "sunday": 6,
    "sun": 6,
}
# the one month table: these dates and the sources stage's datelines both read it
MONTH_RE = r"(?:" + "|".join(sorted(_MONTHS, key=len, reverse=True)) + r")\.?"
_MONTH_RE = MONTH_RE


def month_number(name: str) -> int:
    """'Sept.' -> 9. Raises KeyError for a word that is not a month."""
    return _MONTHS[name.strip(".").lower()]


_WEEKDAY_RE = "|".join(sorted(_WEEKDAYS, key=len, reverse=True))


@dataclass(frozen=True)
class DateValue:
    """A span of days ``[lo, hi]``; ``period`` when the text names two ends."""

    lo: dt.date
    hi: dt.date
    precision: str  # day | week | month | year | period | part-of-month | weekday
    inferred: bool = False  # year or day worked out from the reference date
    year_known: bool = True
    # a day of the week no reference date places ("on Thursday" in a story no source dates):
    # 0 = Monday; ``lo``/``hi`` are then placeholders
    weekday: int | None = None
    # days either side the day may fall on in the story's own time zone: a day named beside
    # another zone's clock time ("at 2112 GMT on Monday") is the same moment as a local
    # Tuesday morning
    slack: int = 0

    def overlaps(self, other: DateValue) -> bool:
        if self.weekday is not None or other.weekday is not None:
            return _weekday_relation(self, other) != "conflict"
        a, b = _comparable(self, other)
        pad = dt.timedelta(days=max(self.slack, other.slack))
        return a.lo - pad <= b.hi and b.lo - pad <= a.hi

    def contains(self, other: DateValue) -> bool:
        if self.weekday is not None or other.weekday is not None:
            rel = _weekday_relation(self, other)
            return rel == "agree" or (rel == "compatible" and self.weekday is None)
        a, b = _comparable(self, other)
        return a.lo <= b.lo and b.hi <= a.hi

    def describe(self) -> str:
        if self.weekday is not None:
            return calendar.day_name[self.weekday]
        fmt = "%Y-%m-%d" if self.year_known else "--%m-%d"
        if self.lo == self.hi:
            return self.lo.strftime(fmt)
        return f"{self.lo.strftime(fmt)}/{self.hi.strftime(fmt)}"


def _weekday_relation(a: DateValue, b: DateValue) -> str:
    """agree, compatible or conflict, when one side at least is a bare day of the week: two
    weekdays are the same day or not; a dated day is that weekday or not; a longer span (a
    month, a year) may hold any weekday."""
    if a.weekday is not None and b.weekday is not None:
        return "agree" if a.weekday == b.weekday else "conflict"
    wd, other = (a.weekday, b) if a.weekday is not None else (b.weekday, a)
    if not other.year_known or (other.hi - other.lo).days >= 6:
        return "compatible"
    days = {
        (other.lo + dt.timedelta(days=i)).weekday() for i in range((other.hi - other.lo).days + 1)
    }
    return "compatible" if wd in days else "conflict"


def _comparable(a: DateValue, b: DateValue) -> tuple[DateValue, DateValue]:
    """When one side has no known year, compare both on month and day alone."""
    if a.year_known and b.year_known:
        return a, b

    def strip(v: DateValue) -> DateValue:
        lo = _safe_date(2000, v.lo.month, v.lo.day)
        hi = _safe_date(2000, v.hi.month, v.hi.day)
        if hi < lo:  # the span crosses a new year
            hi = _safe_date(2001, v.hi.month, v.hi.day)
        return DateValue(lo, hi, v.precision, v.inferred, False, slack=v.slack)

    return strip(a), strip(b)


def _safe_date(y: int, m: int, d: int) -> dt.date:
    return dt.date(y, m, min(d, calendar.monthrange(y, m)[1]))


def _month_end(y: int, m: int) -> dt.date:
    return dt.date(y, m, calendar.monthrange(y, m)[1])


def _pick_year(month: int, day: int, ref: dt.date | None) -> tuple[int, bool]:
    """The year that puts month/day nearest before (or just after) the reference date."""
    if ref is None:
        return 2000, False
    best = ref.year
    candidate = _safe_date(ref.year, month, day)
    if candidate > ref + dt.timedelta(days=60):
        best = ref.year - 1
    elif candidate < ref - dt.timedelta(days=305):
        best = ref.year + 1
    return best, True


def _point(text: str, ref: dt.date | None) -> DateValue | None:
    """One date expression (no period) as a DateValue."""
    s = text.lower().strip(" .,;")
    s = re.sub(r"^(?:on|in|at|since|by|during|of|the|back in|as of|until|till)\s+", "", s)
    s = re.sub(r"^(?:on|in|the)\s+", "", s)
    # ISO
    m = re.fullmatch(r"(\d{4})-(\d{2})-(\d{2})", s)
    if m:
        d = dt.date(int(m[1]), int(m[2]), int(m[3]))
        return DateValue(d, d, "day")
    # 4 November 2022 | 4 Nov | November 4, 2022 | Nov. 4 | Friday, Nov. 4
    s2 = re.sub(rf"^(?:{_WEEKDAY_RE}),?\s+", "", s)
    m = (
        re.fullmatch(rf"(\d{{1,2}})(?:st|nd|rd|th)?(?: of)? ({_MONTH_RE}),?(?: (\d{{4}}))?", s2)
        or None
    )
    if m:
        day, month, year = int(m[1]), _MONTHS[m[2].strip(".")], m[3]
    else:
        m = re.fullmatch(rf"({_MONTH_RE}) (\d{{1,2}})(?:st|nd|rd|th)?,?(?: (\d{{4}}))?", s2)
        if m:
            month, day, year = _MONTHS[m[1].strip(".")], int(m[2]), m[3]
    if m:
        if year:
            y, known, inferred = int(year), True, False
        else:
            y, known = _pick_year(month, day, ref)
            inferred = known
        try:
            d = dt.date(y, month, day)
        except ValueError:
            return None
        return DateValue(d, d, "day", inferred, known)
    # (early|mid|late) September [2023]
    m = re.fullmatch(
        rf"(?:(early|mid|late|the end of|end of|the beginning of|beginning of|the middle of)[- ])?({_MONTH_RE})(?: (\d{{4}}))?",
        s,
    )
    if m:
        month = _MONTHS[m[2].strip(".")]
        if m[3]:
            y, known, inferred = int(m[3]), True, False
        else:
            y, known = _pick_year(month, 1, ref)
            inferred = known
        part = (m[1] or "").replace("the ", "")
        last = calendar.monthrange(y, month)[1]
        lo_d, hi_d = {
            "early": (1, 10),
            "beginning of": (1, 10),
            "mid": (11, 20),
            "middle of": (11, 20),
            "late": (21, last),
            "end of": (21, last),
        }.get(part, (1, last))
        return DateValue(
            dt.date(y, month, lo_d),
            dt.date(y, month, hi_d),
            "part-of-month" if part else "month",
            inferred,
            known,
        )
    m = re.fullmatch(r"(\d{4})", s)
    if m:
        y = int(m[1])
        if 1800 <= y <= 2200:
            return DateValue(dt.date(y, 1, 1), dt.date(y, 12, 31), "year")
        return None
    if ref is None:
        # a day of the week with nothing to place it: still comparable with other weekdays
        m = re.fullmatch(
            rf"(?:this |on |)({_WEEKDAY_RE})(?: (?:morning|afternoon|evening|night))?", s
        )
        if m:
            wd = _WEEKDAYS[m[1]]
            d = dt.date(2001, 1, 1) + dt.timedelta(days=wd)  # 2001-01-01 was a Monday
            return DateValue(d, d, "weekday", False, False, wd)
        return None
    # relative days
    if s in ("today", "this morning", "this afternoon", "this evening", "tonight"):
        return DateValue(ref, ref, "day", True)
    if s in ("yesterday", "last night"):
        d = ref - dt.timedelta(days=1)
        return DateValue(d, d, "day", True)
    m = re.fullmatch(
        rf"(?:last |this |on |)({_WEEKDAY_RE})(?: (?:morning|afternoon|evening|night))?", s
    )
    if m:
        wd = _WEEKDAYS[m[1]]
        back = (ref.weekday() - wd) % 7
        if s.startswith("last ") and back == 0:
            back = 7
        d = ref - dt.timedelta(days=back)
        return DateValue(d, d, "day", True)
    if s in ("last week", "the previous week", "the week before"):
        start = ref - dt.timedelta(days=ref.weekday() + 7)
        return DateValue(start, start + dt.timedelta(days=6), "week", True)
    if s == "this week":
        start = ref - dt.timedelta(days=ref.weekday())
        return DateValue(start, start + dt.timedelta(days=6), "week", True)
    if s in ("last month", "the previous month", "the month before"):
        y, mth = (ref.year, ref.month - 1) if ref.month > 1 else (ref.year - 1, 12)
        return DateValue(dt.date(y, mth, 1), _month_end(y, mth), "month", True)
    if s == "this month":
        return DateValue(
            dt.date(ref.year, ref.month, 1), _month_end(ref.year, ref.month), "month", True
        )
    if s in ("last year", "the previous year"):
        return DateValue(dt.date(ref.year - 1, 1, 1), dt.date(ref.year - 1, 12, 31), "year", True)
    if s in ("this year",):
        return DateValue(dt.date(ref.year, 1, 1), dt.date(ref.year, 12, 31), "year", True)
    m = re.fullmatch(r"(?:in )?(?:recent|the past|the last) (?:few )?(weeks|days|months)", s)
    if m:
        span = {"days": 7, "weeks": 42, "months": 183}[m[1]]
        return DateValue(ref - dt.timedelta(days=span), ref, "period", True)
    return None


@lru_cache(maxsize=65536)
def parse_date(text: str, ref: dt.date | None = None) -> DateValue | None:
    """Parse a date, day or period; None when the text is no date we can place.

    Args:
        text: the expression as written ("Nov. 4", "on Friday", "between Aug. 9 and Sept. 2").
        ref: the article's publication date (or the story's), for relative expressions and
            dates written without a year.
    """
    s = " ".join(text.replace("\u2013", "-").replace("\u2014", "-").split())
    if not s:
        return None
    m = re.fullmatch(
        r"(?i)\A(?:(?:between|from)\s++)?(.+?)(?<!\s)\s*+(?:\band\b|\bto\b|\buntil\b|\btill\b|-|through)"
        r"\s*(.+)",
        s,
    )
    if m and re.search(r"\d|" + _MONTH_RE, m[1], re.I):
        left, right = m[1], m[2]
        b = _point(right, ref)
        # "Aug. 9 - 14": the month carries over
        a = _point(left, ref)
        if b is None and re.fullmatch(r"\d{1,2}", right.strip()) and a is not None:
            try:
                b_day = dt.date(a.lo.year, a.lo.month, int(right))
            except ValueError:
                b_day = None
            if b_day:
                b = DateValue(b_day, b_day, "day", a.inferred, a.year_known)
        if a is None and b is not None and re.fullmatch(r"\d{1,2}", left.strip()):
            try:
                a_day = dt.date(b.lo.year, b.lo.month, int(left))
                a = DateValue(a_day, a_day, "day", b.inferred, b.year_known)
            except ValueError:
                a = None
        if a is not None and b is not None:
            lo, hi = a.lo, b.hi
            if hi < lo and a.inferred and not b.inferred:
                lo = _safe_date(hi.year - 1, lo.month, lo.day)
            return DateValue(
                lo, hi, "period", a.inferred or b.inferred, a.year_known and b.year_known
            )
    return _point(s, ref)


def relation(a: DateValue, b: DateValue) -> str:
    """agree (the same days), compatible (one inside the other), or conflict."""
    if a.weekday is not None or b.weekday is not None:
        return _weekday_relation(a, b)
    x, y = _comparable(a, b)
    if (x.lo, x.hi) == (y.lo, y.hi):
        return "agree"
    both_exact = {x.precision, y.precision} <= {"day", "period"}
    if both_exact and x.precision == y.precision:
        return "conflict"
    if x.contains(y) or y.contains(x):
        return "compatible"
    return "conflict"
