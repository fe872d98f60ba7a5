"""People rules: titles, name spellings, who holds a post, people only one source names."""

from __future__ import annotations

import difflib
import re
from collections import Counter
from collections.abc import Iterator
from functools import lru_cache

from checker.lexicon import Lexicon
from checker.models import Finding, FindingValue
from checker.normalize.entities import Title, fold, parse_title, transliterated
from checker.normalize.facts import Norm
from checker.rules.common import (
    RANK,
    ROLE_STOP,
    content_words,
    enough,
    missing,
    one_per_source,
    sentences,
    sides,
    text_value,
)
from checker.rules.elsewhere import person_elsewhere
from checker.rules.registry import Story, make_finding, rule, value_of


def _display_name(norms: list[Norm]) -> str:
    """The fullest name sources write, the most written first ("Ana Lund" over a sentence's
    "Only Ana Lund")."""
    names = [n.fact.fields.get("name") or "" for n in norms]
    if not names:
        return "?"
    most = max(len(s.split()) for s in names)
    counts = Counter(n for n in names if len(n.split()) >= min(most, 2))
    return max(counts, key=lambda s: (counts[s], len(s.split()), len(s)))


@rule(
    "person/title",
    "person_title",
    "medium",
    "Sources give one person different titles",
    levels={"loose": "low"},  # a loose description ("a close ally") beside a title
    covers=("person/only-one-source",),
)
def person_title(story: Story) -> Iterator[Finding]:
    """Sources that give one person different roles (not one role worded otherwise).

    A post held before ("a former minister") is compared with posts held before, the present
    one with the present. Two known titles that differ are medium; a loose description ("a
    close ally") beside a title is low. The same role in other words is person/title-variant.

    Why it matters:
        A wrong title misstates who the person is and on whose behalf they speak; titles are
        among the most corrected facts in news copy.

    Example:
        a: Finance director Mira Tollefsen said the accounts were sound.
        b: Mira Tollefsen, the company's chief executive, said the accounts were sound.
        Finding (medium): a "Finance director", b "the company's chief executive".
    """
    for key, norms in sorted(story.slot("person").items()):
        titled = [n for n in norms if isinstance(n.value, Title) and not n.value.fragment]
        # a post held before ("a former minister") is compared with posts held before, the
        # present one with the present: a party leader may be a former minister too
        for former in (False, True):
            group = [n for n in titled if _is_former(n.value) == former]
            yield from _title_conflict(story, key, norms, group, ":former" if former else "")


def _is_former(t: Title) -> bool:
    return "former" in t.role.split()


def _title_conflict(
    story: Story, key: str, norms: list[Norm], titled: list[Norm], tense: str
) -> Iterator[Finding]:
    lex = story.lex
    per_source = one_per_source(titled)
    if len({n.fact.source for n in per_source}) < 2:
        return
    # "rail chief" beside "the chief executive of the railway": a loose word for heading
    # something says nothing against the post named in full
    specific = [n for n in per_source if not _loosely_heads(n.value, per_source)]
    if len({n.value.role for n in specific}) < 2:
        return
    per_source = specific
    # Two known titles that differ are a mismatch; a loose description ("a close ally")
    # beside a title is only worth a note.
    loose = sum(1 for n in per_source if n.value.known) < 2
    name = _display_name(norms)
    formal = [
        n for n in per_source if n.value.formal and n.value.role not in ("president", "leader")
    ]
    titles = [value_of(lex, n, "title") for n in per_source]
    msg = f"{name}'s role differs: " + sides(
        titles, story.order, lambda v: v.text.lower(), claimants=False
    )
    if formal:
        msg += f". The formal title is \u201c{formal[0].fact.fields['title']}\u201d ({formal[0].fact.source})"
    yield make_finding(
        "person/title",
        "conflict",
        f"person:{key}:title{tense}",
        msg,
        titles,
        rank=0.9,
        variant="loose" if loose else None,
    )


_TEMPORAL_RANKS = frozenset({"former", "acting", "interim"})


def _rank_words(role: str) -> set[str]:
    return {
        w for w in role.split() if w in {"deputy", "vice", "assistant", "associate", "lieutenant"}
    }


