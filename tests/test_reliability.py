"""Bad input, prompt injection, determinism and fuzzing: the checks of the reliability table."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

from hypothesis import given, settings
from hypothesis import strategies as st

from checker.errors import InputError
from checker.pipeline import load_sources, run_diff
from checker.sources import decode, split_story
from tests.conftest import ROOT, SEED

PROSE = "The ministry said on Monday that 40 trucks carrying grain crossed the border into the region.\n"
PROSE2 = "Officials said on Monday that 40 lorries with grain had crossed into the region from the south.\n"
INJECTED = ROOT / "tests" / "hostile" / "injection" / "kyiv-independent.txt"


def cli(*args: str, env: dict[str, str] | None = None) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "checker", *args],
        capture_output=True,
        text=True,
        timeout=180,
        env=env,
    )


def one_line_exit_2(proc: subprocess.CompletedProcess[str], *words: str) -> None:
    assert proc.returncode == 2, proc.stderr
    err = proc.stderr.strip()
    assert len(err.splitlines()) == 1 and "Traceback" not in err, err
    for w in words:
        assert w in err, err


def test_whitespace_only_file(tmp_path):
    (tmp_path / "a.txt").write_text("  \n\n\t \n")
    (tmp_path / "b.txt").write_text(PROSE)
    one_line_exit_2(cli("diff", str(tmp_path)), "a.txt", "empty")


def test_latin1_and_utf16_articles_are_read(tmp_path):
    (tmp_path / "a.txt").write_bytes(
        (
            "Café owners in Kyiv said on Monday that 40 trucks carrying grain "
            "crossed the border into the región.\n"
        ).encode("cp1252")
    )
    (tmp_path / "b.txt").write_bytes(PROSE2.encode("utf-16"))
    proc = cli("diff", str(tmp_path), "--format", "json")
    assert proc.returncode in (0, 1), proc.stderr
    assert "Café" in proc.stdout


def test_undecodable_bytes_name_the_file(tmp_path):
    (tmp_path / "a.txt").write_bytes(bytes(range(1, 32)) * 200)
    (tmp_path / "b.txt").write_text(PROSE)
    one_line_exit_2(cli("diff", str(tmp_path)), "a.txt")


def test_fifty_megabyte_file_is_refused_quickly(tmp_path):
    big = tmp_path / "big.txt"
    with big.open("wb") as f:
        f.truncate(50 * 1024 * 1024)  # sparse: 50 MB on paper, instant to make
    (tmp_path / "b.txt").write_text(PROSE)
    proc = cli("diff", str(big), str(tmp_path / "b.txt"))
    one_line_exit_2(proc, "big.txt", "limit", "CHECKER_MAX_BYTES")


def test_html_with_scripts_and_styles(tmp_path):
    (tmp_path / "a.html").write_text(
        "<html><head><style>p{color:red}</style><script>var secret='x'; alert(1)</script></head><body>"
        f"<p>{PROSE}</p><script>document.write('injected 999 tanks')</script></body></html>"
    )
    (tmp_path / "b.txt").write_text(PROSE2)
    proc = cli("diff", str(tmp_path), "--format", "json")
    assert proc.returncode in (0, 1)
    assert (
        "999" not in proc.stdout and "alert" not in proc.stdout and "color:red" not in proc.stdout
    )


def test_two_identical_sources(tmp_path):
    (tmp_path / "a.txt").write_text(PROSE)
    (tmp_path / "b.txt").write_text(PROSE)
    one_line_exit_2(cli("diff", str(tmp_path)), "a.txt", "b.txt", "same story text")


def test_a_source_about_another_story_is_set_aside(tmp_path):
    for f in SEED.glob("*.txt"):
        (tmp_path / f.name).write_bytes(f.read_bytes())
    (tmp_path / "other.txt").write_bytes(
        (ROOT / "corpus" / "rhodes-wildfire" / "island-times.txt").read_bytes()
    )
    proc = cli("diff", str(tmp_path), "--format", "json")
    assert proc.returncode == 0
    assert "other.txt" in proc.stderr and "another story" in proc.stderr
    assert "Rhodes" not in "".join(line for line in proc.stdout.splitlines() if '"message"' in line)


def test_draft_with_no_claims(tmp_path):
    draft = tmp_path / "d.md"
    draft.write_text("# Notes\n\nwe should look into this later, maybe after lunch.\n")
    proc = cli("check", str(draft), "--sources", str(SEED))
    assert proc.returncode == 0
    assert "no factual claims" in proc.stderr


from checker.context import run_context  # noqa: E402
from tests.conftest import injection_key as _key  # noqa: E402


def test_prompt_injection_changes_no_finding_offline(offline_backend, seed_report):
    sources = [INJECTED, SEED / "press-association.txt", SEED / "ukrainian-outlet.txt"]
    hostile = run_diff(run_context(), load_sources(sources, 5_000_000), offline_backend)
    assert _key(hostile) == _key(seed_report)


def test_same_input_same_bytes(tmp_path):
    outs = []
    for i in range(2):
        out = tmp_path / f"r{i}.json"
        assert cli("diff", str(SEED), "--format", "json", "-o", str(out)).returncode == 0
        text = out.read_text()
        outs.append(
            "\n".join(
                line
                for line in text.splitlines()
                if not line.strip().startswith(('"compare"', '"extract"', '"ground"', '"total"'))
            )
        )
    assert outs[0] == outs[1]


@settings(max_examples=200, deadline=None)
@given(st.binary(max_size=3000))
def test_sources_stage_never_crashes_on_random_bytes(data):
    try:
        text = decode(data, "fuzz")
    except InputError:
        return
    spans = split_story(text).body
    for s in spans:
        assert 0 <= s.start < s.end <= len(text)


@settings(max_examples=100, deadline=None)
@given(st.text(max_size=2000))
def test_split_story_never_crashes_on_random_text(text):
    spans = split_story(text).body
    assert all(text[s.start : s.end].strip() for s in spans)


def test_injected_copy_really_is_hostile():
    text = INJECTED.read_text()
    assert "Ignore previous instructions" in text and "ARTICLE>>>" in text and '"people"' in text
    assert Path(SEED / "kyiv-independent.txt").read_text() != text


def test_unreachable_model_is_said_plainly_and_once(tmp_path):
    import os

    env = {
        **os.environ,
        "CHECKER_LLM_BASE_URL": "http://127.0.0.1:9/v1",
        "CHECKER_LLM_MODEL": "x",
        "CHECKER_LLM_RETRIES": "0",
        "CHECKER_LLM_TIMEOUT": "5",
        "CHECKER_CACHE_DIR": str(tmp_path),
    }
    proc = cli("diff", str(SEED), "--no-progress", env=env)
    assert proc.returncode == 3
    assert "No disagreements found" not in proc.stdout
    assert "Nothing was compared" in proc.stdout and "http://127.0.0.1:9/v1" in proc.stdout
    err = proc.stderr.strip().splitlines()
    assert len(err) == 1 and "3 source(s) failed" in err[0] and "http://127.0.0.1:9/v1" in err[0], (
        err
    )
