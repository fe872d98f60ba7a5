"""For expected number/date conflicts that were missed, show the best candidate pairs and scores."""
import sys, math
from collections import Counter
from pathlib import Path
import yaml
from checker.pipeline import load_sources, select_backend, _grounded_facts
from checker.settings import load_settings
from checker.normalize.facts import normalize_facts
from checker.normalize.lexicon import using, lexicon
from checker.sources import story_lexicon_files
from checker.align import matcher as M
from checker.align.keys import family_keys

def run(story, only_missed):
    settings = load_settings(backend="offline")
    arts = load_sources([story], settings.max_bytes)
    be = select_backend("offline", settings)
    exp = yaml.safe_load((story / "expected.yaml").read_text())
    with using(settings.build_lexicon(story_lexicon_files([story]))):
        lex = lexicon()
        ex = _grounded_facts(arts, be, None)
        facts = [f for a in arts for f in ex.facts[a.id]]
        norms = family_keys(arts, normalize_facts(arts, facts))
        texts = {a.id: a.text for a in arts}
        cands = []
        df = Counter(); seen = set()
        for n in norms:
            if n.fact.kind not in ("quantity", "date"): continue
            ev = n.fact.evidence_span; sent = texts[n.fact.source][ev.start:ev.end]
            v = n.fact.spans["value"]; hi = M.value_end(n)
            bag = dict(M.context_bag(sent, v.start-ev.start, hi-ev.start))
            cands.append((n, bag))
            k = (n.fact.source, ev.start)
            if k not in seen: seen.add(k); df.update(bag)
        idf = M._idf(df, len(seen))
        for e in exp.get("must_find", []):
            if e["kind"] not in ("number", "date"): continue
            if only_missed and e in only_missed.get(story.name, []): pass
            about = [str(a).lower() for a in e["about"]]
            odd = set(e.get("sources", []))
            def near(n):
                t = texts[n.fact.source]; v = n.fact.spans["value"]
                return t[max(0, v.start - 15): v.end + 25].lower()
            mine = [(n, b) for n, b in cands if (not odd or n.fact.source in odd) and any(a in near(n) for a in about)]
            print(f"\n### {story.name}: {e['kind']} {about} odd={odd}")
            for n, b in mine[:2]:
                print(f"  ODD {n.fact.source}: {n.shown!r} fam={n.key!r} blk={M.block_of(n, lex)} | {n.fact.evidence[:110]}")
                scored = []
                for m, mb in cands:
                    if m.fact.source == n.fact.source or M.block_of(m, lex) != M.block_of(n, lex): continue
                    c = M._cosine(b, mb, idf); fw = M.family_weight(n.key, m.key, lex); h = M.holds(n.value, m.value)
                    s = M.W_CONTEXT*c + fw + (M.W_VALUE if h else 0)
                    scored.append((s, c, fw, h, m))
                scored.sort(key=lambda t: -t[0])
                for s, c, fw, h, m in scored[:4]:
                    print(f"     {s:.2f} ctx={c:.2f} fam={fw:+.2f} hold={int(h)} {m.fact.source}: {m.shown!r} fam={m.key!r} | {m.fact.evidence[:90]}")

for p in sys.argv[1:]:
    run(Path(p), None)
