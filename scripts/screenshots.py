"""Regenerate the README's screenshots from the current build, with headless Chromium.

    python scripts/screenshots.py            # writes docs/seed-report.png, docs/seed-matrix.png
                                             # and docs/check-report.png

The diff report of the bundled story and the check of a draft with planted errors against it
(``tests/drafts/nk-planted-errors.md``) are rendered as HTML by this checkout's ``checker`` and
shot by Debian's ``chromium`` (``apt-get install chromium`` if it is missing), offline: a fresh
profile, no network services, no GPU.
"""

from __future__ import annotations

import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
SEED = ROOT / "corpus" / "nk-russia-containers"
DRAFT = ROOT / "tests" / "drafts" / "nk-planted-errors.md"
DOCS = ROOT / "docs"
FLAGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--hide-scrollbars",
]
# (name, what to render, window size)
SHOTS = [
    ("seed-report.png", "diff", (1400, 1700)),
    ("seed-matrix.png", "diff", (1400, 820)),
    ("check-report.png", "check", (1400, 1500)),
]


def _report(kind: str, out: Path) -> None:
    checker = [sys.executable, "-m", "checker"]
    # paths relative to the checkout: the page shows them in its title
    seed, draft = str(SEED.relative_to(ROOT)), str(DRAFT.relative_to(ROOT))
    args = ["diff", seed] if kind == "diff" else ["check", draft, "--sources", seed]
    done = subprocess.run(
        [
            *checker,
            *args,
            "--format",
            "html",
            "-o",
            str(out),
            "--no-progress",
            "--fail-on",
            "never",
        ],
        capture_output=True,
        text=True,
        cwd=ROOT,
    )
    if done.returncode not in (0, 1) or not out.exists():
        raise SystemExit(f"checker {kind} failed: {done.stderr.strip()}")


def _shoot(browser: str, page: Path, png: Path, size: tuple[int, int], profile: Path) -> None:
    done = subprocess.run(
        [
            browser,
            *FLAGS,
            f"--user-data-dir={profile}",
            f"--window-size={size[0]},{size[1]}",
            f"--screenshot={png}",
            page.as_uri(),
        ],
        capture_output=True,
        text=True,
        timeout=120,
    )
    if not png.exists():
        raise SystemExit(
            f"chromium made no screenshot of {page.name}: {done.stderr.strip()[-400:]}"
        )


def main() -> int:
    browser = shutil.which("chromium") or shutil.which("chromium-browser")
    if browser is None:
        print("error: Debian's chromium is needed: apt-get install chromium", file=sys.stderr)
        return 2
    with tempfile.TemporaryDirectory() as tmp:
        work = Path(tmp)
        pages = {}
        for kind in ("diff", "check"):
            pages[kind] = work / f"{kind}.html"
            _report(kind, pages[kind])
        for name, kind, size in SHOTS:
            profile = work / f"profile-{name}"  # a fresh profile for every shot
            _shoot(browser, pages[kind], DOCS / name, size, profile)
            print(f"wrote {(DOCS / name).relative_to(ROOT)}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
