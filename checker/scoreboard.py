"""``checker eval`` as a function: every story of a corpus run and scored against its
``expected.yaml`` (:mod:`checker.expectations`), the lines of the table an engineer reads, and
the thresholds of the corpus's ``config.yaml`` that the run did not meet.

Returns values; the command line prints the lines and chooses the exit status.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from checker.context import run_context
from checker.errors import ConfigError, InputError
from checker.expectations import Outcome, Score, evaluate, load_expected, score, summarize
from checker.models import Report
from checker.pipeline import load_sources, run_diff, select_backend
from checker.settings import Settings


@dataclass
class Scoreboard:
    """What ``checker eval`` says: the table and its notes, and the thresholds not met."""

    lines: list[str]
    failed: list[str]  # e.g. "recall 0.80 < 0.9"; empty when every threshold is met


def stories(corpus: Path) -> list[Path]:
    """The story folders of ``corpus`` that have an ``expected.yaml``, by name.

    Raises:
        InputError: there is none.
    """
    found = sorted(p.parent for p in corpus.glob("*/expected.yaml"))
    if not found:
        raise InputError(f"{corpus}: no story folder with an expected.yaml")
    return found


def evaluate_corpus(corpus: Path, folders: list[Path], settings: Settings) -> Scoreboard:
    """Run ``folders`` (see :func:`stories`) with ``settings`` (backend default: offline), score
    them, and hold the overall figures to the thresholds in ``corpus/config.yaml``."""
    engine = select_backend(settings.backend or "offline", settings)
    outcomes, reports, expectations = [], [], []
    for story in folders:
        report = run_diff(
            run_context(settings, [story]),
            load_sources([story], settings.max_bytes),
            engine,
            disabled_rules=settings.ignore_rules,
        )
        expected = load_expected(story / "expected.yaml")
        outcomes.append(evaluate(report, expected, story.name))
        reports.append(report)
        expectations.append(expected)
    thresholds = _thresholds(corpus / "config.yaml")
    scores = score(outcomes)
    lines = _table(scores, outcomes, reports, expectations)
    return Scoreboard(lines, _failed(scores["overall"], outcomes, thresholds))


def _table(
    scores: dict[str, Score],
    outcomes: list[Outcome],
    reports: list[Report],
    expectations: list[dict[str, object]],
) -> list[str]:
    lines = [f"{'kind':<22}{'tp':>4}{'fn':>4}{'fp':>4}{'precision':>11}{'recall':>8}{'f1':>7}"]
    for kind, s in scores.items():
        lines.append(
            f"{kind:<22}{s.tp:>4}{s.fn:>4}{s.fp:>4}{s.precision:>11.2f}{s.recall:>8.2f}{s.f1:>7.2f}"
        )
    noise = sum(len(o.noise) for o in outcomes)
    benign = sum(len(o.false_conflicts) for o in outcomes)
    lines.append(
        f"stories: {len(outcomes)}; benign variants flagged as conflicts: {benign}; noise leaks: {noise}"
    )
    summary = summarize(outcomes, reports, expectations)
    lines.append(
        f"high/medium recall {summary.major_recall:.2f} ({summary.major_found}/{summary.major_total}); "
        f"low recall {summary.low_recall:.2f} ({summary.low_found}/{summary.low_total}); "
        f"wrong single-source claims (must_not_find hits): {summary.must_not_find_hits}; "
        f"LOW precision over labelled LOW findings: {summary.low_precision:.2f}"
    )
    for o in outcomes:
        for exp in o.missed:
            lines.append(
                f"MISS  {o.story}: {exp['kind']} about {', '.join(map(str, exp.get('about', [])))}"
            )
        for why, f in o.false_alarms:
            lines.append(f"FALSE {o.story}: [{f.severity}] {f.rule}: {f.message} ({why})")
        for group, f in o.false_conflicts:
            lines.append(
                f"BENIGN {o.story}: {f.rule} flags {' / '.join(map(str, group))}: {f.message}"
            )
        for needle, where in o.noise:
            lines.append(f"NOISE {o.story}: '{needle}' reached {where}")
    return lines


def _failed(overall: Score, outcomes: list[Outcome], thresholds: dict[str, float]) -> list[str]:
    noise = sum(len(o.noise) for o in outcomes)
    benign = sum(len(o.false_conflicts) for o in outcomes)
    failed = []
    if overall.recall < thresholds.get("min_recall", 0.0):
        failed.append(f"recall {overall.recall:.2f} < {thresholds['min_recall']}")
    if overall.precision < thresholds.get("min_precision", 0.0):
        failed.append(f"precision {overall.precision:.2f} < {thresholds['min_precision']}")
    if benign > thresholds.get("max_false_alarms", 10**9):
        failed.append(f"{benign} benign variant(s) flagged > {thresholds['max_false_alarms']}")
    if noise > thresholds.get("max_noise", 10**9):
        failed.append(f"{noise} noise leak(s) > {thresholds['max_noise']}")
    return failed


def _thresholds(path: Path) -> dict[str, float]:
    if not path.exists():
        return {}
    import yaml

    try:
        data = yaml.safe_load(path.read_text(encoding="utf-8")) or {}
    except (OSError, yaml.YAMLError) as e:
        raise ConfigError(f"{path}: cannot read ({e})") from e
    return {k: float(v) for k, v in (data.get("thresholds") or {}).items()}
