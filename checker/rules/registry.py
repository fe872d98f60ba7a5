"""The rule registry: a rule is a small function of the story, registered under a stable id
with the kind of finding it makes and its default severity (with the weaker levels of its
named outcomes, where it has them). Also the one finding builder (id scheme, span choice,
severity from the registry) every rule, diff and draft check alike, goes through, and the
severity overrides a newsroom configures.

Imports no rule and nothing that runs rules.
"""

from __future__ import annotations

import hashlib
import inspect
import itertools
import re
import textwrap
from collections import defaultdict
from collections.abc import Callable, Hashable, Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from functools import lru_cache
from typing import Any

from checker.context import RunContext
from checker.lexicon import Lexicon, alternation
from checker.models import STATUS_RELATION, Article, Claim, Evidence, Fact, Finding, FindingValue
from checker.normalize.facts import Norm


@dataclass
class Story:
    """Normalized facts of every source, grouped by kind and slot key, and the run's context
    (its lexicon and caches) for the rules that read them."""

    ctx: RunContext
    sources: list[str]
    slots: dict[str, dict[str, list[Norm]]] = field(default_factory=dict)
    derived: dict[str, Any] = field(
        default_factory=dict, repr=False
    )  # computed once, shared by rules
    articles: dict[str, Article] = field(default_factory=dict, repr=False)
    labels: dict[tuple[str, str], str] = field(default_factory=dict, repr=False)
    # values the aligner scored just under its threshold: (one, another, score)
    undecided: list[tuple[Norm, Norm, float]] = field(default_factory=list, repr=False)
    # every aligned fact in the order the sources gave them (what ``slots`` groups)
    norms: list[Norm] = field(default_factory=list, repr=False)

    @property
    def lex(self) -> Lexicon:
        """The lexicon in force for the run (bundled, newsroom and story files merged)."""
        return self.ctx.lexicon

    @property
    def order(self) -> list[str]:
        """The sources in the order they were given (the command line's); sorted when the
        story was built without its articles."""
        return [s for s in self.articles if s in self.sources] or list(self.sources)

    @property
    def texts(self) -> dict[str, str]:
        """Each source's story text (its kept paragraphs), computed once."""
        if "texts" not in self.derived:
            self.derived["texts"] = {sid: a.body_text() for sid, a in self.articles.items()}
        texts: dict[str, str] = self.derived["texts"]
        return texts

    def slot(self, kind: str) -> dict[str, list[Norm]]:
        return self.slots.get(kind, {})

    def label(self, kind: str, key: str) -> str:
        """What a slot is about, for an editor to read (its key is an id, not for reading): a
        small count's place in its sentence ('leader ~4') is no part of it."""
        return re.sub(r"(?<!\s)\s*+~\d++$", "", self.labels.get((kind, key), key))

    @staticmethod
    def by_source(norms: list[Norm]) -> dict[str, list[Norm]]:
        out: dict[str, list[Norm]] = defaultdict(list)
        for n in norms:
            out[n.fact.source].append(n)
        return dict(sorted(out.items()))


Rule = Callable[..., Iterable[Any]]
SCOPES = ("diff", "check")


@dataclass(frozen=True)
class Explanation:
    """What ``checker rules --explain`` prints: what the rule finds, why an editor cares, an
    example."""

    finds: str
    why: str
    example: str


SECTIONS = ("Why it matters", "Example")
"""The sections of a rule's documentation that ``--explain`` prints after its first paragraph
(Google style: the heading alone on its line, the text indented under it)."""


def explanation_of(doc: str | None) -> Explanation | None:
    """The explanation a rule's documentation gives; None when its first paragraph or one of
    the :data:`SECTIONS` is missing or empty. Other paragraphs are notes for developers."""
    lines = inspect.cleandoc(doc or "").splitlines()
    first = list(itertools.takewhile(lambda line: line.strip(), lines))
    sections: dict[str, list[str]] = {}
    current: list[str] | None = None
    for line in lines[len(first) :]:
        heading = line.rstrip()[:-1] if line.rstrip().endswith(":") else None
        if heading in SECTIONS:
            current = sections.setdefault(heading, [])
        elif current is not None and (not line.strip() or line[:1].isspace()):
            current.append(line)
        else:
            current = None  # unindented text after a section: back to the notes
    found = [textwrap.dedent("\n".join(sections.get(name, []))).strip() for name in SECTIONS]
    finds = " ".join(" ".join(first).split())
    if not finds or not all(found):
        return None
    return Explanation(finds, *found)


