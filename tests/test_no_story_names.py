"""Nothing bundled (code, data, prompts, field descriptions and the JSON Schemas made from them)
names a person or place of a bundled story: rules fitted to the corpus, or a few-shot example
quoting it, would make its evaluation prove nothing. Countries and regions (ISO 3166) are general
knowledge and allowed.

The names are the people and places the offline extractor finds in the corpus, and the places a
story's own ``lexicon.yaml`` lists. A name is matched as written, and in any case as well (a
folded key in an example, 'person:jane doe:title') unless it is also an English word (WordNet)
or one of :data:`CODE_WORDS`.
"""

from __future__ import annotations

import re

import yaml

from checker.context import run_context
from checker.extract.offline import OfflineBackend
from checker.lexicon import load_lexicon
from checker.normalize import wordnet
from checker.normalize.entities import is_region, place_key
from checker.pipeline import load_sources, run_diff
from tests.conftest import ROOT

LEX = load_lexicon()  # the bundled lexicon

BUNDLED = [
    *(ROOT / "checker").rglob("*.py"),
    *(ROOT / "checker").rglob("*.yaml"),
    *(ROOT / "checker").rglob("*.j2"),
    *(ROOT / "prompts").rglob("*"),
    *(ROOT / "schemas").glob("*.json"),
]
# Name words of the corpus that are also words of code, matched with their capital only.
CODE_WORDS = {
    "lang": "a language attribute (HTML's lang, GeoNames' alternate names)",
    "alma": "in 'alma ata', Almaty's former name, among the bundled place aliases",
}


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
        for source in run_diff(run_context(), articles, engine).sources:
            for fact in source.facts:
                name = fact.fields.get("name") or ""
                if fact.kind == "place" and is_region(LEX, place_key(LEX, name)):
                    continue
                if fact.kind in ("person", "place"):
                    for word in re.findall(r"\b[A-Z][a-z]{3,}\b", name):
                        names.setdefault(word, story.name)
        own = story / "lexicon.yaml"
        if own.exists():
            data = yaml.safe_load(own.read_text(encoding="utf-8")) or {}
            contains = data.get("contains") or {}
            places = [n for group in data.get("places") or [] for n in group]
            places += [n for outer, inner in contains.items() for n in [outer, *inner]]
            for place in places:
                if not is_region(LEX, place_key(LEX, place)):
                    for word in re.findall(r"\b[a-z]{4,}\b", place):
                        names.setdefault(word.capitalize(), story.name)
    lex = LEX
    lower |= lex.place_suffixes | lex.org_suffixes
    return {w: s for w, s in names.items() if w.lower() not in lower}


def _pattern(word: str) -> re.Pattern[str]:
    """The name as written; in any case too when it is no English word and no word of code."""
    lower = word.lower()
    ordinary = lower in CODE_WORDS or any(wordnet.known(lower, pos) for pos in "nvar")
    return re.compile(rf"\b{word}\b", 0 if ordinary else re.I)


def test_bundled_code_data_prompts_and_schemas_name_no_one_from_the_corpus():
    names = _story_names()
    assert len(names) > 40  # the extractor found the stories' people and towns
    assert {"Rajin", "Tumangang"} <= set(names)  # and a story's lexicon its own places
    patterns = {w: _pattern(w) for w in names}
    hits = []
    for path in BUNDLED:
        if not path.is_file():
            continue
        text = path.read_text(encoding="utf-8")
        hits += [
            f"{path.relative_to(ROOT)}: {w} ({names[w]})"
            for w, pattern in patterns.items()
            if pattern.search(text)
        ]
    assert not hits, hits


def test_a_folded_name_is_matched_and_an_english_word_only_as_a_name():
    assert _pattern("Brenkovic").search('"person:ada brenkovic:title"')
    assert not _pattern("Mark").search("a quotation mark")
    assert _pattern("Mark").search("Mark said")
