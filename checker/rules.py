"""The comparison rules: one small function per kind of disagreement, each with a stable id.

Each rule reads the normalized story and yields findings. Severity: high for contradictions
of fact, medium for title, attribution and quote mismatches, low for what only one source
gives, info for benign variants (aliases, different wording of the same value).
"""

from __future__ import annotations

import difflib
import itertools
import re
from collections import Counter
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass
from functools import lru_cache
from typing import Any

from checker.align import DIRECTIONS, noun_class, spelled_alike
from checker.compare import Story, claimant_of, hedge_of, make_finding, rule, value_of
from checker.models import Article, Finding, FindingValue
from checker.normalize import dates
from checker.normalize.entities import Title, fold, is_region, parse_title, place_key, place_within
from checker.normalize.facts import Norm
from checker.normalize.lexicon import lexicon
from checker.normalize.numbers import singular

# Newsworthiness of a detail only one source gives (higher is shown first).
_RANK = {"person_titled": 0.9, "person": 0.75, "quantity": 0.7, "quote": 0.65, "date": 0.5,
         "place": 0.4, "attribution": 0.3}


def text_value(source: str, text: str, evidence: str, start: int, normalized: str | None = None) -> FindingValue:
    """A finding value read from a source's text rather than from a fact record."""
    return FindingValue(source=source, text=text, normalized=normalized, evidence=evidence, start=start,
                        end=start + len(text), hedge=None, claimant=None)


def _enough(story: Story) -> bool:
    return len(story.sources) >= 2


def _missing(story: Story, present: Iterable[str]) -> list[str]:
    have = set(present)
    return [s for s in story.sources if s not in have]


def _one_per_source(norms: list[Norm], prefer: str | None = None) -> list[Norm]:
    """The first mention per source (or the first with a non-empty ``prefer`` field)."""
    out: dict[str, Norm] = {}
    for n in norms:
        cur = out.get(n.fact.source)
        if cur is None or (prefer and not cur.fact.fields.get(prefer) and n.fact.fields.get(prefer)):
            out[n.fact.source] = n
    return [out[s] for s in sorted(out)]


# --------------------------------------------------------------------------- people


def _display_name(norms: list[Norm]) -> str:
    names = [n.fact.fields.get("name") or "" for n in norms]
    return max(names, key=lambda s: (len(s.split()), len(s))) if names else "?"


@rule("person/title", "person_title", "medium", "Sources give one person different titles")
def person_title(story: Story) -> Iterator[Finding]:
    for key, norms in sorted(story.slot("person").items()):
        titled = [n for n in norms if isinstance(n.value, Title)]
        per_source = _one_per_source(titled)
        if len({n.fact.source for n in per_source}) < 2:
            continue
        roles = {n.value.role for n in per_source}
        if len(roles) < 2:
            continue
        # Two known titles that differ are a mismatch; a loose description ("a close ally")
        # beside a title is only worth a note.
        severity = "medium" if sum(1 for n in per_source if n.value.known) >= 2 else "low"
        name = _display_name(norms)
        formal = [n for n in per_source if n.value.formal and n.value.role not in ("president", "leader")]
        msg = f"{name}'s role differs: " + "; ".join(
            f"{n.fact.source} says \u201c{n.fact.fields['title']}\u201d" for n in per_source
        )
        if formal:
            msg += f". The formal title is \u201c{formal[0].fact.fields['title']}\u201d ({formal[0].fact.source})"
        yield make_finding(
            "person/title", "conflict", f"person:{key}:title", msg,
            [value_of(n, "title") for n in per_source], rank=0.9, severity=severity,
        )


@rule("person/title-variant", "person_title", "info", "Same role, different wording")
def person_title_variant(story: Story) -> Iterator[Finding]:
    for key, norms in sorted(story.slot("person").items()):
        per_source = _one_per_source([n for n in norms if isinstance(n.value, Title)])
        if len(per_source) < 2 or len({n.value.role for n in per_source}) != 1:
            continue
        wordings = {(n.fact.fields.get("title") or "").lower() for n in per_source}
        if len(wordings) < 2:
            continue
        name = _display_name(norms)
        yield make_finding(
            "person/title-variant", "compatible", f"person:{key}:title",
            f"{name}: the same role ({per_source[0].value.role}) worded differently",
            [value_of(n, "title") for n in per_source], rank=0.2,
        )


@rule("person/only-one-source", "only_in_one_source", "low", "A person only one source names")
def person_only_one(story: Story) -> Iterator[Finding]:
    if not _enough(story):
        return
    for key, norms in sorted(story.slot("person").items()):
        sources = {n.fact.source for n in norms}
        if len(sources) != 1:
            continue
        best = _one_per_source(norms, prefer="title")[0]
        title = best.fact.fields.get("title")
        who = _display_name(norms) + (f" ({title})" if title else "")
        yield make_finding(
            "person/only-one-source", "only_in_one_source", f"person:{key}",
            f"Only {best.fact.source} mentions {who}",
            [value_of(best, "title" if title else "name")],
            missing_from=_missing(story, sources),
            rank=_RANK["person_titled" if title else "person"],
        )


# --------------------------------------------------------------------------- numbers


def _conflicting(per_source: dict[str, list[Norm]], overlaps: Callable[[Any, Any], bool]) -> list[str]:
    """Sources that have, somewhere among the others, a source none of whose values in this
    slot can hold together with theirs (sorted).

    Works on distinct values with bit sets of sources, not on all pairs of sources: a source
    conflicts when the sources giving a value compatible with one of its own do not cover all.
    """
    ids = sorted(per_source)
    bit = {sid: 1 << i for i, sid in enumerate(ids)}
    everyone = (1 << len(ids)) - 1
    distinct: dict[str, Any] = {}
    holders: dict[str, int] = {}
    signature: dict[str, frozenset[str]] = {}
    for sid in ids:
        keys = []
        for n in per_source[sid]:
            distinct.setdefault(n.normalized, n.value)
            holders[n.normalized] = holders.get(n.normalized, 0) | bit[sid]
            keys.append(n.normalized)
        signature[sid] = frozenset(keys)
    names = sorted(distinct)
    compatible_holders = {
        a: _or(holders[b] for b in names if overlaps(distinct[a], distinct[b])) for a in names
    }
    out = []
    reach: dict[frozenset[str], int] = {}
    for sid in ids:
        sig = signature[sid]
        if sig not in reach:
            reach[sig] = _or(compatible_holders[a] for a in sig)
        if reach[sig] != everyone:
            out.append(sid)
    return out


def _or(masks: Iterable[int]) -> int:
    acc = 0
    for m in masks:
        acc |= m
    return acc


@rule("number/conflict", "number", "high", "Sources give figures that cannot both hold")
def number_conflict(story: Story) -> Iterator[Finding]:
    for key, norms in sorted(story.slot("quantity").items()):
        per = Story.by_source(norms)
        if len(per) < 2:
            continue
        involved = _conflicting(per, lambda a, b: a.overlaps(b))
        if not involved:
            continue
        vals = [value_of(n) for s in involved for n in per[s]]
        shown = "; ".join(
            f"{v.source}: {v.text}" + (f" (per {v.claimant})" if v.claimant else "") for v in vals
        )
        claimants = [_claimant_key(v.claimant) for v in vals]
        surnames = {k.split()[-1] for k in story.slot("person") if k}
        bodies = not any(c in surnames for c in claimants if c)  # a spokesperson speaks for a body
        if bodies and None not in claimants and _distinct_claimants([c for c in claimants if c]):
            # Each outlet reports a different claimant's figure: the claimants disagree.
            yield make_finding(
                "number/claimants", "conflict", f"quantity:{key}",
                f"Different sources of information give different figures for {key}: {shown}",
                vals, rank=0.8,
            )
            continue
        yield make_finding(
            "number/conflict", "conflict", f"quantity:{key}",
            f"Figures for {key} disagree: {shown}", vals, rank=0.9,
        )


