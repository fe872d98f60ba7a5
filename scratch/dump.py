"""Dump normalized + aligned values of a story (debugging aid, not committed)."""
import sys
from pathlib import Path
from checker.pipeline import load_sources, select_backend, _grounded_facts
from checker.settings import load_settings
from checker.compare import build_story
from checker.normalize.lexicon import using
from checker.sources import story_lexicon_files

story = Path(sys.argv[1]); kinds = sys.argv[2].split(",") if len(sys.argv) > 2 else ["quantity", "date"]
settings = load_settings(backend="offline")
arts = load_sources([story], settings.max_bytes)
be = select_backend("offline", settings)
with using(settings.build_lexicon(story_lexicon_files([story]))):
    ex = _grounded_facts(arts, be, None)
    facts = [f for a in arts for f in ex.facts[a.id]]
    st = build_story(arts, facts)
    for kind in kinds:
        for key, norms in sorted(st.slot(kind).items()):
            print(f"== {kind}:{key}")
            for n in norms:
                ev = n.fact.evidence.replace("\n", " ")
                print(f"   {n.fact.source:24} {n.shown!r:28} {n.normalized:18} | {ev[:150]}")
