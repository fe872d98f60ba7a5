"""Number rules: figures that cannot both hold, figures from different claimants, compatible wordings."""

from __future__ import annotations

from collections.abc import Callable, Hashable, Iterator

from checker.lexicon import Lexicon
from checker.models import Finding, FindingValue
from checker.normalize.facts import Norm
from checker.rules.common import (
    RANK,
    claimant_key,
    conflicting,
    distinct_claimants,
    enough,
    missing,
    self_findings,
    sides,
)
from checker.rules.elsewhere import figure_elsewhere
from checker.rules.registry import Story, make_finding, rule, value_of

Disagreement = tuple[str, list[FindingValue], str, bool, Callable[[FindingValue], Hashable]]


def _same_figure(pairs: list[tuple[Norm, FindingValue]]) -> Callable[[FindingValue], Hashable]:
    """Two values are one figure when their ranges are the same ("Twelve" in a headline and
    "twelve workers" in the body): the key grouping a finding's values."""
    ranges = {(v.source, v.start): (n.value.lo, n.value.hi) for n, v in pairs}
    return lambda v: ranges.get((v.source, v.start), v.normalized or v.text.lower())


def _figure_disagreements(story: Story) -> list[Disagreement]:
    """Slots whose figures cannot all hold: (slot key, values, shown, whether each value comes
    from a different named claimant, what makes two values one figure). Computed once per
    story, read by two rules."""
    lex = story.lex
    if "figure_disagreements" in story.derived:
        cached: list[Disagreement] = story.derived["figure_disagreements"]
        return cached
    out = []
    surnames = {k.split()[-1] for k in story.slot("person") if k}
    for key, norms in sorted(story.slot("quantity").items()):
        per = Story.by_source(norms)
        if len(per) < 2:
            continue
        involved = conflicting(per, lambda a, b: a.overlaps(b))
        if not involved:
            continue
        pairs = [(n, value_of(lex, n)) for s in involved for n in per[s]]
        vals = [v for _, v in pairs]
        same = _same_figure(pairs)
        shown = sides(vals, story.order, same)
        claimants = [claimant_key(lex, v.claimant) for v in vals]
        bodies = not any(c in surnames for c in claimants if c)  # a spokesperson speaks for a body
        by_claimants = (
            bodies and None not in claimants and distinct_claimants([c for c in claimants if c])
        )
        out.append((key, vals, shown, by_claimants, same))
    story.derived["figure_disagreements"] = out
    return out


@rule(
    "number/conflict",
    "number",
    "high",
    "Sources give figures that cannot both hold",
    covers=("number/only-one-source",),
)
def number_conflict(story: Story) -> Iterator[Finding]:
    """Figures two sources give for one thing that cannot both hold.

    Figures are compared by what they count (the aligner's slot) and as ranges: "more than
    40" holds with 52, "about 300" with 310. When each differing figure comes from a different
    named body, number/claimants reports it instead.

    Why it matters:
        One of the figures is wrong, or the sources count different things under one name;
        either way the editor must know which before printing a number.

    Example:
        a: The landslide buried 23 homes, the county said.
        b: The landslide buried 32 homes, the county said.
        Finding (high): a "23 homes", b "32 homes".
    """
    for key, vals, shown, by_claimants, same in _figure_disagreements(story):
        if not by_claimants:
            yield make_finding(
                "number/conflict",
                "conflict",
                f"quantity:{key}",
                f"Figures for {story.label('quantity', key)} disagree: {shown}",
                vals,
                rank=0.9,
                same=same,
            )


@rule(
    "number/claimants",
    "attribution",
    "medium",
    "Figures differ because different people or bodies give them",
    covers=("number/only-one-source",),
)
def number_claimants(story: Story) -> Iterator[Finding]:
    # Each outlet reports a different named claimant's figure: the claimants disagree, which
    # is an attribution matter rather than a contradiction between the outlets.
    """Figures that differ because each comes from a different named body.

    The same comparison as number/conflict; the finding is an attribution matter rather than
    a contradiction between the outlets when every differing figure is credited to a
    different named body (a spokesperson speaks for a body, so a person's name does not count).

    Why it matters:
        The outlets may each report their source faithfully while the sources disagree; the
        story should say who gives which figure instead of choosing one silently.

    Example:
        a: The flood displaced 2,000 people, according to the Red Cross.
        b: The flood displaced 3,500 people, according to the Interior Ministry.
        Finding (medium): a "2,000 people", b "3,500 people".
    """
    for key, vals, shown, by_claimants, same in _figure_disagreements(story):
        if by_claimants:
            yield make_finding(
                "number/claimants",
                "conflict",
                f"quantity:{key}",
                "Different sources of information give different figures for "
                f"{story.label('quantity', key)}: {shown}",
                vals,
                rank=0.8,
                same=same,
            )


