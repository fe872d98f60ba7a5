"""Batch round trip: prepare -> results (from the real local model) -> ingest -> diff, offline."""

from __future__ import annotations

import json
import os
from pathlib import Path

import pytest
from click.testing import CliRunner

from checker.cli import cli
from tests.conftest import LLM_BASE_URL, LLM_MODEL, ROOT, SEED

RESULTS = ROOT / "tests" / "data" / "seed-batch-results.jsonl"


@pytest.fixture
def env(tmp_path, monkeypatch):
    monkeypatch.setenv("CHECKER_LLM_MODEL", LLM_MODEL)
    monkeypatch.setenv("CHECKER_LLM_BASE_URL", LLM_BASE_URL)
    monkeypatch.setenv("CHECKER_CACHE_DIR", str(tmp_path / "cache"))
    monkeypatch.delenv("OPENAI_API_KEY", raising=False)
    return tmp_path


def test_prepare_writes_one_request_per_source_keyed_by_cache_key(env):
    out = env / "batch.jsonl"
    result = CliRunner().invoke(cli, ["batch", "prepare", str(SEED), "-o", str(out)])
    assert result.exit_code == 0, result.output
    lines = [json.loads(line) for line in out.read_text().splitlines()]
    assert len(lines) == 3
    assert all(r["method"] == "POST" and r["url"] == "/v1/chat/completions" for r in lines)
    assert all(len(r["custom_id"]) == 64 for r in lines)
    assert all(r["body"]["model"] == LLM_MODEL for r in lines)


def test_round_trip_then_diff_makes_no_call(env):
    prepared = env / "batch.jsonl"
    CliRunner().invoke(cli, ["batch", "prepare", str(SEED), "-o", str(prepared)])
    ids = [json.loads(line)["custom_id"] for line in prepared.read_text().splitlines()]
    results = [json.loads(line) for line in RESULTS.read_text().splitlines()]
    assert sorted(r["custom_id"] for r in results) == sorted(ids), "re-run scripts/record-batch.sh"
    assert all(r["response"]["body"]["model"] for r in results)

    ingest = CliRunner().invoke(cli, ["batch", "ingest", str(RESULTS)])
    assert ingest.exit_code == 0, ingest.output
    assert "stored 3" in ingest.output

    # no server runs: a diff can only succeed from the cache
    diff = CliRunner().invoke(cli, ["diff", str(SEED), "--backend", "llm", "--format", "json"])
    assert diff.exit_code == 0, diff.output
    report = json.loads(diff.output)
    assert report["meta"]["usage"]["calls"] == 0 and report["meta"]["usage"]["cache_hits"] == 3
    assert any(f["kind"] == "person_title" and "Kirby" in f["message"] for f in report["findings"])


def test_ingest_rejects_bad_lines(env):
    good = json.loads(RESULTS.read_text().splitlines()[0])
    cut = json.loads(json.dumps(good))
    cut["custom_id"] = "cut"
    cut["response"]["body"]["choices"][0]["finish_reason"] = "length"
    bad_schema = json.loads(json.dumps(good))
    bad_schema["custom_id"] = "schema"
    bad_schema["response"]["body"]["choices"][0]["message"]["content"] = '{"people": "nobody"}'
    failed = {"id": "x", "custom_id": "err", "response": None, "error": {"code": "server_error"}}
    path = env / "results.jsonl"
    path.write_text("\n".join(json.dumps(r) for r in (good, cut, bad_schema, failed)) + "\n")
    result = CliRunner().invoke(cli, ["batch", "ingest", str(path)])
    assert result.exit_code == 3
    assert "stored 1" in result.output


def test_batch_needs_a_model(tmp_path, monkeypatch):
    monkeypatch.delenv("CHECKER_LLM_MODEL", raising=False)
    result = CliRunner().invoke(
        cli, ["batch", "prepare", str(SEED), "-o", str(tmp_path / "b.jsonl")]
    )
    assert result.exit_code == 2
    assert os.path.exists(tmp_path) and not (tmp_path / "b.jsonl").exists()


def test_results_file_came_from_the_real_model():
    text = RESULTS.read_text()
    assert LLM_MODEL in text or "qwen" in text.lower()
    assert Path(ROOT / "scripts" / "record-batch.sh").exists()
