"""Stage 5: the deterministic comparer. Slots across sources, one relation and severity each.

Rules are small registered functions (see :mod:`checker.rules`); each turns the normalized
story into findings with a stable rule id. This module groups facts into slots, runs the
rules, and orders the findings.
"""

from __future__ import annotations

import hashlib
import re
from collections import defaultdict
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from typing import Any

from checker.align import align
from checker.models import SEVERITY_ORDER, Article, Fact, Finding, FindingValue
from checker.normalize.facts import Norm, normalize_facts
from checker.normalize.lexicon import pinned


@dataclass
class Story:
    """Normalized facts of every source, grouped by kind and slot key."""

    sources: list[str]
    slots: dict[str, dict[str, list[Norm]]] = field(default_factory=dict)
    derived: dict[str, Any] = field(default_factory=dict, repr=False)  # computed once, shared by rules
    articles: dict[str, Article] = field(default_factory=dict, repr=False)

    @property
    def texts(self) -> dict[str, str]:
        """Each source's story text (its kept paragraphs), computed once."""
        if "texts" not in self.derived:
            self.derived["texts"] = {sid: a.body_text() for sid, a in self.articles.items()}
        texts: dict[str, str] = self.derived["texts"]
        return texts

    def slot(self, kind: str) -> dict[str, list[Norm]]:
        return self.slots.get(kind, {})

    @staticmethod
    def by_source(norms: list[Norm]) -> dict[str, list[Norm]]:
        out: dict[str, list[Norm]] = defaultdict(list)
        for n in norms:
            out[n.fact.source].append(n)
        return dict(sorted(out.items()))


Rule = Callable[[Story], Iterable[Finding]]


@dataclass(frozen=True)
class RuleInfo:
    id: str
    kind: str
    severity: str
    summary: str
    func: Rule


RULES: dict[str, RuleInfo] = {}


def rule(rule_id: str, kind: str, severity: str, summary: str) -> Callable[[Rule], Rule]:
    """Register a rule under a stable id with its finding kind and default severity."""

    def wrap(func: Rule) -> Rule:
        if rule_id in RULES:
            raise ValueError(f"duplicate rule id {rule_id}")
        RULES[rule_id] = RuleInfo(rule_id, kind, severity, summary, func)
        return func

    return wrap


_HEDGE = re.compile(
    r"\b(reportedly|allegedly|according to|is believed|are believed|unconfirmed|purportedly|"
    r"apparently|claimed|claims|estimated|may have|might have|could have|is thought|are thought)\b",
    re.I,
)
_SAYS = re.compile(
    r"(?:^|[,;] |\b(?:and|but) )((?:the |The )?[A-Z][\w'’.-]*(?: [A-Z][\w'’.-]*){0,5})"
    r",? (?:said|says|told|reported|reports|estimated|estimates|claimed|claims|announced)\b"
)
_ACCORDING = re.compile(r"\baccording to ((?:the )?[A-Z][\w'’.-]*(?: [A-Z][\w'’.-]*){0,5})")


def hedge_of(evidence: str) -> str | None:
    """The hedge a sentence puts on its claims, if any."""
    m = _HEDGE.search(evidence)
    return m.group(1).lower() if m else None


def claimant_of(evidence: str) -> str | None:
    """Who a sentence says makes its claim: 'according to X', 'X said'."""
    m = _ACCORDING.search(evidence) or _SAYS.search(evidence)
    if not m:
        return None
    who = re.sub(r"^(?:the|The)\s+", "", m.group(1)).strip(" ,.")
    return who or None


def value_of(n: Norm, field_name: str | None = None) -> FindingValue:
    """A finding value for a normalized fact, pointing at the field's span."""
    f: Fact = n.fact
    name = field_name or next(iter(f.spans))
    span = f.spans.get(name) or next(iter(f.spans.values()))
    hedge, claimant = hedge_of(f.evidence), claimant_of(f.evidence)
    if hedge == "according to":  # an attribution, shown with whom it names or not at all
        hedge = f"according to {claimant}" if claimant else None
    return FindingValue(
        source=f.source,
        text=n.shown if field_name is None else (f.fields.get(name) or n.shown),
        normalized=n.normalized,
        evidence=f.evidence,
        start=span.start,
        end=span.end,
        hedge=hedge,
        claimant=claimant,
    )


def make_finding(
    rule_id: str,
    relation: str,
    slot: str,
    message: str,
    values: list[FindingValue],
    missing_from: list[str] | None = None,
    rank: float = 0.0,
    severity: str | None = None,
) -> Finding:
    info = RULES[rule_id]
    values = sorted(values, key=lambda v: (v.source, v.start or 0))
    digest = hashlib.sha1(
        "\x1f".join([rule_id, slot, *(f"{v.source}={v.normalized or v.text}" for v in values)]).encode()
    ).hexdigest()[:10]
    return Finding(
        id=f"{rule_id.replace('/', '-')}-{digest}",
        rule=rule_id,
        kind=info.kind,  # type: ignore[arg-type]
        relation=relation,  # type: ignore[arg-type]
        severity=(severity or info.severity),  # type: ignore[arg-type]
        slot=slot,
        message=message,
        values=values,
        missing_from=sorted(missing_from or []),
        rank=round(rank, 3),
    )


def build_story(articles: list[Article], facts: list[Fact]) -> Story:
    """Normalize and group facts into slots."""
    story = Story(
        sources=sorted(a.id for a in articles),
        articles={a.id: a for a in articles},
    )
    for n in align(articles, normalize_facts(articles, facts)):
        story.slots.setdefault(n.fact.kind, {}).setdefault(n.key, []).append(n)
    return story


def compare(articles: list[Article], facts: list[Fact], disabled: Iterable[str] = ()) -> list[Finding]:
    """Run every enabled rule over the story and return findings, most severe first.

    Args:
        articles: the sources that were processed.
        facts: grounded facts of all of them.
        disabled: rule ids to skip.
    """
    with pinned():
        return _compare(articles, facts, disabled)


def _compare(articles: list[Article], facts: list[Fact], disabled: Iterable[str]) -> list[Finding]:
    import checker.rules

    story = build_story(articles, facts)
    skip = set(disabled)
    findings: list[Finding] = []
    for rule_id in sorted(RULES):
        if rule_id in skip:
            continue
        findings.extend(RULES[rule_id].func(story))
    findings = checker.rules.drop_covered_claims(
        [f for f in findings if not checker.rules.said_elsewhere(story, f)]
    )
    unique = {f.id: f for f in findings}
    return sorted(
        unique.values(),
        key=lambda f: (-SEVERITY_ORDER[f.severity], -f.rank, f.kind, f.slot, f.id),
    )