def _loosely_heads(t: Title, others: list[Norm]) -> bool:
    """True for a generic head-of word ("rail chief") beside a source's specific title of
    the same rank: 'chief' of something is what a chief executive or a director is too."""
    if not t.generic:
        return False
    return any(
        isinstance(o.value, Title)
        and not o.value.generic
        and o.value.known
        and _rank_words(o.value.role) == _rank_words(t.role)
        for o in others
    )


@rule("person/title-variant", "person_title", "info", "Same role, different wording")
def person_title_variant(story: Story) -> Iterator[Finding]:
    """One person's role, worded differently by different sources ("spokesman" / "spokesperson").

    Why it matters:
        Nothing is wrong; the note shows the editor that the sources agree on the role and
        lets the house style choose the wording.

    Example:
        a: Club chairman Osric Veldt said the ground would be sold.
        b: Club chairperson Osric Veldt said the ground would be sold.
        Finding (info): a "Club chairman", b "Club chairperson".
    """
    lex = story.lex
    for key, norms in sorted(story.slot("person").items()):
        per_source = one_per_source(
            [n for n in norms if isinstance(n.value, Title) and not n.value.fragment]
        )
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
            [value_of(lex, n, "title") for n in per_source],
            rank=0.2,
        )


@rule(
    "person/only-one-source",
    "only_in_one_source",
    "low",
    "A person only one source names",
    covers=("claim/only-one-source",),
    cites_covered=True,
    elsewhere=person_elsewhere,
)
def person_only_one(story: Story) -> Iterator[Finding]:
    """A person that one source names and no other source does.

    Why it matters:
        A named person only one outlet mentions may be a witness it alone found, or someone
        misidentified; before naming a person, the editor may want a second source.

    Example:
        a: The market reopened on Saturday, the council said. Stallholder Ines Marrow said
           trade was slow.
        b: The market reopened on Saturday, the council said.
        Finding (low): a "Stallholder Ines Marrow".
    """
    lex = story.lex
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
            [value_of(lex, best, "title" if title else "name")],
            missing_from=missing(story, sources),
            rank=RANK["person_titled" if title else "person"],
        )


def _given_and_surname(key: str) -> tuple[str, str] | None:
    words = key.split()
    return (" ".join(words[:-1]), words[-1]) if len(words) >= 2 else None


def _titles_of(norms: list[Norm]) -> set[str]:
    """The posts a person is given, a temporal rank aside ('former chief executive' is the
    chief executive's post); loose head-of words and list fragments name no post."""
    return {
        " ".join(w for w in n.value.role.split() if w not in _TEMPORAL_RANKS) or n.value.role
        for n in norms
        if isinstance(n.value, Title) and not n.value.fragment and not n.value.generic
    }


def _ratio(a: str, b: str) -> float:
    return difflib.SequenceMatcher(None, a, b).ratio()


def _name_variants(keys: list[str]) -> Iterator[tuple[str, str]]:
    """Pairs of full names one letter or two apart in the given name (same surname) or in the
    surname (same given name): 'kristen bergeron' / 'kirsten bergeron', 'elio brask' / 'elio brusk'."""
    for a, b, part in _name_pairs(keys):
        wa, wb = _part(a, part), _part(b, part)
        if min(len(wa), len(wb)) >= 3 and _ratio(wa, wb) >= (0.7 if part == "given" else 0.8):
            yield a, b


def _part(key: str, part: str) -> str:
    words = key.split()
    return " ".join(words[:-1]) if part == "given" else words[-1]


def _name_pairs(keys: list[str]) -> Iterator[tuple[str, str, str]]:
    """(a, b, the part that differs) for full names that share their surname ('given' differs)
    or their given names ('surname' differs); names are blocked by each part, never all pairs."""
    by_surname: dict[str, list[str]] = {}
    by_given: dict[str, list[str]] = {}
    for key in sorted(set(keys)):
        parts = _given_and_surname(key)
        if parts:
            by_surname.setdefault(parts[1], []).append(key)
            by_given.setdefault(parts[0], []).append(key)
    for groups, part in ((by_surname, "given"), (by_given, "surname")):
        for group in groups.values():
            for i, a in enumerate(group):
                for b in group[i + 1 :]:
                    if _part(a, part) != _part(b, part):
                        yield a, b, part