def _distinct_claimants(keys: list[str]) -> bool:
    """True when two claimants differ: 'Acme Motors' and 'Carmaker Acme Motors' are one."""
    sets = [set(k.split()) for k in sorted(set(keys))]  # distinct claimants: many sources repeat one
    return any(not (a <= b or b <= a) for i, a in enumerate(sets) for b in sets[i + 1 :])


def _claimant_key(who: str | None) -> str | None:
    if not who:
        return None
    from checker.normalize.entities import org_key, person_key

    words = person_key(who).split()
    return org_key(who) if len(words) != 2 else words[-1]


@rule("number/claimants", "attribution", "medium", "Figures differ because different people or bodies give them")
def _number_claimants(story: Story) -> Iterator[Finding]:
    # Emitted by number/conflict, which decides between the two; registered for its id.
    return iter(())


@rule("number/compatible", "number", "info", "Same figure, different wording or precision")
def number_compatible(story: Story) -> Iterator[Finding]:
    for key, norms in sorted(story.slot("quantity").items()):
        per = Story.by_source(norms)
        if len(per) < 2 or _conflicting(per, lambda a, b: a.overlaps(b)):
            continue
        # each source's value that agrees with another source: a source that contradicts
        # itself is not called compatible on the strength of its wrong figure
        firsts = [
            next((n for n in ns if any(n.value.overlaps(m.value) for t, ms in per.items() if t != sid for m in ms)), ns[0])
            for sid, ns in per.items()
        ]
        if len({(n.value.lo, n.value.hi) for n in firsts}) == 1 and len({n.shown.lower() for n in firsts}) == 1:
            continue
        rel = "agree" if len({(n.value.lo, n.value.hi) for n in firsts}) == 1 else "compatible"
        yield make_finding(
            "number/compatible", rel, f"quantity:{key}",
            f"Figures for {key} agree in substance: " + "; ".join(f"{n.fact.source}: {n.shown}" for n in firsts),
            [value_of(n) for n in firsts], rank=0.1,
        )


def _trivial(n: Norm) -> bool:
    """'two countries': a small exact count, usually colour rather than a checkable figure."""
    q = n.value
    measures = {canon for canon, _ in lexicon().units.values()}
    return q.qualifier == "exact" and q.hi <= 2 and q.unit not in measures


@rule("number/only-one-source", "only_in_one_source", "low", "A figure only one source gives")
def number_only_one(story: Story) -> Iterator[Finding]:
    if not _enough(story):
        return
    for key, norms in sorted(story.slot("quantity").items()):
        per = Story.by_source(norms)
        if len(per) != 1:
            continue
        (source, ns), = per.items()
        yield make_finding(
            "number/only-one-source", "only_in_one_source", f"quantity:{key}",
            f"Only {source} gives a figure for {key}: " + ", ".join(n.shown for n in ns),
            [value_of(n) for n in ns], missing_from=_missing(story, [source]),
            rank=_RANK["quantity"] + min(len(ns), 3) * 0.01 - (0.4 if all(_trivial(n) for n in ns) else 0),
        )


# --------------------------------------------------------------------------- dates


@rule("date/conflict", "date", "high", "Sources date the same event differently")
def date_conflict(story: Story) -> Iterator[Finding]:
    for key, norms in sorted(story.slot("date").items()):
        if key == "other":
            continue
        per = Story.by_source(norms)
        if len(per) < 2:
            continue
        if key == "period":
            involved = _conflicting(per, lambda a, b: dates.relation(a, b) != "conflict")
        else:
            involved = _conflicting(per, lambda a, b: a.overlaps(b))
        if not involved:
            continue
        vals = [value_of(n) for s in involved for n in per[s]]
        label = "the period" if key == "period" else f"the {key}"
        # Coverage quotes several statements on different days: a differing statement date is
        # worth checking, not a contradiction of fact.
        yield make_finding(
            "date/conflict", "conflict", f"date:{key}",
            f"Dates for {label} disagree: " + "; ".join(f"{v.source}: {v.text} ({v.normalized})" for v in vals),
            vals, rank=0.85, severity="medium" if key == "statement" else None,
        )


@rule("date/only-one-source", "only_in_one_source", "low", "A date only one source gives")
def date_only_one(story: Story) -> Iterator[Finding]:
    if not _enough(story):
        return
    all_dates = [n for ns in story.slot("date").values() for n in ns]
    # Distinct values and the sources giving each: a value is single-source only when no value
    # that overlaps it comes from another source.
    by_value: dict[str, tuple[Any, set[str]]] = {}
    for o in all_dates:
        by_value.setdefault(o.normalized, (o.value, set()))[1].add(o.fact.source)
    for key, norms in sorted(story.slot("date").items()):
        for n in norms:
            if any(
                v.overlaps(n.value) and (srcs - {n.fact.source})
                for v, srcs in by_value.values()
            ):
                continue
            yield make_finding(
                "date/only-one-source", "only_in_one_source", f"date:{key}:{n.normalized}",
                f"Only {n.fact.source} gives the date \u201c{n.shown}\u201d ({n.normalized})",
                [value_of(n)], missing_from=_missing(story, [n.fact.source]), rank=_RANK["date"],
            )


# --------------------------------------------------------------------------- places


@rule("place/alias", "place", "info", "One place under different names")
def place_alias(story: Story) -> Iterator[Finding]:
    for key, norms in sorted(story.slot("place").items()):
        per = _one_per_source(norms)
        spellings = {fold(n.shown).replace(" ", "") for n in per}
        if len(per) < 2 or len(spellings) < 2:
            continue
        yield make_finding(
            "place/alias", "compatible", f"place:{key}",
            "The same place written differently: " + ", ".join(f"{n.fact.source}: {n.shown}" for n in per),
            [value_of(n) for n in per], rank=0.1,
        )


@rule("place/only-one-source", "only_in_one_source", "low", "A place only one source names")
def place_only_one(story: Story) -> Iterator[Finding]:
    if not _enough(story):
        return
    places = story.slot("place")
    for key, norms in sorted(places.items()):
        sources = {n.fact.source for n in norms}
        if len(sources) != 1:
            continue
        # A place inside one another source names is detail, but still one source's detail.
        n = norms[0]
        within = [k for k, ns in places.items() if k != key and place_within(key, k)
                  and any(m.fact.source not in sources for m in ns)]
        note = f" (inside {within[0]}, which others mention)" if within else ""
        yield make_finding(
            "place/only-one-source", "only_in_one_source", f"place:{key}",
            f"Only {n.fact.source} names {n.shown}{note}",
            [value_of(n)], missing_from=_missing(story, sources), rank=_RANK["place"],
        )


# --------------------------------------------------------------------------- terms


@rule("term/conflict", "term", "high", "Sources name different members of one category (rail vs road)")
def term_conflict(story: Story) -> Iterator[Finding]:
    for category, norms in sorted(story.slot("term").items()):
        per = Story.by_source(norms)
        if len(per) < 2:
            continue
        involved = _conflicting(per, lambda a, b: a == b)
        # the two sources must be speaking of the same thing: sentences that share words
        # beside the terms ("moved by rail to the depot" / "moved by road to the depot")
        involved = [s for s in involved if any(
            _about_same(n, m) for n in per[s] for t in involved if t != s for m in per[t] if m.value != n.value)]
        if not involved:
            continue
        vals = [value_of(n) for s in involved for n in _one_per_class(per[s])]
        yield make_finding(
            "term/conflict", "conflict", f"term:{category}",
            f"Sources disagree on {category}: " + "; ".join(f"{v.source}: {v.text}" for v in vals),
            vals, rank=0.8,
        )


def _about_same(a: Norm, b: Norm) -> bool:
    terms = set(_words(a.shown)) | set(_words(b.shown))
    common = _content(a.fact.evidence) & _content(b.fact.evidence)
    return len({w for w in common if w not in terms}) >= 2


