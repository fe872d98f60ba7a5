"""JSON Schemas of the public records, generated from the pydantic models."""

from __future__ import annotations

import json

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
