"""JSON Schemas of the public records, generated from the pydantic models."""

from __future__ import annotations

import json
from pathlib import Path

from checker.models import CheckReport, Report
from checker.records import ArticleFacts


def schema_files() -> dict[str, str]:
    """File name -> JSON Schema text, for ``schemas/``."""
    out = {}
    for name, model in (
        ("report.schema.json", Report),
        ("check-report.schema.json", CheckReport),
        ("facts.schema.json", ArticleFacts),
    ):
        schema = model.model_json_schema()
        schema["$schema"] = "https://json-schema.org/draft/2020-12/schema"
        out[name] = json.dumps(schema, indent=2, sort_keys=True) + "\n"
    return out


def sync_schemas(folder: Path, write: bool = True) -> list[str]:
    """The schema files in ``folder`` that are missing or not current (written anew there when
    ``write``), by name."""
    stale = []
    for name, text in schema_files().items():
        path = folder / name
        current = path.read_text(encoding="utf-8") if path.exists() else None
        if current != text:
            stale.append(name)
            if write:
                folder.mkdir(parents=True, exist_ok=True)
                path.write_text(text, encoding="utf-8")
    return stale