@dataclass(frozen=True)
class RuleInfo:
    """A registered rule. ``diff`` rules are functions of the story; ``check`` rules are the
    outcomes of the draft classifier, which takes one draft claim at a time.

    ``severity`` is the rule's level; ``levels`` the levels of its weaker named outcomes (a
    figure no source gives, where the rule's level is for one a source contradicts), which a
    rule names when it builds the finding (``variant``). ``doc`` is the id's own documentation
    where several ids share one function (the ``check/*`` outcomes); otherwise the function's
    docstring documents its rule.

    ``covers`` names the rules whose findings this rule's findings take in: a finding of a
    covered rule is not listed when every value it rests on is shown by a covering finding that
    reports a disagreement or a lone value (the same source, and a span inside the covered value's
    or the same sentence) — a date only one source gives that a date conflict already shows, a
    sentence only one source has that names a person only it names. With ``cites_covered`` the
    covering finding's message gains the covered finding's sentence. ``elsewhere`` is the test
    that another source does say what one of the rule's single-source findings says only one
    has (:mod:`checker.rules.elsewhere`); the runner drops the findings it holds for."""

    id: str
    kind: str
    severity: str
    summary: str
    func: Rule
    scope: str = "diff"
    doc: str | None = None
    levels: Mapping[str, str] = field(default_factory=dict)
    covers: tuple[str, ...] = ()
    cites_covered: bool = False
    elsewhere: Callable[[Story, Finding], bool] | None = None

    def level(self, variant: str | None = None) -> str:
        """The severity of one of the rule's outcomes: a named variant's, else the rule's."""
        return self.levels.get(variant, self.severity) if variant else self.severity

    def explanation(self) -> Explanation | None:
        """What the rule finds, why it matters and an example, from its documentation."""
        return explanation_of(self.doc if self.doc is not None else self.func.__doc__)

    def explain(self) -> str:
        """The text of ``checker rules --explain`` for this rule."""
        head = f"{self.id} ({self.severity}, {self.scope}): {self.summary}"
        e = self.explanation()
        if e is None:
            return head + "\n\n(no explanation written)"
        lines = [head]
        finds = textwrap.fill(e.finds, 96)
        for title, text in (
            ("What it finds", finds),
            ("Why it matters", e.why),
            ("Example", e.example),
        ):
            lines += ["", f"{title}:", textwrap.indent(text, "  ")]
        return "\n".join(lines)


RULES: dict[str, RuleInfo] = {}


def rule(
    rule_id: str,
    kind: str,
    severity: str,
    summary: str,
    scope: str = "diff",
    doc: str | None = None,
    levels: Mapping[str, str] | None = None,
    covers: tuple[str, ...] = (),
    cites_covered: bool = False,
    elsewhere: Callable[[Story, Finding], bool] | None = None,
) -> Callable[[Rule], Rule]:
    """Register a rule under a stable id with its finding kind and default severity; ``levels``
    names the weaker outcomes it has and their levels; ``doc`` documents the id when its
    function serves several (else the function's docstring does); ``covers`` and
    ``cites_covered`` say which rules' findings its findings take in, ``elsewhere`` how its
    single-source findings are refuted (:class:`RuleInfo`)."""
    if scope not in SCOPES:
        raise ValueError(f"unknown rule scope {scope!r}")

    def wrap(func: Rule) -> Rule:
        if rule_id in RULES:
            raise ValueError(f"duplicate rule id {rule_id}")
        RULES[rule_id] = RuleInfo(
            rule_id,
            kind,
            severity,
            summary,
            func,
            scope,
            doc,
            dict(levels or {}),
            covers,
            cites_covered,
            elsewhere,
        )
        return func

    return wrap


def rules_for(scope: str) -> dict[str, RuleInfo]:
    """The registered rules of one scope, by id."""
    return {rid: info for rid, info in RULES.items() if info.scope == scope}


