"""Pre-publication check: classify every claim in a draft against its sources.

Pure: grounded facts of the draft and of the sources in, findings out. The classifications are
the ``check/*`` rules of :mod:`checker.rules.draft`.
"""

from __future__ import annotations

import re
from collections.abc import Iterable

from checker.align import align
from checker.models import SEVERITY_ORDER, Article, CheckFinding, Fact
from checker.normalize.facts import normalize_facts
from checker.normalize.lexicon import Lexicon, lexicon, using
from checker.rules.draft import classify, line_col

__all__ = ["check_draft", "line_col"]


def check_draft(
    draft: Article,
    draft_facts: list[Fact],
    sources: list[Article],
    source_facts: list[Fact],
    disabled: Iterable[str] = (),
    lex: Lexicon | None = None,
) -> list[CheckFinding]:
    """Classify each draft claim as conflict, mismatch, unsupported, supported or alias.

    ``disabled`` rule ids (``check/...``) are dropped from what is returned; ``lex`` is the
    lexicon to normalize with (default: the one in force, else the bundled one)."""
    with using(lex or lexicon()):
        return _check_draft(draft, draft_facts, sources, source_facts, set(disabled))


def _check_draft(
    draft: Article,
    draft_facts: list[Fact],
    sources: list[Article],
    source_facts: list[Fact],
    skip: set[str],
) -> list[CheckFinding]:
    norms = align([draft, *sources], normalize_facts([draft, *sources], draft_facts + source_facts))
    mine = [n for n in norms if n.fact.source == draft.id]
    theirs = [n for n in norms if n.fact.source != draft.id]
    out: list[CheckFinding] = []
    seen: set[tuple[str, int]] = set()
    for n in mine:
        for finding in classify(draft, n, theirs):
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
