#!/usr/bin/env python3
"""Fact coverage: does extraction produce a fact for every value an editor needs compared?

For every story with an ``expected.yaml``, every value it names — the ``about`` strings of
``must_find`` entries and the members of ``must_not_conflict`` groups — is looked up in the
story's articles (case-insensitive, as the expectations are written). A value counts once per
source whose story text contains it, and is *covered* there when a grounded fact has a field
span overlapping one of its occurrences (the sentence a fact came from is not enough: the value
itself must have been extracted). Whatever the comparer does, an uncovered value can never be
compared.

    python bench/coverage.py [CORPUS ...] [--missed] [--json]

CORPUS defaults to ``corpus/``, ``../shared/dev-stories`` and ``../shared/dev-stories-2``.
Prints coverage per kind (the ``must_find`` kind, or ``benign`` for ``must_not_conflict``).
"""

from __future__ import annotations

import argparse
import json
import re
import sys
from collections import defaultdict
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from checker.context import run_context  # noqa: E402
from checker.expectations import load_expected  # noqa: E402
from checker.ground import ground  # noqa: E402
from checker.models import Article, Fact  # noqa: E402
from checker.pipeline import load_sources, select_backend  # noqa: E402
from checker.settings import load_settings  # noqa: E402
from checker.terms import find_terms  # noqa: E402

DEFAULTS = [
    ROOT / "corpus",
    ROOT.parent / "shared" / "dev-stories",
    ROOT.parent / "shared" / "dev-stories-2",
]


def values_of(expected: dict[str, object]) -> list[tuple[str, str, list[str]]]:
    """(kind, value, sources it is expected in, or [] for any) for every value named."""
    out: list[tuple[str, str, list[str]]] = []
    for entry in expected.get("must_find", []) or []:  # type: ignore[union-attr]
        for about in entry.get("about", []) or []:
            out.append((str(entry["kind"]), str(about), []))
    for group in expected.get("must_not_conflict", []) or []:  # type: ignore[union-attr]
        for member in group:
            out.append(("benign", str(member), []))
    return out


def occurrences(article: Article, value: str) -> list[tuple[int, int]]:
    """Where ``value`` stands in the article's kept text (case-insensitive)."""
    pattern = re.compile(re.escape(value), re.I)
    out = []
    for span in article.body:
        for m in pattern.finditer(article.text, span.start, span.end):
            out.append((m.start(), m.end()))
    return out


def covered(facts: list[Fact], where: list[tuple[int, int]]) -> bool:
    for f in facts:
        for s in f.spans.values():
            if any(s.start < e and b < s.end for b, e in where):
                return True
    return False


def story_coverage(story: Path, settings, backend) -> list[dict[str, object]]:  # type: ignore[no-untyped-def]
    articles = load_sources([story], settings.max_bytes)
    expected = load_expected(story / "expected.yaml")
    lex = run_context(settings, [story]).lexicon  # the lexicon a diff of the story reads with
    facts: dict[str, list[Fact]] = {}
    for a in articles:
        facts[a.id] = ground(a, backend.extract(a, lex).facts).facts + find_terms(lex, a)
    rows = []
    for kind, value, _ in values_of(expected):
        for a in articles:
            where = occurrences(a, value)
            if not where:
                continue
            rows.append(
                {
                    "story": story.name,
                    "source": a.id,
                    "kind": kind,
                    "value": value,
                    "covered": covered(facts[a.id], where),
                }
            )
    return rows


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("corpora", nargs="*", type=Path)
    parser.add_argument("--missed", action="store_true", help="list every uncovered value")
    parser.add_argument("--json", action="store_true", help="also print the figures as JSON")
    args = parser.parse_args()
    settings = load_settings(backend="offline")
    backend = select_backend("offline", settings, use_cache=False)
    figures: dict[str, dict[str, object]] = {}
    for corpus in args.corpora or DEFAULTS:
        if not corpus.is_dir():
            print(f"{corpus}: not found, skipped", file=sys.stderr)
            continue
        rows: list[dict[str, object]] = []
        for exp in sorted(corpus.glob("*/expected.yaml")):
            rows.extend(story_coverage(exp.parent, settings, backend))
        by: dict[str, list[bool]] = defaultdict(list)
        for r in rows:
            by[str(r["kind"])].append(bool(r["covered"]))
            by["all"].append(bool(r["covered"]))
        name = corpus.resolve().name
        print(f"{name}: fact coverage per kind (covered / values in a source)")
        fig: dict[str, object] = {}
        for kind in sorted(by, key=lambda k: (k == "all", k)):
            hits = by[kind]
            share = sum(hits) / len(hits) if hits else 1.0
            fig[kind] = round(share, 3)
            print(f"  {kind:20} {sum(hits):4}/{len(hits):<4} {share:.3f}")
        figures[name] = fig
        if args.missed:
            for r in rows:
                if not r["covered"]:
                    print(f"  MISS {r['story']}/{r['source']}: {r['kind']} {r['value']!r}")
        print()
    if args.json:
        print(json.dumps(figures, sort_keys=True))


if __name__ == "__main__":
    main()
