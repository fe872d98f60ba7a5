"""The story at a glance: the fact matrix's data, its Markdown and terminal tables, and the HTML
page in a real browser (rows, columns, colours by relation, the click-through, no request)."""

from __future__ import annotations

import json
import os
import re
import shutil
import time

import pytest
from click.testing import CliRunner

from checker.cli import cli
from checker.compare import compare_story
from checker.context import run_context
from checker.matrix import build_matrix
from checker.models import Article, Matrix, MatrixCell, MatrixRow, Meta, Report, SourceProfile, Span
from checker.render.html import render_html
from tests.conftest import ROOT, SEED
from tests.factories import StoryBuilder

SNAPSHOTS = ROOT / "tests" / "snapshots"
DEV = ROOT.parent / "shared" / "dev-stories" / "hualien-earthquake"
ANDES = ROOT / "corpus" / "andes-bus-crash"  # a story whose matrix has conflicting cells


def _matrix(b: StoryBuilder) -> Matrix:
    story, findings = compare_story(run_context(), list(b.articles.values()), b.facts)
    return build_matrix(story, findings)


def test_rows_carry_each_sources_value_and_relation():
    b = (
        StoryBuilder()
        .article("a", "The blaze killed 12 people on Monday.")
        .article("b", "The blaze killed 12 people on Monday.")
        .article("c", "The blaze killed 19 people on Monday.")
        .fact("a", "quantity", 0, value="12", unit="people")
        .fact("b", "quantity", 0, value="12", unit="people")
        .fact("c", "quantity", 0, value="19", unit="people")
    )
    m = _matrix(b)
    assert m.columns == ["a", "b", "c"]
    row = m.rows[0]  # the high conflict first
    assert row.severity == "high"
    assert [(c.source, c.relation, c.value) for c in row.cells] == [
        ("a", "agree", "12 people"),
        ("b", "agree", "12 people"),
        ("c", "conflict", "19 people"),
    ]
    assert all(c.finding for c in row.cells)  # each cell leads to the finding
    assert m.profiles["c"].conflicts == 1 and m.profiles["a"].conflicts == 0


def test_only_and_absent_and_the_order_of_rows():
    b = (
        StoryBuilder()
        .article("a", "Mayor Petra Lind said 40 homes burned.")
        .article("b", "Officials said 40 homes burned.")
        .fact("a", "person", 0, name="Petra Lind", title="Mayor")
        .fact("a", "quantity", 0, value="40", unit="homes")
        .fact("b", "quantity", 0, value="40", unit="homes")
    )
    m = _matrix(b)
    lind = next(r for r in m.rows if r.about == "Petra Lind")
    assert [c.relation for c in lind.cells] == ["only", "absent"]
    homes = next(r for r in m.rows if r.kind == "quantity")
    assert [c.relation for c in homes.cells] == ["agree", "agree"]
    assert m.rows.index(lind) < m.rows.index(homes)  # a finding (low) before none
    assert m.profiles["a"].only == 1 and m.profiles["a"].stated == 2


def _run(*args: str):
    return CliRunner().invoke(cli, list(args), catch_exceptions=False)


def test_markdown_matrix_snapshot():
    out = _run(
        "diff", str(ROOT / "corpus" / "andes-bus-crash"), "-f", "markdown", "--fail-on", "never"
    )
    table = out.output.split("## At a glance", 1)[1].split("\n## ", 1)[0]
    _snapshot("andes-bus-crash.matrix.md", "## At a glance" + table)


def test_terminal_matrix_snapshot():
    out = _run("diff", str(ROOT / "corpus" / "andes-bus-crash"), "--matrix", "--fail-on", "never")
    table = out.output.split("At a glance", 1)[1].split("\nHIGH", 1)[0].split("\nMEDIUM", 1)[0]
    assert max(len(line) for line in table.splitlines()) <= 110  # fits the terminal width
    _snapshot("andes-bus-crash.matrix.txt", "At a glance" + table)
    plain = _run("diff", str(ROOT / "corpus" / "andes-bus-crash"), "--fail-on", "never")
    assert "At a glance" not in plain.output  # only when asked


def _snapshot(name: str, got: str) -> None:
    path = SNAPSHOTS / name
    if os.environ.get("UPDATE_SNAPSHOTS"):
        path.write_text(got, encoding="utf-8")
    assert path.exists(), f"no snapshot {name}: run with UPDATE_SNAPSHOTS=1 and review it"
    assert got == path.read_text(encoding="utf-8")


