"""Judge reports against stories' ``expected.yaml`` files: misses, false alarms, leaked noise.

Format of ``expected.yaml`` (see README, "Corpus"):

- ``must_find``: findings that must be reported. Each entry: ``kind`` and ``about`` (strings
  that must all appear in the finding's message, slot or values), optionally ``severity``,
  ``relation``, ``sources`` (each must have a value) and ``values`` (each must appear in a value).
- ``must_not_find``: entries in the same form that must NOT be reported.
- ``must_not_conflict``: groups of benign variants; no ``conflict`` may have values from two
  different members of one group (a one-member group: no conflict may show it at all).
- ``must_not_mention``: page noise; no report text may contain these.

A false alarm is a finding at ``medium`` or above that matches no ``must_find`` entry, any finding
matching ``must_not_find``, and any conflict that breaks ``must_not_conflict``.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml

from checker.errors import InputError
from checker.models import SEVERITY_ORDER, Finding, Report


@dataclass
class Outcome:
    """One story's result."""

    story: str = ""
    found: list[dict[str, Any]] = field(default_factory=list)
    missed: list[dict[str, Any]] = field(default_factory=list)
    false_alarms: list[tuple[str, Finding]] = field(default_factory=list)  # (why, finding)
    false_conflicts: list[tuple[list[str], Finding]] = field(default_factory=list)
    noise: list[tuple[str, str]] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        return not (self.missed or self.false_alarms or self.false_conflicts or self.noise)


def load_expected(path: Path) -> dict[str, Any]:
    try:
        data = yaml.safe_load(path.read_text(encoding="utf-8")) or {}
    except (OSError, yaml.YAMLError) as e:
        raise InputError(f"{path}: cannot read expectations ({e})") from e
    if not isinstance(data, dict):
        raise InputError(f"{path}: expectations must be a mapping")
    for entry in data.get("must_find", []) + data.get("must_not_find", []):
        if not isinstance(entry, dict) or "kind" not in entry:
            raise InputError(f"{path}: every must_find/must_not_find entry needs a kind")
    return data


def _texts(f: Finding) -> list[str]:
    """Every wording of the finding's values, a repeat's (``also``) included."""
    return [t for v in f.values for t in (v.text, *(e.text for e in v.also))]


def _haystack(f: Finding) -> str:
    parts = [f.message, f.slot, *_texts(f)]
    return " ".join(parts).lower()


def matches(f: Finding, exp: dict[str, Any]) -> bool:
    """True when finding ``f`` satisfies one expectation entry."""
    # A quotation given to another speaker is labelled kind "quote"; an attribution finding about
    # the speaker of those words answers it as well.
    speaker_for_quote = exp["kind"] == "quote" and f.rule == "attribution/speaker"
    if f.kind != exp["kind"] and not speaker_for_quote:
        return False
    hay = _haystack(f)
    if not all(str(a).lower() in hay for a in exp.get("about", [])):
        return False
    if "severity" in exp and f.severity != exp["severity"]:
        return False
    if "relation" in exp and f.relation != exp["relation"]:
        return False
    sources = {v.source for v in f.values}
    if not set(exp.get("sources", [])) <= sources:
        return False
    texts = " ".join(_texts(f)).lower()
    return all(str(v).lower() in texts for v in exp.get("values", []))


