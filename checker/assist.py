"""Narrow questions for a language model, and how their answers are used (no network here).

The offline extractor finds and grounds every value; a model is then asked only what rules do
poorly, one job at a time, about things already located in the text:

- ``about``: what each figure of an article counts or measures, or what a date dates;
- ``same_thing``: whether two values from two sources, which the aligner could not place
  (no event signal on one side), state the same fact;
- ``quote_meaning``: whether a reworded quotation changes what was said;
- ``actor``: whether two sources crediting one act to different actors really disagree.

Each job has a question builder here and a response model in :mod:`checker.extract.answers`
(its field descriptions are prompt text); answers are applied deterministically and only where
they are grounded: an ``about`` answer is used only through a word of the value's own sentence
that the lexicon knows. This module builds questions and applies answers, after comparison;
:mod:`checker.extract.jobs` is what sends them.
"""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence

from checker.extract.answers import MAX_ABOUT as MAX_ABOUT
from checker.extract.answers import MAX_PAIRS as MAX_PAIRS
from checker.extract.answers import AboutAnswers, ActorAnswers, MeaningAnswers, SameAnswers
from checker.lexicon import Lexicon
from checker.models import Article, Fact, Finding, Span
from checker.normalize.entities import fold
from checker.normalize.facts import Norm
from checker.records import Item
from checker.settings import ALL_JOBS as ALL_JOBS  # the llm_jobs option's names and parser
from checker.settings import JOBS as JOBS
from checker.settings import parse_jobs as parse_jobs

DEFAULT_LLM_JOBS: tuple[str, ...] = ("extract",)
"""What a configured model does when no job is chosen (set from the measurements in
``scripts/eval-llm.py``; see the README)."""

_WINDOW = 70  # characters of context shown on each side of a value


# ---------------------------------------------------------------------------- questions


def _window(text: str, start: int, end: int, lo: int, hi: int, width: int = _WINDOW) -> str:
    a, b = max(lo, start - width), min(hi, end + width)
    left = text[a:start].lstrip()
    right = text[end:b].rstrip()
    return " ".join(f"{left}[[{text[start:end]}]]{right}".split())


def about_items(lex: Lexicon, article: Article, facts: list[Fact]) -> list[Item]:
    """The figures (and dates only a reporting verb places) whose sentence names two or more
    events a value could belong to ("killed 9 and injured 40"): the model picks one of them.
    A value with one event word or none is left to the aligner, which reads it alone."""
    out: list[Item] = []
    for f in facts:
        if f.source != article.id or "value" not in f.spans:
            continue
        if f.kind == "quantity" and f.fields.get("about"):
            continue
        if f.kind == "date" and not _weak_event(lex, f.fields.get("event")):
            continue
        if f.kind not in ("quantity", "date"):
            continue
        v, ev = f.spans["value"], f.evidence_span
        if f.kind == "quantity" and (
            _measure(lex, f.fields.get("unit")) or _measured(lex, article.text, v.start, v.end)
        ):
            continue  # a distance, an amount, a magnitude: placed by what it measures, not an event
        choices = event_words(lex, article.text[ev.start : ev.end], f.fields.get("unit"))
        if len(choices) < 2:
            continue
        out.append(
            Item(
                id=len(out) + 1,
                text=article.text[v.start : v.end],
                context=_window(article.text, v.start, v.end, ev.start, ev.end, 160),
                ref=(f.id,),
                choices=choices,
            )
        )
        if len(out) >= MAX_ABOUT:
            break
    return out


_COUNTS = {"person", "death", "hour", "day", "minute", "month", "year", "week"}


def _measure(lex: Lexicon, unit: str | None) -> bool:
    units = lex.units
    text = (unit or "").lower().strip()
    hit = units.get(text) or next((units[w] for w in reversed(text.split()) if w in units), None)
    return hit is not None and hit[0] not in _COUNTS


def _measured(lex: Lexicon, text: str, start: int, end: int) -> bool:
    """'magnitude 6.1', 'a 6.4-magnitude quake', 'Category 4': a reading on a scale."""
    words = set(
        _TOKEN.findall(f"{text[max(0, start - 12) : start]} {text[end : end + 12]}".lower())
    )
    return bool(words & lex.measures_before)


def event_or_outcome(lex: Lexicon, word: str) -> str | None:
    """The outcome ('killed' -> death) or known event class a word names; reporting verbs and
    verbs the lexicon does not know name none."""
    from checker.align.events import event_class

    cls = lex.outcomes.get(fold(lex, word)) or event_class(lex, word)
    return None if not cls or cls.startswith("~") or cls == "statement" else cls


def event_words(lex: Lexicon, sentence: str, unit: str | None = None) -> tuple[str, ...]:
    """The words of a sentence that name an event or outcome the lexicon knows (one per
    class, in order), leaving out reporting verbs and the counted noun itself."""
    from checker.normalize.words import lemmas

    skip = {w for u in _TOKEN.findall((unit or "").lower()) for w in (u, *lemmas(u))}
    seen: set[str] = set()
    out: list[str] = []
    for m in _TOKEN.finditer(sentence):
        w = m.group().lower()
        if w in skip or (m.group()[0].isupper() and m.start() > 0):
            continue  # the counted noun; a word of a name (capitalised inside the sentence)
        cls = event_or_outcome(lex, w)
        if cls is None or cls in seen:
            continue
        seen.add(cls)
        out.append(m.group())
    return tuple(out)


def _weak_event(lex: Lexicon, word: str | None) -> bool:
    from checker.align.events import event_class

    return not word or event_class(lex, word) in (None, "statement")