def test_json_report_carries_the_matrix():
    out = _run("diff", str(SEED), "-f", "json", "--fail-on", "never")
    m = json.loads(out.output)["matrix"]
    assert m["columns"] == ["kyiv-independent", "press-association", "ukrainian-outlet"]
    # the seed story's one finding is a title whose formal wording is named: no cell is odd
    assert {c["relation"] for r in m["rows"] for c in r["cells"]} >= {
        "compatible",
        "only",
        "absent",
    }
    out = _run("diff", str(ANDES), "-f", "json", "--fail-on", "never")
    m = json.loads(out.output)["matrix"]
    assert {c["relation"] for r in m["rows"] for c in r["cells"]} >= {"conflict", "only", "absent"}


def test_hostile_values_are_escaped_in_every_cell(tmp_path):
    evil = '<img src=x onerror="alert(1)">'
    a = Article(id="a", path="a.txt", text=f"Police named {evil}.", body=[Span(start=0, end=40)])
    row = MatrixRow(
        about=evil,
        kind="person",
        slot="person:x",
        severity="low",
        cells=[
            MatrixCell(
                source="a", relation="only", value=evil, start=13, end=13 + len(evil), finding=None
            )
        ],
    )
    m = Matrix(
        columns=["a"], rows=[row], profiles={"a": SourceProfile(stated=1, only=1, conflicts=0)}
    )
    page = render_html(
        Report(
            sources=[], findings=[], meta=Meta(backend="offline", tool_version="test"), matrix=m
        ),
        {"a": a},
    )
    assert evil not in page and "&lt;img src=x" in page


chromium = shutil.which("chromium") or shutil.which("chromium-browser")
needs_browser = pytest.mark.skipif(
    chromium is None, reason="Debian's chromium is not installed (.ci/run installs it)"
)


@needs_browser
@pytest.mark.parametrize("story", [ANDES, DEV], ids=["corpus-story", "dev-story"])
def test_matrix_in_a_real_browser(tmp_path, story):
    from tests.cdp import Browser

    if not story.exists():
        pytest.skip(f"{story} is not beside this checkout")
    page = tmp_path / "report.html"
    _run("diff", str(story), "-f", "html", "-o", str(page), "--fail-on", "never")
    report = json.loads(_run("diff", str(story), "-f", "json", "--fail-on", "never").output)
    browser = Browser(chromium, tmp_path / "profile")
    try:
        browser.open(page.as_uri())
        headers = browser.eval(
            "[...document.querySelectorAll('#matrix thead th[data-source]')].map(t => t.dataset.source)"
        )
        assert headers == report["matrix"]["columns"]
        assert browser.eval("document.querySelectorAll('#matrix tbody tr').length") == len(
            report["matrix"]["rows"]
        )
        colours = browser.eval(
            "Object.fromEntries(['conflict','agree','only','absent'].map(r => {"
            " const td = document.querySelector('td.rel-' + r);"
            " return [r, td ? getComputedStyle(td).backgroundColor : null]; }))"
        )
        assert (
            colours["conflict"] == "rgb(246, 196, 192)" and colours["only"] == "rgb(215, 233, 245)"
        )
        assert len(set(colours.values())) == 4  # one colour per relation
        # a click on a conflicting cell: its evidence in the source text and its finding are picked
        state = browser.eval(
            "(() => { const a = document.querySelector('td.rel-conflict a.cell-link[data-finding]');"
            " a.click();"
            " const mark = document.getElementById(a.getAttribute('href').slice(1));"
            " const f = document.getElementById(a.dataset.finding);"
            " return {hash: location.hash, mark: mark.classList.contains('picked'),"
            "  finding: f.classList.contains('picked'), inText: !!mark.closest('.article'),"
            "  href: a.getAttribute('href')}; })()"
        )
        assert state["mark"] and state["finding"] and state["inText"]
        assert state["hash"] == state["href"]
        # the toggle hides rows where every source agrees
        hidden = browser.eval(
            "(() => { const box = document.getElementById('hide-agree'); box.click();"
            " return [...document.querySelectorAll('#matrix tr.all-agree')]"
            ".every(tr => getComputedStyle(tr).display === 'none'); })()"
        )
        assert hidden
        # the page asks for nothing: no resource was loaded (the CSP forbids it besides)
        assert browser.eval("performance.getEntriesByType('resource').map(e => e.name)") == []
    finally:
        browser.close()


