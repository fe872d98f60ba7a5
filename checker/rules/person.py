"""People rules: titles, name spellings, who holds a post, people only one source names."""

from __future__ import annotations

import difflib
from collections.abc import Iterator

from checker.models import Finding
from checker.normalize.entities import Title, fold, parse_title
from checker.normalize.facts import Norm
from checker.normalize.lexicon import lexicon, lexicon_cached
from checker.rules.common import (
    RANK,
    ROLE_STOP,
    enough,
    missing,
    one_per_source,
    sides,
)
from checker.rules.registry import Story, make_finding, rule, value_of


def _display_name(norms: list[Norm]) -> str:
    names = [n.fact.fields.get("name") or "" for n in norms]
    return max(names, key=lambda s: (len(s.split()), len(s))) if names else "?"


@rule("person/title", "person_title", "medium", "Sources give one person different titles")
def person_title(story: Story) -> Iterator[Finding]:
    for key, norms in sorted(story.slot("person").items()):
        titled = [n for n in norms if isinstance(n.value, Title)]
        per_source = one_per_source(titled)
        if len({n.fact.source for n in per_source}) < 2:
            continue
        roles = {n.value.role for n in per_source}
        if len(roles) < 2:
            continue
        # Two known titles that differ are a mismatch; a loose description ("a close ally")
        # beside a title is only worth a note.
        severity = "medium" if sum(1 for n in per_source if n.value.known) >= 2 else "low"
        name = _display_name(norms)
        formal = [
            n for n in per_source if n.value.formal and n.value.role not in ("president", "leader")
        ]
        titles = [value_of(n, "title") for n in per_source]
        msg = f"{name}'s role differs: " + sides(
            titles, story.order, lambda v: v.text.lower(), claimants=False
        )
        if formal:
            msg += f". The formal title is \u201c{formal[0].fact.fields['title']}\u201d ({formal[0].fact.source})"
        yield make_finding(
            "person/title",
            "conflict",
            f"person:{key}:title",
            msg,
            titles,
            rank=0.9,
            severity=severity,
        )


@rule("person/title-variant", "person_title", "info", "Same role, different wording")
def person_title_variant(story: Story) -> Iterator[Finding]:
    for key, norms in sorted(story.slot("person").items()):
        per_source = one_per_source([n for n in norms if isinstance(n.value, Title)])
        if len(per_source) < 2 or len({n.value.role for n in per_source}) != 1:
            continue
        wordings = {(n.fact.fields.get("title") or "").lower() for n in per_source}
        if len(wordings) < 2:
            continue
        name = _display_name(norms)
        yield make_finding(
            "person/title-variant",
            "compatible",
            f"person:{key}:title",
            f"{name}: the same role ({per_source[0].value.role}) worded differently",
            [value_of(n, "title") for n in per_source],
            rank=0.2,
        )


@rule("person/only-one-source", "only_in_one_source", "low", "A person only one source names")
def person_only_one(story: Story) -> Iterator[Finding]:
    if not enough(story):
        return
    for key, norms in sorted(story.slot("person").items()):
        sources = {n.fact.source for n in norms}
        if len(sources) != 1:
            continue
        best = one_per_source(norms, prefer="title")[0]
        title = best.fact.fields.get("title")
        who = _display_name(norms) + (f" ({title})" if title else "")
        yield make_finding(
            "person/only-one-source",
            "only_in_one_source",
            f"person:{key}",
            f"Only {best.fact.source} mentions {who}",
            [value_of(best, "title" if title else "name")],
            missing_from=missing(story, sources),
            rank=RANK["person_titled" if title else "person"],
        )


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
                    if (
                        wa != wb
                        and min(len(wa), len(wb)) >= 3
                        and difflib.SequenceMatcher(None, wa, wb).ratio()
                        >= (0.7 if part == 0 else 0.8)
                    ):
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
        na, nb = one_per_source(people[a])[0], one_per_source(people[b])[0]
        yield make_finding(
            "person/name",
            "conflict",
            f"person:{a}|{b}:name",
            f"One person's name is spelled differently: \u201c{na.fact.fields.get('name')}\u201d "
            f"({', '.join(sorted(src_a))}) and \u201c{nb.fact.fields.get('name')}\u201d ({', '.join(sorted(src_b))})",
            [value_of(na, "name"), value_of(nb, "name")],
            rank=0.85,
        )


