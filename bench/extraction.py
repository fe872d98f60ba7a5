"""Main text kept and page furniture let through, on real saved news pages: the sources stage
against trafilatura alone (and against the stage's own visible-text path it replaced).

The pages are the English news pages (CNN, Time, Wired, cleveland.com, Fox 13 …) that
newspaper4k ships as test fixtures, each with the article text its authors expect. They are
read from newspaper4k's source package on the package registry at run time (MIT-licensed
package; nothing of them is copied into this repository). Run:

    python bench/extraction.py [--pages DIR]

``--pages`` takes a folder of ``NAME.html`` + ``NAME.txt`` (expected main text) pairs instead.

``--trafilatura-cache`` reads the test pages trafilatura's own source package shipped (the
0.9 releases carry ``tests/cache/*.html``; later ones leave them out, and none carries the
expected texts of trafilatura's evaluation), keeps the English ones, and scores the stage
against trafilatura's own output on them: "kept" is then the share of trafilatura's sentences
the stage keeps (what our rules drop that trafilatura kept), "leaked" the share of the stage's
sentences trafilatura did not output. An agreement figure, not a score against a gold text.

Figures, over all pages (sentences of six words or more, compared case- and space-folded):
- kept: the share of the expected text's sentences found in the output;
- leaked: the share of the output's sentences found nowhere in the expected text (page
  furniture, captions, related links, boilerplate).
"""

from __future__ import annotations

import argparse
import re
import subprocess
import sys
import tarfile
import tempfile
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

import yaml

from checker.sources import html_main_text, html_to_text, split_story

FURNITURE = Path(__file__).with_name("furniture.yaml")

PACKAGE = "newspaper4k==0.9.6"
# English news articles among its fixtures (the others are other languages, front pages or
# feeds, which are not what an editor compares)
PAGES = (
    "article_with_br",
    "article_with_divs",
    "cleveland.com1",
    "cnn_001",
    "cnn_002",
    "cnn_article",
    "cnn_test_nlp",
    "fox13now_001",
    "time_001",
    "video_article_01",
    "video_article_02",
    "wired_001",
)


def fetch_pages(dest: Path) -> Path:
    """Download newspaper4k's source package and unpack its page fixtures."""
    subprocess.run(
        [
            sys.executable,
            "-m",
            "pip",
            "download",
            "--quiet",
            "--no-deps",
            "--no-binary",
            ":all:",
            "-d",
            str(dest),
            PACKAGE,
        ],
        check=True,
    )
    archive = next(dest.glob("newspaper4k-*.tar.gz"))
    out = dest / "pages"
    out.mkdir()
    with tarfile.open(archive) as tar:
        for member in tar.getmembers():
            parts = Path(member.name).parts
            if len(parts) >= 4 and parts[-3:-1] in (("data", "html"), ("data", "txt")):
                stem = Path(parts[-1]).stem
                if stem in PAGES:
                    data = tar.extractfile(member)
                    if data is not None:
                        (out / parts[-1]).write_bytes(data.read())
    return out


CACHE_PACKAGE = "trafilatura==0.9.3"
_ENGLISH = frozenset(
    [
        "the",
        "of",
        "and",
        "to",
        "in",
        "is",
        "that",
        "for",
        "it",
        "was",
        "on",
        "with",
        "as",
        "by",
        "at",
        "from",
        "this",
        "be",
        "are",
        "have",
        "has",
        "an",
    ]
)


def fetch_cache_pages(dest: Path) -> Path:
    """Download trafilatura 0.9.3's source package and unpack its English test pages, each
    with trafilatura's own main text of it as the reference (``NAME.txt``)."""
    subprocess.run(
        [
            sys.executable,
            "-m",
            "pip",
            "download",
            "--quiet",
            "--no-deps",
            "--no-binary",
            ":all:",
            "-d",
            str(dest),
            CACHE_PACKAGE,
        ],
        check=True,
    )
    archive = next(dest.glob("trafilatura-*.tar.gz"))
    out = dest / "cache-pages"
    out.mkdir()
    with tarfile.open(archive) as tar:
        for member in tar.getmembers():
            parts = Path(member.name).parts
            if len(parts) >= 3 and parts[-2] == "cache" and parts[-1].endswith(".html"):
                data = tar.extractfile(member)
                if data is None:
                    continue
                html = data.read().decode("utf-8", errors="replace")
                reference = _trafilatura(html)
                words = re.findall(r"[a-z]+", reference.lower())
                if len(words) < 150 or sum(w in _ENGLISH for w in words) / len(words) < 0.2:
                    continue  # not an English page (or next to no main text)
                stem = Path(parts[-1]).stem
                (out / f"{stem}.html").write_text(html, encoding="utf-8")
                (out / f"{stem}.txt").write_text(reference, encoding="utf-8")
    return out


