"""The comparison rules: one small function per kind of disagreement, each with a stable id.

Importing this package registers every rule (one module per kind) in
:data:`checker.rules.registry.RULES`. Severity: high for contradictions of fact, medium for
title, attribution and quote mismatches, low for what only one source gives, info for benign
variants (aliases, different wording of the same value). The draft check's classifications are
registered in the same registry (``check/*``).
"""

from __future__ import annotations

from checker.rules import (  # noqa: F401  (registration)
    attribution,
    claim,
    date,
    draft,
    number,
    person,
    place,
    quote,
    sentence,
    term,
)
from checker.rules.registry import RULES, RuleInfo, Story, make_finding, rule, value_of

__all__ = ["RULES", "RuleInfo", "Story", "make_finding", "rule", "value_of"]