def _one_per_class(norms: list[Norm]) -> list[Norm]:
    seen: dict[str, Norm] = {}
    for n in norms:
        seen.setdefault(str(n.value), n)
    return list(seen.values())


# --------------------------------------------------------------------------- quotes


def _similarity(a: str, b: str) -> float:
    wa, wb = set(a.split()), set(b.split())
    return len(wa & wb) / max(1, len(wa | wb))


def _longest_run(a: str, b: str) -> int:
    """Words in the longest stretch two wordings share."""
    wa, wb = a.split(), b.split()
    m = difflib.SequenceMatcher(None, wa, wb, autojunk=False).find_longest_match(0, len(wa), 0, len(wb))
    return m.size


def word_diff(a: str, b: str) -> str:
    """The words that differ between two wordings: '[-illegal, but-] [+wrong, and+]'."""
    wa, wb = a.split(), b.split()
    parts = []
    for op, i1, i2, j1, j2 in difflib.SequenceMatcher(None, wa, wb, autojunk=False).get_opcodes():
        if op == "equal":
            continue
        old, new = " ".join(wa[i1:i2]), " ".join(wb[j1:j2])
        parts.append(" ".join(x for x in (f"[-{old}-]" if old else "", f"[+{new}+]" if new else "") if x))
    return "; ".join(parts)


def _quote_pairs(story: Story) -> list[tuple[Norm, Norm, float]]:
    """Pairs of similar quotations from different sources (one pair per distinct wording and
    speaker; many sources repeating one quotation do not multiply the work). Three rules use
    them: computed once per story. The same speaker's words need less in common to pair: a
    reworded quotation keeps a run of words, not most of them."""
    if "quote_pairs" in story.derived:
        return list(story.derived["quote_pairs"])
    quotes = [n for ns in story.slot("quote").values() for n in ns]
    first: dict[tuple[str, str], Norm] = {}
    for n in quotes:
        first.setdefault((n.key, n.value), n)
    reps = list(first.values())
    out = []
    for i, a in enumerate(reps):
        for b in reps[i + 1 :]:
            if a.fact.source == b.fact.source:
                continue
            sim = _similarity(a.value, b.value)
            similar = sim >= 0.5 or a.value in b.value or b.value in a.value
            if not similar and a.key and a.key == b.key:
                similar = sim >= 0.3 or _longest_run(a.value, b.value) >= 4
            if similar:
                out.append((a, b, sim))
    story.derived["quote_pairs"] = out
    return out


def _short(text: str, n: int = 80) -> str:
    return text if len(text) <= n else text[: n - 3] + "..."


@rule("quote/reworded", "quote", "medium", "One quotation worded differently")
def quote_reworded(story: Story) -> Iterator[Finding]:
    for a, b, _ in _quote_pairs(story):
        if a.value == b.value or a.value in b.value or b.value in a.value:
            continue
        diff = word_diff(a.shown, b.shown)
        yield make_finding(
            "quote/reworded", "conflict", f"quote:{a.key or 'unattributed'}",
            f"A quotation differs between {a.fact.source} and {b.fact.source}: {diff}",
            [value_of(a), value_of(b)], rank=0.7,
        )


@rule("attribution/speaker", "attribution", "medium", "One quotation given to different people")
def quote_speaker(story: Story) -> Iterator[Finding]:
    for a, b, _ in _quote_pairs(story):
        if a.key and b.key and a.key != b.key:
            diff = word_diff(a.shown, b.shown) if a.value != b.value else ""
            yield make_finding(
                "attribution/speaker", "conflict", f"quote:{a.key}|{b.key}",
                f"The same words (\u201c{_short(a.shown, 60)}\u201d) are attributed to "
                f"{a.fact.fields.get('speaker')} by {a.fact.source} "
                f"and to {b.fact.fields.get('speaker')} by {b.fact.source}" + (f"; the wording differs: {diff}" if diff else ""),
                [value_of(a, "speaker"), value_of(b, "speaker")], rank=0.8,
            )


@rule("quote/only-one-source", "only_in_one_source", "low", "A quotation only one source has")
def quote_only_one(story: Story) -> Iterator[Finding]:
    if not _enough(story):
        return
    paired = {(n.key, n.value) for p in _quote_pairs(story) for n in p[:2]}
    sources: dict[tuple[str, str], set[str]] = {}
    for ns in story.slot("quote").values():
        for n in ns:
            sources.setdefault((n.key, n.value), set()).add(n.fact.source)
    for key, norms in sorted(story.slot("quote").items()):
        for n in norms:
            if (n.key, n.value) in paired or len(sources[(n.key, n.value)]) > 1:
                continue
            who = n.fact.fields.get("speaker")
            text = n.shown if len(n.shown) <= 80 else n.shown[:77] + "..."
            yield make_finding(
                "quote/only-one-source", "only_in_one_source", f"quote:{key or 'unattributed'}:{n.normalized[:40]}",
                f"Only {n.fact.source} quotes " + (f"{who}: " if who else "") + f"\u201c{text}\u201d",
                [value_of(n)], missing_from=_missing(story, [n.fact.source]), rank=_RANK["quote"],
            )


# --------------------------------------------------------------------------- attributions


@rule("attribution/only-one-source", "only_in_one_source", "low", "A body or outlet only one source cites")
def attribution_only_one(story: Story) -> Iterator[Finding]:
    if not _enough(story):
        return
    for key, norms in sorted(story.slot("attribution").items()):
        sources = {n.fact.source for n in norms}
        if len(sources) != 1:
            continue
        n = norms[0]
        yield make_finding(
            "attribution/only-one-source", "only_in_one_source", f"attribution:{key}",
            f"Only {n.fact.source} cites {n.shown}",
            [value_of(n)], missing_from=_missing(story, sources), rank=_RANK["attribution"],
        )



# --------------------------------------------------------------------------- people's names


def _given_and_surname(key: str) -> tuple[str, str] | None:
    words = key.split()
    return (" ".join(words[:-1]), words[-1]) if len(words) >= 2 else None


def _titles_of(norms: list[Norm]) -> set[str]:
    return {n.value.role for n in norms if isinstance(n.value, Title)}


def _name_variants(keys: list[str]) -> Iterator[tuple[str, str]]:
    """Pairs of full names one letter or two apart in the given name (same surname) or in the
    surname (same given name): 'kristen bergeron' / 'kirsten bergeron', 'rui tavares' / 'rui tavarez'."""
    by_surname: dict[str, list[str]] = {}
    by_given: dict[str, list[str]] = {}
    for key in sorted(set(keys)):
        parts = _given_and_surname(key)
        if parts:
            by_surname.setdefault(parts[1], []).append(key)
            by_given.setdefault(parts[0], []).append(key)
    for groups, part in ((by_surname, 0), (by_given, -1)):
        for group in groups.values():
            for i, a in enumerate(group):
                for b in group[i + 1 :]:
                    wa, wb = a.split()[part], b.split()[part]
                    if wa != wb and min(len(wa), len(wb)) >= 3 and difflib.SequenceMatcher(None, wa, wb).ratio() >= (0.7 if part == 0 else 0.8):
                        yield a, b


@rule("person/name", "person_name", "high", "One person's name spelled differently")
def person_name_spelling(story: Story) -> Iterator[Finding]:
    people = story.slot("person")
    for a, b in _name_variants(list(people)):
        src_a = {n.fact.source for n in people[a]}
        src_b = {n.fact.source for n in people[b]}
        if src_a & src_b:
            continue  # one source names both: two people (a couple, siblings)
        ta, tb = _titles_of(people[a]), _titles_of(people[b])
        if ta and tb and not ta & tb:
            continue  # different roles: different people
        na, nb = _one_per_source(people[a])[0], _one_per_source(people[b])[0]
        yield make_finding(
            "person/name", "conflict", f"person:{a}|{b}:name",
            f"One person's name is spelled differently: \u201c{na.fact.fields.get('name')}\u201d "
            f"({', '.join(sorted(src_a))}) and \u201c{nb.fact.fields.get('name')}\u201d ({', '.join(sorted(src_b))})",
            [value_of(na, "name"), value_of(nb, "name")], rank=0.85,
        )


