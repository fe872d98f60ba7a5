"""The editor's workflow around a report (issue 27): a draft among its own sources, what
--min-severity hides, the source order. Invented texts throughout."""

from __future__ import annotations

import json
from pathlib import Path

from click.testing import CliRunner

from checker.cli import cli, expand_sources

FERRY_A = (
    "Ferry runs aground off Kelvet Point\n\n"
    "A passenger ferry ran aground off Kelvet Point on Tuesday with 212 people on board, the "
    "coastguard said. Nobody was hurt. The ferry Morrow Star was refloated at high tide, "
    "harbour master Ines Valdor said.\n"
)
FERRY_B = (
    "Morrow Star refloated after grounding\n\n"
    "The ferry Morrow Star ran aground off Kelvet Point on Tuesday with 212 people on board. "
    "Nobody was hurt, the coastguard said. Harbour master Ines Valdor said the ship was refloated "
    "at high tide.\n"
)


def _run(*args: str):
    return CliRunner().invoke(cli, list(args), catch_exceptions=False)


def _write(folder: Path, files: dict[str, str]) -> list[Path]:
    folder.mkdir(parents=True, exist_ok=True)
    out = []
    for name, text in files.items():
        (folder / name).write_text(text, encoding="utf-8")
        out.append(folder / name)
    return out


def test_a_draft_listed_among_its_own_sources_exits_2(tmp_path):
    a, b = _write(tmp_path / "sources", {"harbour-post.txt": FERRY_A, "coast-radio.txt": FERRY_B})
    result = _run("check", str(a), "--sources", str(a), "--sources", str(b))
    assert result.exit_code == 2
    assert "one of its own sources" in result.output
    # the same through another spelling of the path
    result = _run(
        "check", str(a), "--sources", str(b), "--sources", str(a.parent / ".." / "sources" / a.name)
    )
    assert result.exit_code == 2
    result = _run("baseline", str(a), "--sources", str(a), "--sources", str(b))
    assert result.exit_code == 2 and "one of its own sources" in result.output
    # as typed: `checker check sources/a --sources sources/a sources/b`
    result = _run(*expand_sources(["check", str(a), "--sources", str(a), str(b)]))
    assert result.exit_code == 2 and "one of its own sources" in result.output


def test_a_pdf_source_says_convert_it_to_text(tmp_path):
    (a,) = _write(tmp_path, {"harbour-post.txt": FERRY_A})
    pdf = tmp_path / "coast-radio.pdf"
    pdf.write_bytes(b"%PDF-1.4\n%\xe2\xe3\xcf\xd3\n1 0 obj << /Type /Catalog >> endobj\n")
    other = tmp_path / "bay-weekly.txt"
    other.write_text(FERRY_B, encoding="utf-8")
    result = CliRunner().invoke(cli, ["diff", str(a), str(pdf), str(other)])
    assert result.exit_code == 3
    assert "PDF is not supported: convert it to text" in result.output
    assert "NUL bytes" not in result.output


DRAFT_WRONG = (
    "# Ferry aground\n\n"
    "A ferry ran aground off Kelvet Point on Tuesday with 221 people on board, the coastguard "
    "said. The ferry was refloated at high tide, harbour master Ines Valdor said. Nobody was "
    "hurt, according to the Kelvet Sea Rescue Society.\n"
)


def _summary(output: str) -> str:
    return next(line for line in output.splitlines() if "claim(s) supported" in line)


def test_min_severity_does_not_change_the_check_summary(tmp_path):
    a, b = _write(tmp_path / "sources", {"harbour-post.txt": FERRY_A, "coast-radio.txt": FERRY_B})
    (draft,) = _write(tmp_path / "drafts", {"ferry.md": DRAFT_WRONG})
    args = ["check", str(draft), "--sources", str(a), "--sources", str(b), "--fail-on", "never"]
    full = _run(*args)
    trimmed = _run(*args, "--min-severity", "high")
    assert _summary(full.output) == _summary(trimmed.output)
    assert "1 high" in _summary(full.output) and " 0 low" not in _summary(full.output)
    assert "not shown (--min-severity high)" in trimmed.output


def test_min_severity_does_not_change_the_diff_summary_nor_the_html_pills(tmp_path):
    a, b = _write(
        tmp_path,
        {
            "harbour-post.txt": FERRY_A,
            "coast-radio.txt": FERRY_B + "The crossing to Lorn takes 95 minutes.\n",
        },
    )
    full = _run("diff", str(a), str(b), "--fail-on", "never").output
    trimmed = _run("diff", str(a), str(b), "--fail-on", "never", "--min-severity", "high").output
    assert full.splitlines()[-1].split(" · ")[0] == trimmed.splitlines()[-2].split(" · ")[0]
    out = tmp_path / "r.html"
    _run("diff", str(a), str(b), "-f", "html", "-o", str(out), "--min-severity", "high")
    html = out.read_text(encoding="utf-8")
    findings = json.loads(_run("diff", str(a), str(b), "-f", "json").output)["findings"]
    low = sum(1 for f in findings if f["severity"] == "low")
    assert low and f'">{low} low</span>' in html