def _fold(text: str) -> str:
    text = text.replace("’", "'").replace("‘", "'").replace("“", '"').replace("”", '"')
    return " ".join(re.sub(r"[^\w'\"$%.,]+", " ", text.lower()).split())


def _sentences(text: str) -> list[str]:
    out = []
    for s in re.split(r"(?<=[.!?])[\"”’)]?\s+|\n+", text):
        f = _fold(s)
        if len(f.split()) >= 6:
            out.append(f)
    return out


_DATELINE = re.compile(r"^(?:[a-z.]+ ){1,3}(?:cnn|ap|afp|reuters|upi) ")


def score(output: str, expected: str, furniture: tuple[str, ...] = ()) -> tuple[int, int, int, int]:
    """(expected sentences kept, expected sentences, output sentences leaked, output sentences).

    ``furniture``: first words of expected sentences to count as furniture instead."""
    got, out = _fold(output), _sentences(output)
    exp, want = [], _fold(expected)
    for s in _sentences(expected):
        if s.startswith(furniture):
            want = want.replace(s, " | ")
        else:
            exp.append(s)
    # a lead kept without the wire dateline before it ("WASHINGTON (CNN) — Not everyone …")
    # is the sentence kept: the dateline is furniture the stage takes off
    kept = sum(1 for s in exp if s in got or _DATELINE.sub("", s) in got)
    leaked = sum(1 for s in out if s not in want)
    return kept, len(exp), leaked, len(out)


def _ours(html: str) -> str:
    text, meta = html_main_text(html)
    marked = meta.get("headings")
    spans = split_story(
        text, marked if isinstance(marked, list) else (), bool(meta.get("main_text"))
    ).body
    return "\n\n".join(text[s.start : s.end] for s in spans)


def _before(html: str) -> str:
    text, _ = html_to_text(html)
    spans = split_story(text).body
    return "\n\n".join(text[s.start : s.end] for s in spans)


def _trafilatura(html: str) -> str:
    import trafilatura

    doc = trafilatura.bare_extraction(
        html, with_metadata=False, include_comments=False, include_tables=False
    )
    return (getattr(doc, "text", None) or "") if doc is not None else ""


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--pages", type=Path, help="folder of NAME.html + NAME.txt pairs")
    ap.add_argument(
        "--trafilatura-cache",
        action="store_true",
        help="trafilatura 0.9.3's English test pages, scored against trafilatura's own output",
    )
    args = ap.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        if args.trafilatura_cache:
            folder = fetch_cache_pages(Path(tmp))
        else:
            folder = args.pages or fetch_pages(Path(tmp))
        pairs = sorted(
            (h, h.with_suffix(".txt"))
            for h in folder.glob("*.html")
            if h.with_suffix(".txt").exists()
        )
        ways = {
            "before (visible text + rules)": _before,
            "trafilatura alone": _trafilatura,
            "sources stage (trafilatura + rules)": _ours,
        }
        # the hand labels are for the newspaper4k fixtures only
        labels = (
            yaml.safe_load(FURNITURE.read_text(encoding="utf-8"))
            if not (args.pages or args.trafilatura_cache)
            else {}
        )
        outputs = {}
        print(f"{'page':<22}" + "".join(f"{name[:24]:>26}" for name in ways))
        for html_path, txt_path in pairs:
            html = html_path.read_text(encoding="utf-8", errors="replace")
            expected = txt_path.read_text(encoding="utf-8", errors="replace")
            row = []
            for name, way in ways.items():
                outputs[html_path.stem, name] = out = way(html)
                k, e, lk, o = score(out, expected)
                row.append(f"kept {k}/{e} leak {lk}/{o}")
            print(f"{html_path.stem:<22}" + "".join(f"{r:>26}" for r in row))
        for heading, marks in (
            (
                "trafilatura's own output as the reference"
                if args.trafilatura_cache
                else "the main text as the fixtures mark it",
                {},
            ),
            (
                f"the fixture sentences {FURNITURE.name} labels page furniture counted as such",
                labels,
            ),
        ):
            if heading.startswith("the fixture") and not marks:
                continue
            totals = {name: [0, 0, 0, 0] for name in ways}
            for html_path, txt_path in pairs:
                expected = txt_path.read_text(encoding="utf-8", errors="replace")
                found = tuple(p for ps in (marks.get(html_path.stem) or {}).values() for p in ps)
                for name in ways:
                    got = score(outputs[html_path.stem, name], expected, found)
                    for i, v in enumerate(got):
                        totals[name][i] += v
            print(f"\n{len(pairs)} pages, sentences of six words or more; {heading}")
            for name, (k, e, lk, o) in totals.items():
                print(
                    f"{name:<38} kept {k / max(1, e):6.1%} of the main text   "
                    f"leaked {lk / max(1, o):6.1%} of its output"
                )


if __name__ == "__main__":
    main()