_ROLE_STOP = {"the", "a", "an", "of", "for", "and", "in", "on", "at", "s", "its", "their", "his", "her"}


def _initials(words: list[str]) -> str:
    return "".join(w[0] for w in words if w not in _ROLE_STOP)


def _role_signature(title: str) -> tuple[str, frozenset[str]]:
    """('head', {'aurora', 'provincial', ...}) for 'head of the Aurora Provincial … Office'."""
    t = parse_title(title)
    words = [w for w in fold(title).split() if w not in _ROLE_STOP]
    variants = {v for v, cls in lexicon().titles.items() if cls == t.role.split()[-1] or cls == t.role}
    qual = frozenset(w for w in words if w not in variants and w not in t.role.split())
    return t.role, qual


def _same_post(a: frozenset[str], b: frozenset[str]) -> bool:
    """Two role qualifiers name one post: the same words (one may add a place), or an acronym
    of the other's words ('pdrrmo' / 'provincial disaster risk reduction … office')."""
    if not a or not b:
        return False
    small, big = (a, b) if len(a) <= len(b) else (b, a)
    if small <= big and (len(small) >= 2 or len(big) == 1):
        return True
    return any(_acronym_of(acronym, big - {acronym}) for acronym in small if len(acronym) >= 4)


def _acronym_of(acronym: str, words: frozenset[str]) -> bool:
    """True when the letters of ``acronym`` are the initials of some of ``words`` (any order
    is not enough: each letter must start a distinct word)."""
    initials = sorted(w[0] for w in words if w not in _ROLE_STOP)
    need = sorted(acronym)
    pool = list(initials)
    for ch in need:
        if ch not in pool:
            return False
        pool.remove(ch)
    return len(acronym) >= 4


@rule("person/role-holder", "person_name", "high", "Sources name different people for one post")
def person_role_holder(story: Story) -> Iterator[Finding]:
    people = story.slot("person")
    holders: list[tuple[str, Norm, tuple[str, frozenset[str]]]] = []
    for key, norms in sorted(people.items()):
        if len(key.split()) < 2:
            continue
        for n in _one_per_source([m for m in norms if isinstance(m.value, Title)]):
            holders.append((key, n, _role_signature(n.fact.fields.get("title") or "")))
    seen: set[tuple[str, str]] = set()
    distinct: dict[tuple[str, str, frozenset[str]], tuple[str, Norm, tuple[str, frozenset[str]]]] = {}
    for h in holders:
        distinct.setdefault((h[0], *h[2]), h)  # one person in one post, however many sources say so
    holders = list(distinct.values())
    for i, (ka, na, (ra, qa)) in enumerate(holders):
        for kb, nb, (rb, qb) in holders[i + 1 :]:
            if ka == kb or ra != rb or na.fact.source == nb.fact.source or (ka, kb) in seen:
                continue
            if ka.split()[-1] == kb.split()[-1] or not _same_post(qa, qb):
                continue
            # each source names only its own holder: neither mentions the other person at all
            sa, sb = na.fact.source, nb.fact.source
            if kb.split()[-1] in fold(story.texts.get(sa, "")).split() or ka.split()[-1] in fold(story.texts.get(sb, "")).split():
                continue
            seen.add((ka, kb))
            # "ÖBB spokesman": an organisation may have several; a post named in full has one
            severity = "high" if min(len(qa), len(qb)) >= 2 or len(qa) != len(qb) else "medium"
            yield make_finding(
                "person/role-holder", "conflict", f"role:{ra}:{' '.join(sorted(qa))}",
                f"Sources name different people as {na.fact.fields.get('title')}: "
                f"{sa} says {na.fact.fields.get('name')}, {sb} says {nb.fact.fields.get('name')}",
                [value_of(na, "name"), value_of(nb, "name")], rank=0.85, severity=severity,
            )


# --------------------------------------------------------------------------- modality

_MODAL = {"will": "will", "'ll": "will", "shall": "will", "won't": "will not", "would": "would",
          "could": "may", "may": "may", "might": "may", "can": "may", "must": "must",
          "should": "must", "cannot": "may not", "can't": "may not"}
_STOP = {"the", "and", "that", "this", "with", "from", "for", "are", "was", "were", "have", "has",
         "been", "not", "but", "they", "their", "there", "which", "will", "would", "could", "said"}
_SENTENCE_END = re.compile(r"(?<=[.!?])[\"”’]?\s+(?=[\"“A-Z])")


def _sentences(article: Article) -> list[tuple[int, str]]:
    out = []
    for start, para in article.body_paragraphs():
        pos = 0
        for m in _SENTENCE_END.finditer(para):
            out.append((start + pos, para[pos : m.start()]))
            pos = m.end()
        out.append((start + pos, para[pos:]))
    return out


def _words(text: str) -> list[str]:
    """Lower-case words, British and American spellings unified ('centres' -> 'centers')."""
    return list(_words_of(text, id(lexicon())))


@lru_cache(maxsize=65536)
def _words_of(text: str, lex_id: int) -> tuple[str, ...]:
    spelling = lexicon().spelling
    words = [w.lower().replace("’", "'") for w in re.findall(r"[A-Za-z]+(?:['’][a-z]+)?", text)]
    return tuple(spelling.get(w, spelling.get(w[:-1], w[:-1]) + "s" if w.endswith("s") and w[:-1] in spelling else w)
                 for w in words)


def _modal_before(words: list[str], i: int) -> str | None:
    """The modality put on ``words[i]``: a modal verb up to three words before it."""
    for j in range(i - 1, max(-1, i - 4), -1):
        w = words[j]
        if w in _MODAL:
            neg = any(x in ("not", "never") for x in words[j + 1 : i])
            return _MODAL[w] + (" not" if neg and "not" not in _MODAL[w] else "")
        if w in (".", ",") or (w.isalpha() and w not in ("be", "not", "never", "also", "only", "then", "partially", "fully", "still")
                               and j < i - 1 and len(w) > 3):
            break
    return None


@rule("quote/modality", "quote", "medium", "A quotation and another source's account differ in modality")
def quote_modality(story: Story) -> Iterator[Finding]:
    index = _index(story)
    seen: set[tuple[str, str]] = set()
    done: set[tuple[str, str]] = set()  # (quotation, sentence) wordings already compared
    wordings: dict[str, Norm] = {}
    for n in (n for ns in story.slot("quote").values() for n in ns):
        wordings.setdefault(n.value, n)  # one quotation repeated by many sources: once
    for q in wordings.values():
        qwords = _words(q.shown)
        content = frozenset(_content(q.shown))
        if len(content) < 3:
            continue
        for group, shared in index.similar(content, min_shared=3):
            if shared < 0.5 * len(content):
                continue
            for sentence in index.groups[group]:
                sid, start, sent, swords = sentence.source, sentence.start, sentence.text, list(sentence.words)
                if sid == q.fact.source or (q.fact.source, sid) in seen or (q.value, sent) in done:
                    continue
                done.add((q.value, sent))
                common = set(qwords) & set(swords)
                for i, w in enumerate(qwords):
                    if w not in common or len(w) <= 3 or w in _STOP:
                        continue
                    mq = _modal_before(qwords, i)
                    ms = _modal_before(swords, swords.index(w))
                    if not mq or not ms or mq == ms:
                        continue
                    seen.add((q.fact.source, sid))
                    m = re.search(rf"\b\w+(?:\s+\w+){{0,2}}\s+{re.escape(w)}\b", sent, re.I)
                    their = m.group(0) if m else sent
                    ours = re.search(rf"\b\w+(?:\s+\w+){{0,2}}\s+{re.escape(w)}\b", q.shown, re.I)
                    s_at = start + (m.start() if m else 0)
                    other = text_value(sid, their, sent.strip(), s_at)
                    yield make_finding(
                        "quote/modality", "conflict", f"quote:{q.key or 'unattributed'}:modality",
                        f"{q.fact.source} quotes \u201c{ours.group(0) if ours else w}\u201d ({mq}) where "
                        f"{sid} writes \u201c{their}\u201d ({ms})",
                        [value_of(q), other], rank=0.75,
                    )
                    break


