"""Numbers with qualifiers and units, as intervals that can be compared.

"more than 1,000" and "more than a thousand" become the same interval; two values conflict
only when their intervals cannot both hold.
"""

from __future__ import annotations

import math
import re
from dataclasses import dataclass
from functools import lru_cache

from checker.lexicon import Lexicon

INF = math.inf
CONVERSION_TOLERANCE = 0.03
# the canonical units of a length of time, in minutes (a month and a year on average)
DURATION = {"minute": 1.0, "day": 1440.0, "month": 43830.0, "year": 525960.0}
GT_SPAN = 1.5  # "more than N" covers N up to N x GT_SPAN
ABOUT = 0.07  # "about N" covers N +- 7%: "roughly 160 miles" is not "about 210 km"

_SMALL = {
    "zero": 0,
    "one": 1,
    "a": 1,
    "an": 1,
    "two": 2,
    "three": 3,
    "four": 4,
    "five": 5,
    "six": 6,
    "seven": 7,
    "eight": 8,
    "nine": 9,
    "ten": 10,
    "eleven": 11,
    "twelve": 12,
    "thirteen": 13,
    "fourteen": 14,
    "fifteen": 15,
    "sixteen": 16,
    "seventeen": 17,
    "eighteen": 18,
    "nineteen": 19,
    "twenty": 20,
    "thirty": 30,
    "forty": 40,
    "fifty": 50,
    "sixty": 60,
    "seventy": 70,
    "eighty": 80,
    "ninety": 90,
    "a dozen": 12,
    "dozen": 12,
    "half": 0.5,
    "a couple of": 2,
    "a couple": 2,
    "couple": 2,
}
_SCALE = {
    "hundred": 100,
    "thousand": 1_000,
    "million": 1_000_000,
    "billion": 1_000_000_000,
    "trillion": 1_000_000_000_000,
    "lakh": 100_000,  # South Asian English: "4 lakh rupees" = 400,000 rupees
    "lakhs": 100_000,
    "crore": 10_000_000,
    "crores": 10_000_000,
    "k": 1_000,
    "m": 1_000_000,
    "bn": 1_000_000_000,
    "b": 1_000_000_000,  # "$1.3b"
    "tn": 1_000_000_000_000,
    "mn": 1_000_000,
}
# Vague plurals: "hundreds of", "dozens of", "thousands of".
_VAGUE = {
    "dozens": (24, 144),
    "scores": (40, 200),
    "hundreds": (200, 1_000),
    "thousands": (2_000, 10_000),
    "millions": (2e6, 1e7),
    "tens of thousands": (2e4, 1e5),
    "hundreds of thousands": (2e5, 1e6),
    "several": (3, 9),
    "a few": (2, 5),
    "a handful of": (2, 6),
    "many": (3, INF),
    "numerous": (3, INF),
}

# qualifier -> how it turns a number n into [lo, hi]
_QUALIFIERS: list[tuple[str, str]] = [
    (r"more than|over|above|in excess of|exceeding|upwards of|north of|greater than", "gt"),
    (r"at least|no fewer than|no less than|a minimum of|or more", "ge"),
    (r"fewer than|less than|under|below|short of", "lt"),
    (r"up to|at most|no more than|a maximum of|as many as|or fewer|or less", "le"),
    (r"nearly|almost|close to|just under|just shy of", "nearly"),
    (
        r"about|around|roughly|approximately|approx\.?|some|an estimated|estimated|circa|c\.|~|"
        r"more or less|or so|upward of",
        "about",
    ),
    (r"exactly|precisely|just over", "exact"),
]


@dataclass(frozen=True)
class Quantity:
    """An interval ``[lo, hi]`` with the qualifier that produced it and a canonical unit."""

    lo: float
    hi: float
    qualifier: str  # exact | gt | ge | lt | le | about | nearly | vague | range
    unit: str | None = None
    factor: float = 1.0  # the conversion into the canonical unit (1.0: written in it)
    # half the last written digit, in the canonical unit: "2.1 billion" is 2.05 to 2.15
    # billion written to one decimal; a whole number written in full is exact
    precision: float = 0.0

    def overlaps(self, other: Quantity) -> bool:
        lo, hi, olo, ohi = self.lo, self.hi, other.lo, other.hi
        if self.unit != other.unit and self.unit in DURATION and other.unit in DURATION:
            # one length of time in two units ("about 20 hours" / "nearly two days")
            a, b = DURATION[self.unit], DURATION[other.unit]
            lo, hi, olo, ohi = lo * a, hi * a, olo * b, ohi * b
            lo, hi = lo * (1 - CONVERSION_TOLERANCE), hi * (1 + CONVERSION_TOLERANCE)
        elif self.factor != other.factor:
            # written in different units: one side was rounded in its own unit, allow for it
            lo, hi = lo * (1 - CONVERSION_TOLERANCE), hi * (1 + CONVERSION_TOLERANCE)
        slack = max(self.precision, other.precision)
        return lo - slack <= ohi and olo - slack <= hi

    def describe(self) -> str:
        def f(x: float) -> str:
            return "∞" if x == INF else (f"{x:,.0f}" if x == int(x) else f"{x:,.2f}")

        u = f" {self.unit}" if self.unit else ""
        if self.lo == self.hi:
            return f"{f(self.lo)}{u}"
        return f"[{f(self.lo)}, {f(self.hi)}]{u}"


