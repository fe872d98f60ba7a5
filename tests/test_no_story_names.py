"""Nothing bundled (code, data, prompts, field descriptions) names a person or place of a bundled
story: rules fitted to the corpus, or a few-shot example quoting it, would make its evaluation
prove nothing. Countries and regions (ISO 3166) are general knowledge and allowed.
"""

from __future__ import annotations

import re

from checker.extract.offline import OfflineBackend
from checker.normalize.entities import is_region, place_key
from checker.normalize.lexicon import lexicon
from checker.pipeline import load_sources, run_diff
from tests.conftest import ROOT

BUNDLED = [
    *(ROOT / "checker").rglob("*.py"),
    *(ROOT / "checker").rglob("*.yaml"),
    *(ROOT / "checker").rglob("*.j2"),
    *(ROOT / "prompts").rglob("*"),
]


def _story_names() -> dict[str, str]:
    """Name words (capitalised, four letters or more) of the people and non-region places the
    offline extractor finds in the corpus, mapped to a story that has them; words the corpus also
    writes in lower case are ordinary words ('Turnout', 'Debris') and left out, and so are the
    generic words that end names ('Harbour', 'Airport')."""
    lower: set[str] = set()
    names: dict[str, str] = {}
    engine = OfflineBackend()
    for story in sorted(p.parent for p in (ROOT / "corpus").glob("*/expected.yaml")):
        articles = load_sources([story], 10**7)
        for a in articles:
            lower |= set(re.findall(r"\b[a-z]{4,}\b", a.text))
        for source in run_diff(articles, engine).sources:
            for fact in source.facts:
                name = fact.fields.get("name") or ""
                if fact.kind == "place" and is_region(place_key(name)):
                    continue
                if fact.kind in ("person", "place"):
                    for word in re.findall(r"\b[A-Z][a-z]{3,}\b", name):
                        names.setdefault(word, story.name)
    lex = lexicon()
    lower |= lex.place_suffixes | lex.org_suffixes
    return {w: s for w, s in names.items() if w.lower() not in lower}


def test_bundled_code_data_and_prompts_name_no_one_from_the_corpus():
    names = _story_names()
    assert len(names) > 40  # the extractor found the stories' people and towns
    hits = []
    for path in BUNDLED:
        if not path.is_file():
            continue
        text = path.read_text(encoding="utf-8")
        hits += [
            f"{path.relative_to(ROOT)}: {w} ({names[w]})"
            for w in names
            if re.search(rf"\b{w}\b", text)
        ]
    assert not hits, hits