def _said_alike(lex: Lexicon, xs: list[Norm], ys: list[Norm], names: set[str]) -> bool:
    """Two sources' sentences about the named people say one thing: at least three content
    words in common besides the names, a third of the shorter sentence's."""
    for x in xs:
        wx = content_words(lex, x.fact.evidence) - names
        for y in ys:
            wy = content_words(lex, y.fact.evidence) - names
            common = wx & wy
            if len(common) >= 3 and len(common) >= min(len(wx), len(wy)) / 3:
                return True
    return False


def _quoted_alike(story: Story, a: str, b: str) -> bool:
    """The same words are quoted from ``a`` in one source and from ``b`` in another."""
    quotes = story.slot("quote")
    for qa in quotes.get(a, []):
        for qb in quotes.get(b, []):
            if qa.fact.source != qb.fact.source and _ratio(str(qa.value), str(qb.value)) >= 0.8:
                return True
    return False


def _same_person_why(story: Story, a: str, b: str, part: str) -> str | None:
    """Why two full names that no one source uses together are one person's, or None.

    The name alone decides when the differing part is a letter or two off ('Kessler' /
    'Kesler'). Otherwise something else must tie them: the same post, the same statement
    beside the name, the same quotation. With that, a given name that differs for one surname
    ('Dr Ruth X' / 'Dr Rita X') or a surname a few letters off for one given name ('Baumann' /
    'Baumgart') is one person written two ways, as long as neither source also names the other
    form anywhere. Returns '' when the spelling alone decides, else what ties them."""
    lex = story.lex
    people = story.slot("person")
    src_a = {n.fact.source for n in people[a]}
    src_b = {n.fact.source for n in people[b]}
    if src_a & src_b:
        return None  # one source names both: two people (a couple, siblings)
    wa, wb = _part(a, part), _part(b, part)
    if min(len(wa), len(wb)) < 3 or transliterated(lex, wa, wb):
        return None
    ta, tb = _titles_of(people[a]), _titles_of(people[b])
    if ta and tb and not ta & tb:
        return None  # different roles: different people
    ratio = _ratio(wa, wb)
    if ratio >= (0.7 if part == "given" else 0.8):
        return ""
    if part == "surname" and ratio < 0.5 and not (ta & tb or _quoted_alike(story, a, b)):
        return None  # 'Ana Lee' / 'Ana Okonjo': two people who share a given name
    for sid in src_b:
        if set(wa.split()) <= set(fold(lex, story.texts.get(sid, "")).split()):
            return None
    for sid in src_a:
        if set(wb.split()) <= set(fold(lex, story.texts.get(sid, "")).split()):
            return None
    if ta & tb:
        return f"the same role ({sorted(ta & tb)[0]})"
    if _quoted_alike(story, a, b):
        return "the same quotation"
    if _said_alike(lex, people[a], people[b], set(a.split()) | set(b.split())):
        return "the same statement beside the name"
    return None


def same_people(story: Story) -> dict[tuple[str, str], str]:
    """(a, b) -> why, for the pairs of person keys that name one person two ways (computed once
    per story: the name and role-holder rules both use them)."""
    if "same_people" not in story.derived:
        found: dict[tuple[str, str], str] = {}
        for a, b, part in _name_pairs(list(story.slot("person"))):
            why = _same_person_why(story, a, b, part)
            if why is not None:
                found[(a, b)] = why
        story.derived["same_people"] = found
    out: dict[tuple[str, str], str] = story.derived["same_people"]
    return out


