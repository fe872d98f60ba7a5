"""The HTML report: self-contained, inert article text, checked in a real headless browser."""

from __future__ import annotations

import json
import re
import shutil
import subprocess
from pathlib import Path

import pytest
from click.testing import CliRunner

from checker.cli import cli
from tests.conftest import ROOT, SEED

HOSTILE = ROOT / "tests" / "hostile" / "kyiv-independent-hostile.html"
ARTIFACTS = ROOT / "tests" / "artifacts"
BROWSER_SERVICES = r"https?://([\w.-]+\.)?(google\.com|googleapis\.com|gvt1\.com|gstatic\.com)/"


def _report(tmp_path: Path, *sources: Path) -> Path:
    out = tmp_path / "report.html"
    result = CliRunner().invoke(
        cli, ["diff", *map(str, sources), "--format", "html", "-o", str(out)]
    )
    assert result.exit_code in (0, 1), result.output
    return out


def test_html_is_self_contained_and_escapes_article_text(tmp_path):
    html = _report(
        tmp_path, HOSTILE, SEED / "press-association.txt", SEED / "ukrainian-outlet.txt"
    ).read_text()
    # our one script, allowed by hash; nothing from the article is markup
    assert html.count("<script>") == 1
    assert "<img" not in html and 'href="javascript' not in html and "<link" not in html
    assert re.search(r"Content-Security-Policy\" content=\"default-src 'none'", html)
    assert not re.search(r"(src|href)=\"https?://", html)
    assert "&lt;script&gt;" in html  # shown as text


def _chromium() -> str | None:
    return shutil.which("chromium") or shutil.which("chromium-browser")


def _browse(html: Path, tmp_path: Path, screenshot: Path | None = None) -> tuple[str, str]:
    """Load a page headless; return the DOM after scripts ran, and the network log."""
    browser = _chromium()
    assert browser
    netlog = tmp_path / "net.json"
    base = [
        browser,
        "--headless",
        "--no-sandbox",
        "--disable-gpu",
        "--disable-background-networking",
        "--disable-component-update",
        "--no-first-run",
        "--disable-sync",
        f"--user-data-dir={tmp_path / 'profile'}",
        f"--log-net-log={netlog}",
        "--virtual-time-budget=3000",
    ]
    dom = subprocess.run(
        [*base, "--dump-dom", html.as_uri()], capture_output=True, text=True, timeout=120
    ).stdout
    if screenshot is not None:
        subprocess.run(
            [*base, "--window-size=1400,1800", f"--screenshot={screenshot}", html.as_uri()],
            capture_output=True,
            timeout=120,
        )
    return dom, netlog.read_text() if netlog.exists() else ""


@pytest.mark.skipif(
    _chromium() is None, reason="Debian's chromium is not installed (.ci/run installs it)"
)
def test_hostile_article_runs_no_script_in_a_real_browser(tmp_path):
    page = _report(tmp_path, HOSTILE, SEED / "press-association.txt", SEED / "ukrainian-outlet.txt")
    ARTIFACTS.mkdir(exist_ok=True)
    dom, netlog = _browse(page, tmp_path, ARTIFACTS / "hostile-report.png")
    assert 'data-js="on"' in dom, "our own script did not run, so the check below proves nothing"
    assert "data-pwned" not in dom.split("<body", 1)[1].split(">", 1)[0]
    assert "PWNED" not in dom.split("</title>")[0]
    requested = set(re.findall(r'"url":"(https?://[^"]+)"', netlog))
    # Chromium's own service traffic (updates, clock, accounts) is not the page's.
    page_requests = {u for u in requested if not re.match(BROWSER_SERVICES, u)}
    assert not page_requests, f"the page made external requests: {page_requests}"
    assert not any("attacker.invalid" in u for u in requested)
    assert (ARTIFACTS / "hostile-report.png").stat().st_size > 10_000


@pytest.mark.skipif(
    _chromium() is None, reason="Debian's chromium is not installed (.ci/run installs it)"
)
def test_seed_report_renders_with_findings_and_filters(tmp_path):
    page = _report(tmp_path, SEED)
    ARTIFACTS.mkdir(exist_ok=True)
    dom, _ = _browse(page, tmp_path, ARTIFACTS / "seed-report.png")
    assert 'data-js="on"' in dom
    assert dom.count('class="finding') >= 20
    assert "Coordinator for Strategic Communications" in dom
    assert (ARTIFACTS / "seed-report.png").stat().st_size > 10_000


def test_check_html_puts_the_draft_first(tmp_path):
    out = tmp_path / "check.html"
    CliRunner().invoke(
        cli,
        [
            "check",
            str(ROOT / "tests" / "drafts" / "nk-planted-errors.md"),
            "--sources",
            str(SEED),
            "--format",
            "html",
            "-o",
            str(out),
        ],
    )
    html = out.read_text()
    assert html.index('id="a-draft"') < html.index('id="a-kyiv-independent"')
    assert "status-conflict" in html and "status-title_mismatch" in html
    assert "1 draft, 3 source(s)" in html  # the draft is not counted as a source
    assert json.dumps("x")  # the file is plain text
