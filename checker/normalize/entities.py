"""People, titles, places and organisations reduced to keys that compare across sources."""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass
from functools import lru_cache

from checker.normalize import gazetteer
from checker.normalize.lexicon import lexicon, lexicon_cached
from checker.normalize.numbers import singular

_POSSESSIVE = re.compile(r"(?:'s|’s|'|’)$")


@lexicon_cached
def fold(text: str) -> str:
    """Lower case, no accents, hyphens and dots as spaces, single spaces, spelling unified."""
    s = unicodedata.normalize("NFKD", text)
    s = "".join(c for c in s if not unicodedata.combining(c)).lower()
    s = s.replace("’", "'")
    s = _POSSESSIVE.sub("", s.strip())
    s = re.sub(r"[-‐‑–—._,]", " ", s)
    s = re.sub(r"[^\w' ]", " ", s)
    words = s.split()
    spelling = lexicon().spelling
    return " ".join(spelling.get(w, w) for w in words)


@lexicon_cached
def person_key(name: str) -> str:
    """'Lee Jae-min' and 'Lee Jae Min' -> 'lee jae min'; 'Mr Lee' -> 'lee'."""
    words = fold(name).replace("'", "").split()
    honorifics = lexicon().honorifics
    while words and words[0] in honorifics:
        words = words[1:]
    return " ".join(words)


def resolve_people(keys: list[str]) -> dict[str, str]:
    """Map each person key to the fullest key it abbreviates ('kim' -> 'kim jong un').

    A short key is folded into a longer one only when exactly one longer key contains all of
    its words; otherwise it stands alone.
    """
    full = sorted(set(keys), key=lambda k: (-len(k.split()), k))
    out: dict[str, str] = {}
    for k in full:
        words = k.split()
        hosts = [f for f in full if len(f.split()) > len(words) and set(words) <= set(f.split())]
        hosts = [
            h for h in hosts if not any(h != o and set(h.split()) < set(o.split()) for o in hosts)
        ]
        out[k] = out.get(hosts[0], hosts[0]) if len(hosts) == 1 else k
    return out


@dataclass(frozen=True)
class Title:
    """A role as one class ('spokesperson'), with the organisation and whether it is formal."""

    role: str
    org: str | None
    formal: bool
    known: bool = True  # the role is in the title taxonomy (not a loose description like "ally")


@lru_cache(maxsize=8)
def _title_pattern(lex_id: int) -> re.Pattern[str]:
    variants = sorted(lexicon().titles, key=len, reverse=True)
    return re.compile(r"(?=\b(" + "|".join(re.escape(v) for v in variants) + r")\b)")


@lru_cache(maxsize=8)
def _org_pattern(lex_id: int) -> re.Pattern[str]:
    names = sorted(lexicon().organizations, key=len, reverse=True)
    return re.compile(r"\b(" + "|".join(re.escape(n) for n in names) + r")\b")


@lexicon_cached
def parse_title(title: str) -> Title:
    """'National Security Council spokesperson' -> Title('spokesperson', 'national security council', False)."""
    lex = lexicon()
    folded = fold(title)
    folded = re.sub(r"^(?:the|a|an|its|his|her|their)\s+", "", folded)
    head = re.split(r"\b(?:of|for|at|to)\b", folded, maxsplit=1)[0]
    role = None
    best = -1
    for m in _title_pattern(id(lex)).finditer(folded):
        variant = m.group(1)
        # The role is named before any "of …": in "a close ally of the president" it is "ally".
        if m.start() <= len(head) and len(variant) > best:
            role, best = lex.titles[variant], len(variant)
    known = role is not None
    if role is None:
        role = head.split()[-1] if head.split() else folded
    if role in lex.qualified_roles:
        role = _qualified(role, folded)
    # "Deputy Fire Chief" is not "Fire Chief": rank modifiers are part of the role.
    rank = [
        w
        for w in ("deputy", "vice", "assistant", "acting", "interim", "former", "associate")
        if re.search(rf"\b{w}\b", folded)
    ]
    if re.search(r"\b(?:lieutenant|lt)\b", folded) and role != "lieutenant":
        rank.insert(0, "lieutenant")  # "Lt. Gov." is not the governor
    if rank:
        role = " ".join(rank) + " " + role
    m_org = _org_pattern(id(lex)).search(folded)
    org = lex.organizations[m_org.group(1)] if m_org else None
    title_head = re.split(r"\b(?:of|for|at|to)\b", title, maxsplit=1)[0]
    formal = any(
        w.lower() in lex.formal_role_words and w[:1].isupper()
        for w in re.findall(r"\w+", title_head)
    )
    return Title(role=role, org=org, formal=formal, known=known or formal)


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


