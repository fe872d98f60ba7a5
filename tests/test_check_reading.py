"""Reading a check (issue 27, items 12-14), on an invented mill fire told by three outlets
(tests/data/mill-fire): a title one source supports and the others contradict is noted, the
closest support is cited, a misquotation shows both wordings, a figure in the headline and the
body is one finding."""

from __future__ import annotations

import json
from pathlib import Path

from click.testing import CliRunner

from checker.cli import cli
from tests.conftest import ROOT

SOURCES = ROOT / "tests" / "data" / "mill-fire"
DRAFT = (
    "# Fire destroys Corlen paper mill\n\n"
    "120 firefighters fought a fire at the Corlen paper mill on Sunday, fire department "
    "spokesman Aled Morrow said.\n\n"
    '"We will rebuild the mill within a year," owner Petra Lund said.\n'
)


def _check(tmp_path: Path, draft: str, *extra: str) -> dict:
    path = tmp_path / "draft.md"
    path.write_text(draft, encoding="utf-8")
    result = CliRunner().invoke(
        cli,
        ["check", str(path), "--sources", str(SOURCES), "-f", "json", "--show-supported", *extra],
    )
    assert result.exit_code in (0, 1), result.output
    return json.loads(result.stdout)


def _about(report: dict, text: str) -> list[dict]:
    return [f for f in report["findings"] if f["claim"]["text"] == text]


def test_a_title_one_source_gives_and_the_others_contradict_is_disputed(tmp_path):
    (f,) = _about(_check(tmp_path, DRAFT), "fire department spokesman")
    assert f["rule"] == "check/disputed" and f["severity"] == "low"
    assert "matches city-wire" in f["message"]
    assert "harbour-herald says “fire chief”" in f["message"]
    assert [v["source"] for v in f["values"]] == ["city-wire", "harbour-herald", "valley-times"]


def test_a_title_every_source_gives_is_supported(tmp_path):
    (f,) = _about(_check(tmp_path, DRAFT), "owner")
    assert f["rule"] == "check/supported"
    # the other title: the one source that says otherwise is named
    report = _check(tmp_path, DRAFT.replace("fire department spokesman", "fire chief"))
    (f,) = _about(report, "fire chief")
    assert f["rule"] == "check/disputed"
    assert "but city-wire says “fire department spokesman”" in f["message"]


def test_the_closest_support_is_cited(tmp_path):
    (f,) = _about(_check(tmp_path, DRAFT), "120 firefighters")
    assert f["rule"] == "check/supported"
    # not city-wire's "More than a hundred firefighters", listed first
    assert f["values"][0]["text"] == "120 firefighters"
    assert "supported by harbour-herald" in f["message"]


def test_a_misquotation_shows_the_quoted_text_and_the_nearest_source_quotation(tmp_path):
    (f,) = _about(_check(tmp_path, DRAFT), "We will rebuild the mill within a year")
    assert f["rule"] == "check/unsupported"
    assert "“We will rebuild the mill within a year”" in f["message"]
    assert (
        "the nearest is city-wire's “We hope to reopen the mill within two years”" in f["message"]
    )
    assert f["values"][0]["text"] == "We hope to reopen the mill within two years"


def test_a_figure_in_the_headline_and_the_body_is_one_finding(tmp_path):
    draft = (
        "# 150 firefighters fight Corlen mill fire\n\n"
        "150 firefighters fought a fire at the Corlen paper mill on Sunday, fire chief Aled "
        "Morrow said.\n"
    )
    report = _check(tmp_path, draft)
    figures = [f for f in report["findings"] if f["claim"]["kind"] == "quantity"]
    assert len(figures) == 1
    (f,) = figures
    assert f["claim"]["line"] == 1 and [c["line"] for c in f["also"]] == [3]
    assert "harbour-herald and valley-times say “120 firefighters”" in f["message"]
    # one inline comment suppresses both places
    report = _check(tmp_path, draft + f"\n<!-- checker: ignore {f['id']} -->\n")
    assert not [x for x in report["findings"] if x["claim"]["kind"] == "quantity"]
    assert f["id"] in report["suppressed"]


def test_a_sentence_no_source_states_is_one_finding(tmp_path):
    # an off-topic sentence: its count and its day are named in the sentence's finding
    draft = (
        DRAFT + "\nSeparately, a rowing regatta drew 4,300 spectators to the lake on Saturday.\n"
    )
    report = _check(tmp_path, draft)
    line = draft.split("\n").index(
        "Separately, a rowing regatta drew 4,300 spectators to the lake on Saturday."
    )
    on_it = [f for f in report["findings"] if f["claim"]["line"] == line + 1]
    assert [f["rule"] for f in on_it] == ["check/unsupported-words"], on_it
    assert "no source gives “4,300 spectators”" in on_it[0]["message"]
    assert "“Saturday”" in on_it[0]["message"]