# --------------------------------------------------------------------------- relative position

_ANGLE = {"north": 0, "northeast": 45, "east": 90, "southeast": 135, "south": 180,
          "southwest": 225, "west": 270, "northwest": 315}
_POSITION = re.compile(
    r"(?P<dist>(?:about|around|roughly|some|nearly|almost|approximately|just over|just under)?\s*"
    r"[\d.,]+|(?:about |around |roughly |some )?(?:one|two|three|four|five|six|seven|eight|nine|ten|a few))"
    r"[\s-]*(?P<unit>km|kms|kilometres?|kilometers?|miles?|nautical miles?|metres?|meters?|m)\s+"
    rf"(?:to the\s+)?(?P<dir>{DIRECTIONS})(?:ern)?"
    r"\s+(?:of|from)\s+(?:the\s+)?(?P<ref>[A-Z][\w'’-]*(?:\s+[A-Z][\w'’-]*){0,3}|[a-z]+)",
)


def _positions(story: Story) -> list[tuple[str, str, float, str, FindingValue]]:
    """(source, reference key, distance in km, direction, value) for every 'N km DIR of X'
    (computed once per story: two rules use them)."""
    from checker.normalize.numbers import parse_quantity

    if "positions" in story.derived:
        cached: list[tuple[str, str, float, str, FindingValue]] = story.derived["positions"]
        return cached
    out = []
    for sid, article in sorted(story.articles.items()):
        for start, sent in _sentences(article):
            for m in _POSITION.finditer(sent):
                q = parse_quantity(m.group("dist").strip(), m.group("unit"))
                if q is None or q.unit not in ("km", "m"):
                    continue
                km = (q.lo + q.hi) / 2 / (1000 if q.unit == "m" else 1)
                direction = m.group("dir").lower().replace("-", "")
                ref = m.group("ref")
                key = noun_class(ref) if ref.islower() else place_key(ref)
                text = m.group(0).strip()
                at = start + m.start() + (len(m.group(0)) - len(m.group(0).lstrip()))
                out.append((sid, key, km, direction, text_value(sid, text, sent.strip(), at)))
    story.derived["positions"] = out
    return out


def _same_reference(a: str, b: str) -> bool:
    """'hualien city' / 'hualian city'; 'airport' (the airport) / 'bankstown airport'."""
    if spelled_alike(a, b):
        return True
    wa, wb = a.split(), b.split()
    return (len(wa) == 1 and noun_class(wb[-1]) == wa[0]) or (len(wb) == 1 and noun_class(wa[-1]) == wb[0])


@rule("place/direction", "place", "high", "Sources put one place in different directions from a reference")
def place_direction(story: Story) -> Iterator[Finding]:
    pos = _positions(story)
    seen: set[tuple[str, str]] = set()
    for i, (sa, ra, da, dira, va) in enumerate(pos):
        for sb, rb, db, dirb, vb in pos[i + 1 :]:
            if sa == sb or (sa, sb) in seen or not _same_reference(ra, rb):
                continue
            if max(da, db) > 1.35 * min(da, db):
                continue  # another distance: likely another thing measured from the same place
            turn = abs(_ANGLE[dira] - _ANGLE[dirb]) % 360
            if min(turn, 360 - turn) < 90:
                continue
            seen.add((sa, sb))
            yield make_finding(
                "place/direction", "conflict", f"position:{ra}",
                f"Sources put it in different directions from {ra}: {sa}: {va.text}; {sb}: {vb.text}",
                [va, vb], rank=0.85,
            )


# --------------------------------------------------------------------------- places of one event


@rule("place/event", "place", "high", "Sources give different places for one event")
def place_of_event(story: Story) -> Iterator[Finding]:
    """Where an event happened (landfall, a crash, an arrival): two sources that each name a
    place for it, none inside the other, and neither naming the other's place at all."""
    from checker.align import event_before

    by_event: dict[str, dict[str, list[Norm]]] = {}
    for norms in story.slot("place").values():
        for n in norms:
            article = story.articles.get(n.fact.source)
            if article is None:
                continue
            if n.shown.isupper():
                continue  # a dateline
            ev = n.fact.evidence_span  # within its sentence: repeated sentences repeat the answer
            cls = event_before(article.text[ev.start : ev.end], n.fact.spans["name"].start - ev.start, window=45)
            if cls in lexicon().located_events:
                by_event.setdefault(cls, {}).setdefault(n.fact.source, []).append(n)
    # a place a dateline names (SYDNEY, June 6 -) is the story's setting, not the event's place
    context = {k for k, ns in story.slot("place").items() if any(n.shown.isupper() for n in ns)}
    for cls, per in sorted(by_event.items()):
        # a country, province or dateline city is the setting, not the event's place
        keys = {sid: {n.key for n in ns if n.key not in context and not is_region(n.key)} for sid, ns in per.items()}
        sources = sorted(s for s in per if keys[s])
        involved: set[str] = set()
        for i, sa in enumerate(sources):
            for sb in sources[i + 1 :]:
                ka, kb = keys[sa], keys[sb]
                if ka & kb or any(place_within(x, y) or place_within(y, x) for x in ka for y in kb):
                    continue
                involved |= {sa, sb}
        if not involved:
            continue
        vals = [value_of(n) for sid in sorted(involved) for n in _one_per_class_key(per[sid], keys[sid])]
        shown = "; ".join(f"{sid}: " + ", ".join(v.text for v in vals if v.source == sid) for sid in sorted(involved))
        yield make_finding(
            "place/event", "conflict", f"place:event:{cls}",
            f"Sources place the {cls} differently: {shown}", vals, rank=0.85,
        )


def _one_per_class_key(norms: list[Norm], keys: set[str]) -> list[Norm]:
    seen: dict[str, Norm] = {}
    for n in norms:
        if n.key in keys:
            seen.setdefault(n.key, n)
    return list(seen.values())


# --------------------------------------------------------------------------- who did it

_NOT_ACTORS = {"it", "he", "she", "they", "we", "i", "this", "there", "nobody", "no", "anyone",
               "everyone", "all", "some", "many", "most", "none"}
_PREP = {"on", "in", "at", "of", "from", "with", "for", "aboard", "onboard", "during", "after"}
_ADVERBS = {"also", "then", "later", "quickly", "first", "reportedly", "had", "has", "have", "was",
            "were", "a", "an", "the", "his", "her", "their", "its"}


