"""The pre-commit hook works as the README documents it, with pre-commit itself (item 1 of issue
27): `pre-commit try-repo` with the hook's defaults, and the README's own snippet, on a newsroom
repository of drafts and sources (invented texts), pass a clean draft and fail a wrong one.

pre-commit builds the hook's virtualenv by pip-installing this repository (from the package
index this machine and CI use), so each test takes about half a minute.
"""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from tests.conftest import ROOT

pytestmark = pytest.mark.slow

SOURCES = {
    "sources/quay-news.txt": "Harbour crane falls\n\nA crane fell at the Alder Quay container "
    "terminal on Monday, injuring three workers, the port authority said.\n",
    "sources/coast-daily.txt": "Crane collapse at Alder Quay\n\nThree workers were injured on "
    "Monday when a crane fell at the Alder Quay container terminal, the port authority said.\n",
    # a Markdown file among the sources: the hook must not take it for a draft
    "sources/notes.md": "# Desk notes\n\nThree workers were hurt when a crane fell at the Alder "
    "Quay container terminal on Monday.\n",
}
CLEAN = "# Crane falls\n\nThree workers were injured on Monday when a crane fell at the Alder Quay terminal.\n"
WRONG = "# Crane falls\n\nFive workers were injured on Monday when a crane fell at the Alder Quay terminal.\n"


def _git(cwd: Path, *args: str) -> str:
    return subprocess.run(
        ["git", "-c", "user.name=t", "-c", "user.email=t@example.org", *args],
        cwd=cwd,
        check=True,
        capture_output=True,
        text=True,
    ).stdout.strip()


def _newsroom(tmp: Path, draft: str) -> Path:
    repo = tmp / "newsroom"
    for name, text in {**SOURCES, "drafts/crane.md": draft}.items():
        (repo / name).parent.mkdir(parents=True, exist_ok=True)
        (repo / name).write_text(text, encoding="utf-8")
    _git(repo, "init", "-q")
    _git(repo, "add", "-A")
    _git(repo, "commit", "-qm", "drafts and sources")
    return repo


def _env(tmp: Path) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith(("CHECKER_", "GIT_"))}
    env.pop("OPENAI_API_KEY", None)
    env["PRE_COMMIT_HOME"] = str(tmp / "pre-commit-home")
    env["CHECKER_CACHE_DIR"] = str(tmp / "checker-cache")
    return env


def _pre_commit(repo: Path, env: dict[str, str], *args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "pre_commit", *args],
        cwd=repo,
        env=env,
        capture_output=True,
        text=True,
        timeout=900,
    )


@pytest.fixture(scope="module")
def checker_repo() -> Path:
    if shutil.which("git") is None or not (ROOT / ".git").exists():
        pytest.skip("needs git and this repository's git checkout")
    pytest.importorskip("pre_commit")
    return ROOT


def _documented_config() -> str:
    """The README's `.pre-commit-config.yaml` snippet, as written."""
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    m = re.search(r"```yaml\n(# \.pre-commit-config\.yaml.*?)```", readme, re.S)
    assert m, "the README documents a .pre-commit-config.yaml snippet"
    return m.group(1)


def test_documented_rev_is_the_release_tag_of_this_version():
    """The README pins a `v`-tag of the version in pyproject.toml (CONTRIBUTING tells maintainers
    to create it at release); it must not name a version that is not this one."""
    import tomllib

    version = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))["project"][
        "version"
    ]
    rev = re.search(r"^\s+rev: (\S+)", _documented_config(), re.M)
    assert rev and rev.group(1) == f"v{version}"
    assert f"git tag v{version}" in (ROOT / "CONTRIBUTING.md").read_text(encoding="utf-8")


def test_try_repo_passes_a_clean_draft(checker_repo, tmp_path):
    repo = _newsroom(tmp_path, CLEAN)
    done = _pre_commit(
        repo, _env(tmp_path), "try-repo", str(checker_repo), "checker-check", "--all-files"
    )
    assert done.returncode == 0, done.stdout + done.stderr
    assert "Passed" in done.stdout


def test_documented_config_fails_a_wrong_draft_and_passes_it_fixed(checker_repo, tmp_path):
    """The README's snippet, with `repo:` this checkout and `rev:` its HEAD commit (a tag would
    be the same commit): the wrong figure fails the commit, the fixed draft passes, and the
    Markdown file in sources/ is never checked as a draft."""
    repo = _newsroom(tmp_path, WRONG)
    head = _git(checker_repo, "rev-parse", "HEAD")
    config = re.sub(r"(?m)^(\s+- repo: ).*$", rf"\g<1>{checker_repo}", _documented_config())
    config = re.sub(r"(?m)^(\s+rev: ).*$", rf"\g<1>{head}", config)
    (repo / ".pre-commit-config.yaml").write_text(config, encoding="utf-8")
    env = _env(tmp_path)
    done = _pre_commit(repo, env, "run", "--all-files")
    assert done.returncode == 1, done.stdout + done.stderr
    assert "drafts/crane.md" in done.stdout and "Five workers" in done.stdout
    assert "notes.md" not in done.stdout and "inside the sources folder" not in done.stdout
    (repo / "drafts/crane.md").write_text(CLEAN, encoding="utf-8")
    done = _pre_commit(repo, env, "run", "--all-files")
    assert done.returncode == 0, done.stdout + done.stderr
