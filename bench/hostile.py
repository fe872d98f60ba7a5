#!/usr/bin/env python3
"""A hostile-input campaign: corpus articles mutated in 60 ways (zero-width and right-to-left
characters, long runs of spaces and no-break spaces, other encodings and mojibake, deep HTML
nesting, floods of one word, letter or mark, one huge line, control characters), each run with
`checker diff` beside an untouched article of the same story, in a child process killed at
120 s. A script, not a test: it prints one line per run and the slowest.

    python bench/hostile.py [--json] [--limit SECONDS]

Goal (issue 28): no run over 120 s; a run either reports or fails the one source (exit 3),
never a traceback.
"""

from __future__ import annotations

import argparse
import json
import random
import sys
import tempfile
from collections.abc import Callable
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from bench.run import run_cli  # noqa: E402

STORIES = ["nk-russia-containers", "rhodes-wildfire", "rotterdam-port-strike", "odisha-train-crash"]
ZERO_WIDTH = ["\u200b", "\u200c", "\u200d", "\ufeff", "\u2060"]
RTL = ["\u202e", "\u200f", "\u202b", "\u2067"]


def _words(text: str, rng: random.Random, insert: Callable[[], str], share: float) -> str:
    return "".join(w + (insert() if rng.random() < share else "") for w in text.split(" "))


def mutations() -> list[tuple[str, Callable[[str, random.Random], str | bytes]]]:
    """Sixty named ways to make an article hostile (text in, text or bytes out)."""
    out: list[tuple[str, Callable[[str, random.Random], str | bytes]]] = []
    for share in (0.2, 1.0):
        out.append(
            (
                f"zero-width {share}",
                lambda t, r, s=share: _words(t, r, lambda: " " + r.choice(ZERO_WIDTH), s),
            )
        )
        out.append(
            (f"rtl {share}", lambda t, r, s=share: _words(t, r, lambda: " " + r.choice(RTL), s))
        )
    for n in (1_000, 5_000, 20_000):
        for ch, name in ((" ", "spaces"), ("\u00a0", "nbsp"), ("\t", "tabs"), (".", "dots")):
            out.append((f"{name} x{n} in lines", lambda t, r, n=n, ch=ch: _runs(t, r, ch * n, 3)))
        out.append(
            (
                f"spaces x{n} before ellipsis",
                lambda t, r, n=n: t.replace(".\n", " " * n + "...\n", 3),
            )
        )
    for enc in ("cp1252", "utf-16", "latin-1"):
        out.append((f"encoded {enc}", lambda t, r, e=enc: t.encode(e, errors="replace")))
    out.append(
        ("mojibake twice", lambda t, r: t.encode("utf-8").decode("cp1252", errors="replace"))
    )
    out.append(("invalid utf-8 bytes", lambda t, r: t.encode("utf-8").replace(b"e", b"\xc3", 40)))
    out.append(("runs of 0xc3", lambda t, r: _runs_bytes(t, r, b"\xc3" * 5_000, 3)))
    out.append(("runs of 0xa0", lambda t, r: _runs_bytes(t, r, b"\xa0" * 5_000, 3)))
    for depth in (500, 5_000):
        out.append((f"html nested {depth}", lambda t, r, d=depth: _nested_html(t, d)))
    out.append(
        ("html 5,000 empty paragraphs", lambda t, r: "<html><body>" + "<p></p>" * 5_000 + _html(t))
    )
    out.append(("html comment flood", lambda t, r: "<!--" + "-" * 50_000 + "-->" + _html(t)))
    for word in ("the ", "said ", "Kirby ", "1,000 ", "“"):
        out.append(
            (f"flood {word.strip() or word!r} x20k", lambda t, r, w=word: t + "\n\n" + w * 20_000)
        )
    for ch in ("a", "A", "!", "-", "'", "0"):
        out.append((f"one line of {ch} x100k", lambda t, r, c=ch: t + "\n\n" + c * 100_000 + "\n"))
    out.append(("one huge line", lambda t, r: " ".join(t.split()) * 40))
    out.append(("every line doubled", lambda t, r: "\n".join(x + " " + x for x in t.split("\n"))))
    out.append(
        ("control characters", lambda t, r: _words(t, r, lambda: chr(r.randrange(1, 9)), 0.05))
    )
    out.append(("ten thousand short lines", lambda t, r: t + "\n" + "Read more\n" * 10_000))
    out.append(
        ("ten thousand headings", lambda t, r: t + "\n\n" + "## A heading here\n\n" * 10_000)
    )
    out.append(
        ("quotes never closed", lambda t, r: t.replace("”", "").replace('"', "“") + "“" * 5_000)
    )
    out.append(("brackets never closed", lambda t, r: t + " (" * 20_000))
    out.append(("front matter flood", lambda t, r: "---\n" + "key: value\n" * 20_000 + "---\n" + t))
    out.append(("surrogate escapes", lambda t, r: t.encode("utf-8") + b"\xed\xa0\x80" * 2_000))
    out.append(("zero-width 0.5", lambda t, r: _words(t, r, lambda: r.choice(ZERO_WIDTH), 0.5)))
    out.append(("crlf line ends", lambda t, r: t.replace("\n", "\r\n")))
    out.append(("cr line ends", lambda t, r: t.replace("\n", "\r")))
    out.append(("form feeds", lambda t, r: t.replace("\n\n", "\n\f\n")))
    out.append(
        ("one word of 50k letters", lambda t, r: t.replace(" the ", " " + "x" * 50_000 + " ", 1))
    )
    out.append(("counting to 20k", lambda t, r: t + "\n\n" + " ".join(map(str, range(20_000)))))
    out.append(("emoji flood", lambda t, r: t + "\n\n" + "\U0001f525" * 20_000))
    out.append(("dash flood", lambda t, r: t + "\n\n" + " \u2014 ".join(["x"] * 20_000)))
    out.append(
        (
            "html script flood",
            lambda t, r: "<html><body>" + "<script>x=1</script>" * 5_000 + _html(t),
        )
    )
    out.append(
        (
            "html table 2,000 rows",
            lambda t, r: (
                "<html><body><table>"
                + "<tr><td>1</td><td>2</td></tr>" * 2_000
                + "</table>"
                + _html(t)
            ),
        )
    )
    return out[:60]