def _actions(story: Story) -> list[tuple[str, str, frozenset[str], frozenset[str], FindingValue]]:
    """(source, event class, object words, actor words, value) for sentences that open with
    who did something: 'The coast guard also rescued 11 fishermen'."""
    from lemminflect import getAllLemmas

    from checker.align import _event_hits, lemmas

    out = []
    for sid, article in sorted(story.articles.items()):
        for start, sent in _sentences(article):
            hits = [h for h in _event_hits(sent, 0, min(len(sent), 200))
                    if h[1] in lexicon().actor_events and not sent[h[0]].isupper()]
            if not hits:
                continue  # (a capitalised event word is part of a name: "Joint Rescue Centre")
            pos, cls = min(hits)
            word = _words(sent[pos:])[0]
            head = sent[:pos].split()
            while head and (head[-1].lower() in _ADVERBS or _inflected_verb(head[-1])):
                head.pop()  # "made a", "radioed a", "also": the verb and what precedes the object
            cut = next((i for i, w in enumerate(head) if w.lower() in _PREP), len(head))
            actor = [w.strip(",") for w in head[:cut] if w.lower() not in _ADVERBS]
            if not 1 <= len(actor) <= 3 or not all(w[:1].isalpha() for w in actor) or "," in sent[:pos]:
                continue
            if not head or not head[0][:1].isupper() or actor[0].lower() in _NOT_ACTORS:
                continue
            if any(w.lower() in ("was", "were", "been", "be", "is", "are") for w in sent[:pos].split()):
                continue  # passive: the subject is what was acted on
            rest = sent[pos + len(word) : pos + 100]
            obj = frozenset(lemmas(w)[0] for w in _words(rest)[:8] if len(w) > 3 and w not in _STOP)
            if "VERB" not in getAllLemmas(word):  # the act is a noun ("the alarm", "a mayday")
                obj = obj | {lemmas(word)[-1]}
            if cls in lexicon().single_acts:
                obj = obj | {f"<{cls}>"}  # one alarm, one distress call per story: the act is enough
            who = frozenset(singular(w.lower()) for w in actor)
            text = " ".join(actor)
            at = start + sent.find(actor[0])
            out.append((sid, cls, obj, who, text_value(sid, text, sent.strip(), at)))
    return out


def _inflected_verb(word: str) -> bool:
    from lemminflect import getAllLemmas

    verbs = getAllLemmas(word.lower()).get("VERB", ())
    return bool(verbs) and word.lower() not in verbs and "NOUN" not in getAllLemmas(word.lower())


@rule("attribution/actor", "attribution", "medium", "Sources say different people or bodies did the same thing")
def actor_conflict(story: Story) -> Iterator[Finding]:
    acts = _actions(story)
    seen: set[tuple[str, str, str]] = set()
    for i, (sa, ca, oa, wa, va) in enumerate(acts):
        for sb, cb, ob, wb, vb in acts[i + 1 :]:
            if sa == sb or ca != cb or len(oa & ob) < 1 or wa & wb or (sa, sb, ca) in seen:
                continue
            seen.add((sa, sb, ca))
            what = " ".join(sorted(oa & ob))
            yield make_finding(
                "attribution/actor", "conflict", f"actor:{ca}:{what}",
                f"Who did it ({ca}: {what}) differs: {sa} says {va.text}; {sb} says {vb.text}",
                [va, vb], rank=0.75,
            )


# --------------------------------------------------------------------------- clock times


def _story_offset(found: list[tuple[str, int, int, int, str | None, int]]) -> float | None:
    """The story's local offset from UTC: from a local time written beside its UTC equivalent
    ("5:12 a.m. (2112 GMT)") or from a named zone some source uses."""
    from checker.normalize.times import zone_offset

    votes: Counter[float] = Counter()
    by_source: dict[str, list[tuple[int, int, int, str | None, int]]] = {}
    for sid, *rest in found:
        by_source.setdefault(sid, []).append(tuple(rest))  # type: ignore[arg-type]
    for items in by_source.values():
        for (_s1, e1, m1, z1, _), (s2, _e2, m2, z2, _) in itertools.pairwise(items):
            o2 = zone_offset(z2) if z2 and z2.lower() != "local time" else None
            if (z1 is None or z1.lower() == "local time") and o2 is not None and s2 - e1 <= 25:
                diff = ((m1 - m2) / 60 + o2) % 24
                votes[diff - 24 if diff > 14 else diff] += 2
        for _s, _e, _m, z, _ in items:
            o = zone_offset(z) if z and z.lower() != "local time" else None
            if o is not None and o != 0:
                votes[o] += 1
    return max(votes, key=lambda k: (votes[k], -abs(k))) if votes else None


@rule("date/time", "date", "high", "Sources give different clock times for one event")
def time_conflict(story: Story) -> Iterator[Finding]:
    from checker.align import predicate_near
    from checker.normalize.times import find_times, to_clock

    found = []
    where: list[tuple[str, str, str, int]] = []
    for sid, article in sorted(story.articles.items()):
        for start, sent in _sentences(article):
            for s, e, minutes, zone, slack in find_times(sent):
                found.append((sid, s, e, minutes, zone, slack))
                where.append((sid, sent, predicate_near(sent, s, e) or "", start))
    offset = _story_offset(found)
    per: dict[str, dict[str, list[tuple[Any, FindingValue]]]] = {}
    for (sid, s, e, minutes, zone, slack), (_, sent, cls, base) in zip(found, where, strict=True):
        if not cls:
            continue
        clock = to_clock(minutes, zone, slack, offset)
        value = text_value(sid, sent[s:e], sent.strip(), base + s,
                           normalized=f"{clock.minutes // 60:02d}{clock.minutes % 60:02d}" + (" UTC" if clock.utc else " local"))
        per.setdefault(cls, {}).setdefault(sid, []).append((clock, value))
    for cls, sources in sorted(per.items()):
        ids = sorted(sources)
        involved: set[str] = set()
        for i, a in enumerate(ids):
            for b in ids[i + 1 :]:
                pairs = [(x, y) for x, _ in sources[a] for y, _ in sources[b] if x.utc == y.utc]
                if pairs and not any(x.agrees(y) for x, y in pairs):
                    involved |= {a, b}
        if not involved:
            continue
        vals = [v for sid in sorted(involved) for _, v in sources[sid]]
        yield make_finding(
            "date/time", "conflict", f"time:{cls}",
            f"Clock times for the {cls} disagree: " + "; ".join(f"{v.source}: {v.text} ({v.normalized})" for v in vals),
            vals, rank=0.85,
        )


# --------------------------------------------------------------------------- single-source claims


def _content(text: str) -> set[str]:
    """Content lemmas of a text (words of four letters or more, not function words)."""
    return set(_content_of(text, id(lexicon())))


@lru_cache(maxsize=65536)
def _content_of(text: str, lex_id: int) -> frozenset[str]:
    from checker.align import lemmas

    return frozenset(lemmas(w)[0] for w in _words(text) if len(w) > 3 and w not in _STOP)


@dataclass(frozen=True)
class _Sentence:
    source: str
    start: int
    text: str
    words: tuple[str, ...]  # as written, lower case
    content: frozenset[str]  # content lemmas


class _SentenceIndex:
    """Every source's sentences, grouped by their content lemmas and indexed by lemma, so that
    'which sentence of another source says much the same' is a look-up, not a scan of every
    pair of sentences (many sources repeating one sentence cost one group)."""

    def __init__(self, story: Story) -> None:
        self.sentences: list[_Sentence] = []
        self.groups: dict[frozenset[str], list[_Sentence]] = {}
        self.postings: dict[str, set[frozenset[str]]] = {}
        lex_id = id(lexicon())
        for sid, article in sorted(story.articles.items()):
            for start, text in _sentences(article):
                sent = _Sentence(sid, start, text, _words_of(text, lex_id), _content_of(text, lex_id))
                self.sentences.append(sent)
                self.groups.setdefault(sent.content, []).append(sent)
                for w in sent.content:
                    self.postings.setdefault(w, set()).add(sent.content)
        self._shared = {g for g, ss in self.groups.items() if len({s.source for s in ss}) > 1}

    def shared(self, content: frozenset[str]) -> bool:
        """True when sentences of two or more sources have exactly these content words."""
        return content in self._shared

    def similar(self, words: set[str] | frozenset[str], min_shared: int = 1) -> list[tuple[frozenset[str], int]]:
        """Groups sharing at least ``min_shared`` of ``words``, with how many they share."""
        counts: Counter[frozenset[str]] = Counter()
        for w in words:
            for group in self.postings.get(w, ()):
                counts[group] += 1
        return [(g, c) for g, c in counts.items() if c >= min_shared]

    def best_overlap(self, words: set[str] | frozenset[str], but: str) -> float:
        """How much of ``words`` the best-matching sentence of another source shares; a shorter
        sentence of another source that this one mostly contains (this one adds detail to the
        same statement) counts as fully shared."""
        if not words:
            return 0.0
        best = 0.0
        for group, shared in self.similar(words):
            if not any(s.source != but for s in self.groups[group]):
                continue
            if shared >= 4 and shared >= 0.6 * len(group):
                return 1.0
            best = max(best, shared / len(words))
        return best


