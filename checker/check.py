"""Pre-publication check: classify every claim in a draft against its sources.

Pure: grounded facts of the draft and of the sources in, findings out. The classifications are
the ``check/*`` rules of :mod:`checker.rules.draft`.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence

from checker.align import align
from checker.claims import align_claims
from checker.context import RunContext
from checker.extract.sentences import Sentence
from checker.lexicon import Lexicon
from checker.models import SEVERITY_ORDER, Article, CheckFinding, Fact
from checker.normalize.facts import normalize_facts
from checker.rules.draft import classify, line_col
from checker.rules.sentence import sentence_findings

__all__ = ["check_draft", "line_col"]


def check_draft(
    ctx: RunContext,
    draft: Article,
    draft_facts: list[Fact],
    sources: list[Article],
    source_facts: list[Fact],
    disabled: Iterable[str] = (),
    sentences: tuple[Sequence[Sentence], Sequence[Sentence]] | None = None,
) -> list[CheckFinding]:
    """Classify each draft claim as conflict, mismatch, unsupported, supported or alias.

    ``ctx`` is the run's context (the lexicon to normalize with); ``disabled`` rule ids
    (``check/...``) are dropped from what is returned. ``sentences`` are the draft's and the
    sources' parsed sentences: with them, every draft sentence is also aligned to the source
    sentences it rests on and compared word by word (:mod:`checker.rules.sentence`)."""
    skip = set(disabled)
    lex = ctx.lexicon
    # every rule runs, and what is disabled is dropped at the end: the sentence check leaves
    # out what a claim finding already says whether or not that one is shown
    out = _check_draft(lex, draft, draft_facts, sources, source_facts, set())
    if sentences is not None:
        out = _with_sentences(lex, draft, sources, out, sentences, set())
    return [f for f in out if f.rule not in skip]


def _with_sentences(
    lex: Lexicon,
    draft: Article,
    sources: list[Article],
    facts: list[CheckFinding],
    sentences: tuple[Sequence[Sentence], Sequence[Sentence]],
    skip: set[str],
) -> list[CheckFinding]:
    """Add the sentence check's findings, leaving out those a claim finding already makes: a
    figure, date or name the claim classifier flags at least as severely is its to report. (One
    it calls supported, from any source, may still differ from the sentence the claim rests on:
    the sentence check's finding stands.)"""
    mine, theirs = sentences
    texts = {a.id: a.text for a in sources}
    flagged = [f for f in facts if f.severity != "info"]
    out = list(facts)
    for f in sentence_findings(lex, draft, align_claims(lex, mine, theirs), theirs, texts):
        if f.rule in skip:
            continue
        if f.rule in _FACT_LIKE and any(
            g.claim.start < f.claim.end
            and f.claim.start < g.claim.end
            and SEVERITY_ORDER[g.severity] >= SEVERITY_ORDER[f.severity]
            for g in flagged
        ):
            continue
        out.append(f)
    return sorted(out, key=lambda f: (-SEVERITY_ORDER[f.severity], f.claim.start, f.rule))


# sentence rules about what the claim classifier also reads (figures, dates, names)
_FACT_LIKE = {"check/figure", "check/date", "check/name", "check/role"}


def _check_draft(
    lex: Lexicon,
    draft: Article,
    draft_facts: list[Fact],
    sources: list[Article],
    source_facts: list[Fact],
    skip: set[str],
) -> list[CheckFinding]:
    norms = align(
        lex, [draft, *sources], normalize_facts(lex, [draft, *sources], draft_facts + source_facts)
    )
    mine = [n for n in norms if n.fact.source == draft.id]
    theirs = [n for n in norms if n.fact.source != draft.id]
    out: list[CheckFinding] = []
    seen: set[tuple[str, int]] = set()
    for n in mine:
        for finding in classify(lex, draft, n, theirs):
            if finding.rule in skip:
                continue
            key = (finding.rule, finding.claim.start)
            if key not in seen:
                seen.add(key)
                out.append(finding)
    return sorted(
        one_per_claim(out), key=lambda f: (-SEVERITY_ORDER[f.severity], f.claim.start, f.rule)
    )


_FIGURE = re.compile(r"^(\[[^\]]*\]|\S+)")


def one_per_claim(findings: list[CheckFinding]) -> list[CheckFinding]:
    """One finding for one claim the draft makes twice with the same outcome (a figure in its
    headline and again in its body): the first place keeps the finding and its id, the others
    are listed under ``also``."""
    kept: dict[tuple[object, ...], CheckFinding] = {}
    for f in sorted(findings, key=lambda f: f.claim.start):
        value = f.claim.normalized or " ".join(f.claim.text.lower().split())
        if f.claim.kind == "quantity":
            m = _FIGURE.match(value)  # the figure, whatever its unit ("5" and "5 worker")
            value = m.group(1) if m else value
        key = (f.rule, f.status, f.claim.kind, value, tuple(sorted(v.text for v in f.sources)))
        first = kept.get(key)
        if first is None:
            kept[key] = f
        else:
            kept[key] = first.model_copy(update={"also": [*first.also, f.claim]})
    return list(kept.values())
