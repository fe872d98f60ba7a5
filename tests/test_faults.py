"""Provider faults against a loopback fault-injecting OpenAI-compatible server.

Outcome in every case: retried within limits, or that source marked failed in a partial report
(exit 3); sources that succeeded are cached, so a re-run picks up from there.
"""

from __future__ import annotations

import json
import os
import socket
import subprocess
import sys
import time
from pathlib import Path

import pytest

from checker.context import run_context
from checker.extract.llm import LLMBackend
from checker.pipeline import load_sources, run_diff
from checker.policy import exit_status
from checker.records import ArticleFacts, Quantity
from checker.settings import LLMSettings
from tests.fault_server import FaultServer, Reply, completion

pytestmark = pytest.mark.block_network(allowed_hosts=["127.0.0.1"])

A = "Port officials said on Tuesday that 40 ships left Najin for the Russian port of Dunay."
B = "Officials in Dunay said on Tuesday that 40 ships had arrived from Najin, North Korea."


def valid(text: str) -> dict:
    facts = ArticleFacts(quantities=[Quantity(value="40", unit="ships", about=None, evidence=text)])
    return completion(facts.model_dump_json())


@pytest.fixture
def story(tmp_path: Path) -> Path:
    d = tmp_path / "story"
    d.mkdir()
    (d / "a.txt").write_text(A + "\n")
    (d / "b.txt").write_text(B + "\n")
    return d


def settings(url: str, **kw) -> LLMSettings:
    base = dict(
        base_url=url,
        model="fault-model",
        api_key=None,
        mode="json",
        concurrency=1,
        max_retries=1,
        http_retries=0,
        timeout_s=5.0,
    )
    base.update(kw)
    return LLMSettings(**base)


def diff(story: Path, s: LLMSettings, cache: Path):
    return run_diff(
        run_context(), load_sources([story], 5_000_000), LLMBackend(s, cache_dir=str(cache))
    )


def test_connection_refused_marks_sources_failed(story, tmp_path):
    sock = socket.socket()
    sock.bind(("127.0.0.1", 0))
    port = sock.getsockname()[1]
    sock.close()
    report = diff(story, settings(f"http://127.0.0.1:{port}/v1"), tmp_path / "c")
    assert [s.status for s in report.sources] == ["failed", "failed"]
    assert "cannot reach the model endpoint" in report.sources[0].error
    assert exit_status(report, "high") == 3


def test_timeout_is_a_failed_source(story, tmp_path):
    with FaultServer([Reply(body=valid(A), delay=2.0)]) as srv:
        report = diff(story, settings(srv.base_url, timeout_s=0.5), tmp_path / "c")
    assert report.sources[0].status == "failed" and "APITimeoutError" in report.sources[0].error


def test_429_with_retry_after_is_honoured(story, tmp_path):
    replies = [
        Reply(status=429, body={"error": {"message": "slow down"}}, headers={"retry-after": "1"}),
        Reply(body=valid(A)),
        Reply(body=valid(B)),
    ]
    with FaultServer(replies) as srv:
        t = time.perf_counter()
        report = diff(story, settings(srv.base_url, http_retries=2), tmp_path / "c")
        elapsed = time.perf_counter() - t
    assert [s.status for s in report.sources] == ["ok", "ok"]
    assert len(srv.requests) == 3
    assert elapsed >= 0.9


def test_5xx_retried_then_ok(story, tmp_path):
    replies = [
        Reply(status=500, body={"error": {"message": "boom"}}),
        Reply(status=503, body={"error": {"message": "busy"}}),
        Reply(body=valid(A)),
        Reply(body=valid(B)),
    ]
    with FaultServer(replies) as srv:
        report = diff(story, settings(srv.base_url, http_retries=3), tmp_path / "c")
    assert [s.status for s in report.sources] == ["ok", "ok"]


@pytest.mark.parametrize(
    ("reply", "why"),
    [
        (Reply(body="this is not json"), "invalid JSON body"),
        (Reply(body=completion('{"people": [{"name": "Jo', finish_reason="length")), "truncated"),
        (Reply(body=completion("", refusal="I can't help with that.")), "refusal"),
        (Reply(body=completion("")), "empty"),
        (Reply(status=503, body={"error": {"message": "down"}}), "503 after retries"),
    ],
    ids=lambda x: x if isinstance(x, str) else "",
)
def test_bad_answers_fail_the_source_and_keep_the_good_one(story, tmp_path, reply, why):
    with FaultServer([Reply(body=valid(A)), reply]) as srv:
        report = diff(story, settings(srv.base_url, http_retries=1), tmp_path / "c")
    assert [s.status for s in report.sources] == ["ok", "failed"], why
    assert exit_status(report, "high") == 3
    # the good extraction was cached: a re-run against a healthy server asks only for b
    with FaultServer([Reply(body=valid(B))]) as srv2:
        again = diff(story, settings(srv2.base_url), tmp_path / "c")
    assert [s.status for s in again.sources] == ["ok", "ok"]
    assert again.meta.usage.cache_hits == 1 and again.meta.usage.calls == 1
    assert len(srv2.requests) == 1


