"""The command line's options are one table (checker/options.py): each is used, documented and
wired into the command that names it."""

from __future__ import annotations

from pathlib import Path

import click
import pytest

from checker.cli import cli
from checker.options import COMMAND_OPTIONS, OPTIONS

README = (Path(__file__).resolve().parents[1] / "README.md").read_text(encoding="utf-8")


def _command(path: str) -> click.Command:
    command: click.Command = cli
    for name in path.split():
        assert isinstance(command, click.Group)
        command = command.commands[name]
    return command


def test_every_option_in_the_table_is_taken_by_a_command():
    used = {name for names in COMMAND_OPTIONS.values() for name in names}
    assert sorted(set(OPTIONS) - used) == []


@pytest.mark.parametrize("path", sorted(COMMAND_OPTIONS))
def test_each_command_has_the_options_the_table_gives_it(path):
    flags = {f for p in _command(path).params for f in p.opts}
    for name in COMMAND_OPTIONS[path]:
        assert set(OPTIONS[name].flags) <= flags, (path, name)


@pytest.mark.parametrize("path", ["diff", "check"])
def test_the_readme_documents_every_flag_of_the_report_commands(path):
    missing = [
        flag
        for name in COMMAND_OPTIONS[path]
        for flag in OPTIONS[name].flags
        if flag.startswith("--") and flag not in README
    ]
    assert missing == []


def test_every_option_has_help():
    assert sorted(n for n, o in OPTIONS.items() if not o.help) == []
