"""Pre-publication check: classify every claim in a draft against its sources.

Pure: grounded facts of the draft and of the sources in, findings out. The draft and its sources
are one story (:mod:`checker.story`), aligned once: the draft's claims are classified in it, and
the check report's fact matrix is drawn from the same story. The classifications are the
``check/*`` rules of :mod:`checker.rules.draft` and :mod:`checker.rules.sentence`.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence

from checker.claims import align_claims
from checker.context import RunContext
from checker.extract.sentences import Sentence
from checker.lexicon import Lexicon
from checker.models import SEVERITY_ORDER, Article, Fact, Finding
from checker.normalize.facts import Norm
from checker.rules.draft import classify, line_col
from checker.rules.registry import Story, with_severities
from checker.rules.sentence import sentence_findings
from checker.story import build_story

__all__ = ["check_draft", "check_story", "line_col"]


def check_draft(
    ctx: RunContext,
    draft: Article,
    draft_facts: list[Fact],
    sources: list[Article],
    source_facts: list[Fact],
    disabled: Iterable[str] = (),
    sentences: tuple[Sequence[Sentence], Sequence[Sentence]] | None = None,
) -> list[Finding]:
    """Classify each draft claim as conflict, mismatch, unsupported, supported or alias.

    ``ctx`` is the run's context (the lexicon to normalize with, the severities configured);
    ``disabled`` rule ids (``check/...``) are dropped from what is returned. ``sentences`` are
    the draft's and the sources' parsed sentences: with them, every draft sentence is also
    aligned to the source sentences it rests on and compared word by word
    (:mod:`checker.rules.sentence`)."""
    story = build_story(ctx, [draft, *sources], draft_facts + source_facts)
    return check_story(draft, story, disabled, sentences)


def check_story(
    draft: Article,
    story: Story,
    disabled: Iterable[str] = (),
    sentences: tuple[Sequence[Sentence], Sequence[Sentence]] | None = None,
) -> list[Finding]:
    """As :func:`check_draft`, in a story already aligned (the draft among its articles): the
    one the check report's matrix is drawn from."""
    skip = set(disabled)
    lex = story.lex
    sources = [a for sid, a in story.articles.items() if sid != draft.id]
    # every rule runs, and what is disabled is dropped at the end: the sentence check leaves
    # out what a claim finding already says whether or not that one is shown
    out = _check_draft(lex, draft, story.norms, set())
    if sentences is not None:
        out = _with_sentences(lex, draft, sources, out, sentences, set())
    kept = with_severities([f for f in out if f.rule not in skip], story.ctx.settings.severities)
    return sorted(kept, key=_order)


def _order(f: Finding) -> tuple[int, int, str]:
    """Most severe first, then in the draft's order."""
    return (-SEVERITY_ORDER[f.severity], f.draft_claim.start, f.rule)


def _with_sentences(
    lex: Lexicon,
    draft: Article,
    sources: list[Article],
    facts: list[Finding],
    sentences: tuple[Sequence[Sentence], Sequence[Sentence]],
    skip: set[str],
) -> list[Finding]:
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
            g.draft_claim.start < f.draft_claim.end
            and f.draft_claim.start < g.draft_claim.end
            and SEVERITY_ORDER[g.severity] >= SEVERITY_ORDER[f.severity]
            for g in flagged
        ):
            continue
        out.append(f)
    return sorted(_fold_into_sentences(out), key=_order)


def _fold_into_sentences(findings: list[Finding]) -> list[Finding]:
    """A sentence no source states is one finding (an off-topic sentence gave a finding per
    value besides its own). With one figure, day or name in it that no source gives, that
    claim's finding is the one (it says what to look up); with several, the sentence's, which
    names them all."""
    hosts = [f for f in findings if f.rule == "check/unsupported-words"]
    if not hosts:
        return findings
    inside: dict[int, list[Finding]] = {}
    for f in findings:
        if f.rule != "check/unsupported":
            continue
        for h in hosts:
            if (
                h.draft_claim.start <= f.draft_claim.start
                and f.draft_claim.end <= h.draft_claim.end
                and SEVERITY_ORDER[f.severity] <= SEVERITY_ORDER[h.severity]
            ):
                inside.setdefault(id(h), []).append(f)
                break
    folded = {id(g) for gs in inside.values() if len(gs) > 1 for g in gs}
    out: list[Finding] = []
    for f in findings:
        claims = inside.get(id(f), [])
        if id(f) in folded or len(claims) == 1:
            continue  # named in its sentence's finding / the sentence's one claim says it
        if claims:
            names = ", ".join(f"“{g.draft_claim.text}”" for g in claims)
            f = f.model_copy(update={"message": f"{f.message}; no source gives {names}"})
        out.append(f)
    return out


# sentence rules about what the claim classifier also reads (figures, dates, names)
_FACT_LIKE = {"check/figure", "check/date", "check/name", "check/role"}


def _check_draft(lex: Lexicon, draft: Article, norms: list[Norm], skip: set[str]) -> list[Finding]:
    mine = [n for n in norms if n.fact.source == draft.id]
    theirs = [n for n in norms if n.fact.source != draft.id]
    out: list[Finding] = []
    seen: set[tuple[str, int]] = set()
    for n in mine:
        for finding in classify(lex, draft, n, theirs):
            if finding.rule in skip:
                continue
            key = (finding.rule, finding.draft_claim.start)
            if key not in seen:
                seen.add(key)
                out.append(finding)
    return sorted(one_per_claim(out), key=_order)


_FIGURE = re.compile(r"^(\[[^\]]*\]|\S+)")


def one_per_claim(findings: list[Finding]) -> list[Finding]:
    """One finding for one claim the draft makes twice with the same outcome (a figure in its
    headline and again in its body): the first place keeps the finding and its id, the others
    are listed under ``also``."""
    kept: dict[tuple[object, ...], Finding] = {}
    for f in sorted(findings, key=lambda f: f.draft_claim.start):
        value = f.draft_claim.normalized or " ".join(f.draft_claim.text.lower().split())
        if f.draft_claim.kind == "quantity":
            m = _FIGURE.match(value)  # the figure, whatever its unit ("5" and "5 worker")
            value = m.group(1) if m else value
        key = (f.rule, f.status, f.draft_claim.kind, value, tuple(sorted(v.text for v in f.values)))
        first = kept.get(key)
        if first is None:
            kept[key] = f
        else:
            kept[key] = first.model_copy(update={"also": [*first.also, f.draft_claim]})
    return list(kept.values())