@rule(
    "person/name",
    "person_name",
    "high",
    "One person's name spelled differently",
    covers=("person/only-one-source",),
)
def person_name_spelling(story: Story) -> Iterator[Finding]:
    """One person whose name the sources spell differently.

    Two names are taken for one person by the same-person matcher: a letter or two apart in a
    surname, a transliteration, a given name shortened, with the same role or context.

    Why it matters:
        A misspelt name is an error the person named will see at once, and it breaks searches
        and archives; one of the spellings is wrong.

    Example:
        a: Harbour master Aurel Hallvard said the pier would reopen on Monday.
        b: Harbour master Aurel Halvard said the pier would reopen on Monday.
        Finding (high): a "Aurel Hallvard", b "Aurel Halvard".
    """
    lex = story.lex
    people = story.slot("person")
    for (a, b), why in sorted(same_people(story).items()):
        src_a = {n.fact.source for n in people[a]}
        src_b = {n.fact.source for n in people[b]}
        na, nb = one_per_source(people[a])[0], one_per_source(people[b])[0]
        yield make_finding(
            "person/name",
            "conflict",
            f"person:{a}|{b}:name",
            f"One person's name {'differs' if why else 'is spelled differently'}: "
            f"\u201c{na.fact.fields.get('name')}\u201d "
            f"({', '.join(sorted(src_a))}) and \u201c{nb.fact.fields.get('name')}\u201d ({', '.join(sorted(src_b))})"
            + (f", with {why}" if why else ""),
            [value_of(lex, na, "name"), value_of(lex, nb, "name")],
            rank=0.85,
        )


@lru_cache(maxsize=65536)
def _role_signature(lex: Lexicon, title: str) -> tuple[str, frozenset[str]]:
    """('head', {'aurora', 'provincial', ...}) for 'head of the Aurora Provincial … Office'."""
    t = parse_title(lex, title)
    words = [w for w in fold(lex, title).split() if w not in ROLE_STOP]
    variants = {v for v, cls in lex.titles.items() if cls == t.role.split()[-1] or cls == t.role}
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
    lex = story.lex
    if "everywhere" not in story.derived:
        words = [set(fold(lex, t).split()) for t in story.texts.values()]
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


@rule(
    "person/role-holder",
    "person_name",
    "high",
    "Sources name different people for one post",
    levels={"shared post": "medium"},  # a post an organisation may have several of
    covers=("person/only-one-source",),
)
def person_role_holder(story: Story) -> Iterator[Finding]:
    """Sources that name different people as the holder of one post.

    The post must be the same (the same role and the same qualifiers, or an acronym of them),
    and neither source may mention the other person at all. High for a post an organisation
    has one of (a chief executive); medium for one it may have several of (a spokesman).

    Why it matters:
        Naming the wrong person as the one in charge is a serious error about both people;
        one of the sources may be out of date after a change of post.

    Example:
        a: Tilde Amsel, head of the Vellmar Port Authority, said the cranes were repaired.
        b: Goran Brisk, head of the Vellmar Port Authority, said the cranes were repaired.
        Finding (high): a "Tilde Amsel", b "Goran Brisk".
    """
    lex = story.lex
    people = story.slot("person")
    holders: list[tuple[str, Norm, tuple[str, frozenset[str]]]] = []
    for key, norms in sorted(people.items()):
        if len(key.split()) < 2:
            continue
        for n in one_per_source([m for m in norms if isinstance(m.value, Title)]):
            holders.append((key, n, _role_signature(lex, n.fact.fields.get("title") or "")))
    seen: set[tuple[str, str]] = set()
    distinct: dict[
        tuple[str, str, frozenset[str]], tuple[str, Norm, tuple[str, frozenset[str]]]
    ] = {}
    for h in holders:
        distinct.setdefault((h[0], *h[2]), h)  # one person in one post, however many sources say so
    holders = list(distinct.values())
    unique = lex.unique_roles
    same = same_people(story)
    for i, (ka, na, (ra, qa)) in enumerate(holders):
        for kb, nb, (rb, qb) in holders[i + 1 :]:
            if ka == kb or ra != rb or na.fact.source == nb.fact.source or (ka, kb) in seen:
                continue
            if ka.split()[-1] == kb.split()[-1]:
                continue
            if (ka, kb) in same or (kb, ka) in same:
                continue  # one person written two ways: person/name says so
            if not _same_post(qa, qb) and not (
                ra in unique and _same_unique_post(qa, qb, _everywhere(story))
            ):
                continue
            # each source names only its own holder: neither mentions the other person at all
            sa, sb = na.fact.source, nb.fact.source
            if (
                kb.split()[-1] in fold(lex, story.texts.get(sa, "")).split()
                or ka.split()[-1] in fold(lex, story.texts.get(sb, "")).split()
            ):
                continue
            seen.add((ka, kb))
            # "ÖBB spokesman": an organisation may have several; a post named in full has one
            shared = not (ra in unique or min(len(qa), len(qb)) >= 2 or len(qa) != len(qb))
            yield make_finding(
                "person/role-holder",
                "conflict",
                f"role:{ra}:{' '.join(sorted(qa))}",
                f"Sources name different people as {na.fact.fields.get('title')}: "
                f"{sa} says {na.fact.fields.get('name')}, {sb} says {nb.fact.fields.get('name')}",
                [value_of(lex, na, "name"), value_of(lex, nb, "name")],
                rank=0.85,
                variant="shared post" if shared else None,
            )


