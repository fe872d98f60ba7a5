"""The narrow LLM jobs, measured: the eval table with and without each job, per-job accuracy
against the stories' expectations, and what the jobs cost.

Replays recorded answers of the real local model (``cassettes/llm-jobs/<set>/<story>.jsonl``),
so it needs no network and no model:

    .venv/bin/python scripts/eval-llm.py            # corpus/ and ../shared/dev-stories
    make eval-llm                                   # the same

``--record`` asks the model behind CHECKER_LLM_BASE_URL / CHECKER_LLM_MODEL instead and appends
every new answer to the recordings (scripts/record-llm-jobs.sh starts the local model and does
this). A request that was not recorded fails the replay: recordings are never written by hand.
"""

from __future__ import annotations

import argparse
import itertools
import os
import re
import sys
import time
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from checker.assist import JOBS, event_or_outcome  # noqa: E402
from checker.context import run_context  # noqa: E402
from checker.expectations import evaluate, load_expected, matches, summarize  # noqa: E402
from checker.lexicon import Lexicon  # noqa: E402
from checker.normalize.entities import fold  # noqa: E402
from checker.pipeline import Assist, load_sources, run_diff  # noqa: E402
from checker.records import Item  # noqa: E402
from checker.settings import LLMSettings, load_settings  # noqa: E402

RECORDED_MODEL = "qwen2.5-coder-1.5b-instruct-q4_k_m.gguf"
SETS = {"corpus": ROOT / "corpus", "dev": ROOT.parent / "shared" / "dev-stories"}
USED: dict[Path, set[str]] = {}  # recordings file -> the requests this run made
CONFIGS: list[tuple[str, tuple[str, ...]]] = [
    ("offline", ()),
    *[(f"+{j}", (j,)) for j in JOBS],
    ("+all four", JOBS),
]


@dataclass
class Asked:
    """Every question a run asked, with the answer (for the accuracy figures)."""

    log: list[tuple[str, list[Item], Any]] = field(default_factory=list)


class _Logged:
    def __init__(self, client: Any, asked: Asked) -> None:
        self.client, self.asked = client, asked

    def ask(self, job: str, items: list[Item], text: str | None = None) -> Any:
        answered = self.client.ask(job, items, text)  # the answer with what it cost
        self.asked.log.append((job, items, answered.answer))
        return answered


def _client(recordings: Path, record: bool) -> Any:
    from checker.extract.jobs import JobClient

    env = os.environ
    settings = LLMSettings(
        base_url=env.get("CHECKER_LLM_BASE_URL") if record else None,
        model=env.get("CHECKER_LLM_MODEL", RECORDED_MODEL) if record else RECORDED_MODEL,
        api_key=None,
        timeout_s=600.0,
    )
    return JobClient(
        settings, use_cache=False, recordings=recordings, mode="record" if record else "replay"
    )


def _value(lex: Lexicon, marked: str) -> str:
    m = re.search(r"\[\[(.*?)\]\]", marked)
    return fold(lex, m.group(1)) if m else ""


def _hits(value: str, terms: list[str]) -> bool:
    return bool(value) and any(t and (t in value or value in t) for t in terms)


def _class_of(lex: Lexicon, phrase: str | None) -> str | None:
    """What an about answer places a value under: its first known event or outcome word."""
    words = re.findall(r"[a-z]+", (phrase or "").lower())
    return next((c for c in (event_or_outcome(lex, w) for w in words) if c), None)


def accuracy(
    lex: Lexicon,
    log: list[tuple[str, list[Item], Any]],
    expected: dict[str, Any],
    findings: dict[str, Any],
) -> dict[str, tuple[int, int]]:
    """Per job: (right, judged) against the story's expectations.

    - about: values named together in one expected number/date finding or benign group (the same
      fact in two sources) should be placed under one class; judged per such pair answered.
    - same_thing: a pair is the same fact when both values are named in one expected finding or
      benign group, different when they are named in two different ones; others are not judged.
    - quote_meaning / actor: a finding that matches an expected finding is a real change (the
      model should not say "same"); one that matches none, or a must_not_find, is no change.
    """
    groups: list[list[str]] = [
        [fold(lex, str(a)) for a in e.get("about", [])]
        for e in expected.get("must_find", [])
        if e.get("kind") in ("number", "date")
    ] + [[fold(lex, str(a)) for a in g] for g in expected.get("must_not_conflict", [])]
    out: dict[str, tuple[int, int]] = {}

    def add(job: str, right: bool) -> None:
        r, n = out.get(job, (0, 0))
        out[job] = (r + right, n + 1)

    for job, items, answer in log:
        if answer is None:
            continue
        said = {a.id: a for a in answer.answers}
        if job == "about":
            placed = [
                (_value(lex, i.context), _class_of(lex, said[i.id].about))
                for i in items
                if i.id in said
            ]
            for g in groups:
                named = [c for v, c in placed if _hits(v, g)]
                for a, b in itertools.pairwise(named):
                    add(job, a is not None and a == b)
        elif job == "same_thing":
            for i in items:
                if i.id not in said or said[i.id].verdict == "unsure":
                    continue
                va, vb = _value(lex, i.text), _value(lex, i.context)
                ga = {k for k, g in enumerate(groups) if _hits(va, g)}
                gb = {k for k, g in enumerate(groups) if _hits(vb, g)}
                if ga & gb:
                    add(job, said[i.id].verdict == "same")
                elif ga and gb:
                    add(job, said[i.id].verdict == "different")
        else:
            for i in items:
                f = findings.get(i.ref[0])
                if f is None or i.id not in said:
                    continue
                # the job may have lowered the finding: judge it as the rule made it
                real = any(
                    matches(f, {k: v for k, v in e.items() if k != "severity"})
                    for e in expected.get("must_find", [])
                )
                said_same = said[i.id].verdict in ("same meaning", "same actor")
                add(job, said_same != real)
    return out


