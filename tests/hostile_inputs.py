"""Hostile articles built in code (nothing large is committed): the two cases that hung a run.

- :func:`spaces_article`: a 17 KB article with three runs of 5,000 spaces inside its lines
  (inside a sentence, between two sentences, before a cutting ellipsis);
- :func:`mojibake_article`: the bytes of a Markdown article that is not valid UTF-8, so it
  decodes (as Windows-1252) to mojibake, with long runs of one repeated character.

Both beside :func:`normal_article`, an invented report of the same invented event.
"""

from __future__ import annotations

RUN = 5_000

_SENTENCES = [
    "The regional council of Harwick Vale voted on Tuesday to close the old river footbridge "
    "after inspectors found cracks in two of its four steel supports.",
    "Council leader Mara Ellingsen said the bridge would stay shut for at least six weeks "
    "while engineers from the county works department assessed the damage.",
    "About 3,200 people cross the bridge each day, most of them walking to the station on the "
    "east bank, according to figures the council published last year.",
    "A temporary ferry will run every 20 minutes between 6 a.m. and 10 p.m., the council said, "
    "and buses will stop at both ends of the closed crossing.",
    '"We cannot take any risk with a structure that carries this many people," Ellingsen told '
    "reporters outside the town hall on Tuesday evening.",
    "The bridge was built in 1962 and last repaired in 2009, when its deck was replaced at a "
    "cost of 1.4 million crowns.",
    "Shopkeepers on the east bank said trade had already fallen since a weight limit was put on "
    "the bridge in March, and feared a long closure would cost them more.",
    "Engineers will decide by the end of the month whether the supports can be strengthened or "
    "whether the bridge must be replaced, the works department said.",
]


def normal_article() -> str:
    """A short report of the invented event, one paragraph per sentence."""
    return "Harwick Vale closes river footbridge\n\n" + "\n\n".join(_SENTENCES) + "\n"


def _long_text(target: int) -> list[str]:
    paragraphs: list[str] = []
    size, k = 0, 0
    while size < target:
        s = _SENTENCES[k % len(_SENTENCES)]
        if k >= len(_SENTENCES):  # later paragraphs: the same reporting, other figures
            s = s.replace("six weeks", f"{6 + k} weeks").replace("3,200", f"{3200 + k * 10:,}")
        paragraphs.append(s)
        size += len(s) + 2
        k += 1
    return paragraphs


def spaces_article(target: int = 17_000, run: int = RUN) -> str:
    """About ``target`` characters of prose with three runs of ``run`` spaces inside lines."""
    paras = _long_text(target - 3 * run)
    gap = " " * run
    a, b, c = len(paras) // 4, len(paras) // 2, 3 * len(paras) // 4
    words = paras[a].split(" ")
    paras[a] = " ".join(words[:5]) + gap + " ".join(words[5:])  # inside a sentence
    paras[b] = paras[b] + gap + paras[b + 1]  # between two sentences of one paragraph
    paras[c] = paras[c].rstrip(".") + gap + "..."  # before a cutting ellipsis
    return "Harwick Vale footbridge: what we know\n\n" + "\n\n".join(paras) + "\n"


def mojibake_article(target: int = 17_000, run: int = RUN) -> bytes:
    """A Markdown article's bytes that are not valid UTF-8 (long runs of a stray byte) around
    UTF-8 text with accents: it decodes as Windows-1252, so every accent becomes mojibake
    ("Ã©") and each run one repeated character: no-break spaces (0xA0) inside a sentence and
    before a cutting ellipsis, and "Ã" (0xC3) inside another."""
    paras = [p.replace("Ellingsen", "Ellingsén") for p in _long_text(target - 3 * run)]
    data = [b"# Harwick Vale footbridge \xe2\x80\x94 what we know", b""]
    a, b, c = len(paras) // 4, len(paras) // 2, 3 * len(paras) // 4
    for k, p in enumerate(paras):
        line = p.encode("utf-8")
        if k == a:
            line = line[:40] + b"\xa0" * run + line[40:]
        elif k == b:
            line = line[:40] + b"\xc3" * run + line[40:]
        elif k == c:
            line = line.rstrip(b".") + b"\xa0" * run + b"..."
        data += [line, b""]
    return b"\n".join(data)