def _index(story: Story) -> _SentenceIndex:
    if "sentence_index" not in story.derived:
        story.derived["sentence_index"] = _SentenceIndex(story)
    index: _SentenceIndex = story.derived["sentence_index"]
    return index


def _folded_texts(story: Story) -> dict[str, str]:
    if "folded_texts" not in story.derived:
        story.derived["folded_texts"] = {k: f" {fold(t)} " for k, t in story.texts.items()}
    texts: dict[str, str] = story.derived["folded_texts"]
    return texts


def _best_overlap(story: Story, words: set[str], but: str) -> float:
    return _index(story).best_overlap(words, but)


@rule("claim/only-one-source", "only_in_one_source", "low", "A statement no other source makes, in any words")
def claim_only_one(story: Story) -> Iterator[Finding]:
    """Sentences that no sentence of another source comes close to (by content lemmas): what
    one outlet alone reports, whatever kind of fact it is ('the 14th cyclone of the year')."""
    if not _enough(story):
        return
    index = _index(story)
    for sentence in index.sentences:
        sid, start, sent, words = sentence.source, sentence.start, sentence.text, set(sentence.content)
        if index.shared(sentence.content):
            continue  # another source has a sentence with the same content words
        if (len(words) < 5 and not (len(words) == 4 and re.search(r"\d", sent))) or '"' in sent or "“" in sent:
            continue  # short lines; quotations have a rule of their own
        if _best_overlap(story, words, sid) >= 0.34 or _anchors_elsewhere(story, sent, sid):
            continue
        text = sent.strip()
        at = start + sent.find(text[:20])
        yield make_finding(
            "claim/only-one-source", "only_in_one_source", f"claim:{sid}:{' '.join(sorted(words))[:60]}",
            f"Only {sid} reports: \u201c{_short(text, 120)}\u201d",
            [text_value(sid, text, text, at)],
            missing_from=_missing(story, [sid]), rank=0.2,
        )


_ANCHOR = re.compile(r"(?<![.!?]\s)(?<!^)\b[A-Z][a-z'’]+(?:\s+[A-Z][a-z'’]+)*|\b\d[\d,.]*\b")


def _anchors_elsewhere(story: Story, sent: str, sid: str) -> bool:
    """A sentence whose names and figures (those not in every source: the story's protagonists
    are no evidence) mostly appear in one other source is that source's news too."""
    texts = _folded_texts(story)
    anchors = {fold(m.group(0)) for m in _ANCHOR.finditer(sent.strip())} - {""}
    anchors = {a for a in anchors if not all(f" {a} " in t for t in texts.values())}
    if not anchors:
        return False
    figures = {a for a in anchors if a[:1].isdigit() and len(a) > 2}
    return any(
        sum(1 for a in anchors if f" {a} " in t) * 2 > len(anchors)
        or (figures and all(f" {a} " in t for a in figures))  # its figures, stated elsewhere
        for k, t in texts.items() if k != sid
    )


_NAMED = ("person/only-one-source", "quote/only-one-source", "attribution/only-one-source", "place/only-one-source")


def drop_covered_claims(findings: list[Finding]) -> list[Finding]:
    """A single-source sentence that names a person, body or place only that source names, or
    carries a quotation only it has, is folded into that finding: the specific finding keeps
    its rule and gains the sentence. A sentence around a lone figure or date stays beside it."""
    claims = [f for f in findings if f.rule == "claim/only-one-source"]
    folded: set[str] = set()
    out: list[Finding] = []
    for f in findings:
        if f.rule in _NAMED:
            for c in claims:
                cv = c.values[0]
                if any(v.source == cv.source and v.start is not None and cv.start is not None
                       and cv.end is not None and cv.start <= v.start < cv.end for v in f.values):
                    folded.add(c.id)
                    if f.rule != "quote/only-one-source":
                        f = f.model_copy(update={"message": f"{f.message}: \u201c{_short(cv.evidence, 160)}\u201d"})
                    break
        out.append(f)
    return [f for f in out if f.id not in folded]


def said_elsewhere(story: Story, f: Finding) -> bool:
    """True when a finding that says only one source has something is wrong: another source
    names the same person, body or place in its text, states the same figure of the same kind
    of thing, or reports the same quotation's content in other words."""
    if f.relation != "only_in_one_source" or f.rule == "claim/only-one-source" or not f.values:
        return False
    v = f.values[0]
    others = [t.strip() for sid, t in _folded_texts(story).items() if sid != v.source]
    article = story.articles.get(v.source)
    if article is not None and f.rule in _NAMED and fold(f.slot.split(":", 1)[-1]) in _self_names(article):
        return True  # "(Alpine Wire)" in a dateline: the outlet itself, not a fact
    if f.rule == "person/only-one-source":
        surname = f.slot.split(":", 1)[1].split()[-1] if f.slot.count(":") else ""
        if len(surname) > 2 and any(f" {surname} " in f" {t} " for t in others):
            return True  # "Markus Brandl" / "Marcus Brandl": person/name says the rest
    if f.rule in ("person/only-one-source", "place/only-one-source", "attribution/only-one-source"):
        name = fold(re.sub(r"^(?:the|The)\s+", "", v.text if f.rule != "person/only-one-source" else f.slot.split(":", 1)[1]))
        words = [w for w in name.split() if w not in _ROLE_STOP]
        if not words:
            return False
        # the name, or its first or last three words ("Transportation Safety Board [of Canada]"),
        # or its initials ("TSB"), anywhere in another source
        phrases = {" ".join(words)} | ({" ".join(words[:3]), " ".join(words[-3:])} if len(words) > 3 else set())
        if len(words) >= 3:
            phrases.add(_initials(words))
        return any(f" {p} " in f" {t} " for p in phrases for t in others)
    if f.rule == "quote/only-one-source":
        return _best_overlap(story, _content(v.text), v.source) >= 0.5
    if f.rule == "number/only-one-source":
        return _figure_elsewhere(story, f) or _small_count_elsewhere(story, f, others)
    return False


def _self_names(article: Article) -> set[str]:
    names = {fold(article.id.replace("-", " "))}
    if article.outlet:
        names.add(fold(article.outlet))
    return names


def _small_count_elsewhere(story: Story, f: Finding, others: list[str]) -> bool:
    """'Two tugs' / 'a pair of tugs': a small count of a thing another source names is no
    single-source figure worth an editor's time."""
    for n in (n for ns in story.slot("quantity").values() for n in ns):
        if n.fact.source != f.values[0].source or n.fact.spans["value"].start != f.values[0].start:
            continue
        if n.value.hi > 3 or not n.value.unit:
            return False
        noun = {singular(n.value.unit.split()[-1])}
        return any(noun & {singular(w) for w in t.split()} for t in others)
    return False


def _figure_elsewhere(story: Story, f: Finding) -> bool:
    """The same figure (overlapping interval) counting the same class of thing, in another
    source, under another slot: 'more than 80,000 households' / 'over 80,000 homes'."""
    mine = [n for ns in story.slot("quantity").values() for n in ns
            if any(n.fact.source == v.source and n.fact.spans["value"].start == v.start for v in f.values)]
    if not mine:
        return False
    for n in mine:
        q = n.value
        big = q.lo >= 10
        for ns in story.slot("quantity").values():
            for m in ns:
                if m.fact.source == n.fact.source or not q.overlaps(m.value):
                    continue
                same_kind = q.unit is not None and m.value.unit is not None and (
                    q.unit == m.value.unit or noun_class(q.unit).split()[-1] == noun_class(m.value.unit).split()[-1]
                    or {noun_class(q.unit), noun_class(m.value.unit)} <= {"family", "home"}
                    or {noun_class(q.unit), noun_class(m.value.unit)} <= lexicon().human_nouns)
                shared = _content(m.fact.evidence) & _content(n.fact.evidence) - set(_words(n.shown))
                if (big and same_kind) or (same_kind and shared):
                    return True
    return False


