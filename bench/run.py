#!/usr/bin/env python3
"""Speed and scale figures for checker. A script, not a test: it prints a table, and with
--json the same figures as one JSON object on its last line.

    python bench/run.py [--json] [--quick]

Figures (goals in brackets):
  llm_concurrency_efficiency   N=40 sources at C=8 against a loopback OpenAI-compatible server
                               that answers after L=0.5 s: (ceil(N/C) x L) / wall   [>= 0.8]
  warm_rerun_calls / _seconds  the same extraction again, from the cache          [0, < 0.5 s]
  offline_articles_per_s       the offline extractor over the bundled corpus       [>= 40]
  compare_seconds_1000         the comparer on 1,000 synthetic sources x 40 records [< 2 s]
  compare_scaling_2000_over_1000   the same at 2,000 over 1,000 (alignment included) [<= 2.3]
  align_seconds_1000 / _2000   the alignment stage alone at 1,000 and 2,000 sources
  align_scaling_2000_over_1000 its ratio                                          [<= 2.3]
  llm_calls_per_source         extraction calls per source (comparison makes none) [1]
"""

from __future__ import annotations

import argparse
import json
import math
import random
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from checker.compare import compare  # noqa: E402
from checker.extract.llm import LLMBackend  # noqa: E402
from checker.extract.offline import OfflineBackend  # noqa: E402
from checker.models import Article, Fact, Span  # noqa: E402
from checker.settings import LLMSettings  # noqa: E402
from checker.sources import discover, load_article, source_ids  # noqa: E402
from tests.fault_server import FaultServer, Reply, completion  # noqa: E402

GOALS = {
    "llm_concurrency_efficiency": (">=", 0.8),
    "warm_rerun_calls": ("<=", 0),
    "warm_rerun_seconds": ("<", 0.5),
    "compare_seconds_1000": ("<", 2.0),
    "compare_scaling_2000_over_1000": ("<=", 2.3),
    "align_scaling_2000_over_1000": ("<=", 2.3),
    "offline_articles_per_s": (">=", 40),
    "llm_calls_per_source": ("==", 1),
}


def synthetic_articles(n: int) -> list[Article]:
    out = []
    for i in range(n):
        text = (
            f"Officials in district {i} said on Monday that {10 + i} trucks carrying grain "
            f"crossed the border near checkpoint {i}, the ministry reported."
        )
        out.append(
            Article(
                id=f"s{i:03d}", path=f"s{i}.txt", text=text, body=[Span(start=0, end=len(text))]
            )
        )
    return out


def bench_llm(n: int = 40, c: int = 8, delay: float = 0.5) -> dict[str, float]:
    articles = synthetic_articles(n)
    with (
        tempfile.TemporaryDirectory() as cache,
        FaultServer([Reply(body=completion("{}"), delay=delay)]) as srv,
    ):
        s = LLMSettings(
            base_url=srv.base_url,
            model="bench-model",
            api_key=None,
            mode="json",
            concurrency=c,
            timeout_s=30,
            http_retries=0,
        )
        backend = LLMBackend(s, cache_dir=cache)  # client set-up is not part of the run
        t = time.perf_counter()
        cold = backend.extract_many(articles)
        wall = time.perf_counter() - t
        cold_calls = sum(r[0].usage.calls for r in cold.values())
        requests_cold = len(srv.requests)
        t = time.perf_counter()
        warm = LLMBackend(s, cache_dir=cache).extract_many(articles)
        warm_s = time.perf_counter() - t  # a new process-equivalent run: set-up included
        warm_calls = sum(r[0].usage.calls for r in warm.values())
        before = len(srv.requests)
        facts = [f for a in articles for f in _facts_for(a)]
        compare(articles, facts)
        compare_calls = len(srv.requests) - before
    return {
        "llm_concurrency_efficiency": round(math.ceil(n / c) * delay / wall, 3),
        "llm_wall_seconds": round(wall, 3),
        "warm_rerun_calls": warm_calls,
        "warm_rerun_seconds": round(warm_s, 4),
        "llm_calls_per_source": round(requests_cold / n, 3),
        "llm_calls_counted": cold_calls,
        "compare_llm_calls": compare_calls,
    }


def _facts_for(a: Article) -> list[Fact]:
    k = a.text.index("trucks") - 3
    return [
        Fact(
            id=f"{a.id}:quantity:1",
            source=a.id,
            kind="quantity",
            fields={"value": a.text[k : k + 2], "unit": "trucks"},
            spans={"value": Span(start=k, end=k + 2)},
            evidence=a.text,
            evidence_span=Span(start=0, end=len(a.text)),
        )
    ]


def bench_offline() -> dict[str, float]:
    backend = OfflineBackend()
    articles = []
    for story in sorted(p for p in (ROOT / "corpus").iterdir() if p.is_dir()):
        files = discover([story])
        articles += [load_article(f, i) for f, i in zip(files, source_ids(files), strict=True)]
    backend.extract(articles[0])  # warm up
    t = time.perf_counter()
    rounds = 3
    for _ in range(rounds):
        for a in articles:
            backend.extract(a)
    wall = time.perf_counter() - t
    return {
        "offline_articles_per_s": round(rounds * len(articles) / wall, 1),
        "offline_articles": len(articles),
    }


