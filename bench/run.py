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
  render_FORMAT_seconds_10k    each diff renderer on 10,000 findings, with the default
                               per-source cap of single-source details and uncapped

Large and hostile inputs (--large; each a `checker diff` run in a child process, its wall
and peak RSS measured with os.wait4; ratios to the seed story's run in the same bench run):
  seed_wall_s / seed_peak_mb   corpus/nk-russia-containers, -f json (its second run: the first,
                               untimed, warms the disk cache)
  updates_{1,2}mb_*            a page of short numbered updates ("In update 412, residents of
                               district 412 said 413 homes ...") beside two seed articles
  live_{1,2}mb_*               a live page of varied corpus paragraphs (figures shifted so no
                               two repeat) beside the same two articles
  *_2mb_over_1mb               wall ratio                                          [<= 2.3]
  *_2mb_over_seed              wall ratio to the seed story's run                  [<= 10]
  *_2mb_peak_mb                peak memory                                         [<= 800]
  *_2mb_terminal_over_json     the same run with -f terminal over -f json           [<= 1.3]
  hostile_spaces_s / hostile_mojibake_s  the two inputs that hung a run (tests/hostile_inputs.py)
                               beside a normal article, killed at 60 s               [< 10]
"""

from __future__ import annotations

import argparse
import json
import math
import os
import random
import re
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from checker.compare import compare  # noqa: E402
from checker.context import run_context  # noqa: E402
from checker.extract.llm import LLMBackend  # noqa: E402
from checker.extract.offline import OfflineBackend  # noqa: E402
from checker.lexicon import load_lexicon  # noqa: E402
from checker.models import (  # noqa: E402
    Article,
    Fact,
    Finding,
    FindingValue,
    Meta,
    Report,
    SourceReport,
    Span,
)
from checker.settings import LLMSettings  # noqa: E402
from checker.sources import discover, load_article, source_ids  # noqa: E402
from tests.fault_server import FaultServer, Reply, completion  # noqa: E402

LEX = load_lexicon()  # the bundled lexicon

GOALS = {
    "llm_concurrency_efficiency": (">=", 0.8),
    "warm_rerun_calls": ("<=", 0),
    "warm_rerun_seconds": ("<", 0.5),
    "compare_seconds_1000": ("<", 2.0),
    "compare_scaling_2000_over_1000": ("<=", 2.3),
    "align_scaling_2000_over_1000": ("<=", 2.3),
    "offline_articles_per_s": (">=", 40),
    "llm_calls_per_source": ("==", 1),
    "updates_2mb_over_1mb": ("<=", 2.3),
    "live_2mb_over_1mb": ("<=", 2.3),
    "updates_2mb_over_seed": ("<=", 10),
    "live_2mb_over_seed": ("<=", 10),
    "updates_2mb_peak_mb": ("<=", 800),
    "live_2mb_peak_mb": ("<=", 800),
    "updates_2mb_terminal_over_json": ("<=", 1.3),
    "live_2mb_terminal_over_json": ("<=", 1.3),
    "hostile_spaces_s": ("<", 10),
    "hostile_mojibake_s": ("<", 10),
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
        compare(run_context(), articles, facts)
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
    backend.extract(articles[0], LEX)  # warm up
    t = time.perf_counter()
    rounds = 3
    for _ in range(rounds):
        for a in articles:
            backend.extract(a, LEX)
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
            run_context(), arts[:5], [f for f in facts if f.source in {a.id for a in arts[:5]}]
        )  # warm imports
        norms = normalize_facts(LEX, arts, facts)
        t = time.perf_counter()
        align(LEX, arts, norms)
        out[f"align_seconds_{n}"] = round(time.perf_counter() - t, 3)
        t = time.perf_counter()
        findings = compare(run_context(), arts, facts)
        out[f"compare_seconds_{n}"] = round(time.perf_counter() - t, 3)
        out[f"compare_findings_{n}"] = len(findings)
    out["align_scaling_2000_over_1000"] = round(
        out["align_seconds_2000"] / out["align_seconds_1000"], 3
    )
    out["compare_scaling_2000_over_1000"] = round(
        out["compare_seconds_2000"] / out["compare_seconds_1000"], 3
    )
    return out


SEED = ROOT / "corpus" / "nk-russia-containers"
BESIDE = [SEED / "kyiv-independent.txt", SEED / "press-association.txt"]


def updates_page(nbytes: int) -> str:
    """A page of short numbered updates, ``nbytes`` long: every paragraph one sentence whose
    figures differ from every other's."""
    out, size, i = ["# Live updates: storm damage across the region", ""], 0, 1
    while size < nbytes:
        p = (
            f"In update {i}, residents of district {i} said {i + 1} homes had lost power "
            f"and {i + 2} families were moved to shelters overnight."
        )
        out += [p, ""]
        size += len(p) + 2
        i += 1
    return "\n".join(out)


def live_page(nbytes: int, seed: int = 28) -> str:
    """A live page of varied corpus paragraphs, ``nbytes`` long: paragraphs drawn at random
    from the bundled stories, every figure shifted by the paragraph's number."""
    paras = []
    for story in sorted(p for p in (ROOT / "corpus").iterdir() if p.is_dir()):
        for f in sorted(story.glob("*.txt")) + sorted(story.glob("*.md")):
            for para in f.read_text(encoding="utf-8").split("\n\n"):
                para = " ".join(para.split())
                if len(para.split()) >= 12 and para.endswith((".", '"', "”")):
                    paras.append(para)
    rng = random.Random(seed)
    out, size, k = ["# Live: the day's news as it happens", ""], 0, 0
    while size < nbytes:
        k += 1
        p = re.sub(r"\d+", lambda m, k=k: str(int(m.group(0)) + k), rng.choice(paras))
        out += [p, ""]
        size += len(p) + 2
    return "\n".join(out)


def run_cli(
    args: list[str], timeout: float, env_extra: dict[str, str] | None = None
) -> tuple[float, float, int]:
    """``checker ARGS`` in a child process: wall seconds, peak RSS in MB, exit status (-9 when
    killed at ``timeout``)."""
    env = {k: v for k, v in os.environ.items() if not k.startswith("CHECKER_")}
    env.pop("OPENAI_API_KEY", None)
    env.update(env_extra or {})
    env["PYTHONPATH"] = str(ROOT)  # the code of this tree, whatever is installed
    t = time.perf_counter()
    proc = subprocess.Popen(
        [sys.executable, "-m", "checker", *args],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
        env=env,
    )
    killer = threading.Timer(timeout, proc.kill)
    killer.start()
    _, status, usage = os.wait4(proc.pid, 0)
    wall = time.perf_counter() - t
    killer.cancel()
    proc.returncode = os.waitstatus_to_exitcode(status)
    peak_mb = usage.ru_maxrss / 1024  # kilobytes on Linux
    return round(wall, 2), round(peak_mb, 1), proc.returncode


def bench_large(timeout: float = 1200) -> dict[str, float]:
    from tests.hostile_inputs import mojibake_article, normal_article, spaces_article

    out: dict[str, float] = {}
    flags = ["--no-cache", "--no-progress", "--fail-on", "never"]
    with tempfile.TemporaryDirectory() as tmp:
        work = Path(tmp)
        report = str(work / "report")
        seed = ["diff", str(SEED), *flags, "-f", "json", "-o", report]
        # the first run of a fresh machine reads the model and the code from a cold disk (9 s
        # against 4 s warm): a ratio to it would flatter every large case, so it is not timed
        run_cli(seed, timeout)
        wall, peak, _ = run_cli(seed, timeout)
        out["seed_wall_s"], out["seed_peak_mb"] = wall, peak
        for name, make in (("spaces", spaces_article), ("mojibake", mojibake_article)):
            story = work / f"hostile-{name}"
            story.mkdir()
            data = make()
            path = story / (f"{name}.md" if isinstance(data, bytes) else f"{name}.txt")
            if isinstance(data, bytes):
                path.write_bytes(data)
            else:
                path.write_text(data, encoding="utf-8")
            (story / "normal.txt").write_text(normal_article(), encoding="utf-8")
            wall, _, rc = run_cli(["diff", str(story), *flags, "-f", "json", "-o", report], 60)
            out[f"hostile_{name}_s"] = wall if rc != -9 else float("inf")
        for name, make in (("updates", updates_page), ("live", live_page)):
            for mb in (1, 2):
                page = work / f"{name}-{mb}mb.md"
                page.write_text(make(mb * 1_000_000), encoding="utf-8")
                sources = [str(page), *map(str, BESIDE)]
                whole = {"CHECKER_SOURCE_TIMEOUT": "0"}  # the whole page, however long it takes
                wall, peak, rc = run_cli(
                    ["diff", *sources, *flags, "-f", "json", "-o", report], timeout, whole
                )
                failed = rc == 3 or (
                    rc != -9
                    and any(
                        s["status"] == "failed"
                        for s in json.loads(Path(report).read_text())["sources"]
                    )
                )
                if failed:  # a figure of a run that did not read the page is no figure
                    raise SystemExit(f"{name} {mb} MB: a source failed (exit {rc})")
                out[f"{name}_{mb}mb_wall_s"], out[f"{name}_{mb}mb_peak_mb"] = wall, peak
                if rc == -9:
                    out[f"{name}_{mb}mb_wall_s"] = float("inf")
                if mb == 2:
                    data = json.loads(Path(report).read_text()) if rc != -9 else {}
                    out[f"{name}_2mb_findings"] = len(data.get("findings", []))
                    for stage, seconds in data.get("meta", {}).get("timings", {}).items():
                        out[f"{name}_2mb_{stage}_s"] = round(seconds, 1)  # where the time went
                    wall_t, _, _ = run_cli(
                        ["diff", *sources, *flags, "-f", "terminal", "-o", report], timeout, whole
                    )
                    out[f"{name}_2mb_terminal_wall_s"] = wall_t
                    out[f"{name}_2mb_terminal_over_json"] = round(wall_t / wall, 3)
            out[f"{name}_2mb_over_1mb"] = round(
                out[f"{name}_2mb_wall_s"] / out[f"{name}_1mb_wall_s"], 3
            )
            out[f"{name}_2mb_over_seed"] = round(out[f"{name}_2mb_wall_s"] / out["seed_wall_s"], 2)
    return out


def synthetic_report(n: int, sources: int = 3) -> Report:
    """A report of ``n`` findings: a few hundred conflicts, the rest low single-source details
    spread over ``sources`` sources (what a long live page beside two articles produces)."""
    findings = []
    for i in range(n):
        src = f"src{i % sources}"
        conflict = i % 40 == 0
        values = [
            FindingValue(
                source=src,
                text=f"{i} homes",
                evidence=f"In update {i}, residents said {i} homes had lost power overnight.",
                start=i * 80,
                end=i * 80 + 9,
            )
        ]
        if conflict:
            values.append(
                FindingValue(
                    source=f"src{(i + 1) % sources}",
                    text=f"{i + 1} homes",
                    evidence=f"Officials said {i + 1} homes had lost power.",
                    start=i * 80,
                    end=i * 80 + 9,
                )
            )
        findings.append(
            Finding(
                id=f"f{i:05d}",
                rule="number/conflict" if conflict else "claim/only-one-source",
                kind="number" if conflict else "only_in_one_source",
                relation="conflict" if conflict else "only_in_one_source",
                severity="high" if conflict else "low",
                slot=f"quantity:home:{i}",
                message=f"Figures for homes disagree: {i} / {i + 1}"
                if conflict
                else f"Only {src} reports: “In update {i}, residents said {i} homes had lost power”",
                values=values,
                rank=0.9 if conflict else 0.7,
            )
        )
    srcs = [
        SourceReport(id=f"src{k}", path=f"src{k}.txt", status="ok", warning=None, usage=None)
        for k in range(sources)
    ]
    meta = Meta(tool_version="bench", command="diff", backend="offline")
    return Report(sources=srcs, findings=findings, meta=meta)


def bench_render(n: int = 10_000) -> dict[str, float]:
    """Each diff renderer on ``n`` findings, with the default per-source cap and without."""
    from checker.render import View, render
    from checker.settings import DEFAULT_SINGLE_SOURCE_CAP

    report = synthetic_report(n)
    out: dict[str, float] = {}
    for fmt in ("json", "terminal", "markdown", "html"):
        for label, cap in (("", DEFAULT_SINGLE_SOURCE_CAP), ("_uncapped", None)):
            if fmt == "json" and cap is None:
                continue
            t = time.perf_counter()
            render("diff", fmt, report, View(single_source_cap=cap))
            out[f"render_{fmt}{label}_seconds_{n // 1000}k"] = round(time.perf_counter() - t, 3)
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
    ap.add_argument(
        "--large",
        action="store_true",
        help="also the large and hostile inputs (child-process runs; several minutes)",
    )
    ap.add_argument("--only-large", action="store_true", help="only the large and hostile inputs")
    args = ap.parse_args()
    t0 = time.perf_counter()
    figures: dict[str, float] = {}
    if not args.only_large:
        figures.update(bench_llm())
        figures.update(bench_offline())
        figures.update(bench_compare())
        figures.update(bench_render())
    if args.large or args.only_large:
        figures.update(bench_large())
    figures["bench_seconds"] = round(time.perf_counter() - t0, 1)
    width = max(map(len, figures))
    for k, v in figures.items():
        print(f"{k:<{width}}  {v:>10}  {meets(k, float(v))}")
    if args.json:
        print(json.dumps(figures, sort_keys=True))
    return 0


if __name__ == "__main__":
    sys.exit(main())