def _runs(text: str, rng: random.Random, run: str, count: int) -> str:
    words = text.split(" ")
    for _ in range(count):
        k = rng.randrange(1, len(words))
        words[k] = run + words[k]
    return " ".join(words)


def _runs_bytes(text: str, rng: random.Random, run: bytes, count: int) -> bytes:
    data = text.encode("utf-8")
    for _ in range(count):
        k = data.find(b" ", rng.randrange(1, len(data)))
        data = data[:k] + run + data[k:] if k > 0 else data + run
    return data


def _html(text: str) -> str:
    return "".join(f"<p>{p}</p>" for p in text.split("\n\n")) + "</body></html>"


def _nested_html(text: str, depth: int) -> str:
    return "<html><body>" + "<div>" * depth + _html(text) + "</div>" * depth


def main() -> int:
    ap = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    ap.add_argument("--json", action="store_true")
    ap.add_argument("--limit", type=float, default=120)
    args = ap.parse_args()
    rng = random.Random(28)
    results = []
    with tempfile.TemporaryDirectory() as tmp:
        for k, (name, mutate) in enumerate(mutations()):
            story = ROOT / "corpus" / STORIES[k % len(STORIES)]
            files = sorted(p for p in story.iterdir() if p.suffix in (".txt", ".md"))
            victim, other = files[0], files[1]
            data = mutate(victim.read_text(encoding="utf-8"), rng)
            run_dir = Path(tmp) / f"run{k:02d}"
            run_dir.mkdir()
            html = isinstance(data, str) and data.startswith("<html")
            target = run_dir / (victim.stem + (".html" if html else victim.suffix))
            if isinstance(data, bytes):
                target.write_bytes(data)
            else:
                target.write_text(data, encoding="utf-8")
            (run_dir / other.name).write_bytes(other.read_bytes())
            report = str(run_dir / "report.json")
            wall, peak, rc = run_cli(
                ["diff", str(run_dir), "--no-cache", "--no-progress", "-f", "json", "-o", report],
                args.limit,
            )
            results.append({"run": name, "wall_s": wall, "peak_mb": peak, "exit": rc})
            print(f"{k + 1:2d} {name:<32} {wall:7.2f} s  {peak:6.0f} MB  exit {rc}", flush=True)
    slowest = max(results, key=lambda r: r["wall_s"])
    over = [r for r in results if r["wall_s"] >= args.limit or r["exit"] not in (0, 1, 2, 3)]
    print(
        f"runs: {len(results)}; slowest: {slowest['run']} {slowest['wall_s']} s; over {args.limit:g} s or crashed: {len(over)}"
    )
    if args.json:
        print(json.dumps({"runs": results, "slowest_s": slowest["wall_s"], "bad": len(over)}))
    return 1 if over else 0


if __name__ == "__main__":
    sys.exit(main())
