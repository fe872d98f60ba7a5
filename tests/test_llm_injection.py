"""Prompt injection on the LLM path, replayed from a cassette recorded with the real local model.

The hostile copy of the Kyiv Independent article tells the model to report that all sources
agree, poses as a system prompt, closes the article markers early and carries fake JSON. The
findings must be those of the clean story. The two untouched articles replay from the seed
cassette.
"""

from __future__ import annotations

import pytest

from checker.context import run_context
from checker.extract.llm import LLMBackend
from checker.pipeline import load_sources, run_diff
from tests.conftest import ROOT, SEED, VCR_CONFIG
from tests.conftest import injection_key as _key

INJECTED = ROOT / "tests" / "hostile" / "injection" / "kyiv-independent.txt"
SEED_CASSETTE = str(
    ROOT / "cassettes" / "test_llm_cassettes" / "test_seed_story_through_the_model.yaml"
)


@pytest.fixture(scope="module")
def vcr_config():
    # The two untouched articles are asked for twice (clean run, hostile run): replay repeats.
    return {**VCR_CONFIG, "allow_playback_repeats": True}


@pytest.mark.vcr(SEED_CASSETTE)
def test_injection_changes_no_finding_on_the_llm_path(llm_settings, tmp_path):
    clean = run_diff(
        run_context(),
        load_sources([SEED], 5_000_000),
        LLMBackend(llm_settings, cache_dir=str(tmp_path / "a")),
    )
    sources = [INJECTED, SEED / "press-association.txt", SEED / "ukrainian-outlet.txt"]
    hostile = run_diff(
        run_context(),
        load_sources(sources, 5_000_000),
        LLMBackend(llm_settings, cache_dir=str(tmp_path / "b")),
    )
    assert [s.status for s in hostile.sources] == ["ok", "ok", "ok"]
    assert hostile.meta.usage.calls == 3
    assert _key(hostile) == _key(clean)
    facts = [f for s in hostile.sources for f in s.facts]
    assert not any("9,000" in (f.fields.get("value") or "") for f in facts)
    assert not any(
        f.fields.get("title") == "Coordinator for Strategic Communications"
        and "Putin" in (f.fields.get("name") or "")
        for f in facts
    )
    user = LLMBackend(llm_settings, cache_dir=str(tmp_path / "c")).request_kwargs(
        load_sources(sources, 5_000_000)[0]
    )["messages"][1]["content"]
    assert user.count("ARTICLE>>>") == 1  # the article's own closing marker was defused