def _qualified(role: str, folded: str) -> str:
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
    places = lexicon().places
    qual = [singular(w) for w in qual if w not in places]  # "Malta's home affairs minister"
    return " ".join([*qual, role]) if qual else role


@lexicon_cached
@lexicon_cached
def place_key(name: str) -> str:
    """'the U.S.' -> 'united states' (lexicon); 'Bombay' -> 'mumbai' (gazetteer)."""
    lex = lexicon()
    f = fold(name)
    f = re.sub(r"^the\s+", "", f)
    raw = name.strip().lower()
    if raw in lex.places or f in lex.places:
        return lex.places.get(raw, lex.places.get(f, f))
    return gazetteer.city(f) or f


@lru_cache(maxsize=1)
def _regions() -> frozenset[str]:
    """Country and subdivision names from ISO 3166 (pycountry), folded."""
    import pycountry

    names: set[str] = set()
    for c in pycountry.countries:
        for attr in ("name", "common_name", "official_name"):
            value = getattr(c, attr, None)
            if value:
                names.add(fold(value.split(",")[0]))
    for sub in pycountry.subdivisions:
        names.add(fold(sub.name))
    return frozenset(names)


@lexicon_cached
def is_region(key: str) -> bool:
    """True for a country, state, province or county (ISO 3166 names, or a place the lexicon
    says contains others): a setting that contains the places where things happen."""
    words = key.split()
    bare = " ".join(
        w
        for w in words
        if w not in ("province", "county", "state", "region", "oblast", "prefecture")
    )
    return key in _regions() or bare in _regions() or key in lexicon().contains


@lexicon_cached
def place_within(inner: str, outer: str) -> bool:
    """True when place key ``inner`` lies inside ``outer``: a city in its country (gazetteer), or
    per the lexicon's containment data."""
    if any(
        outer in {place_key(n) for n in gazetteer.country_names(code)}
        for code in gazetteer.countries_of(inner)
    ):
        return True
    contains = lexicon().contains
    seen: set[str] = set()
    frontier = [outer]
    while frontier:
        p = frontier.pop()
        for child in contains.get(p, ()):
            child = place_key(child)
            if child == inner:
                return True
            if child not in seen:
                seen.add(child)
                frontier.append(child)
    return False


@lexicon_cached
def org_key(name: str) -> str:
    """'the Associated Press' and 'AP' -> 'associated press'."""
    lex = lexicon()
    f = re.sub(r"^the\s+", "", fold(name)).replace("'", "")
    if f in lex.organizations or f in lex.places:
        return lex.organizations.get(f, lex.places.get(f, f))
    capital = gazetteer.capital_of(f)
    if capital:  # "according to Washington": the country's government speaks
        names = gazetteer.country_names(capital)
        return next(
            (place_key(n) for n in names if fold(n) in lex.places),
            place_key(names[0]) if names else f,
        )
    # "the INGV institute" and "the national geophysics institute INGV": one acronym, one body
    acronyms = [w for w in re.findall(r"\b[A-Z]{2,6}\b", name) if w.lower() not in lex.places]
    if acronyms:
        return lex.organizations.get(acronyms[0].lower(), acronyms[0].lower())
    return f
