import pytest

from checker.errors import ConfigError
from checker.settings import load_settings


@pytest.fixture(autouse=True)
def clean_env(monkeypatch):
    for var in (
        "CHECKER_LLM_MODEL",
        "CHECKER_LLM_BASE_URL",
        "CHECKER_LLM_MODE",
        "CHECKER_LLM_API_KEY",
        "OPENAI_API_KEY",
        "CHECKER_CACHE_DIR",
        "CHECKER_MAX_BYTES",
        "CHECKER_LLM_CONCURRENCY",
    ):
        monkeypatch.delenv(var, raising=False)


def test_no_model_means_offline(tmp_path):
    assert load_settings(tmp_path).llm is None


def test_config_file_found_walking_up_and_env_wins(tmp_path, monkeypatch):
    (tmp_path / "checker.toml").write_text(
        'llm_model = "m1"\nllm_base_url = "http://127.0.0.1:9/v1"\n'
    )
    sub = tmp_path / "a" / "b"
    sub.mkdir(parents=True)
    s = load_settings(sub)
    assert s.llm.model == "m1" and s.llm.base_url == "http://127.0.0.1:9/v1"
    monkeypatch.setenv("CHECKER_LLM_MODEL", "m2")
    assert load_settings(sub).llm.model == "m2"


def test_pyproject_table_and_unknown_keys(tmp_path):
    (tmp_path / "pyproject.toml").write_text(
        '[tool.checker]\nllm_model = "m"\napi_key = "sk-secret"\n'
    )
    with pytest.raises(ConfigError, match="unknown setting"):
        load_settings(tmp_path)


def test_key_never_in_repr(monkeypatch, tmp_path):
    monkeypatch.setenv("CHECKER_LLM_MODEL", "m")
    monkeypatch.setenv("CHECKER_LLM_API_KEY", "sk-marker-123456789")
    s = load_settings(tmp_path)
    assert s.llm.api_key == "sk-marker-123456789"
    assert "sk-marker" not in repr(s) and "sk-marker" not in repr(s.llm)