@lexicon_cached
def _role_signature(title: str) -> tuple[str, frozenset[str]]:
    """('head', {'aurora', 'provincial', ...}) for 'head of the Aurora Provincial … Office'."""
    t = parse_title(title)
    words = [w for w in fold(title).split() if w not in ROLE_STOP]
    variants = {
        v for v, cls in lexicon().titles.items() if cls == t.role.split()[-1] or cls == t.role
    }
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


def _everywhere(story: Story) -> set[str]:
    """Words every source uses (the organisation the story is about): they say nothing of
    which post a title names. Computed once, when a one-holder post needs it."""
    if "everywhere" not in story.derived:
        words = [set(fold(t).split()) for t in story.texts.values()]
        story.derived["everywhere"] = set.intersection(*words) if words else set()
    found: set[str] = story.derived["everywhere"]
    return found


def _same_unique_post(a: frozenset[str], b: frozenset[str], everywhere: set[str]) -> bool:
    """A post an organisation has one of ('chairwoman' / 'Tresk chairman' / 'board chair'):
    one post unless the qualifiers name different bodies once the story's own organisation
    and the board are set aside."""
    ignore = everywhere | {"board", "company", "group", "interim", "acting"}
    x, y = a - ignore, b - ignore
    return x <= y or y <= x


def _acronym_of(acronym: str, words: frozenset[str]) -> bool:
    """True when the letters of ``acronym`` are the initials of some of ``words`` (any order
    is not enough: each letter must start a distinct word)."""
    initials = sorted(w[0] for w in words if w not in ROLE_STOP)
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
        for n in one_per_source([m for m in norms if isinstance(m.value, Title)]):
            holders.append((key, n, _role_signature(n.fact.fields.get("title") or "")))
    seen: set[tuple[str, str]] = set()
    distinct: dict[
        tuple[str, str, frozenset[str]], tuple[str, Norm, tuple[str, frozenset[str]]]
    ] = {}
    for h in holders:
        distinct.setdefault((h[0], *h[2]), h)  # one person in one post, however many sources say so
    holders = list(distinct.values())
    unique = lexicon().unique_roles
    for i, (ka, na, (ra, qa)) in enumerate(holders):
        for kb, nb, (rb, qb) in holders[i + 1 :]:
            if ka == kb or ra != rb or na.fact.source == nb.fact.source or (ka, kb) in seen:
                continue
            if ka.split()[-1] == kb.split()[-1]:
                continue
            if not _same_post(qa, qb) and not (
                ra in unique and _same_unique_post(qa, qb, _everywhere(story))
            ):
                continue
            # each source names only its own holder: neither mentions the other person at all
            sa, sb = na.fact.source, nb.fact.source
            if (
                kb.split()[-1] in fold(story.texts.get(sa, "")).split()
                or ka.split()[-1] in fold(story.texts.get(sb, "")).split()
            ):
                continue
            seen.add((ka, kb))
            # "ÖBB spokesman": an organisation may have several; a post named in full has one
            severity = (
                "high"
                if ra in unique or min(len(qa), len(qb)) >= 2 or len(qa) != len(qb)
                else "medium"
            )
            yield make_finding(
                "person/role-holder",
                "conflict",
                f"role:{ra}:{' '.join(sorted(qa))}",
                f"Sources name different people as {na.fact.fields.get('title')}: "
                f"{sa} says {na.fact.fields.get('name')}, {sb} says {nb.fact.fields.get('name')}",
                [value_of(na, "name"), value_of(nb, "name")],
                rank=0.85,
                severity=severity,
            )


@rule(
    "person/self-conflict",
    "person_name",
    "medium",
    "One source spells one person's name two ways or gives two roles",
)
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
                "person/self-conflict",
                "conflict",
                f"person:{a}|{b}:self:{sid}",
                f"{sid} spells one name two ways: \u201c{na.fact.fields.get('name')}\u201d and "
                f"\u201c{nb.fact.fields.get('name')}\u201d",
                [value_of(na, "name"), value_of(nb, "name")],
                rank=0.9,
            )
    for key, norms in sorted(people.items()):
        for sid, ns in Story.by_source(
            [n for n in norms if isinstance(n.value, Title) and n.value.known]
        ).items():
            by_role = {n.value.role: n for n in ns}
            if len(by_role) < 2:
                continue
            first, second = list(by_role.values())[:2]
            yield make_finding(
                "person/self-conflict",
                "conflict",
                f"person:{key}:title:self:{sid}",
                f"{sid} gives {_display_name(norms)} two roles: \u201c{first.fact.fields.get('title')}\u201d and "
                f"\u201c{second.fact.fields.get('title')}\u201d",
                [value_of(first, "title"), value_of(second, "title")],
                rank=0.9,
            )