_NUM = r"\d{1,3}(?:,\d{3})+(?:\.\d+)?|\d+(?:\.\d+)?"
_WORDNUM = "|".join(sorted((re.escape(w) for w in _SMALL), key=len, reverse=True))
_SCALEW = "|".join(sorted((re.escape(w) for w in _SCALE), key=len, reverse=True))
SCALE_WORDS = _SCALEW  # the scale words a figure may carry ("2.1bn", "4 lakh"), as a pattern


ORDINALS = {
    w: float(n)
    for n, w in enumerate(
        [
            "first",
            "second",
            "third",
            "fourth",
            "fifth",
            "sixth",
            "seventh",
            "eighth",
            "ninth",
            "tenth",
            "eleventh",
            "twelfth",
        ],
        start=1,
    )
}


def _word_number(s: str) -> float | None:
    """'one thousand', 'a thousand', 'twenty-five', 'six', '1.5 million', '1k'."""
    s = s.strip().lower().replace("-", " ")
    s = re.sub(r"\s+", " ", s)
    if not s or s in ("a", "an", "half"):  # "a day after": an article, not a count
        return None
    if s in ORDINALS:  # "its third increase": the rank counts the events so far
        return ORDINALS[s]
    if re.fullmatch(r"an? (?:day|week|month|year|hour|minute|fortnight)", s):
        return 1.0  # "spent a week": the duration as written, its unit beside it
    part = re.fullmatch(
        rf"(half|(?:(?:a|one|three) )?quarters? of|(?:(?:a|one|two) )?thirds? of)(?: an?)?"
        rf"(?: ({_SCALEW}|day|week|month|year|hour|minute))?",
        s,
    )
    if part:  # "half an hour", "half a million", "a quarter of an hour", "three-quarters of a"
        words = part.group(1).split()
        unit_share = 0.5 if words[0] == "half" else 0.25 if "quarter" in part.group(1) else 1 / 3
        share = unit_share * {"three": 3, "two": 2}.get(words[0], 1)
        return share * _SCALE.get(part.group(2) or "", 1.0)
    half = re.fullmatch(r"\A(.+?) and a half", s)
    if half:  # "eight and a half"
        base = _word_number(half.group(1))
        return None if base is None else base + 0.5
    m = re.fullmatch(rf"({_NUM})\s*({_SCALEW})?", s)
    if m:
        n = float(m.group(1).replace(",", ""))
        return n * (_SCALE[m.group(2)] if m.group(2) else 1)
    total = 0.0
    current = 0.0
    seen = False
    tokens = s.split(" ")
    i = 0
    while i < len(tokens):
        tok = tokens[i]
        two = " ".join(tokens[i : i + 2])
        three = " ".join(tokens[i : i + 3])
        if three in _SMALL:
            current += _SMALL[three]
            i += 3
            seen = True
            continue
        if two in _SMALL:
            current += _SMALL[two]
            i += 2
            seen = True
            continue
        if tok in _SMALL:
            current += _SMALL[tok]
        elif re.fullmatch(_NUM, tok):
            if seen:  # "20 30" is two numbers, not fifty
                return None
            current += float(tok.replace(",", ""))
        elif tok in _SCALE and tok not in ("k", "m", "bn", "mn"):
            current = (current or 1) * _SCALE[tok]
            if _SCALE[tok] >= 1000:
                total += current
                current = 0
        elif tok == "and" and seen:
            pass
        else:
            return None
        seen = True
        i += 1
    return total + current if seen else None


_CURRENCY_SIGN = re.compile(
    r"(?<![\w$])(?:[a-z]{1,3}\$|\$|€|£|₹|¥|(?:eur|usd|gbp|chf|jpy|cad|aud|inr) ?)(?=\d)"
)


