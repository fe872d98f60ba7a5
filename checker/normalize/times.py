"""Clock times with their time zones, as minutes of the day in UTC where the zone is known.

"5:12 a.m. (2112 GMT on Monday)", "5:12am on Tuesday (GMT+8)", "2:40 p.m. PDT", "0415 GMT",
"16:40 UTC (14:10 local)",
"7:15 a.m. Mexico City time", "4:12 a.m. local time". Zone abbreviations and named zones come
from the lexicon (``zones``); "<city> time" from the IANA database for that city (gazetteer), when
its offset does not change with daylight saving; "GMT+8" / "UTC-7" are read as written. A local time with no zone is
compared only once the story fixes its offset (a sentence that gives a local time beside its
UTC equivalent, or a named zone).
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache

from checker.lexicon import Lexicon
from checker.normalize import gazetteer

_CLOCK = re.compile(
    r"(?<![\w:.])(?P<qual>(?:about|around|approximately|roughly|shortly after|just after|just before|"
    r"soon after|after|before|at|by)\s+)?"
    r"(?:(?P<h>\d{1,2})(?:[:.](?P<m>[0-5]\d))?\s*(?P<ap>a\.?\s?m\.?|p\.?\s?m\.?)(?![a-z])"
    r"|(?P<hhmm>[0-2]\d[0-5]\d)\s*(?=(?:GMT|UTC|Z)\b)"
    # a 24-hour clock with a zone: "16:40 UTC", "14:10 local" (never a race time "2:03:58")
    r"|(?P<h24>[01]?\d|2[0-3]):(?P<m24>[0-5]\d)(?![:\d])\s*(?=(?:GMT|UTC|Z|local)\b))",
    re.I,
)
# a zone written after a clock time ("GMT+8", "PDT", "local time", "Kenyan time"); the rules'
# sentence splitter reads it too, so that "a.m. Kenyan time" stays one sentence
ZONE_AFTER = re.compile(
    r"^\s*+(?:\(\s*+)?(?:on\s++\w++\s++)?\(?\s*+(?P<zone>(?:GMT|UTC)\s*+[+-]\s*+\d{1,2}(?::?\d{2})?|[A-Z]{2,5}\b|"
    r"local time|[A-Z][a-z]+ time)",
)


@dataclass(frozen=True)
class ClockTime:
    """Minutes past midnight; ``utc`` when converted with a known zone; ``slack``: how many
    minutes before and after the time as written the text allows ("shortly after 7 p.m.":
    none before, half an hour after)."""

    minutes: int
    utc: bool
    slack: tuple[int, int]
    local: int  # minutes as written, before conversion

    def distance(self, other: ClockTime) -> int:
        d = abs(self.minutes - other.minutes) % 1440
        return min(d, 1440 - d)

    def agrees(self, other: ClockTime) -> bool:
        """The two windows of time the texts allow meet."""
        d = (other.minutes - self.minutes) % 1440
        d = d - 1440 if d > 720 else d  # other is d minutes after self
        return -(self.slack[0] + other.slack[1]) <= d <= self.slack[1] + other.slack[0]


def zone_offset(lex: Lexicon, zone: str | None) -> float | None:
    """Hours from UTC of a zone as written: 'PDT' -> -7; 'GMT+8' -> 8; 'Tokyo time' -> 9."""
    if not zone:
        return None
    z = " ".join(zone.split())
    m = re.fullmatch(r"(?:GMT|UTC)\s*([+-])\s*(\d{1,2})(?::?(\d{2}))?", z, re.I)
    if m:
        hours = int(m.group(2)) + (int(m.group(3)) / 60 if m.group(3) else 0)
        return hours if m.group(1) == "+" else -hours
    known = lex.zones.get(z.lower())
    if known is not None:
        return known
    m = re.fullmatch(r"\A([A-Z][\w'’. -]+?) time", z)
    if not m:
        return None
    offset = gazetteer.utc_offset(m.group(1))
    return offset if offset is not None else country_offset(m.group(1))


@lru_cache(maxsize=1024)
def country_offset(word: str) -> float | None:
    """Hours from UTC of "<country> time" or "<people> time" ("Kenya time", "Kenyan time": 3),
    for a country whose clocks keep one offset all year; None otherwise."""
    from checker.normalize.entities import demonym_pair

    folded = gazetteer.fold(word)
    for code, offset in gazetteer.country_offsets().items():
        names = {gazetteer.fold(n) for n in gazetteer.country_names(code)}
        if any(folded == n or (" " not in n and demonym_pair(folded, n)) for n in names):
            return offset
    return None


# minutes before and after a time as written that a qualifier allows
_SLACK = {
    "about": (15, 15),
    "around": (15, 15),
    "approximately": (15, 15),
    "roughly": (15, 15),
    "shortly after": (0, 30),
    "just after": (0, 30),
    "soon after": (0, 30),
    "after": (0, 60),
    "just before": (30, 0),
    "before": (60, 0),
    "by": (60, 0),
}


@lru_cache(maxsize=65536)
def find_times(
    lex: Lexicon, text: str
) -> tuple[tuple[int, int, int, str | None, tuple[int, int]], ...]:
    """(start, end, local minutes, zone as written or None, slack before and after) for every
    clock time (memoized: one sentence carried by many sources is read once)."""
    out = []
    for m in _CLOCK.finditer(text):
        if m.group("hhmm"):
            hh, mm = int(m.group("hhmm")[:2]), int(m.group("hhmm")[2:])
            if hh > 23:
                continue
        elif m.group("h24"):
            hh, mm = int(m.group("h24")), int(m.group("m24"))
        else:
            hh, mm = int(m.group("h")), int(m.group("m") or 0)
            if not 1 <= hh <= 12:
                continue
            pm = m.group("ap").lower().startswith("p")
            hh = (hh % 12) + (12 if pm else 0)
        zone = None
        z = ZONE_AFTER.match(text[m.end() : m.end() + 40])
        if z and (
            z.group("zone").lower() == "local time" or zone_offset(lex, z.group("zone")) is not None
        ):
            zone = z.group("zone")
        # without a zone ("14:10 local") the space the lookahead allowed is not the time's
        end = m.end() + z.end() if zone and z else m.start() + len(m.group(0).rstrip())
        qual = (m.group("qual") or "").lower().strip()
        slack = _SLACK.get(qual, (5, 5))
        start = next(m.start(g) for g in ("h", "hhmm", "h24") if m.group(g))
        if qual and qual not in ("at", "by"):
            start = m.start("qual")  # shown with it: "shortly after 7 p.m."
        out.append((start, end, hh * 60 + mm, zone, slack))
    return tuple(out)


def to_clock(
    lex: Lexicon, local: int, zone: str | None, slack: tuple[int, int], story_offset: float | None
) -> ClockTime:
    """Convert to UTC where the zone (or, for 'local time' and no zone, the story) says how."""
    off = zone_offset(lex, zone) if zone and zone.lower() != "local time" else None
    if off is None and story_offset is not None:
        off = story_offset
    if off is None:
        return ClockTime(local, False, slack, local)
    return ClockTime(round(local - off * 60) % 1440, True, slack, local)
