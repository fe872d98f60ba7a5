"""The LLM path end to end, replayed from cassettes recorded with the real local model.

Re-record (see CONTRIBUTING.md): `scripts/record-cassettes.sh`.
"""

from __future__ import annotations

import json

import pytest

from checker.context import run_context
from checker.expectations import evaluate, load_expected
from checker.extract.llm import LLMBackend
from checker.pipeline import load_sources, run_diff
from tests.conftest import LLM_MODEL, ROOT, SEED


@pytest.mark.vcr
def test_seed_story_through_the_model(llm_settings, tmp_path):
    backend = LLMBackend(llm_settings, cache_dir=str(tmp_path))
    articles = load_sources([SEED], 5_000_000)
    report = run_diff(run_context(), articles, backend)
    assert [s.status for s in report.sources] == ["ok", "ok", "ok"], [
        s.error for s in report.sources
    ]
    assert report.meta.backend == "llm" and report.meta.model == LLM_MODEL
    assert report.meta.prompt_hash and report.meta.schema_hash
    assert report.meta.usage.calls >= 3
    assert report.meta.usage.prompt_tokens > 0 and report.meta.usage.completion_tokens > 0
    assert all(s.usage is not None and s.usage.calls == 1 for s in report.sources)

    outcome = evaluate(report, load_expected(SEED / "expected.yaml"))
    assert outcome.missed == [] and outcome.false_conflicts == [] and outcome.noise == []

    # A second run on unchanged input is served from the cache: no call at all.
    again = run_diff(run_context(), articles, LLMBackend(llm_settings, cache_dir=str(tmp_path)))
    assert again.meta.usage.calls == 0
    assert again.meta.usage.cache_hits == 3
    strip = lambda r: [(f.id, f.message) for f in r.findings]  # noqa: E731
    assert strip(again) == strip(report)


def test_cassettes_hold_the_real_model_and_no_secret():
    files = list((ROOT / "cassettes" / "test_llm_cassettes").glob("*.yaml"))
    assert files, "cassettes missing: run scripts/record-cassettes.sh"
    text = "\n".join(f.read_text() for f in files)
    assert LLM_MODEL in text
    assert "authorization" not in text.lower()
    assert "Bearer" not in text


def test_request_wraps_article_as_data(llm_settings, tmp_path):
    backend = LLMBackend(llm_settings, cache_dir=str(tmp_path))
    article = load_sources([SEED], 5_000_000)[0]
    kwargs = backend.request_kwargs(article)
    user = kwargs["messages"][1]["content"]
    assert user.count("<<<ARTICLE") == 1 and user.count("ARTICLE>>>") == 1
    assert kwargs["max_tokens"] > 0
    schema = kwargs["extra_body"]["response_format"]["schema"]
    assert schema["properties"]["people"]["maxItems"] == 25
    json.dumps(kwargs)  # serialisable, as a batch line would be