@lru_cache(maxsize=8)
def _hedge_pattern(lex: Lexicon) -> re.Pattern[str]:
    return re.compile(rf"\b({alternation(lex.hedges)})\b", re.I)


# the verbs by which a sentence credits its claim to someone ("X said", "X estimated")
_CITE_VERBS = "said|says|told|reported|reports|estimated|estimates|claimed|claims|announced"
_SAYS = re.compile(
    r"(?:^|[,;] |\b(?:and|but) )((?:the |The )?[A-Z][\w'’.-]*(?: [A-Z][\w'’.-]*){0,5})"
    rf",? (?:{_CITE_VERBS})\b"
)
_ACCORDING = re.compile(r"\baccording to ((?:the )?[A-Z][\w'’.-]*(?: [A-Z][\w'’.-]*){0,5})")


def hedge_of(lex: Lexicon, evidence: str) -> str | None:
    """The hedge a sentence puts on its claims, if any."""
    m = _hedge_pattern(lex).search(evidence)
    return m.group(1).lower() if m else None


@lru_cache(maxsize=8)
def _bodies_pattern(lex: Lexicon) -> re.Pattern[str]:
    bodies = alternation(lex.claimant_bodies)
    return re.compile(
        rf"(?:^|[,;] |\b(?:and|but) )((?:the |The )?(?:[A-Za-z]+ ){{0,2}}?(?:{bodies})),? "
        rf"(?:{_CITE_VERBS})\b|\baccording to ((?:the )?(?:[A-Za-z]+ ){{0,2}}?(?:{bodies}))\b"
    )


def claimant_of(lex: Lexicon, evidence: str) -> str | None:
    """Who a sentence says makes its claim: 'according to X', 'X said', where X is a name or
    a body named in lower case ('firefighters said', 'according to the state police')."""
    return _claimant_of(evidence, lex)


_CITES = re.compile(rf"\b(?:{_CITE_VERBS}|according to)\b")


@lru_cache(maxsize=65536)
def _claimant_of(evidence: str, lex: Lexicon) -> str | None:
    if not _CITES.search(evidence):
        return None
    m = (
        _ACCORDING.search(evidence)
        or _SAYS.search(evidence)
        or _bodies_pattern(lex).search(evidence)
    )
    if not m:
        return None
    if m.re is not _ACCORDING and m.re is not _SAYS:
        who = re.sub(r"^(?:the|The)\s+", "", m.group(1) or m.group(2)).strip(" ,.")
        return who or None
    who = re.sub(r"^(?:the|The)\s+", "", m.group(1)).strip(" ,.")
    return who or None


def span_of(f: Fact, field_name: str | None = None) -> tuple[int, int]:
    """Where a fact's field (its first one by default) stands in its article, as offsets.

    A figure's span runs on over its unit when the unit follows it: "about 2,000 crates",
    not just "about 2,000". Diff values and draft claims both point here."""
    name = field_name or next(iter(f.spans))
    span = f.spans.get(name) or next(iter(f.spans.values()))
    start, end = span.start, span.end
    unit = f.spans.get("unit")
    if f.kind == "quantity" and name == "value" and unit is not None and 0 <= unit.start - end <= 2:
        end = unit.end
    return start, end


def value_of(lex: Lexicon, n: Norm, field_name: str | None = None) -> FindingValue:
    """A finding value for a normalized fact, pointing at the field's span."""
    f: Fact = n.fact
    name = field_name or next(iter(f.spans))
    start, end = span_of(f, field_name)
    hedge, claimant = hedge_of(lex, f.evidence), claimant_of(lex, f.evidence)
    if hedge == "according to":  # an attribution, shown with whom it names or not at all
        hedge = f"according to {claimant}" if claimant else None
    return FindingValue(
        source=f.source,
        text=n.shown if field_name is None else (f.fields.get(name) or n.shown),
        normalized=n.normalized,
        evidence=f.evidence,
        start=start,
        end=end,
        hedge=hedge,
        claimant=claimant,
    )


def similarity(a: str, b: str) -> float:
    """Word-set (Jaccard) similarity of two wordings: how quotations are matched, diff and check alike."""
    wa, wb = set(a.split()), set(b.split())
    return len(wa & wb) / max(1, len(wa | wb))