def run_set(name: str, folder: Path, record: bool, only: list[str]) -> list[dict[str, Any]]:
    stories = sorted(p.parent for p in folder.glob("*/expected.yaml"))
    if only:
        stories = [s for s in stories if s.name in only]
    from checker.extract.offline import OfflineBackend

    backend = OfflineBackend()
    settings = load_settings(env={})
    rows = []
    for label, jobs in CONFIGS:
        outcomes, reports, expectations = [], [], []
        right: dict[str, tuple[int, int]] = {}
        cost = {"calls": 0, "prompt": 0, "completion": 0, "seconds": 0.0}
        for story in stories:
            recordings = ROOT / "cassettes" / "llm-jobs" / name / f"{story.name}.jsonl"
            asked = Asked()
            assist = None
            client = None
            if jobs:
                client = _client(recordings, record)
                assist = Assist(jobs=jobs, client=_Logged(client, asked))
            t = time.perf_counter()
            ctx = run_context(settings, [story])
            report = run_diff(
                ctx, load_sources([story], settings.max_bytes), backend, assist=assist
            )
            expected = load_expected(story / "expected.yaml")
            outcomes.append(evaluate(report, expected, story.name))
            reports.append(report)
            expectations.append(expected)
            if client is not None:
                failed = {j: s for j, s in report.meta.llm_jobs.items() if s.startswith("failed")}
                if failed:
                    raise SystemExit(f"{name}/{story.name} {label}: {failed}")
                u = report.meta.usage
                cost["calls"] += u.calls
                cost["prompt"] += u.prompt_tokens
                cost["completion"] += u.completion_tokens
                cost["seconds"] += client.transport.recorded_seconds
                USED.setdefault(recordings, set()).update(client.transport.used)
                byid = {f.id: f for f in report.findings}
                for job, (r, n) in accuracy(ctx.lexicon, asked.log, expected, byid).items():
                    r0, n0 = right.get(job, (0, 0))
                    right[job] = (r0 + r, n0 + n)
            if record:
                print(
                    f"  {name}/{story.name} {label}: {time.perf_counter() - t:.0f} s",
                    file=sys.stderr,
                )
        s = summarize(outcomes, reports, expectations)
        rows.append(
            {
                "set": name,
                "config": label,
                "stories": len(stories),
                "major": f"{s.major_found}/{s.major_total}",
                "major_recall": s.major_recall,
                "low": f"{s.low_found}/{s.low_total}",
                "mnf": s.must_not_find_hits,
                "low_precision": s.low_precision,
                "benign": sum(len(o.false_conflicts) for o in outcomes),
                "false_alarms": sum(len(o.false_alarms) for o in outcomes),
                "accuracy": right,
                "cost": cost,
            }
        )
    return rows


def main() -> None:
    ap = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    ap.add_argument("--record", action="store_true", help="ask the live model; append new answers")
    ap.add_argument("--set", choices=("corpus", "dev", "all"), default="all")
    ap.add_argument("--story", action="append", default=[], help="only this story (repeatable)")
    ap.add_argument(
        "--prune",
        action="store_true",
        help="afterwards, drop recorded answers to requests this run no longer makes",
    )
    args = ap.parse_args()
    if args.prune and (args.story or args.set != "all"):
        ap.error("--prune needs a run over every story of every set")
    rows: list[dict[str, Any]] = []
    for name, folder in SETS.items():
        if args.set not in ("all", name):
            continue
        if not folder.is_dir():
            print(f"{name}: {folder} not found, skipped", file=sys.stderr)
            continue
        rows += run_set(name, folder, args.record, args.story)
    if args.prune:
        from checker.extract.recorded import prune

        dropped = sum(prune(path, keys) for path, keys in USED.items())
        print(f"pruned {dropped} recorded answer(s) no request uses", file=sys.stderr)
    print(
        f"{'set':<7}{'config':<16}{'high/med':>9}{'recall':>8}{'low':>7}{'mnf':>5}"
        f"{'LOWprec':>8}{'benign':>7}{'false':>6}  cost per story (calls, prompt+completion tokens, s)"
    )
    for r in rows:
        c, n = r["cost"], max(1, r["stories"])
        cost = (
            f"{c['calls'] / n:.1f} calls, {c['prompt'] / n:,.0f}+{c['completion'] / n:,.0f} tok, "
            f"{c['seconds'] / n:.0f} s"
            if c["calls"]
            else "-"
        )
        print(
            f"{r['set']:<7}{r['config']:<16}{r['major']:>9}{r['major_recall']:>8.2f}{r['low']:>7}"
            f"{r['mnf']:>5}{r['low_precision']:>8.2f}{r['benign']:>7}{r['false_alarms']:>6}  {cost}"
        )
    print(
        "\nper-job accuracy against the expectations (right/judged), answers of the single-job runs:"
    )
    for r in rows:
        if r["config"].startswith("+") and r["config"] != "+all four":
            job = r["config"][1:]
            rj, nj = r["accuracy"].get(job, (0, 0))
            acc = f"{rj / nj:.2f}" if nj else "n/a"
            print(f"  {r['set']:<7}{job:<15}{rj:>4}/{nj:<4} {acc}")


if __name__ == "__main__":
    main()
