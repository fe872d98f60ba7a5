"""Term rules: members of one category named differently (rail vs road)."""

from __future__ import annotations

from collections.abc import Iterator

from checker.models import Finding
from checker.rules.common import (
    about_same,
    conflicting,
    one_per_class,
    sides,
)
from checker.rules.registry import Story, make_finding, rule, value_of


@rule(
    "term/conflict", "term", "high", "Sources name different members of one category (rail vs road)"
)
def term_conflict(story: Story) -> Iterator[Finding]:
    """Sources that name different members of one category for one thing (rail / road).

    Categories and their members are lexicon terms; the two sentences must share words besides
    the terms, so that they speak of the same movement or the same thing.

    Why it matters:
        How something happened is a fact like a figure: goods sent by sea and goods sent by
        air are different stories, and one of the sources has it wrong.

    Example:
        a: The vaccines were carried by plane from Ambleby to the islands on Monday.
        b: The vaccines were carried by ship from Ambleby to the islands on Monday.
        Finding (high): a "plane", b "ship".
    """
    lex = story.lex
    for category, norms in sorted(story.slot("term").items()):
        per = Story.by_source(norms)
        if len(per) < 2:
            continue
        involved = conflicting(per, lambda a, b: a == b)
        # the two sources must be speaking of the same thing: sentences that share words
        # beside the terms ("moved by rail to the depot" / "moved by road to the depot")
        involved = [
            s
            for s in involved
            if any(
                about_same(lex, n, m)
                for n in per[s]
                for t in involved
                if t != s
                for m in per[t]
                if m.value != n.value
            )
        ]
        if not involved:
            continue
        vals = [value_of(lex, n) for s in involved for n in one_per_class(per[s])]
        yield make_finding(
            "term/conflict",
            "conflict",
            f"term:{category}",
            f"Sources disagree on {category}: "
            + sides(vals, story.order, lambda v: v.text.lower()),
            vals,
            rank=0.8,
        )
