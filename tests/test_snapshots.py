"""What an editor reads, pinned: terminal (no colour), Markdown and JSON reports of two stories.

A change to any of them shows up here as a diff to review. After an intended change, regenerate
with ``UPDATE_SNAPSHOTS=1 python -m pytest tests/test_snapshots.py`` and read the diff before
committing it.
"""

from __future__ import annotations

import json
import os
import re

import pytest
from click.testing import CliRunner

from checker.cli import cli
from tests.conftest import ROOT

SNAPSHOTS = ROOT / "tests" / "snapshots"
STORIES = ["nk-russia-containers", "andes-bus-crash"]
FORMATS = {"terminal": "txt", "markdown": "md", "json": "json"}


def _normalize(text: str, fmt: str) -> str:
    """Leave out what changes from run to run, checkout to checkout or release to release:
    timings, the checkout's folder, the version."""
    text = text.replace(str(ROOT), "<root>")
    if fmt == "json":
        data = json.loads(text)
        data["meta"]["timings"] = {}
        data["meta"]["tool_version"] = "-"
        return json.dumps(data, indent=2, sort_keys=True) + "\n"
    text = re.sub(r"\b\d+\.\d+s\b", "<t>s", text)
    return re.sub(r"checker \d+\.\d+\.\d+\S*", "checker <version>", text)


@pytest.mark.parametrize("story", STORIES)
@pytest.mark.parametrize("fmt", sorted(FORMATS))
def test_report_snapshot(story, fmt, monkeypatch):
    monkeypatch.delenv("COLUMNS", raising=False)  # the terminal report at its pipe width, 110
    result = CliRunner().invoke(
        cli,
        [
            "diff",
            str(ROOT / "corpus" / story),
            "--format",
            fmt,
            "--fail-on",
            "never",
            "--no-progress",
        ],
    )
    assert result.exit_code == 0, result.output
    got = _normalize(result.output, fmt)
    path = SNAPSHOTS / f"{story}.{FORMATS[fmt]}"
    if os.environ.get("UPDATE_SNAPSHOTS"):
        SNAPSHOTS.mkdir(exist_ok=True)
        path.write_text(got, encoding="utf-8")
    assert path.exists(), f"no snapshot {path.name}: run with UPDATE_SNAPSHOTS=1 and review it"
    assert got == path.read_text(encoding="utf-8")


def _commands(group, prefix=()):
    for name, cmd in sorted(group.commands.items()):
        yield (*prefix, name), cmd
        if hasattr(cmd, "commands"):
            yield from _commands(cmd, (*prefix, name))


@pytest.mark.parametrize("path", [p for p, _ in _commands(cli)], ids=lambda p: " ".join(p))
def test_every_command_has_help(path):
    cmd = dict(_commands(cli))[path]
    result = CliRunner().invoke(cli, [*path, "--help"])
    assert result.exit_code == 0
    assert "Usage: " in result.output
    first = (cmd.help or "").strip().splitlines()[0]
    assert first and first.split()[0] in result.output


def test_top_level_help_keeps_the_settings_block_as_written():
    out = CliRunner().invoke(cli, ["--help"]).output
    lines = out.splitlines()
    i = next(
        k for k, line in enumerate(lines) if line.strip() == "Settings (environment variables):"
    )
    assert lines[i + 1].strip().startswith("CHECKER_LLM_BASE_URL")
    assert any(line.strip().startswith("CHECKER_MAX_BYTES") for line in lines)
