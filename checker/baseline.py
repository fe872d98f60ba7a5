"""Baseline files: the findings of drafts an editor has accepted, so that they stop failing
``checker check`` until they change.

One JSON file per folder (:data:`DEFAULT_BASELINE` beside the drafts, unless a path is given)
holds one entry per draft, keyed by the draft's file name::

    {"drafts": {"story.md": {"suppress": [ID, ...], "findings": {ID: MESSAGE, ...}}}}

A file written before baselines were keyed per draft holds one draft's entry at the top level
(with a ``draft`` key naming it) and is read as that draft's. Reading and writing raise
:class:`~checker.errors.InputError`; nothing here prints.
"""

from __future__ import annotations

import json
from pathlib import Path

from checker.errors import InputError
from checker.models import CheckReport

DEFAULT_BASELINE = ".checker-baseline.json"


def default_path(draft: Path) -> Path:
    """Where the baseline of ``draft`` lives when no path is given: beside the draft."""
    return draft.resolve().parent / DEFAULT_BASELINE


def read(path: Path) -> dict[str, dict[str, object]]:
    """Every draft's entry in the baseline file at ``path``, keyed by the draft's file name."""
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
        if not isinstance(data, dict):
            raise ValueError("not a JSON object")
        if "drafts" in data:
            return {str(k): dict(v) for k, v in data["drafts"].items()}
        return {Path(str(data.get("draft", ""))).name: data}
    except (OSError, ValueError, AttributeError, TypeError) as e:
        raise InputError(f"{path}: not a checker baseline ({e})") from e


def suppressed(path: Path | None, draft: Path) -> set[str]:
    """The finding ids accepted for ``draft`` in the baseline at ``path`` (None: the default
    file beside the draft, if there is one; a path given must exist)."""
    candidate = path or default_path(draft)
    if not candidate.exists():
        if path is not None:
            raise InputError(f"{path}: no such baseline file")
        return set()
    suppress = read(candidate).get(draft.name, {}).get("suppress") or []
    if not isinstance(suppress, list):
        raise InputError(f"{candidate}: not a checker baseline ('suppress' is not a list)")
    return {str(i) for i in suppress}


def record(path: Path, draft: Path, report: CheckReport) -> int:
    """Write the findings of ``report`` (its supported claims aside) as the entry of ``draft``
    in the baseline at ``path``, keeping the other drafts' entries; how many were written."""
    ids = sorted(f.id for f in report.findings if f.status != "supported")
    drafts = read(path) if path.exists() else {}
    drafts[draft.name] = {
        "suppress": ids,
        "findings": {f.id: f.message for f in report.findings if f.id in ids},
    }
    try:
        path.write_text(json.dumps({"drafts": drafts}, indent=2, sort_keys=True) + "\n", "utf-8")
    except OSError as e:
        raise InputError(f"{path}: cannot write ({e.strerror or e})") from e
    return len(ids)
