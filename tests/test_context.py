"""The run context: one lexicon per run, read the same way by every stage of diff and check,
and memoized readers keyed by the lexicon's content."""

from __future__ import annotations

import json
import os
import re
import subprocess
import sys
from pathlib import Path

import pytest

from checker.context import run_context
from checker.lexicon import Lexicon, load_lexicon, without_classes
from checker.normalize.entities import place_key
from checker.settings import Settings
from tests.conftest import ROOT

# "confirmed" is no reporting verb of the bundled lexicon: with this entry, "X confirmed that …"
# credits the sentence to X (an attribution fact), which the offline extractor reads.
NEWSROOM = "report_verbs: [confirm]\n"
DRAFT = "# Containers lost\n\nThe Tiller Agency confirmed that 40 containers fell overboard on Tuesday.\n"
SOURCE = "Containers lost at sea\n\nForty containers fell overboard on Tuesday, the Tiller Agency said.\n"


def _cli(*args: str, cwd: Path, env: dict[str, str]) -> dict:
    proc = subprocess.run(
        [sys.executable, "-m", "checker", *args, "--format", "json", "--no-progress"],
        capture_output=True,
        text=True,
        timeout=180,
        cwd=cwd,
        env={**os.environ, "PYTHONPATH": str(ROOT), **env},
    )
    assert proc.returncode in (0, 1), proc.stderr
    return json.loads(proc.stdout)


def _facts(facts: list[dict]) -> set[tuple[str, str, str]]:
    return {(f["kind"], json.dumps(f["fields"], sort_keys=True), f["evidence"]) for f in facts}


@pytest.mark.parametrize("where", ["newsroom", "story"])
def test_a_newsroom_or_story_lexicon_reads_the_draft_in_check_as_in_diff(tmp_path, where):
    """The draft is extracted with the lexicon in force in check exactly as a source is in diff:
    a newsroom's ``lexicon`` setting (CHECKER_LEXICON) or the story folder's ``lexicon.yaml``."""
    sources = tmp_path / "sources"
    sources.mkdir()
    (sources / "wire.txt").write_text(SOURCE, encoding="utf-8")
    draft = tmp_path / "draft.md"
    draft.write_text(DRAFT, encoding="utf-8")
    env = {"CHECKER_LEXICON": ""}
    if where == "newsroom":
        (tmp_path / "newsroom.yaml").write_text(NEWSROOM, encoding="utf-8")
        env["CHECKER_LEXICON"] = str(tmp_path / "newsroom.yaml")
    else:
        (sources / "lexicon.yaml").write_text(NEWSROOM, encoding="utf-8")
    diff = _cli("diff", str(draft), str(sources), cwd=tmp_path, env=env)
    in_diff = _facts(next(s for s in diff["sources"] if s["id"] == "draft")["facts"])
    credited = {f for f in in_diff if f[0] == "attribution" and "Tiller Agency" in f[1]}
    assert credited, "the lexicon entry made no attribution in diff"
    check = _cli("check", str(draft), "--sources", str(sources), cwd=tmp_path, env=env)
    assert _facts(check["draft"]["facts"]) == in_diff


def test_a_lexicon_is_identified_by_its_content(tmp_path):
    newsroom = tmp_path / "newsroom.yaml"
    newsroom.write_text("places:\n  - [port harwell, harwell harbour]\n", encoding="utf-8")
    bundled, extended = load_lexicon(), load_lexicon((str(newsroom),))
    again = Lexicon()
    again.merge({"places": [["port harwell", "harwell harbour"]]}, "test")
    assert bundled.digest != extended.digest
    assert hash(bundled) != hash(extended) and bundled != extended
    assert without_classes(bundled).digest not in (bundled.digest, extended.digest)
    # a lexicon built the same way twice is the same lexicon (one cache entry, not two)
    copy = Lexicon()
    copy.merge({"places": [["port harwell", "harwell harbour"]]}, "copy")
    assert copy == again and hash(copy) == hash(again) and copy is not again
    # merging changes the content, and so the digest
    before = copy.digest
    copy.merge({"places": [["tresk", "tresk town"]]}, "more")
    assert copy.digest != before


def test_memoized_readers_answer_for_the_lexicon_they_are_given(tmp_path):
    """A memoized normalizer asked with one lexicon, then another, then the first again gives
    each its own answer; a lexicon made and dropped (its memory reusable) leaves no answer
    behind for the next one."""
    newsroom = tmp_path / "newsroom.yaml"
    newsroom.write_text("places:\n  - [port harwell, harwell harbour]\n", encoding="utf-8")
    bundled, extended = load_lexicon(), load_lexicon((str(newsroom),))
    assert place_key(bundled, "Harwell Harbour") == "harwell harbour"
    assert place_key(extended, "Harwell Harbour") == "port harwell"
    assert place_key(bundled, "Harwell Harbour") == "harwell harbour"
    for k in range(20):  # fresh objects, some at a reused address: answers follow the content
        lex = Lexicon()
        names = [f"place {k}", f"other {k}"]
        lex.merge({"places": [names]}, "loop")
        assert place_key(lex, f"other {k}") == f"place {k}"
        del lex


def test_the_run_context_merges_bundled_newsroom_and_story_lexicons(tmp_path):
    story = tmp_path / "story"
    story.mkdir()
    (story / "lexicon.yaml").write_text("places:\n  - [tresk, tresk town]\n", encoding="utf-8")
    newsroom = tmp_path / "newsroom.yaml"
    newsroom.write_text("places:\n  - [port harwell, harwell harbour]\n", encoding="utf-8")
    ctx = run_context(Settings(llm=None, lexicon=(str(newsroom),)), [story])
    assert place_key(ctx.lexicon, "Tresk Town") == "tresk"
    assert place_key(ctx.lexicon, "Harwell Harbour") == "port harwell"
    assert ctx.lexicon.units  # the bundled data beneath both
    assert run_context().lexicon == load_lexicon()


def test_no_module_keeps_run_state_in_a_context_variable_or_keys_a_cache_by_id():
    """The lexicon is an argument, never ambient; a cache keyed by ``id()`` of the lexicon
    could answer for another lexicon that reuses the object's memory."""
    for path in sorted((ROOT / "checker").rglob("*.py")):
        text = path.read_text(encoding="utf-8")
        assert "ContextVar" not in text, path
        assert not re.search(r"\bid\(\s*(?:lex|lexicon)\b", text), path
        assert not re.search(r"\blex_id\b", text), path
