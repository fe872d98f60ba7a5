from __future__ import annotations

from pathlib import Path

import pytest

from checker.context import run_context

ROOT = Path(__file__).resolve().parent.parent
SEED = ROOT / "corpus" / "nk-russia-containers"


@pytest.fixture(scope="session", autouse=True)
def _no_settings_from_the_developer():
    """A developer's own CHECKER_* settings (a configured model, a cache folder) must not reach
    the tests, session fixtures included: each test sets what it needs."""
    import os

    with pytest.MonkeyPatch.context() as mp:
        for name in list(os.environ):
            if name.startswith("CHECKER_") or name == "OPENAI_API_KEY":
                mp.delenv(name, raising=False)
        yield


@pytest.fixture(scope="session")
def seed_dir() -> Path:
    return SEED


@pytest.fixture(scope="session")
def offline_backend():
    from checker.extract.offline import OfflineBackend

    return OfflineBackend()


@pytest.fixture(scope="session")
def seed_report(offline_backend):
    from checker.pipeline import load_sources, run_diff

    return run_diff(run_context(), load_sources([SEED], 5_000_000), offline_backend)


# ---------------------------------------------------------------- cassettes (pytest-recording)

LLM_BASE_URL = "http://127.0.0.1:8765/v1"
LLM_MODEL = "qwen2.5-coder-1.5b-instruct-q4_k_m.gguf"


VCR_CONFIG = {
    "filter_headers": [
        "authorization",
        "x-api-key",
        "openai-organization",
        "openai-project",
        "cookie",
    ],
    "match_on": ["method", "scheme", "host", "port", "path", "query", "body"],
    "decode_compressed_response": True,
}


@pytest.fixture(scope="module")
def vcr_config():
    return dict(VCR_CONFIG)


@pytest.fixture(scope="module")
def vcr_cassette_dir(request):
    return str(ROOT / "cassettes" / request.module.__name__.split(".")[-1])


@pytest.fixture
def llm_settings(monkeypatch):
    """Settings pointing at the local model the cassettes were recorded from; placeholder key."""
    from checker.settings import LLMSettings

    monkeypatch.delenv("OPENAI_API_KEY", raising=False)
    # One request at a time: the local server has one slot, and queued requests would time out
    # while recording. Replay does not care.
    return LLMSettings(
        base_url=LLM_BASE_URL,
        model=LLM_MODEL,
        api_key=None,
        mode="json",
        concurrency=1,
        timeout_s=900.0,
    )


def injection_key(report):
    """Findings by rule, slot, relation and severity, for comparing a story with its copy that
    carries a prompt injection. The injected lines are text only one source has: they may be
    reported as such (quoted, never obeyed), and nothing else may change."""
    hostile = ROOT / "tests" / "hostile" / "injection" / "kyiv-independent.txt"
    injected = set(hostile.read_text().splitlines()) - set(
        (SEED / "kyiv-independent.txt").read_text().splitlines()
    )
    return sorted(
        (f.rule, f.slot, f.relation, f.severity)
        for f in report.findings
        if not (
            f.rule == "claim/only-one-source"
            and any(v.evidence in line for v in f.values for line in injected)
        )
    )
