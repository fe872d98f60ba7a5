"""Page noise: the patterns of boilerplate, photo credits, reporter bios, related-story headers,
teasers and template markup (their vocabulary is ``checker/data/noise.yaml``), and the line
tests built on them (:func:`is_boilerplate`, :func:`is_caption`, :func:`without_teaser`,
:func:`story_pieces`, …)."""

from __future__ import annotations

import re
from functools import lru_cache
from importlib import resources

import yaml

_WORD = re.compile(r"[A-Za-zÀ-ÿ][A-Za-zÀ-ÿ'’.-]*")
# a sentence's end: a stop, maybe closed by quotation marks or brackets; a quoted message may
# end in an emoticon instead ("… wrong all the time :)")
_SENTENCE_END = re.compile(r"""(?:[.!?]|\s[:;]-?[()DPp])['"”’)\]]*\s*$""")


@lru_cache(maxsize=1)
def _noise_data() -> dict[str, list[str]]:
    """Page-noise vocabulary (checker/data/noise.yaml): credit agencies, labels, boilerplate,
    related-story headers, the jobs a byline bio names."""
    raw = resources.files("checker").joinpath("data/noise.yaml").read_text(encoding="utf-8")
    data = yaml.safe_load(raw)
    return {str(k): [str(x) for x in v] for k, v in data.items()}


def _words_alt(key: str) -> str:
    return "|".join(re.escape(w) for w in sorted(_noise_data()[key], key=lambda w: (-len(w), w)))


def _patterns_alt(key: str) -> str:
    return "|".join(f"(?:{p})" for p in _noise_data()[key])


_CREDIT = re.compile(rf"\((?=[^()]*(?:/|\b(?:{_words_alt('credit_names')})\b))[^()]{{2,160}}\)\s*$")
_CREDIT_LABEL = re.compile(rf"\b(?:{_words_alt('credit_labels')})s?\s*:\s*\S", re.I)
_BOILERPLATE = re.compile(rf"\b(?:{_patterns_alt('boilerplate')})\b", re.I)
_BIO = re.compile(
    r"^(?:[A-Z][\w'’.-]+ ){1,3}[A-Z][\w'’.-]+ (?:(?:is|was) an? (?:[\w-]+ ){0,4}?"
    rf"(?:{_words_alt('bio_jobs')})\b|"
    r"(?:has )?(?:covered|covers|has reported|reports|reported|writes|has written) (?:on |about )?"
    r"(?:[\w'’-]+ ){0,5}?(?:for|at) (?:the )?[A-Z])"
)
_RELATED = re.compile(rf"^(?:{_patterns_alt('related_headers')})\s*:?$", re.I)
# possessive runs of white space (each is followed by what white space cannot start) and no
# start inside a run (the run's first space starts the same match): linear on a long run
_TEASER_END = re.compile(
    rf"(?<!\s)(?:\s*+(?:\.\.\.|…))?\s*+[\[(]?\s*+(?:{_patterns_alt('teaser_markers')})"
    r"\s*+[\])]?\s*+[»›→>]*+\s*+$"
    r"|(?<!\s)\s*+(?:\.\.\.|…)\s*+$",
    re.I,
)


# markup with the spaces before it; a match starts at no space inside a run of them (a long run
# costs one scan)
_MARKUP = re.compile(
    rf"(?:(?<!\s)\s*+(?:{_patterns_alt('template_markup')}))(?:\s*+(?:{_patterns_alt('template_markup')}))*+"
)
# a teaser label opening the paragraph or a sentence of it, then its headline to the end of
# that sentence (or of the line: a headline has no full stop)
_INLINE_TEASER = re.compile(
    rf"(?:^|(?<=[.!?])|(?<=[.!?][\"”’]))\s*(?:{_patterns_alt('inline_teasers')})\s*[:|»›]\s*"
    r"[^.!?\n]*(?:[.!?](?=\s|$))?",
    re.I,
)


def story_pieces(line: str) -> list[tuple[int, int]]:
    """The parts of a line that are not furniture set inside it: template markup
    (``{{#sponsor}} {{/sponsor}}``) and a teaser for another story ("Also read: …") are cut
    out, the prose around them kept (offsets into ``line``, trimmed, in order)."""
    cuts = [(m.start(), m.end()) for m in _MARKUP.finditer(line)]
    cuts += [(m.start(), m.end()) for m in _INLINE_TEASER.finditer(line) if m.end() > m.start()]
    if not cuts:
        return [(0, len(line))]
    out: list[tuple[int, int]] = []
    pos = 0
    for a, b in sorted(cuts):
        if a > pos:
            out.append((pos, a))
        pos = max(pos, b)
    out.append((pos, len(line)))
    trimmed = []
    for a, b in out:
        seg = line[a:b]
        left = len(seg) - len(seg.lstrip())
        right = len(seg.rstrip())
        if right > left:
            trimmed.append((a + left, a + right))
    return trimmed


def without_teaser(line: str) -> str:
    """The prose of a paragraph that a teaser marker ("… Read more", "Continue reading")
    or a cutting ellipsis ends, without the marker; the line itself when none ends it."""
    m = _TEASER_END.search(line)
    return line[: m.start()] if m and m.start() > 0 else line


def _words(line: str) -> list[str]:
    return _WORD.findall(line)


def is_sentence_like(line: str) -> bool:
    """A paragraph of prose: ends like a sentence and is long enough to state something (six
    words, or three and a figure: "Turnout fell to 61.4%.")."""
    if not _SENTENCE_END.search(line):
        return False
    n = len(_words(line))
    return n >= 6 or (n >= 3 and bool(re.search(r"\d", line)))


def is_caption(line: str) -> bool:
    return bool(_CREDIT.search(line) or _CREDIT_LABEL.search(line))


def is_boilerplate(line: str) -> bool:
    return bool(_BOILERPLATE.search(line)) and len(_words(line)) <= 25


def is_headline_candidate(line: str) -> bool:
    words = [w for w in _words(line) if len(w) >= 3]
    return (
        not _SENTENCE_END.search(line)
        and not re.search(r"\s[|·•»]\s", line)  # a menu bar, not a headline
        and len(words) >= 3
        and len(line) <= 200
        and not is_caption(line)
        and not is_boilerplate(line)
        and not _RELATED.match(line.strip())
    )