def evaluate(report: Report, expected: dict[str, Any], story: str = "") -> Outcome:
    """Which expected findings were found or missed, which alarms were false, what noise leaked."""
    out = Outcome(story=story)
    must_find = expected.get("must_find", [])
    for exp in must_find:
        (out.found if any(matches(f, exp) for f in report.findings) else out.missed).append(exp)
    for f in report.findings:
        if any(matches(f, exp) for exp in expected.get("must_not_find", [])):
            out.false_alarms.append(("listed in must_not_find", f))
        elif SEVERITY_ORDER[f.severity] >= SEVERITY_ORDER["medium"] and not any(
            matches(f, exp) for exp in must_find
        ):
            out.false_alarms.append(("not expected", f))
    for group in expected.get("must_not_conflict", []):
        words = [str(g).lower() for g in group]
        for f in report.findings:
            if f.relation != "conflict":
                continue
            texts = [t.lower() for t in _texts(f)]
            hit = {w for w in words if any(w in t for t in texts)}
            # Broken only when the conflict rests on the benign variants alone: every value is
            # one of them (a title finding may list a benign pair beside a real mismatch).
            explained = all(any(w in t for w in words) for t in texts)
            if explained and (len(hit) >= 2 or len(words) == 1):
                out.false_conflicts.append((group, f))
    text_parts: list[tuple[str, str]] = []
    for f in report.findings:
        text_parts.append((f.id, f.message))
        for v in f.values:
            text_parts += [(f.id, v.text), (f.id, v.evidence)]
            text_parts += [(f.id, t) for e in v.also for t in (e.text, e.evidence)]
    for s in report.sources:
        for fact in s.facts:
            text_parts.append((fact.id, fact.evidence))
    for needle in expected.get("must_not_mention", []):
        for where, text in text_parts:
            if str(needle).lower() in text.lower():
                out.noise.append((str(needle), where))
                break
    return out


@dataclass
class Score:
    tp: int = 0
    fn: int = 0
    fp: int = 0

    @property
    def precision(self) -> float:
        return self.tp / (self.tp + self.fp) if self.tp + self.fp else 1.0

    @property
    def recall(self) -> float:
        return self.tp / (self.tp + self.fn) if self.tp + self.fn else 1.0

    @property
    def f1(self) -> float:
        p, r = self.precision, self.recall
        return 2 * p * r / (p + r) if p + r else 0.0


def score(outcomes: list[Outcome]) -> dict[str, Score]:
    """Per finding kind and ``overall``: true positives, misses and false alarms."""
    by: dict[str, Score] = {}
    counts: Counter[str] = Counter()
    for o in outcomes:
        for exp in o.found:
            by.setdefault(exp["kind"], Score()).tp += 1
        for exp in o.missed:
            by.setdefault(exp["kind"], Score()).fn += 1
        for _, f in o.false_alarms:
            by.setdefault(f.kind, Score()).fp += 1
        for _, f in o.false_conflicts:
            by.setdefault(f.kind, Score()).fp += 1
        counts["noise"] += len(o.noise)
    total = Score(
        tp=sum(s.tp for s in by.values()),
        fn=sum(s.fn for s in by.values()),
        fp=sum(s.fp for s in by.values()),
    )
    result = dict(sorted(by.items()))
    result["overall"] = total
    return result


@dataclass
class Summary:
    """Recall split by severity, wrong single-source claims, and the precision of LOW findings
    over those the expectations label (a LOW finding no entry mentions is neither right nor
    wrong)."""

    major_found: int = 0
    major_total: int = 0
    low_found: int = 0
    low_total: int = 0
    must_not_find_hits: int = 0
    low_right: int = 0

    @staticmethod
    def ratio(a: int, b: int) -> float:
        return a / b if b else 1.0

    @property
    def major_recall(self) -> float:
        return self.ratio(self.major_found, self.major_total)

    @property
    def low_recall(self) -> float:
        return self.ratio(self.low_found, self.low_total)

    @property
    def low_precision(self) -> float:
        return self.ratio(self.low_right, self.low_right + self.must_not_find_hits)


def summarize(
    outcomes: list[Outcome], reports: list[Report], expected: list[dict[str, Any]]
) -> Summary:
    """Severity-split recall and LOW precision for a set of evaluated stories."""
    s = Summary()
    for o, report, exp in zip(outcomes, reports, expected, strict=True):
        for e in o.found + o.missed:
            low = e.get("severity") == "low" or (
                e["kind"] == "only_in_one_source" and "severity" not in e
            )
            found = e in o.found
            if low:
                s.low_total += 1
                s.low_found += found
            else:
                s.major_total += 1
                s.major_found += found
        s.must_not_find_hits += sum(
            1 for why, _ in o.false_alarms if why == "listed in must_not_find"
        )
        must_find = exp.get("must_find", [])
        s.low_right += sum(
            1
            for f in report.findings
            if f.severity == "low" and any(matches(f, e) for e in must_find)
        )
    return s