_TOKEN = re.compile(r"[A-Za-z][A-Za-z'’-]*")


def apply_about(
    article: Article, facts: list[Fact], items: list[Item], answers: AboutAnswers
) -> tuple[list[Fact], int]:
    """Facts with the model's choice as their ``about`` (a date's ``event``); and how many.

    An answer counts only when it is one of the item's choices (words of the value's own
    sentence); that word, located in the sentence, becomes the signal. Anything else is ignored.
    """
    by_id = {i.id: i for i in items}
    chosen: dict[str, str] = {}
    for a in answers.answers:
        item = by_id.get(a.id)
        if item is None or not a.about:
            continue
        said = a.about.strip().strip("\"'").lower()
        pick = [c for c in item.choices if c.lower() == said] or [
            c for c in item.choices if re.search(rf"\b{re.escape(c.lower())}\b", said)
        ]
        if len(pick) == 1:
            chosen[item.ref[0]] = pick[0]
    out: list[Fact] = []
    changed = 0
    for f in facts:
        word = chosen.get(f.id)
        ev = f.evidence_span
        m = re.search(rf"\b{re.escape(word)}\b", article.text[ev.start : ev.end]) if word else None
        if m is None:
            out.append(f)
            continue
        field = "about" if f.kind == "quantity" else "event"
        fields = {**f.fields, field: m.group()}
        spans = {**f.spans, field: Span(start=ev.start + m.start(), end=ev.start + m.end())}
        out.append(f.model_copy(update={"fields": fields, "spans": spans}))
        changed += 1
    return out, changed


def undecided_pairs(
    pairs: Sequence[tuple[Norm, Norm, float]], texts: Mapping[str, str]
) -> list[Item]:
    """The pairs the matcher scored just under its threshold (its undecided band: see
    :mod:`checker.align.matcher`) whose values sit in different slots, best first: a figure or
    a date of one source beside one of another that may be the same fact. At most three
    partners a value, ``MAX_PAIRS`` in all."""
    out: list[Item] = []
    partners: dict[str, int] = {}
    for a, b, _score in sorted(pairs, key=lambda p: -p[2]):
        if a.key == b.key or a.fact.source == b.fact.source or not (_dated(a) and _dated(b)):
            continue
        if partners.get(a.fact.id, 0) >= 3:
            continue
        partners[a.fact.id] = partners.get(a.fact.id, 0) + 1
        out.append(
            Item(
                id=len(out) + 1,
                text=_value_window(a, texts),
                context=_value_window(b, texts),
                ref=(a.fact.id, b.fact.id, b.key),
            )
        )
        if len(out) >= MAX_PAIRS:
            break
    return out


def _dated(n: Norm) -> bool:
    """A figure, or a date of a day: a year ('in 2013', 'this year') is not the date of an
    event that other sources give by its day."""
    return n.fact.kind != "date" or getattr(n.value, "precision", None) in ("day", "weekday")


def _value_window(n: Norm, texts: Mapping[str, str]) -> str:
    text = texts.get(n.fact.source, "")
    v, ev = n.fact.spans["value"], n.fact.evidence_span
    return _window(text, v.start, v.end, ev.start, ev.end)


def apply_same(items: list[Item], answers: SameAnswers) -> dict[str, str]:
    """Fact id -> the slot it joins, for pairs the model calls the same fact. A value the model
    puts with two different slots stays where it was."""
    by_id = {i.id: i for i in items}
    joins: dict[str, set[str]] = {}
    for a in answers.answers:
        item = by_id.get(a.id)
        if item is not None and a.verdict == "same":
            joins.setdefault(item.ref[0], set()).add(item.ref[2])
    return {fid: next(iter(keys)) for fid, keys in joins.items() if len(keys) == 1}


QUOTE_RULES = ("quote/reworded",)
ACTOR_RULES = ("attribution/actor",)


def finding_pairs(lex: Lexicon, findings: list[Finding], rules: tuple[str, ...]) -> list[Item]:
    """The two sides of each finding of ``rules`` (first two values), as numbered pairs."""
    from checker.rules.quote import modal_change

    out: list[Item] = []
    for f in findings:
        if f.rule in rules and len(f.values) >= 2:
            a, b = f.values[0], f.values[1]
            if f.kind == "quote" and modal_change(lex, a.text, b.text):
                continue  # a change of modal or a denial, named by the rule: not a question
            out.append(
                Item(
                    id=len(out) + 1,
                    text=" ".join((a.evidence or a.text).split())[:400],
                    context=" ".join((b.evidence or b.text).split())[:400],
                    ref=(f.id,),
                )
            )
            if len(out) >= MAX_PAIRS:
                break
    return out


def apply_meaning(
    findings: list[Finding], items: list[Item], answers: MeaningAnswers | ActorAnswers
) -> tuple[list[Finding], int]:
    """Findings the model reads as no change ('same meaning', 'same actor') go down to low,
    with the model's reading in the message; the rest keep their severity and say it too."""
    by_id = {i.id: i for i in items}
    verdicts = {by_id[a.id].ref[0]: a.verdict for a in answers.answers if a.id in by_id}
    out: list[Finding] = []
    lowered = 0
    for f in findings:
        verdict = verdicts.get(f.id)
        if verdict is None:
            out.append(f)
            continue
        update: dict[str, object] = {"message": f"{f.message} (model: {verdict})"}
        if verdict in ("same meaning", "same actor") and f.severity in ("high", "medium"):
            update["severity"] = "low"
            lowered += 1
        out.append(f.model_copy(update=update))
    return out, lowered