@rule(
    "person/self-conflict",
    "person_name",
    "medium",
    "One source spells one person's name two ways or gives two roles",
    covers=("person/only-one-source",),
)
def person_self_conflict(story: Story) -> Iterator[Finding]:
    """One source that spells one person's name two ways.

    A letter or two apart in one name (relatives who share a surname are not matched).

    Why it matters:
        At least one of the two spellings in the story is wrong, whatever the other sources
        say; a copy-editing error that is cheap to fix before publication.

    Example:
        a: Harbour master Aurel Hallvard said the pier was safe. Later, Aurel Halvard said
           divers would inspect it.
        b: The pier will reopen on Monday, the harbour office said.
        Finding (medium): a "Aurel Hallvard", a "Aurel Halvard".
    """
    lex = story.lex
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
                [value_of(lex, na, "name"), value_of(lex, nb, "name")],
                rank=0.9,
            )
    for key, norms in sorted(people.items()):
        for sid, ns in Story.by_source(
            [
                n
                for n in norms
                if isinstance(n.value, Title)
                and n.value.known
                and not n.value.fragment
                and not n.value.generic
            ]
        ).items():
            # a present post and a former one are two posts, not two roles for one
            pair = None
            for former in (False, True):
                by_role = {n.value.role: n for n in ns if _is_former(n.value) == former}
                if len(by_role) >= 2 and pair is None:
                    pair = list(by_role.values())[:2]
            if pair is None:
                continue
            first, second = pair
            yield make_finding(
                "person/self-conflict",
                "conflict",
                f"person:{key}:title:self:{sid}",
                f"{sid} gives {_display_name(norms)} two roles: \u201c{first.fact.fields.get('title')}\u201d and "
                f"\u201c{second.fact.fields.get('title')}\u201d",
                [value_of(lex, first, "title"), value_of(lex, second, "title")],
                rank=0.9,
            )


_ORDINALS = {
    "first": 1,
    "second": 2,
    "third": 3,
    "fourth": 4,
    "fifth": 5,
    "sixth": 6,
    "seventh": 7,
    "eighth": 8,
    "ninth": 9,
    "tenth": 10,
    "runner-up": 2,
    "runner up": 2,
}
# "Ana Lund was second in 31:05", "Ana Lund finished third, ...", "... and Ana Lund fourth.",
# "Ana Lund, the runner-up,": a place in a finishing order written right after the name; the
# word after it must end the phrase ("second time", "second term" are something else)
# read with match() just after a name; it starts at no space inside a run of them, and its runs
# of spaces are possessive (a long run costs one scan)
_PLACED = re.compile(
    r"(?<!\s)(?:\s*+,\s*+who)?"  # "Ana Lund, who was third"
    r"(?:\s++(?:was|is|finished|came|placed|ended|ended up|crossed the line|came home|came in))?"
    r"(?:\s++in)?\s*+,?\s*+(?:the\s++)?"
    r"(?P<ord>first|second|third|fourth|fifth|sixth|seventh|eighth|ninth|tenth|"
    r"runner[- ]up|(?:[1-9]|10)(?:st|nd|rd|th))(?:\s++place)?"
    r"(?=\s*+(?:[,.;:)]|$)|\s++(?:and|with|behind|ahead|overall|after|on|at|in\s++\d))",
    re.I,
)
# the words a place in an order is written with, for a cheap test before the patterns
_ORDINAL_HINTS = tuple(w for w in _ORDINALS if " " not in w)
_NUMBERED_PLACE = re.compile(r"\d(?:st|nd|rd|th)\b")


def _has_ordinal(low: str) -> bool:
    return any(h in low for h in _ORDINAL_HINTS) or bool(_NUMBERED_PLACE.search(low))