# --------------------------------------------------------------------------- who gives a figure


def _same_body(a: str, b: str) -> bool:
    """'CWA' and 'Central Weather Administration'; 'Acme Motors' and 'carmaker Acme Motors'."""
    wa, wb = [w for w in fold(a).split() if w not in _ROLE_STOP], [w for w in fold(b).split() if w not in _ROLE_STOP]
    if not wa or not wb:
        return True
    if set(wa) <= set(wb) or set(wb) <= set(wa):
        return True
    return (len(wa) == 1 and wa[0] == _initials(wb)) or (len(wb) == 1 and wb[0] == _initials(wa))


@rule("attribution/claimant", "attribution", "medium", "Sources credit one figure to different people or bodies")
def figure_claimant(story: Story) -> Iterator[Finding]:
    generic = lexicon().generic_claimants
    for key, norms in sorted(story.slot("quantity").items()):
        per = Story.by_source(norms)
        if len(per) < 2 or _conflicting(per, lambda a, b: a.overlaps(b)):
            continue  # a disagreement on the figure itself is number/conflict's
        named = []
        for ns in per.values():
            v = value_of(ns[0])
            if v.claimant and fold(v.claimant) not in generic:
                named.append(v)
        pairs = [(a, b) for i, a in enumerate(named) for b in named[i + 1 :]
                 if not _same_body(a.claimant or "", b.claimant or "")]
        if not pairs:
            continue
        a, b = pairs[0]
        yield make_finding(
            "attribution/claimant", "conflict", f"quantity:{key}:claimant",
            f"The figure for {key} is credited differently: {a.source}: {a.text} (per {a.claimant}); "
            f"{b.source}: {b.text} (per {b.claimant})",
            [a, b], rank=0.6,
        )


# --------------------------------------------------------------------------- a source against itself

_CHANGE = re.compile(
    r"\b(?:earlier|previously|initially|originally|at first|first reported|had been|was revised|"
    r"revised|updated?|corrected|correction|rose|risen|climbed|increased|jumped|fell|dropped|"
    r"declined|up from|down from|from [\w.,]+ to|compared with|against|last year|a year earlier|"
    r"the previous|before)\b",
    re.I,
)


def _self_pairs(norms: list[Norm], holds: Callable[[Any, Any], bool]) -> list[tuple[Norm, Norm]]:
    """Pairs of one source's own values in one slot that cannot both hold, leaving out what is
    not a contradiction: two values in one sentence (a range, 'from 12 to 15'), a value and its
    update or correction, figures different claimants give."""
    out = []
    for i, a in enumerate(norms):
        for b in norms[i + 1 :]:
            if a.fact.evidence_span == b.fact.evidence_span or holds(a.value, b.value):
                continue
            if _CHANGE.search(a.fact.evidence) or _CHANGE.search(b.fact.evidence):
                continue
            ca, cb = claimant_of(a.fact.evidence), claimant_of(b.fact.evidence)
            if ca and cb and not _same_body(ca, cb):
                continue
            if hedge_of(a.fact.evidence) != hedge_of(b.fact.evidence):
                continue
            # one source states many facts of one kind (a total and its breakdown): only two
            # sentences that say the same thing in much the same words contradict each other
            ea = _content(a.fact.evidence) - _content(a.shown)
            eb = _content(b.fact.evidence) - _content(b.shown)
            if not ea or not eb or len(ea & eb) < 0.6 * min(len(ea), len(eb)):
                continue
            out.append((a, b))
    return out


def _self_findings(rule_id: str, kind: str, story: Story, holds: Callable[[Any, Any], bool],
                   what: Callable[[str], str]) -> Iterator[Finding]:
    for key, norms in sorted(story.slot(kind).items()):
        if key in ("other", "period") or "~" in key:
            continue
        for sid, ns in Story.by_source(norms).items():
            pairs = _self_pairs(ns, holds)
            if not pairs:
                continue
            a, b = pairs[0]
            yield make_finding(
                rule_id, "conflict", f"{kind}:{key}:self:{sid}",
                f"{sid} contradicts itself on {what(key)}: \u201c{a.shown}\u201d and \u201c{b.shown}\u201d",
                [value_of(a), value_of(b)], rank=0.95,
            )


@rule("number/self-conflict", "number", "high", "One source gives two figures for one thing that cannot both hold")
def number_self_conflict(story: Story) -> Iterator[Finding]:
    yield from _self_findings("number/self-conflict", "quantity", story, lambda a, b: a.overlaps(b),
                              lambda key: key)


@rule("date/self-conflict", "date", "high", "One source gives two dates for one event")
def date_self_conflict(story: Story) -> Iterator[Finding]:
    def holds(a: Any, b: Any) -> bool:
        return a.overlaps(b) or a.precision != "day" or b.precision != "day"

    yield from _self_findings("date/self-conflict", "date", story, holds, lambda key: f"the date of the {key}")


@rule("person/self-conflict", "person_name", "medium", "One source spells one person's name two ways or gives two roles")
def person_self_conflict(story: Story) -> Iterator[Finding]:
    people = story.slot("person")
    by_source: dict[str, list[str]] = {}
    for key, norms in people.items():
        for sid in {n.fact.source for n in norms}:
            by_source.setdefault(sid, []).append(key)
    for sid, keys in sorted(by_source.items()):
        # two relatives share a surname; a letter or two apart is a misspelling
        for a, b in _name_variants(keys):
            na = next(n for n in people[a] if n.fact.source == sid)
            nb = next(n for n in people[b] if n.fact.source == sid)
            yield make_finding(
                "person/self-conflict", "conflict", f"person:{a}|{b}:self:{sid}",
                f"{sid} spells one name two ways: \u201c{na.fact.fields.get('name')}\u201d and "
                f"\u201c{nb.fact.fields.get('name')}\u201d",
                [value_of(na, "name"), value_of(nb, "name")], rank=0.9,
            )
    for key, norms in sorted(people.items()):
        for sid, ns in Story.by_source([n for n in norms if isinstance(n.value, Title) and n.value.known]).items():
            by_role = {n.value.role: n for n in ns}
            if len(by_role) < 2:
                continue
            first, second = list(by_role.values())[:2]
            yield make_finding(
                "person/self-conflict", "conflict", f"person:{key}:title:self:{sid}",
                f"{sid} gives {_display_name(norms)} two roles: \u201c{first.fact.fields.get('title')}\u201d and "
                f"\u201c{second.fact.fields.get('title')}\u201d",
                [value_of(first, "title"), value_of(second, "title")], rank=0.9,
            )


@rule("place/self-conflict", "place", "high", "One source gives two distances from one reference in one direction")
def place_self_conflict(story: Story) -> Iterator[Finding]:
    pos = _positions(story)
    by_source: dict[tuple[str, str], list[tuple[float, str, FindingValue]]] = {}
    for sid, ref, km, direction, value in pos:
        by_source.setdefault((sid, ref), []).append((km, direction, value))
    for (sid, ref), items in sorted(by_source.items()):
        for i, (da, dira, va) in enumerate(items):
            for db, dirb, vb in items[i + 1 :]:
                if va.evidence == vb.evidence or dira != dirb:
                    continue
                if max(da, db) <= 1.35 * min(da, db):
                    continue  # the same distance, or near enough
                yield make_finding(
                    "place/self-conflict", "conflict", f"position:{ref}:self:{sid}",
                    f"{sid} contradicts itself on the distance from {ref}: \u201c{va.text}\u201d and \u201c{vb.text}\u201d",
                    [va, vb], rank=0.9,
                )
                break