def test_html_zero_badges_are_not_coloured_and_the_bars_have_a_legend(tmp_path):
    a, b = _write(tmp_path, {"harbour-post.txt": FERRY_A, "coast-radio.txt": FERRY_B})
    out = tmp_path / "r.html"
    _run("diff", str(a), str(b), "-f", "html", "-o", str(out))
    html = out.read_text(encoding="utf-8")
    assert '<span class="pill high zero">0 high</span>' in html
    assert ".summary .pill.zero { background: transparent;" in html
    key = html[html.index('id="bar-key"') :].split("</div>")[0]
    for label in ("facts it states", "facts only it states", "facts in conflict"):
        assert label in key


SEED = Path(__file__).resolve().parent.parent / "corpus" / "nk-russia-containers"


def test_every_bundled_item_in_the_terminal_has_its_id_and_json_lists_them_all():
    text = _run("diff", str(SEED), "--fail-on", "never").output
    report = json.loads(_run("diff", str(SEED), "-f", "json", "--fail-on", "never").output)
    ids = [f["id"] for f in report["findings"]]
    assert all(i in text for i in ids)  # none hidden in a bundled line
    assert "alone also gives" in text
    # each id once: a finding is never printed again in a bundle below it
    assert all(text.count(i) == 1 for i in ids)
    # one aside about another matter (four single-source details in one sentence) is one entry
    groups = {}
    for f in report["findings"]:
        if f["group"]:
            groups.setdefault(f["group"], []).append(f["id"])
    assert max(len(g) for g in groups.values()) >= 4
    assert text.count("all in one sentence") == len(groups)


def test_columns_80_keeps_every_line_within_80(tmp_path, monkeypatch):
    monkeypatch.setenv("COLUMNS", "80")
    diff = _run("diff", str(SEED), "--matrix", "--fail-on", "never").output
    a, b = _write(tmp_path / "sources", {"harbour-post.txt": FERRY_A, "coast-radio.txt": FERRY_B})
    (draft,) = _write(tmp_path / "drafts", {"ferry.md": DRAFT_WRONG})
    check = _run(
        "check",
        str(draft),
        "--sources",
        str(a),
        "--sources",
        str(b),
        "--fail-on",
        "never",
        "--show-supported",
        "--matrix",
    ).output
    for out in (diff, check):
        lines = out.splitlines()
        assert max(len(line) for line in lines) <= 80, max(lines, key=len)
    # a wrapped evidence line keeps its indent
    evidence = [line for line in diff.splitlines() if line.startswith("         ")]
    assert len(evidence) > 10
    findings = diff[diff.index("MEDIUM —") :].splitlines()
    assert all(
        not line or line.startswith((" ", "HIGH", "MEDIUM", "LOW", "INFO")) or "backend" in line
        for line in findings
    )  # nothing wraps back to the first column
    monkeypatch.setenv("COLUMNS", "140")
    wide = _run("diff", str(SEED), "--fail-on", "never").output
    assert max(len(line) for line in wide.splitlines()) > 110


def test_sources_keep_the_command_line_order_everywhere_also_when_one_fails(tmp_path):
    c = tmp_path / "bay-weekly.txt"
    c.write_text(FERRY_B.replace("212 people", "221 people"), encoding="utf-8")
    a, b = _write(tmp_path, {"harbour-post.txt": FERRY_A, "coast-radio.txt": FERRY_B})
    broken = tmp_path / "zz-archive.pdf"
    broken.write_bytes(b"%PDF-1.4\n")
    order = ["harbour-post", "zz-archive", "coast-radio", "bay-weekly"]
    result = CliRunner().invoke(cli, ["diff", str(a), str(broken), str(b), str(c), "-f", "json"])
    report = json.loads(result.stdout)
    assert [s["id"] for s in report["sources"]] == order
    assert report["matrix"]["columns"] == ["harbour-post", "coast-radio", "bay-weekly"]
    for f in report["findings"]:
        seen = [v["source"] for v in f["values"]]
        assert seen == sorted(seen, key=order.index)
    conflict = next(f for f in report["findings"] if f["rule"] == "number/conflict")
    assert conflict["message"].index("harbour-post") < conflict["message"].index("bay-weekly")
    text = CliRunner().invoke(cli, ["diff", str(a), str(broken), str(b), str(c)]).stdout
    table = text.split("\n\n")[0]
    assert [table.index(i) for i in order] == sorted(table.index(i) for i in order)