@lru_cache(maxsize=65536)
def parse_number(text: str) -> Quantity | None:
    """Parse a number with its qualifier into an interval; None when there is no number.

    Examples: "more than 1,000" -> [1000, inf); "roughly 200" -> [186, 214];
    "between 20 and 30" -> [20, 30]; "hundreds of thousands" -> [2e5, 1e6].
    """
    s = " ".join(text.lower().replace("\u2013", "-").replace("\u2014", "-").split())
    s = s.replace("\u00a0", " ").strip(" .,;:")
    # "about £1.3 million", "between $39.99 and $59.99": the currency is the unit's business
    s = _CURRENCY_SIGN.sub("", s)
    if not s:
        return None
    for vague, (lo, hi) in sorted(_VAGUE.items(), key=lambda kv: -len(kv[0])):
        if re.match(rf"^{re.escape(vague)}\b", s):
            return Quantity(float(lo), float(hi), "vague")
    # ranges ("twenty-five" is one number, not a range)
    m = (
        None
        if _word_number(s) is not None
        else re.match(
            rf"^(?:between|from)?\s*(?P<a>[\w.,]+(?: (?:{_SCALEW}))?)\s*(?:-|to|and)\s*"
            rf"(?P<b>[\w.,]+(?: (?:{_SCALEW}))?)$",
            s,
        )
    )
    if m:
        a, b = _word_number(m.group("a")), _word_number(m.group("b"))
        if a is not None and b is not None:
            # "20-30 million": the scale of the second applies to the first
            scale_b = re.search(rf"({_SCALEW})$", m.group("b"))
            if scale_b and not re.search(rf"({_SCALEW})$", m.group("a")):
                a *= _SCALE[scale_b.group(1)]
            return Quantity(min(a, b), max(a, b), "range")
    qual = "exact"
    for pattern, name in _QUALIFIERS:
        mq = re.match(rf"^(?:{pattern})\s+", s)
        if mq:
            qual = name
            s = s[mq.end() :]
            break
        mq = re.search(rf"(?<!\s)\s++(?:{pattern})$", s)
        if mq and name in ("ge", "le", "about"):
            qual = name
            s = s[: mq.start()]
            break
    s = s.replace("~", "").strip()
    n = _word_number(s)
    if n is None:
        return None
    return _apply(n, qual)


def _apply(n: float, qual: str) -> Quantity:
    if qual in ("gt", "ge"):
        # "More than 1,000" is how a reporter writes 1,000-and-some, not 2,500: the bound is
        # loose but finite, so "about 2,000" is a conflict while "at least 43"/"44" is not.
        return Quantity(n, max(n * GT_SPAN, n + 5), qual)
    if qual in ("lt", "le"):
        return Quantity(0.0, n, qual)
    if qual == "about":
        return Quantity(round(n * (1 - ABOUT), 6), round(n * (1 + ABOUT), 6), qual)
    if qual == "nearly":
        return Quantity(round(n * 0.85, 6), n, qual)
    return Quantity(n, n, "exact")


def normalize_unit(lex: Lexicon, unit: str | None) -> tuple[str | None, float]:
    """Canonical unit and the factor that converts a value into it.

    "kilometres" -> ("km", 1); "miles" -> ("km", 1.609); "crates" -> ("crate", 1).
    """
    if not unit:
        return None, 1.0
    u = " ".join(unit.lower().replace("-", " ").split())
    u = re.sub(r"^(?:of |the )", "", u)
    units = lex.units
    if u in units:
        return units[u]
    if u.endswith("/h") and u[:-2].strip() in units and units[u[:-2].strip()][0] == "km":
        return "km/h", units[u[:-2].strip()][1]  # "kilometres/h"
    head, _, rest = u.partition(" ")
    if rest and len(head) > 2 and head in _SCALE:  # "lakh rupees", "million euros"
        canonical, factor = normalize_unit(lex, rest)
        return canonical, factor * _SCALE[head]
    if head in units:
        return units[head]
    return singular(u), 1.0


def singular(word: str) -> str:
    """A rough English singular for a counted noun phrase's last word."""
    parts = word.split(" ")
    w = parts[-1]
    if len(w) > 4 and w.endswith("ies"):
        w = w[:-3] + "y"
    elif len(w) > 4 and w.endswith(("ches", "shes", "sses", "xes")):
        w = w[:-2]
    elif len(w) > 3 and w.endswith("s") and not w.endswith(("ss", "us", "is")):
        w = w[:-1]
    parts[-1] = w
    return " ".join(parts)


@lru_cache(maxsize=65536)
def parse_quantity(lex: Lexicon, value: str, unit: str | None) -> Quantity | None:
    """A number and its unit, converted to the unit's canonical form."""
    q = parse_number(value)
    if q is None:
        return None
    canonical, factor = normalize_unit(lex, unit)
    lo, hi = q.lo * factor, q.hi * factor
    return Quantity(
        round(lo, 6),
        round(hi, 6),
        q.qualifier,
        canonical,
        factor,
        precision=round(written_precision(value) * factor, 9),
    )


_DECIMAL = re.compile(r"\d\.(\d+)\s*(?P<scale>[a-z]+)?", re.I)


def written_precision(value: str) -> float:
    """Half the last written digit of a figure with decimals, scale words applied: "2.1
    billion" -> 0.05 billion, "8.6%" -> 0.05, "9.84" -> 0.005; 0 for a whole number (1,150 is
    written in full, and "2 billion" is taken at its word)."""
    m = _DECIMAL.search(value)
    if m is None:
        return 0.0
    half = 0.5 * 10 ** -len(m.group(1))
    scale = (m.group("scale") or "").lower()
    return half * _SCALE.get(scale, 1.0)


def relation(a: Quantity, b: Quantity) -> str:
    """agree (same interval), compatible (both can hold), or conflict."""
    if (a.lo, a.hi) == (b.lo, b.hi):
        return "agree"
    return "compatible" if a.overlaps(b) else "conflict"
