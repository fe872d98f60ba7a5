"""Stage 5: the deterministic comparer. Slots across sources, one relation and severity each.

Rules are small registered functions (see :mod:`checker.rules`); each turns the normalized
story (:mod:`checker.story`) into findings with a stable rule id. This module runs the enabled
rules over it, applies the configured severities and orders the findings.
"""

from __future__ import annotations

import bisect
import hashlib
from collections import Counter
from collections.abc import Callable, Iterable, Mapping

from checker.align import no_collection_pauses
from checker.context import RunContext
from checker.models import SEVERITY_ORDER, Article, Fact, Finding, FindingValue
from checker.rules import Story
from checker.rules.common import short
from checker.rules.registry import RULES, rules_for, with_severities
from checker.story import build_story


def compare(
    ctx: RunContext,
    articles: list[Article],
    facts: list[Fact],
    disabled: Iterable[str] = (),
) -> list[Finding]:
    """Run every enabled rule over the story and return findings, most severe first.

    Args:
        ctx: the run's context (the lexicon normalization and the rules read, its caches).
        articles: the sources that were processed.
        facts: grounded facts of all of them.
        disabled: rule ids to skip.
    """
    return compare_story(ctx, articles, facts, disabled)[1]


def compare_story(
    ctx: RunContext,
    articles: list[Article],
    facts: list[Fact],
    disabled: Iterable[str] = (),
    joins: Mapping[str, str] | None = None,
    progress: Callable[[str, int, int], None] | None = None,
) -> tuple[Story, list[Finding]]:
    """As :func:`compare`, also returning the aligned story the findings were drawn from;
    ``progress`` hears "align: N facts" and then "compare: RULE" with the rules done."""
    with no_collection_pauses():
        if progress:
            progress(f"align: {len(facts):,} facts", 0, 1)
        story = build_story(ctx, articles, facts, joins)
        return story, story_findings(story, disabled, progress)


def story_findings(
    story: Story,
    disabled: Iterable[str] = (),
    progress: Callable[[str, int, int], None] | None = None,
) -> list[Finding]:
    """Every enabled diff rule's findings over an aligned story, the covered ones set aside,
    each at the severity the run's settings give its rule (default: the registry's), most
    severe first."""
    skip = set(disabled)
    findings: list[Finding] = []
    # Every rule runs, disabled or not, and disabled findings are dropped last: some findings
    # cover others (a person only one source names covers that source's sentence about them),
    # so disabling one rule must not bring back what its findings covered.
    rules = rules_for("diff")
    for k, rule_id in enumerate(sorted(rules)):
        if progress:
            progress(f"compare: {rule_id}", k, len(rules))
        info = rules[rule_id]
        found = info.func(story)
        findings.extend(f for f in found if info.elsewhere is None or not info.elsewhere(story, f))
    if progress:
        progress(
            f"compare: {len(findings):,} findings, the covered ones set aside",
            len(rules),
            len(rules),
        )
    findings = drop_covered(findings)
    findings = with_severities(
        [f for f in findings if f.rule not in skip], story.ctx.settings.severities
    )
    unique = {f.id: f for f in findings}
    return sentence_groups(
        sorted(
            unique.values(),
            key=lambda f: (-SEVERITY_ORDER[f.severity], -f.rank, f.kind, f.slot, f.id),
        )
    )


def sentence_groups(findings: list[Finding]) -> list[Finding]:
    """Give the single-source findings that rest on one sentence of one source a shared
    ``group``: one aside about another story ("X, who is visiting Y, spoke to Z") is one entry
    for a reader, not four, while each finding keeps its id (to disable, baseline or cite)."""
    keys: dict[str, tuple[str, str] | None] = {}
    for f in findings:
        sources = {v.source for v in f.values}
        sentences = {
            " ".join(e.split())
            for v in f.values
            for e in (v.evidence, *(a.evidence for a in v.also))
        }
        single = f.relation == "only_in_one_source" and len(sources) == 1 and len(sentences) == 1
        keys[f.id] = (sources.pop(), sentences.pop()) if single else None
    count = Counter(k for k in keys.values() if k is not None)
    out = []
    for f in findings:
        k = keys[f.id]
        if k is not None and count[k] > 1:
            digest = hashlib.sha1("\x1f".join(k).encode()).hexdigest()[:10]
            f = f.model_copy(update={"group": f"sentence-{digest}"})
        out.append(f)
    return out


def drop_covered(findings: list[Finding]) -> list[Finding]:
    """Set aside the findings other findings cover, as each rule's registry entry declares
    (:class:`~checker.rules.registry.RuleInfo`'s ``covers``): a covered finding goes when every
    value it rests on is shown by the values of the findings that cover its rule — the same
    source, and a span inside the covered value's or the same sentence. A covering rule with
    ``cites_covered`` adds the first sentence it takes in to its finding's message."""
    shown: dict[str, _Shown] = {}
    citing: dict[str, list[Finding]] = {}
    for f in findings:
        if f.relation not in ("conflict", "only_in_one_source"):
            continue
        for covered in RULES[f.rule].covers:
            shown.setdefault(covered, _Shown()).add(f.values)
            if RULES[f.rule].cites_covered:
                citing.setdefault(covered, []).append(f)
    dropped: set[int] = set()  # by position: two findings may share an id until deduplicated
    cited: dict[int, FindingValue] = {}
    for k, c in enumerate(findings):
        index = shown.get(c.rule)
        if index is None or not c.values or not all(index.shows(cv) for cv in c.values):
            continue
        dropped.add(k)
        for f in citing.get(c.rule, ()):
            if id(f) not in cited and _Shown(f.values).shows(c.values[0]):
                cited[id(f)] = c.values[0]
    out = []
    for k, f in enumerate(findings):
        if k in dropped:
            continue
        if id(f) in cited:
            quoted = short(cited[id(f)].evidence, 160)
            f = f.model_copy(update={"message": f"{f.message}: \u201c{quoted}\u201d"})
        out.append(f)
    return out


class _Shown:
    """The values covering findings show, indexed: a covered value is shown by one of them
    from the same source with the same sentence, or with a start inside the covered value's
    span (its own start where it has no end). Looked up by bisection, so covering is n log n
    in the findings, not a scan of every covering finding per covered one."""

    def __init__(self, values: Iterable[FindingValue] = ()) -> None:
        self.sentences: set[tuple[str, str]] = set()
        self.starts: dict[str, list[int]] = {}
        self._sorted = True
        self.add(values)

    def add(self, values: Iterable[FindingValue]) -> None:
        for v in values:
            self.sentences.add((v.source, v.evidence))
            if v.start is not None:
                self.starts.setdefault(v.source, []).append(v.start)
                self._sorted = False

    def shows(self, cv: FindingValue) -> bool:
        if (cv.source, cv.evidence) in self.sentences:
            return True
        if cv.start is None:
            return False
        if not self._sorted:
            for starts in self.starts.values():
                starts.sort()
            self._sorted = True
        starts = self.starts.get(cv.source, [])
        end = cv.end if cv.end is not None and cv.end > cv.start else cv.start + 1
        k = bisect.bisect_left(starts, cv.start)
        return k < len(starts) and starts[k] < end
