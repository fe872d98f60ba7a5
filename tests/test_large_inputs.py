"""Large and hostile inputs: no input hangs a run, a source over its time budget fails alone
(exit 3, one line), the report stays readable at thousands of findings, progress names the
stage and the source. Nothing here is timed except through the budget itself."""

from __future__ import annotations

import json
import subprocess
import sys

import pytest
from hypothesis import given
from hypothesis import strategies as st

from checker.budget import Budget, Deadline
from checker.context import run_context
from checker.errors import SourceTimeoutError
from checker.extract.offline import MAX_PIECE, _pieces
from checker.models import Finding, FindingValue, Meta, Report, SourceReport, Span
from checker.pipeline import load_sources, run_diff
from checker.render import View, render
from checker.sources.split import _repeated_later
from tests.hostile_inputs import RUN, mojibake_article, normal_article, spaces_article

# generous: a hang is minutes; a loaded test machine is not
BUDGET_S = 60


def _write(folder, name, data):
    path = folder / name
    if isinstance(data, bytes):
        path.write_bytes(data)
    else:
        path.write_text(data, encoding="utf-8")
    return path


@pytest.mark.parametrize(
    "name,make", [("spaces.txt", spaces_article), ("mojibake.md", mojibake_article)]
)
def test_the_inputs_that_hung_a_run_are_read_within_the_budget(
    tmp_path, offline_backend, name, make
):
    data = make()
    assert len(data) > 3 * RUN
    _write(tmp_path, name, data)
    _write(tmp_path, "normal.txt", normal_article())
    budget = Budget(BUDGET_S)
    unreadable: list[SourceReport] = []
    articles = load_sources([tmp_path], 5_000_000, unreadable=unreadable, budget=budget)
    assert not unreadable
    report = run_diff(run_context(), articles, offline_backend, budget=budget)
    assert [s.status for s in report.sources] == ["ok", "ok"], [s.error for s in report.sources]
    hostile = next(s for s in report.sources if s.id != "normal")
    assert len(hostile.facts) >= 5
    # offsets still point into the text as written (the runs are not rewritten)
    article = next(a for a in articles if a.id == hostile.id)
    for fact in hostile.facts:
        for field, span in fact.spans.items():
            assert article.text[span.start : span.end] == fact.fields[field]


def _story(folder, long_paragraphs: int) -> None:
    _write(folder, "short.txt", normal_article())
    _write(folder, "other.txt", normal_article().replace("six weeks", "eight weeks"))
    text = spaces_article(target=200 * long_paragraphs, run=1)
    _write(folder, "long.txt", text)


def test_a_source_over_its_budget_while_extracting_fails_alone(tmp_path, offline_backend):
    """A clock that moves only while the long source is parsed (one second a paragraph): it
    fails with its stage named, the other two are compared."""
    _story(tmp_path, 60)
    now = [0.0]
    budget = Budget(5, clock=lambda: now[0])
    heard: list[str] = []

    def progress(label: str, done: int, total: int) -> None:
        heard.append(label)
        if label.startswith("extract: long"):
            now[0] += 1.0

    articles = load_sources([tmp_path], 5_000_000, unreadable=[], budget=budget)
    report = run_diff(run_context(), articles, offline_backend, progress=progress, budget=budget)
    status = {s.id: s for s in report.sources}
    assert status["long"].status == "failed"
    assert "while extracting" in status["long"].error
    assert (
        "5-second budget" in status["long"].error
        and "CHECKER_SOURCE_TIMEOUT" in status["long"].error
    )
    assert status["short"].status == status["other"].status == "ok"
    assert report.findings  # the two others were compared: eight weeks / six weeks
    assert any(h.startswith("align: ") for h in heard)
    assert any(h.startswith("compare: ") for h in heard)


def test_a_source_over_its_budget_while_loading_fails_alone(tmp_path):
    """A clock that moves a tenth of a second at every reading: a file of many lines uses its
    budget in the line-by-line split, short ones do not."""
    _story(tmp_path, 200)
    ticks = [0.0]

    def clock() -> float:
        ticks[0] += 0.1
        return ticks[0]

    unreadable: list[SourceReport] = []
    articles = load_sources([tmp_path], 5_000_000, unreadable=unreadable, budget=Budget(3, clock))
    assert sorted(a.id for a in articles) == ["other", "short"]
    assert [r.id for r in unreadable] == ["long"]
    assert "while loading" in unreadable[0].error


def test_the_command_fails_the_slow_source_with_one_line_and_exit_3(tmp_path):
    _story(tmp_path, 2_000)  # about 400 KB: many seconds of parsing
    env = {"PATH": "/usr/bin:/bin", "CHECKER_SOURCE_TIMEOUT": "2"}
    proc = subprocess.run(
        [sys.executable, "-m", "checker", "diff", str(tmp_path), "-f", "json", "--no-cache"],
        capture_output=True,
        text=True,
        timeout=300,
        env=env,
    )
    assert proc.returncode == 3, proc.stderr
    lines = [line for line in proc.stderr.splitlines() if line.strip()]
    assert len(lines) == 1 and "Traceback" not in proc.stderr, proc.stderr
    assert "long" in lines[0] and "budget" in lines[0] and "CHECKER_SOURCE_TIMEOUT" in lines[0]
    report = json.loads(proc.stdout)
    assert {s["id"]: s["status"] for s in report["sources"]} == {
        "long": "failed",
        "other": "ok",
        "short": "ok",
    }