def finding_id(rule_id: str, parts: Iterable[str]) -> str:
    """The stable id of a finding: its rule and a digest of what it is about and says.

    Baselines and SARIF fingerprints keep these, so the parts a rule hashes do not change."""
    digest = hashlib.sha1("\x1f".join([rule_id, *parts]).encode()).hexdigest()[:10]
    return f"{rule_id.replace('/', '-')}-{digest}"


def make_finding(
    rule_id: str,
    relation: str,
    slot: str,
    message: str,
    values: list[FindingValue],
    missing_from: list[str] | None = None,
    rank: float = 0.0,
    variant: str | None = None,
    same: Callable[[FindingValue], Hashable] | None = None,
) -> Finding:
    """The one finding builder of a diff rule: the id, the severity from the registry (the
    rule's, or that of its named outcome ``variant``), the values in source order, a value a
    source gives twice (by ``same``, else by its normalized form or wording) made one value
    with its other evidence spans under ``also``.

    The id hashes every value as given, before repeats are merged, so it stays what it was."""
    info = RULES[rule_id]
    values = sorted(values, key=lambda v: (v.source, v.start or 0))
    fid = finding_id(rule_id, [slot, *(f"{v.source}={v.normalized or v.text}" for v in values)])
    return Finding(
        id=fid,
        rule=rule_id,
        kind=info.kind,  # type: ignore[arg-type]
        relation=relation,  # type: ignore[arg-type]
        severity=info.level(variant),  # type: ignore[arg-type]
        slot=slot,
        message=message,
        values=merge_repeats(values, same),
        missing_from=sorted(missing_from or []),
        rank=round(rank, 3),
        group=None,
    )


def make_check_finding(
    rule_id: str,
    kind: str,
    status: str,
    slot: str,
    message: str,
    claim: Claim,
    values: list[FindingValue],
    id_parts: Sequence[str],
    variant: str | None = None,
) -> Finding:
    """The one finding builder of a draft-check rule: a finding about the draft's ``claim``,
    its severity from the registry (the rule's, or that of its named outcome ``variant``), its
    relation from its ``status``, the sources' ``values`` in the order the rule gives them (the
    closest support first). The id hashes the rule and ``id_parts`` (what the rule has always
    hashed: baselines and SARIF fingerprints keep these ids)."""
    info = RULES[rule_id]
    return Finding(
        id=finding_id(rule_id, id_parts),
        rule=rule_id,
        kind=kind,  # type: ignore[arg-type]
        relation=STATUS_RELATION[status],  # type: ignore[arg-type]
        severity=info.level(variant),  # type: ignore[arg-type]
        slot=slot,
        message=message,
        values=values,
        missing_from=[],
        rank=0.0,
        group=None,
        status=status,  # type: ignore[arg-type]
        claim=claim,
    )


def with_severities(findings: Iterable[Finding], overrides: Mapping[str, str]) -> list[Finding]:
    """Findings with the severity a newsroom configured for their rule (``severity`` in the
    settings: rule id -> level), every finding of that rule alike; the others as they are."""
    if not overrides:
        return list(findings)
    return [
        f.model_copy(update={"severity": overrides[f.rule]}) if f.rule in overrides else f
        for f in findings
    ]


def merge_repeats(
    values: list[FindingValue], same: Callable[[FindingValue], Hashable] | None = None
) -> list[FindingValue]:
    """One value per source and value: a figure a source gives in its headline and again in
    its body is one value, shown with the fuller sentence, the other place kept under ``also``."""
    key = same or (lambda v: v.normalized or " ".join(v.text.lower().split()))
    groups: dict[tuple[str, Hashable], list[FindingValue]] = {}
    for v in values:
        groups.setdefault((v.source, key(v)), []).append(v)
    out = []
    for group in groups.values():
        if len(group) == 1:
            out.append(group[0])
            continue
        main = max(group, key=lambda v: (len(v.evidence), -(v.start or 0)))
        rest = [
            Evidence(text=v.text, evidence=v.evidence, start=v.start, end=v.end)
            for v in group
            if v is not main
        ]
        out.append(main.model_copy(update={"also": [*main.also, *rest]}))
    return sorted(out, key=lambda v: (v.source, v.start or 0))