def test_schema_valid_answer_with_invented_evidence_is_dropped(story, tmp_path):
    invented = ArticleFacts(
        quantities=[
            Quantity(
                value="900",
                unit="tanks",
                about=None,
                evidence="Officials said 900 tanks crossed the border.",
            )
        ]
    )
    with FaultServer([Reply(body=completion(invented.model_dump_json()))]) as srv:
        report = diff(story, settings(srv.base_url), tmp_path / "c")
    assert [s.status for s in report.sources] == ["ok", "ok"]
    assert report.meta.dropped["evidence_not_in_article"] == 2
    assert not any("900" in f.message for f in report.findings)
    assert report.meta.recovered > 0  # the offline extractor's facts fill in


def test_api_key_never_written_anywhere(story, tmp_path):
    marker = "sk-marker-0123456789abcdef"
    out = tmp_path / "out"
    out.mkdir()
    with FaultServer([Reply(body=valid(A)), Reply(body=valid(B))]) as srv:
        env = {
            **os.environ,
            "CHECKER_LLM_API_KEY": marker,
            "CHECKER_LLM_BASE_URL": srv.base_url,
            "CHECKER_LLM_MODEL": "fault-model",
            "CHECKER_CACHE_DIR": str(out / "cache"),
            "CHECKER_LLM_CONCURRENCY": "1",
        }
        runs = [
            subprocess.run(
                [
                    sys.executable,
                    "-m",
                    "checker",
                    "--debug",
                    "diff",
                    str(story),
                    "--format",
                    fmt,
                    "-o",
                    str(out / f"report.{fmt}"),
                ],
                capture_output=True,
                text=True,
                env=env,
                timeout=120,
            )
            for fmt in ("json", "html", "markdown")
        ]
        assert srv.headers[0]["authorization"] == f"Bearer {marker}"  # the key was really used
    bad = {**env, "CHECKER_LLM_BASE_URL": "http://127.0.0.1:9/v1", "CHECKER_LLM_RETRIES": "0"}
    runs.append(
        subprocess.run(
            [sys.executable, "-m", "checker", "--debug", "diff", str(story), "--no-cache"],
            capture_output=True,
            text=True,
            env=bad,
            timeout=120,
        )
    )
    assert runs[-1].returncode == 3
    for r in runs:
        assert marker not in r.stdout and marker not in r.stderr
    files = [p for p in out.rglob("*") if p.is_file()]
    assert len(files) >= 4
    for p in files:
        assert marker.encode() not in p.read_bytes(), p
    assert json.loads((out / "report.json").read_text())["meta"]["usage"]["calls"] == 2


def test_token_budget_stops_before_it_is_passed(story, tmp_path):
    with FaultServer([Reply(body=valid(A)), Reply(body=valid(B))]) as srv:
        backend = LLMBackend(settings(srv.base_url), cache_dir=str(tmp_path / "c"))
        one = backend._estimate(load_sources([story], 5_000_000)[0])
        limited = LLMBackend(
            settings(srv.base_url), cache_dir=str(tmp_path / "d"), max_tokens_total=one + 50
        )
        report = run_diff(run_context(), load_sources([story], 5_000_000), limited)
    assert [s.status for s in report.sources] == ["ok", "failed"]
    assert "budget" in report.sources[1].error and len(srv.requests) == 1
    assert exit_status(report, "high") == 3


def test_ctrl_c_mid_run_keeps_what_was_paid_for(story, tmp_path):
    """SIGINT while the second source is in flight: exit 130, and a re-run asks only for it."""
    import signal

    cache = tmp_path / "cache"
    with FaultServer([Reply(body=valid(A)), Reply(body=valid(B), delay=30)]) as srv:
        env = {
            **os.environ,
            "CHECKER_LLM_BASE_URL": srv.base_url,
            "CHECKER_LLM_MODEL": "fault-model",
            "CHECKER_CACHE_DIR": str(cache),
            "CHECKER_LLM_CONCURRENCY": "1",
        }
        proc = subprocess.Popen(
            [sys.executable, "-m", "checker", "diff", str(story), "--format", "json"],
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            text=True,
            env=env,
            # as at a terminal: a runner started in the background ignores SIGINT, and Python
            # keeps an ignored SIGINT ignored, which would make this test prove nothing
            preexec_fn=lambda: signal.signal(signal.SIGINT, signal.SIG_DFL),
        )
        deadline = time.time() + 60
        while len(srv.requests) < 2 and time.time() < deadline:
            time.sleep(0.1)
        assert len(srv.requests) == 2, "the second request never started"
        proc.send_signal(signal.SIGINT)
        _, err = proc.communicate(timeout=60)
    assert proc.returncode == 130, err
    assert "Traceback" not in err
    with FaultServer([Reply(body=valid(B))]) as srv2:
        report = diff(story, settings(srv2.base_url), cache)
    assert [s.status for s in report.sources] == ["ok", "ok"]
    assert report.meta.usage.cache_hits == 1 and len(srv2.requests) == 1