@rule("number/compatible", "number", "info", "Same figure, different wording or precision")
def number_compatible(story: Story) -> Iterator[Finding]:
    """One figure given in different words or at different precision by several sources.

    Reported when the figures all hold together and are written differently ("1,200" and
    "about 1,200", "a dozen" and "12"); the finding's relation says whether the values are the
    same (agree) or only overlap (compatible).

    Why it matters:
        Nothing is wrong, but the editor sees that the sources agree and which wording is
        the most precise one to use.

    Example:
        a: Nearly 500 runners took part in the race.
        b: Almost five hundred runners took part in the race.
        Finding (info): a "Nearly 500 runners", b "Almost five hundred runners".
    """
    lex = story.lex
    for key, norms in sorted(story.slot("quantity").items()):
        per = Story.by_source(norms)
        if len(per) < 2 or conflicting(per, lambda a, b: a.overlaps(b)):
            continue
        # each source's value that agrees with another source: a source that contradicts
        # itself is not called compatible on the strength of its wrong figure
        firsts = [
            next(
                (
                    n
                    for n in ns
                    if any(
                        n.value.overlaps(m.value) for t, ms in per.items() if t != sid for m in ms
                    )
                ),
                ns[0],
            )
            for sid, ns in per.items()
        ]
        if (
            len({(n.value.lo, n.value.hi) for n in firsts}) == 1
            and len({n.shown.lower() for n in firsts}) == 1
        ):
            continue
        rel = "agree" if len({(n.value.lo, n.value.hi) for n in firsts}) == 1 else "compatible"
        pairs = [(n, value_of(lex, n)) for n in firsts]
        same = _same_figure(pairs)
        yield make_finding(
            "number/compatible",
            rel,
            f"quantity:{key}",
            f"Figures for {story.label('quantity', key)} agree in substance: "
            + sides([v for _, v in pairs], story.order, same),
            [v for _, v in pairs],
            rank=0.1,
            same=same,
        )


def _trivial(lex: Lexicon, n: Norm) -> bool:
    """'two countries': a small exact count, usually colour rather than a checkable figure."""
    q = n.value
    measures = {canon for canon, _ in lex.units.values()}
    return q.qualifier == "exact" and q.hi <= 2 and q.unit not in measures


@rule(
    "number/only-one-source",
    "only_in_one_source",
    "low",
    "A figure only one source gives",
    elsewhere=figure_elsewhere,
)
def number_only_one(story: Story) -> Iterator[Finding]:
    """A figure that one source gives and no other source gives for the same thing.

    Small exact counts with no unit ("two countries") rank lower: they are usually colour.

    Why it matters:
        A figure only one outlet reports is a single report; if it is the story's headline
        number, it needs a second source or an attribution.

    Example:
        a: The warehouse fire burned for hours. Firefighters saved 30 horses.
        b: The warehouse fire burned for hours. Firefighters saved the horses.
        Finding (low): a "30 horses".
    """
    lex = story.lex
    if not enough(story):
        return
    # one source's figures of one kind of thing are one finding, however many slots they
    # fill (its two counts of railcars, then and now)
    alone: dict[tuple[str, str], tuple[str, list[Norm]]] = {}
    for key, norms in sorted(story.slot("quantity").items()):
        per = Story.by_source(norms)
        if len(per) != 1:
            continue
        ((source, ns),) = per.items()
        _first, found = alone.setdefault((source, story.label("quantity", key)), (key, []))
        found.extend(ns)
    for (source, label), (key, ns) in sorted(alone.items(), key=lambda kv: kv[1][0]):
        yield make_finding(
            "number/only-one-source",
            "only_in_one_source",
            f"quantity:{key}",
            f"Only {source} gives a figure for {label}: "
            + ", ".join(dict.fromkeys(n.shown for n in ns)),
            [value_of(lex, n) for n in ns],
            missing_from=missing(story, [source]),
            rank=RANK["quantity"]
            + min(len(ns), 3) * 0.01
            - (0.4 if all(_trivial(lex, n) for n in ns) else 0),
        )


@rule(
    "number/self-conflict",
    "number",
    "high",
    "One source gives two figures for one thing that cannot both hold",
    covers=("number/only-one-source",),
)
def number_self_conflict(story: Story) -> Iterator[Finding]:
    """One source that gives two figures for one thing that cannot both hold.

    Why it matters:
        A story that contradicts itself is wrong in one place at least; one of the two figures
        was updated and the other left behind.

    Example:
        a: The strike closed 14 schools on Tuesday, the union said. [...] Parents were told
           the strike closed 41 schools on Tuesday, the union said.
        b: A strike closed 14 schools on Tuesday, the union said.
        Finding (high): a "14 schools", a "41 schools".
    """
    yield from self_findings(
        "number/self-conflict", "quantity", story, lambda a, b: a.overlaps(b), lambda key: key
    )  # keyed by family: its phrase is the label