def test_deadline_adds_up_its_stages_and_says_where_it_stopped():
    now = [0.0]
    d = Deadline("wire", 10, clock=lambda: now[0])
    with d.stage("loading"):
        now[0] += 4
    now[0] += 100  # another source's turn: not this one's time
    with d.stage("extracting"):
        now[0] += 5
        d.check()
        with d.stage("grounding"):  # inside another stage: counted once
            now[0] += 0.5
        d.check()
        now[0] += 1
        with pytest.raises(
            SourceTimeoutError, match=r"wire: stopped after 10\.5 s while extracting"
        ):
            d.check()
    assert d.spent == pytest.approx(10.5)
    unlimited = Deadline("wire", None, clock=lambda: now[0])
    with unlimited.stage("loading"):
        now[0] += 1e6
        unlimited.check()


def test_progress_names_the_stage_the_source_and_how_far(tmp_path, offline_backend):
    _story(tmp_path, 10)
    heard: list[tuple[str, int, int]] = []
    articles = load_sources(
        [tmp_path], 5_000_000, progress=lambda *a: heard.append(a), unreadable=[]
    )
    run_diff(run_context(), articles, offline_backend, progress=lambda *a: heard.append(a))
    labels = [h[0] for h in heard]
    assert [x for x in labels if x.startswith("load: ")] == [
        "load: long",
        "load: other",
        "load: short",
    ]
    long_done = [(d, t) for label, d, t in heard if label == "extract: long (1/3)"]
    assert long_done[0][0] == 0 and long_done[-1][0] == long_done[-1][1] > 10
    assert [d for d, _ in long_done] == sorted(d for d, _ in long_done)
    rules = [(d, t) for label, d, t in heard if label.startswith("compare: ")]
    assert rules[0][0] == 0 and rules[-1][0] == rules[-1][1]


def _report(n_low: int, sources: int = 3) -> Report:
    findings = []
    for i in range(n_low):
        src = f"s{i % sources}"
        findings.append(
            Finding(
                id=f"claim-{i}",
                rule="claim/only-one-source" if i % 4 else "number/only-one-source",
                kind="only_in_one_source",
                relation="only_in_one_source",
                severity="low",
                slot=f"claim:{src}:{i}",
                message=f"Only {src} reports: “update {i}”",
                values=[
                    FindingValue(
                        source=src, text=f"update {i}", evidence=f"In update {i}.", start=0, end=5
                    )
                ],
                rank=0.7,
            )
        )
    for i in range(60):
        findings.insert(
            0,
            Finding(
                id=f"number-{i}",
                rule="number/conflict",
                kind="number",
                relation="conflict",
                severity="high" if i % 2 else "medium",
                slot=f"quantity:{i}",
                message=f"Figures for thing {i} disagree",
                values=[
                    FindingValue(source="s0", text=str(i), evidence=f"{i} things", start=0, end=2),
                    FindingValue(
                        source="s1", text=str(i + 1), evidence=f"{i + 1} things", start=0, end=2
                    ),
                ],
                rank=0.9,
            ),
        )
    srcs = [
        SourceReport(id=f"s{k}", path=f"s{k}.txt", status="ok", warning=None, usage=None)
        for k in range(sources)
    ]
    return Report(
        sources=srcs,
        findings=findings,
        meta=Meta(tool_version="t", command="diff", backend="offline"),
    )


@pytest.mark.parametrize("fmt", ["terminal", "markdown", "html"])
def test_single_source_findings_past_the_cap_are_counted_on_one_line(fmt):
    report = _report(3_000)
    text = render("diff", fmt, report, View(single_source_cap=10))
    for i in range(60):  # high and medium: never capped
        assert f"thing {i} disagree" in text
    folded = " ".join(text.split())
    assert "… and 743 more statements and 247 more figures only in s0" in folded
    assert text.count("update 2999") == 0 and "claim-2999" not in text
    full = render("diff", fmt, report, View())
    assert "update 2999" in full and "more statements" not in full
    every = json.loads(render("diff", "json", report, View(single_source_cap=10)))
    assert len(every["findings"]) == 3_060


@given(st.lists(st.sampled_from(["a", "a b", "a.", "b", "a b c", " .", "", "b a ."]), max_size=12))
def test_standfirst_repeats_are_found_as_the_quadratic_scan_finds_them(parts):
    text = "\n".join(parts)
    spans, pos = [], 0
    for p in parts:
        spans.append(Span(start=pos, end=pos + len(p)))
        pos += len(p) + 1
    expected = [
        any(
            text[o.start : o.end].startswith(text[s.start : s.end].rstrip(" .")) and o != s
            for o in spans[i + 1 :]
        )
        for i, s in enumerate(spans)
    ]
    assert _repeated_later(text, spans) == expected


def test_a_paragraph_longer_than_the_parser_takes_is_read_in_pieces():
    sentence = "Officials said 40 trucks crossed the border at dawn on Monday. "
    paragraph = sentence * (3 * MAX_PIECE // len(sentence))
    pieces = _pieces(paragraph)
    assert "".join(pieces) == paragraph
    assert all(len(p) <= MAX_PIECE for p in pieces) and len(pieces) >= 3
    assert all(p.endswith(". ") for p in pieces[:-1])  # cut after a sentence
    assert _pieces("x" * (MAX_PIECE + 5)) == ["x" * MAX_PIECE, "xxxxx"]
    assert _pieces("short") == ["short"]
