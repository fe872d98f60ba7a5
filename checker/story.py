"""A story: every source's facts normalized, aligned and grouped into slots, once per run.

The diff's rules judge it (:mod:`checker.compare`), the draft check classifies the draft's
claims in it (:mod:`checker.check`), and the fact matrix is drawn from it
(:mod:`checker.matrix`): one alignment, so a matrix row and a finding about the same claim are
about the same slot.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import replace

from checker.align import align_story
from checker.context import RunContext
from checker.models import Article, Fact
from checker.normalize.facts import normalize_facts
from checker.rules.registry import Story


def build_story(
    ctx: RunContext,
    articles: list[Article],
    facts: list[Fact],
    joins: Mapping[str, str] | None = None,
) -> Story:
    """Normalize and group facts into slots, with the run's lexicon. ``joins`` moves facts (by
    id) into a given slot of their kind: a judgement the aligner could not make (see
    :func:`checker.assist.apply_same`)."""
    lex = ctx.lexicon
    story = Story(
        ctx=ctx,
        sources=sorted(a.id for a in articles),
        articles={a.id: a for a in articles},
    )
    aligned = align_story(lex, articles, normalize_facts(lex, articles, facts))
    story.labels = aligned.labels
    story.undecided = [(aligned.norms[i], aligned.norms[j], s) for i, j, s in aligned.undecided]
    for n in aligned.norms:
        if joins and n.fact.id in joins:
            n = replace(n, key=joins[n.fact.id])
        story.norms.append(n)
        story.slots.setdefault(n.fact.kind, {}).setdefault(n.key, []).append(n)
    return story