NAMES = [
    ("John Kirby", "spokesperson"),
    ("Ana Ruiz", "chair"),
    ("Tomas Erlan", "Prime Minister"),
    ("Irena Sova", "opposition leader"),
    ("Pieter de Boer", "harbour master"),
    ("Dana Morrow", "Fire Chief"),
    ("Mark Ellison", "emergency director"),
    ("Yuriy Ihnat", "spokesman"),
    ("Vitali Klitschko", "Mayor"),
    ("Marieke Jansen", "general secretary"),
]
PLACES = [
    "Najin",
    "Rajin",
    "Dunay",
    "Tikhoretsk",
    "Kyiv",
    "Kiev",
    "Rotterdam",
    "Marietta",
    "Balasore",
    "Odisha",
    "Cuttack",
    "Sarno",
    "Rhodes",
    "Lardos",
    "Kiotari",
    "Moscow",
    "Pyongyang",
    "Amur Oblast",
]
UNITS = ["containers", "ships", "drones", "railcars", "hectares", "people", "trucks", "seats"]
DATES = [
    "Oct. 13",
    "Friday",
    "between Sept. 7 and Oct. 1",
    "mid-September",
    "last week",
    "October 5",
    "Thursday",
    "May 13",
]
QUALS = ["", "about ", "more than ", "roughly ", "at least "]
QUOTES = [
    "We condemn this transfer of arms",
    "Traffic is back to normal",
    "We shot down most of them",
    "We are fighting a battle on many fronts",
    "Our members have waited two years for a fair deal",
]


def synthetic_story(
    n_sources: int, per_source: int = 40, seed: int = 7
) -> tuple[list[Article], list[Fact]]:
    """n sources x per_source records drawn from shared pools, as coverage of one event is."""
    rng = random.Random(seed)
    articles, facts = [], []
    for i in range(n_sources):
        sid = f"src{i:05d}"
        sentences, recs = [], []
        for _ in range(per_source):
            kind = rng.choice(["person", "quantity", "quantity", "date", "place", "place", "quote"])
            if kind == "person":
                name, title = rng.choice(NAMES)
                sent = f"{title} {name} spoke to reporters on the record today."
                recs.append((kind, {"name": name, "title": title}, sent))
            elif kind == "quantity":
                value = f"{rng.choice(QUALS)}{rng.choice([40, 200, 1000, 1200, 73, 20, 35, 28])}"
                unit = rng.choice(UNITS)
                sent = f"Officials said {value} {unit} were counted in total."
                recs.append((kind, {"value": value, "unit": unit, "about": None}, sent))
            elif kind == "date":
                value = rng.choice(DATES)
                sent = f"The statement was made {value} by the officials."
                recs.append((kind, {"value": value, "event": "made"}, sent))
            elif kind == "place":
                name = rng.choice(PLACES)
                sent = f"Witnesses in {name} described the scene to reporters."
                recs.append((kind, {"name": name}, sent))
            else:
                q = rng.choice(QUOTES)
                sent = f'"{q}," an official told reporters.'
                recs.append((kind, {"text": q, "speaker": None}, sent))
            sentences.append(sent)
        text = "\n\n".join(sentences)
        spans, pos = [], 0
        for s in sentences:
            spans.append(Span(start=pos, end=pos + len(s)))
            pos += len(s) + 2
        articles.append(Article(id=sid, path=f"{sid}.txt", text=text, body=spans))
        for j, (kind, fields, sent) in enumerate(recs):
            ev = spans[j]
            fspans = {}
            for name, value in fields.items():
                if value:
                    k = sent.find(value)
                    if k >= 0:
                        fspans[name] = Span(start=ev.start + k, end=ev.start + k + len(value))
            facts.append(
                Fact(
                    id=f"{sid}:{kind}:{j + 1}",
                    source=sid,
                    kind=kind,
                    fields=fields,
                    spans=fspans,
                    evidence=sent,
                    evidence_span=ev,
                )
            )
    return articles, facts


def bench_compare() -> dict[str, float]:
    from checker.align import align
    from checker.normalize.facts import normalize_facts

    out = {}
    for n in (1000, 2000):
        arts, facts = synthetic_story(n)
        compare(
            arts[:5], [f for f in facts if f.source in {a.id for a in arts[:5]}]
        )  # warm imports
        norms = normalize_facts(arts, facts)
        t = time.perf_counter()
        align(arts, norms)
        out[f"align_seconds_{n}"] = round(time.perf_counter() - t, 3)
        t = time.perf_counter()
        findings = compare(arts, facts)
        out[f"compare_seconds_{n}"] = round(time.perf_counter() - t, 3)
        out[f"compare_findings_{n}"] = len(findings)
    out["align_scaling_2000_over_1000"] = round(
        out["align_seconds_2000"] / out["align_seconds_1000"], 3
    )
    out["compare_scaling_2000_over_1000"] = round(
        out["compare_seconds_2000"] / out["compare_seconds_1000"], 3
    )
    return out


def meets(name: str, value: float) -> str:
    if name not in GOALS:
        return ""
    op, goal = GOALS[name]
    ok = {"<": value < goal, "<=": value <= goal, ">=": value >= goal, "==": value == goal}[op]
    return f"{'ok ' if ok else 'MISS'} ({op} {goal})"


def main() -> int:
    ap = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    ap.add_argument(
        "--json", action="store_true", help="also print the figures as one JSON object, last line"
    )
    args = ap.parse_args()
    t0 = time.perf_counter()
    figures: dict[str, float] = {}
    figures.update(bench_llm())
    figures.update(bench_offline())
    figures.update(bench_compare())
    figures["bench_seconds"] = round(time.perf_counter() - t0, 1)
    width = max(map(len, figures))
    for k, v in figures.items():
        print(f"{k:<{width}}  {v:>10}  {meets(k, float(v))}")
    if args.json:
        print(json.dumps(figures, sort_keys=True))
    return 0


if __name__ == "__main__":
    sys.exit(main())