# a finishing order of another race or year ("was second here in 2024", "last year")
_OTHER_RACE = re.compile(r"\b(?:1[89]|20)\d\d\b|\blast (?:year|season|time)\b|\bprevious", re.I)


def _places_in_order(story: Story) -> dict[str, dict[str, tuple[int, FindingValue]]]:
    """source -> person key -> (place in the finishing order, the words that say so)."""
    people = story.slot("person")
    surnames: dict[str, set[str]] = {}
    for key, norms in people.items():
        if len(key.split()) < 2:
            continue
        for n in norms:
            written = re.sub(r"(?:'s|’s)$", "", (n.fact.fields.get("name") or "").strip())
            if written.split():
                surnames.setdefault(written.split()[-1], set()).add(key)
    names = {w: next(iter(ks)) for w, ks in surnames.items() if len(ks) == 1 and len(w) >= 3}
    out: dict[str, dict[str, tuple[int, FindingValue]]] = {}
    if not names:
        return out
    pattern = re.compile(r"\b(" + "|".join(re.escape(w) for w in sorted(names)) + r")\b")
    for sid, article in sorted(story.articles.items()):
        if not _has_ordinal(article.text.lower()):
            continue  # most articles give no finishing order at all
        seen: dict[str, set[int]] = {}
        where: dict[str, FindingValue] = {}
        for start, sent in sentences(story, article):
            if not _has_ordinal(sent.lower()) or _OTHER_RACE.search(sent):
                continue  # no place in an order, or another race's
            for m in pattern.finditer(sent):
                placed = _PLACED.match(sent, m.end())
                if placed is None:
                    continue
                key = names[m.group(1)]
                word = placed.group("ord").lower().replace("runner up", "runner-up")
                rank = _ORDINALS.get(word) or int(re.sub(r"\D", "", word))
                seen.setdefault(key, set()).add(rank)
                text = sent[m.start() : placed.end()]
                where.setdefault(key, text_value(sid, text, sent.strip(), start + m.start()))
        for key, ranks in seen.items():
            if len(ranks) == 1:  # two places for one person in one source: two races
                out.setdefault(sid, {})[key] = (next(iter(ranks)), where[key])
    return out


def _ordinal(n: int) -> str:
    return f"{n}{ {1: 'st', 2: 'nd', 3: 'rd'}.get(n if n < 20 else n % 10, 'th') }".replace(" ", "")


@rule(
    "person/position",
    "person_name",
    "high",
    "Sources name different people for one place in a finishing order",
    covers=("person/only-one-source",),
)
def person_position(story: Story) -> Iterator[Finding]:
    """Sources that give one place in a finishing order (second, third) to different people.

    A result told two ways: one source has A second and B third, another B second. One
    finding per story, with every source whose order disagrees with another's.

    Why it matters:
        Results are checked by the people in them and their supporters; a swapped place is a
        visible error and often a correction.

    Example:
        a: Ilka Dremmel won the sprint on Sunday. Kai Brummel finished second and Tor Evje
           third.
        b: Ilka Dremmel won the sprint on Sunday. Tor Evje came second, with Kai Brummel third.
        Finding (high): a "Brummel finished second", a "Evje third", b "Evje came second",
        b "Brummel third".
    """
    order = _places_in_order(story)
    by_person: dict[str, dict[str, int]] = {}
    for sid, placed in order.items():
        for key, (rank, _) in placed.items():
            by_person.setdefault(key, {})[sid] = rank
    involved = {
        (sid, key)
        for key, ranks in by_person.items()
        if len(set(ranks.values())) > 1
        for sid in ranks
    }
    if not involved:
        return
    values = [order[sid][key][1] for sid, key in sorted(involved)]
    people = story.slot("person")
    shown = "; ".join(
        f"{sid}: "
        + ", ".join(
            f"{_display_name(people[key])} {_ordinal(order[sid][key][0])}"
            for key in sorted((k for s, k in involved if s == sid), key=lambda k: order[sid][k][0])
        )
        for sid in sorted({s for s, _ in involved})
    )
    yield make_finding(
        "person/position",
        "conflict",
        "person:finishing-order",
        f"Sources give the finishing order differently: {shown}",
        values,
        rank=0.85,
    )