@needs_browser
def test_a_page_of_five_sources_and_eighty_rows_is_ready_within_a_second(tmp_path):
    from tests.cdp import Browser

    sources = [f"outlet-{k}" for k in range(5)]
    articles, rows = {}, []
    for k, sid in enumerate(sources):
        lines = [f"Fact {r}: the figure was {r * 7 + k % 2} units." for r in range(80)]
        text = "\n\n".join(lines)
        articles[sid] = Article(
            id=sid, path=f"{sid}.txt", text=text, body=[Span(start=0, end=len(text))]
        )
    for r in range(80):
        cells = []
        for k, sid in enumerate(sources):
            text = articles[sid].text
            value = f"{r * 7 + k % 2} units"
            at = text.index(f"Fact {r}: the figure was ") + len(f"Fact {r}: the figure was ")
            cells.append(
                MatrixCell(
                    source=sid,
                    relation="conflict" if k % 2 else "agree",
                    value=value,
                    start=at,
                    end=at + len(value),
                    finding=None,
                )
            )
        rows.append(
            MatrixRow(
                about=f"figure: thing {r}",
                kind="quantity",
                slot=f"quantity:{r}",
                severity="high",
                cells=cells,
            )
        )
    profiles = {s: SourceProfile(stated=80, only=0, conflicts=40) for s in sources}
    m = Matrix(columns=sources, rows=rows, profiles=profiles)
    page = tmp_path / "big.html"
    page.write_text(
        render_html(
            Report(
                sources=[], findings=[], meta=Meta(backend="offline", tool_version="test"), matrix=m
            ),
            articles,
        )
    )
    browser = Browser(chromium, tmp_path / "profile")
    try:
        t0 = time.perf_counter()
        browser.open(page.as_uri())
        wall = time.perf_counter() - t0
        ready = int(browser.eval("document.body.dataset.readyMs"))
        assert browser.eval("document.querySelectorAll('#matrix tbody tr').length") == 80
    finally:
        browser.close()
    print(
        f"5 sources x 80 rows: script done at {ready} ms after navigation start; load {wall:.2f} s"
    )
    assert ready < 1000
    assert re.match(r"\d+", str(ready))


def test_check_report_puts_the_draft_first_in_its_matrix(tmp_path):
    draft = ROOT / "tests" / "drafts" / "nk-planted-errors.md"
    out = _run("check", str(draft), "--sources", str(SEED), "-f", "json")
    m = json.loads(out.output)["matrix"]
    assert m["columns"][0] == "draft"
    containers = next(r for r in m["rows"] if r["about"] == "figure: container")
    draft_cell = containers["cells"][0]
    assert draft_cell["relation"] == "conflict" and draft_cell["finding"].startswith(
        "check-conflict-"
    )
    assert {c["relation"] for c in containers["cells"][1:]} <= {"agree", "compatible"}
    page = tmp_path / "check.html"
    _run("check", str(draft), "--sources", str(SEED), "-f", "html", "-o", str(page))
    html = page.read_text()
    assert html.index('data-source="draft"') < html.index('data-source="kyiv-independent"')
    assert 'data-finding="f-check-conflict-' in html  # a draft cell leads to its check finding
    md = _run("check", str(draft), "--sources", str(SEED), "-f", "markdown").output
    assert "## At a glance" in md and "| about | `draft` | `kyiv-independent`" in md
    term = _run("check", str(draft), "--sources", str(SEED), "--matrix").output
    header = next(line for line in term.splitlines() if "about" in line and "draft" in line)
    assert header.index("draft") < header.index("kyiv-independent")
    assert "At a glance" not in _run("check", str(draft), "--sources", str(SEED)).output


def test_a_formal_title_is_never_the_painted_odd_one():
    """Two outlets give a post loosely, the third its formal title: the finding says which one
    is formal, and the matrix paints no outlet as the wrong one."""
    b = (
        StoryBuilder()
        .article("a", "Harbour spokesman Ivo Marsh said the berth was closed.")
        .article("b", "Harbour spokesman Ivo Marsh said so.")
        .article("c", "Ivo Marsh, the Director of Communications of the Port Authority, said so.")
        .fact("a", "person", 0, name="Ivo Marsh", title="Harbour spokesman")
        .fact("b", "person", 0, name="Ivo Marsh", title="Harbour spokesman")
        .fact(
            "c",
            "person",
            0,
            name="Ivo Marsh",
            title="the Director of Communications of the Port Authority",
        )
    )
    row = next(r for r in _matrix(b).rows if r.kind == "person")
    assert row.severity == "medium"
    assert "conflict" not in {c.relation for c in row.cells}


def test_rows_about_one_kind_of_thing_are_told_apart():
    b = (
        StoryBuilder()
        .article("a", "The council said on Monday that it would meet.", "It met on Friday.")
        .article("b", "The council said on Tuesday that the plan was ready.")
        .fact("a", "date", 0, value="Monday", event="said")
        .fact("a", "date", 1, value="Friday", event="met")
        .fact("b", "date", 0, value="Tuesday", event="said")
    )
    labels = [r.about for r in _matrix(b).rows]
    assert len(labels) == len(set(labels)), labels
