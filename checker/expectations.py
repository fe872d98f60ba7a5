"""Match a report against a story's ``expected.yaml`` (see corpus/*/expected.yaml)."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml

from checker.errors import InputError
from checker.models import Finding, Report


@dataclass
class Outcome:
    missed: list[dict[str, Any]] = field(default_factory=list)
    false_conflicts: list[tuple[list[str], Finding]] = field(default_factory=list)
    noise: list[tuple[str, str]] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        return not (self.missed or self.false_conflicts or self.noise)


def load_expected(path: Path) -> dict[str, Any]:
    try:
        data = yaml.safe_load(path.read_text(encoding="utf-8")) or {}
    except (OSError, yaml.YAMLError) as e:
        raise InputError(f"{path}: cannot read expectations ({e})") from e
    if not isinstance(data, dict):
        raise InputError(f"{path}: expectations must be a mapping")
    return data


def _haystack(f: Finding) -> str:
    parts = [f.message, f.slot] + [v.text for v in f.values]
    return " ".join(parts).lower()


def matches(f: Finding, exp: dict[str, Any]) -> bool:
    if f.kind != exp["kind"]:
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
    texts = " ".join(v.text for v in f.values).lower()
    return all(str(v).lower() in texts for v in exp.get("values", []))


def evaluate(report: Report, expected: dict[str, Any]) -> Outcome:
    """Which expected findings were missed, which benign variants were flagged, what noise leaked."""
    out = Outcome()
    for exp in expected.get("must_find", []):
        if not any(matches(f, exp) for f in report.findings):
            out.missed.append(exp)
    for group in expected.get("must_not_conflict", []):
        words = [str(g).lower() for g in group]
        for f in report.findings:
            if f.relation != "conflict":
                continue
            texts = [v.text.lower() for v in f.values]
            hit = {w for w in words if any(w in t for t in texts)}
            if len(hit) >= 2 or (len(words) == 1 and hit):
                out.false_conflicts.append((group, f))
    text_parts: list[tuple[str, str]] = []
    for f in report.findings:
        text_parts.append((f.id, f.message))
        for v in f.values:
            text_parts += [(f.id, v.text), (f.id, v.evidence)]
    for s in report.sources:
        for fact in s.facts:
            text_parts.append((fact.id, fact.evidence))
    for needle in expected.get("must_not_mention", []):
        for where, text in text_parts:
            if str(needle).lower() in text.lower():
                out.noise.append((str(needle), where))
                break
    return out
