"""A story's dates and names: datelines, YAML front matter, dates as written in metadata, and a
file name made into an outlet's name."""

from __future__ import annotations

import datetime as dt
import re

import yaml

from checker.normalize.dates import MONTH_RE, month_number

_MONTHS = rf"(?i:{MONTH_RE})"
_DATELINE = re.compile(
    rf"(?:(?P<d1>\d{{1,2}}) (?P<m1>{_MONTHS}),? (?P<y1>\d{{4}})|"
    rf"(?P<m2>{_MONTHS}) (?P<d2>\d{{1,2}}),? (?P<y2>\d{{4}})|"
    r"(?P<iso>\d{4}-\d{2}-\d{2}))"
)


_LEAD_DATELINE = re.compile(  # matched at a paragraph's start only (\A)
    r"\A[A-Z][A-Z'’.]{2,}(?:[ -][A-Z][A-Z'’.]+)*"  # the city, in capitals
    r"(?:,\s+[A-Z][\w.'’-]*(?:\s+[A-Z][\w.'’-]*)*)*"  # its state or country
    rf"(?:,\s+{_MONTHS}\s+\d{{1,2}}(?:,\s+\d{{4}})?)?"  # the day
    r"(?:\s*\([^()]{2,40}\))?"  # the agency
    r"\s*(?:--|[-–—])\s+"
)


def parse_dateline(line: str) -> dt.date | None:
    """A full date on a short line (a dateline or a 'Published' line), else None."""
    m = _DATELINE.search(line)
    if not m:
        return None
    try:
        if m.group("iso"):
            return dt.date.fromisoformat(m.group("iso"))
        day = int(m.group("d1") or m.group("d2"))
        month = month_number(m.group("m1") or m.group("m2"))
        year = int(m.group("y1") or m.group("y2"))
        return dt.date(year, month, day)
    except (ValueError, KeyError):
        return None


def _front_matter(text: str) -> tuple[dict[str, object], int]:
    """YAML front matter at the top of a Markdown or text file, and where the text starts."""
    m = re.match(r"\A---[ \t]*\n(.*?\n)---[ \t]*\n", text, re.S)
    if not m:
        return {}, 0
    try:
        data = yaml.safe_load(m.group(1))
    except yaml.YAMLError:
        return {}, 0
    return (data if isinstance(data, dict) else {}), m.end()


def _humanize(stem: str) -> str:
    words = re.split(r"[-_ ]+", stem)
    return " ".join(w.capitalize() if w.islower() else w for w in words if w)


def _as_date(value: object) -> dt.date | None:
    if isinstance(value, dt.datetime):
        return value.date()
    if isinstance(value, dt.date):
        return value
    if isinstance(value, str):
        try:
            return dt.date.fromisoformat(value[:10])
        except ValueError:
            return parse_dateline(value)
    return None
