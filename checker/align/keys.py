"""What a value is about, by word classes: the family key of a figure or a date.

Normalization gives each fact a comparable value; this module gives it a *family*: what the
value is about by the words around it, as the bundled word classes read them. The matcher
(:mod:`checker.align.matcher`) takes families as one signal among others. A family is built
from signals, each backed by data in
``checker/data/lexicon.yaml`` and by a maintained lemmatizer (lemminflect), not by phrases:

- the event a date, time, duration or count belongs to: the nearest verb or event noun around
  the value, by lemma, in a class of synonyms ("was killed" / "died" / "death toll" -> death;
  "stepped down" / "quit" / "resigned" -> resignation; light verbs such as "made" or "took" defer
  to the words beside them: "made landfall", "took hours to put out"), as
  :mod:`checker.align.events` reads it;
- for counts, the counted noun's class (ships / vessels; crew / staff; see
  :func:`checker.align.words.noun_class`), and for nouns too
  general to align alone (people, homes) the event as well, so "41,000 people evacuated" and
  "17,000 people in shelters" stay apart;
- for measures, the dimension (the canonical unit), the place a distance is measured from
  ("24 km southeast of X" and "15 miles southeast of X" meet; "25 km east of Y" stays apart)
  or what the measure is of (depth, gusts, sustained winds, the trip);
- place and reference names that differ by a letter or two across sources (romanizations) are
  one key.

It is deterministic and works without an LLM; an ``about`` phrase from a model is one more
signal (it is read like the offline extractor's).
"""

from __future__ import annotations

import datetime as dt
import re
from collections import Counter
from collections.abc import Iterable
from dataclasses import replace
from functools import lru_cache

from checker.align.events import event_before, event_class, event_hits, predicate_near
from checker.align.family import Family
from checker.align.words import CLAUSE_END, DIRECTIONS, lemma_phrases, noun_class, spelled_alike
from checker.lexicon import Lexicon
from checker.models import Article
from checker.normalize import gazetteer
from checker.normalize.entities import fold, place_key
from checker.normalize.facts import Norm
from checker.normalize.numbers import singular

_CAPACITY = re.compile(
    r"\b(?:can|could|able to|designed to|capacity (?:of|for)|licen[cs]ed to)\b[^,.;]*$", re.I
)
_TOTAL_BEFORE = re.compile(
    r"\bof\s+(?:its|the|their|his|her|all|a total of|the [\w'’]+'s?|[\w'’]+['’]s)\s*$", re.I
)
_RATE = re.compile(
    r"[^,.;]{0,40}?\b(?:(?:a|an|per|each|every) (day|week|month|year|hour)|"
    r"(daily|weekly|monthly|annually|yearly|hourly))\b",
    re.I,
)
_RATE_UNITS = {
    "daily": "day",
    "weekly": "week",
    "monthly": "month",
    "annually": "year",
    "yearly": "year",
    "hourly": "hour",
}
_FOR_BEFORE = re.compile(
    r"\bfor\s+(?:about\s+|around\s+|nearly\s+|almost\s+|some\s+|more than\s+|over\s+|"
    r"under\s+|just\s+)?$",
    re.I,
)


def _role_before_for(lex: Lexicon, head: str) -> bool:
    """'was mayor for', 'served as chief executive for': a role just before 'for'."""
    words = re.findall(r"[a-z]+", head.lower())[:-1][-2:]  # the words just before "for"
    return any(w in lex.titles or w in lex.formal_role_words for w in words)


# canonical units that measure (everything else is a counted noun)
_DURATIONS = {"hour", "day", "minute", "month", "year"}
_DIRECTION = re.compile(
    rf"^\s*(?:to the\s+)?(?:just\s+)?({DIRECTIONS})(?:ern)?\s+(?:of|from)\s+(?:the\s+)?(?P<ref>[\w'’. -]{{2,60}}?)(?=[,.;)]|\s(?:and|on|in|at|near|where|while|after)\b|$)",
    re.I,
)
_FROM = re.compile(r"^\s*(?:away\s+)?from\s+(?:the\s+)?(?P<ref>[A-Z][\w'’-]*(?:\s+[A-Z][\w'’-]*)*)")


def _subject_near(lex: Lexicon, text: str, start: int, end: int) -> str | None:
    """What a measure is of, from a word near it: depth, gusts, the trip."""
    lo, hi = max(0, start - 60), min(len(text), end + 40)
    return _subject_window(text[lo:hi], start - lo, end - lo, lex)


@lru_cache(maxsize=65536)
def _subject_window(text: str, start: int, end: int, lex: Lexicon) -> str | None:
    lo, hi = max(0, start - 60), min(len(text), end + 40)
    best: tuple[int, str] | None = None
    for s, e, phrase in lemma_phrases(text[lo:hi]):
        s, e = s + lo, e + lo
        if s < end and start < e:
            continue
        cls = lex.measure_subjects.get(phrase)
        if cls is None:
            continue
        distance = start - e if e <= start else s - end
        if best is None or distance < best[0]:
            best = (distance, cls)
    return best[1] if best else None


def reference_after(lex: Lexicon, text: str, end: int) -> tuple[str | None, str | None]:
    """('southeast', 'hualien city') for '... 24 km southeast of Hualien City'."""
    tail = text[end : end + 90]
    m = _DIRECTION.match(tail)
    if m:
        return m.group(1).lower().replace("-", ""), _reference_key(lex, m.group("ref"))
    m = _FROM.match(tail)
    if m:
        return None, _reference_key(lex, m.group("ref"))
    return None, None


def _reference_key(lex: Lexicon, ref: str) -> str:
    """A reference place's key: a common-noun reference keeps its head word ('the airport',
    'Bankstown Airport' -> both end in 'airport'; the story decides which is which)."""
    return place_key(lex, ref.strip())


def quantity_slot(lex: Lexicon, n: Norm, text: str) -> str:
    """The family of a figure, as a phrase (see :func:`quantity_family`)."""
    return quantity_family(lex, n, text).text


def quantity_family(lex: Lexicon, n: Norm, text: str) -> Family:
    """What a figure is about (see the module docstring)."""
    f = n.fact
    q = n.value
    # work inside the evidence sentence: the signals are there, and one sentence carried by
    # many sources repeats its answer (memoized on everything the answer reads)
    ev = f.evidence_span
    value = f.spans["value"]
    return _quantity_family(
        lex,
        text[ev.start : ev.end],
        value.start - ev.start,
        value.end - ev.start,
        max(s.end for s in f.spans.values()) - ev.start,
        q.unit,
        q.hi,
        q.qualifier,
        f.fields.get("about"),
        n.key,
    )


@lru_cache(maxsize=65536)
def _quantity_family(
    lex: Lexicon,
    text: str,
    start: int,
    value_end: int,
    end: int,
    unit: str | None,
    hi: float,
    qualifier: str,
    about: str | None,
    key: str,
) -> Family:
    if about and fold(lex, about) in lex.outcomes:
        return Family(lex.outcomes[fold(lex, about)])
    measures = {canon for canon, _ in lex.units.values()} - {"person", "death"}
    if unit in measures:
        _direction, ref = reference_after(lex, text, end)
        if ref:
            return Family(unit, reference=ref)
        if unit in _DURATIONS:
            pred = event_class(lex, about) if about else None
            if pred is None and _FOR_BEFORE.search(text[max(0, start - 30) : start]):
                # "ran the town for 12 years, was jailed for 10": "for" hangs on the verb
                # before it; a role before it is a term in office ("was mayor for 12 years")
                head = text[max(0, start - 60) : start]
                pred = event_before(lex, text, start, window=70) or (
                    "tenure" if _role_before_for(lex, head) else None
                )
            pred = pred or predicate_near(lex, text, start, end)
            # one length of time, whatever unit it is written in ("18 months" / "a year and
            # a half"): the values are compared in one unit (see Quantity.overlaps)
            return Family("duration", event=pred)
        subject = None if about else _subject_near(lex, text, start, end)
        if subject:
            return Family(unit, subject=subject)
        return _stated_family(lex, about, key, unit)
    if unit is None:
        return _stated_family(lex, about, key, unit)
    cls = noun_class(lex, unit)
    if _CAPACITY.search(text[max(0, start - 30) : start]):
        return Family(
            cls, part="capacity"
        )  # "can carry 1,200 passengers" is not how many were aboard
    rate = _RATE.match(text[end : end + 60])
    if rate:  # "40,000 vehicles a day" is a flow, not how many were there
        return Family(
            cls, part=f"per {_RATE_UNITS.get((rate[1] or rate[2]).lower(), rate[1] or '')}"
        )
    if _TOTAL_BEFORE.search(text[max(0, start - 25) : start]) or re.match(
        r"-[a-z]", text[value_end : value_end + 2]
    ):
        return Family(
            cls, part="total"
        )  # "of its 22 wagons", "a 22-wagon train": the whole, not a part
    if cls in lex.outcomes.values():
        return Family(cls)
    pred = (event_class(lex, about) if about else None) or predicate_near(lex, text, start, end)
    if pred and pred.startswith("~"):
        pred = None
    if cls in lex.human_nouns:
        # "three people remained missing", "three sailors were taken to hospital": an outcome
        # word just after the count decides
        after = re.split(r"[,;.]", text[end : end + 40])[0].lower().split()
        outcome = next((lex.outcomes[w] for w in after[:4] if w in lex.outcomes), None)
        if outcome:
            return Family(outcome)
    if hi <= 2 and qualifier == "exact":
        # "two engines" / "one engine": a small count says what of, not how many; only the
        # same event makes two of them one fact
        return Family(cls, event=pred) if pred else Family(cls, position=start)
    words = fold(lex, unit).split()
    if len(words) > 1 and noun_class(lex, words[-1]) in lex.human_nouns:
        # "four missing people", "nine dead passengers": the outcome is the modifier
        outcome = next((lex.outcomes[w] for w in words[:-1] if w in lex.outcomes), None)
        if outcome:
            return Family(outcome)
    if pred and pred in lex.outcomes.values() and cls == "person":
        return Family(pred)
    if cls in lex.generic_nouns:
        return Family(cls, event=pred)
    # whose count it is, when a name stands as the subject ("the Liberals won 48 seats", "the
    # Social Democrats came second with 37 seats"); kept only where a story has two owners
    owner = _owner(lex, text, start) if cls not in lex.human_nouns else None
    if owner:
        return Family(cls, owner=owner)
    # a specific noun: the event keeps apart two facts about it ("38 crew aboard" / "44 crew
    # evacuated"); a count without one meets the noun's only event-keyed count (see align)
    return Family(cls, event=pred)


def _stated_family(lex: Lexicon, about: str | None, key: str, unit: str | None) -> Family:
    """The family the extracted fields give on their own: an outcome, a measure of what the
    fact says it is about ("sales" and "revenue" one class), or the bare unit; a figure with no
    unit at all has what normalization keyed it by (``key``)."""
    if unit is None:
        return Family(key)
    if about:
        noun = singular(fold(lex, about).split()[-1])
        return Family(unit, subject=lex.nouns.get(noun, noun))
    if key != unit and key.startswith(unit + " "):
        return Family(unit, subject=key[len(unit) + 1 :])  # "six-day trip"
    return Family(unit)


# Runs of capitalised words. Each repetition is possessive where what follows cannot start
# it, so nothing backtracks on hostile text; the run that is searched for (not matched at a
# fixed place) is bounded, so a long run of capitals costs each start a bounded scan.
_RUN = r"[A-Z][\w'’-]++(?:\s++(?:of\s++)?[A-Z][\w'’-]++)*+"
_RUN_SEARCHED = r"[A-Z][\w'’-]{1,60}+(?:\s++(?:of\s++)?[A-Z][\w'’-]{1,60}+){0,11}+"
_RELATIVE_OWNER = re.compile(rf"({_RUN_SEARCHED}),\s++(?:who|which)\s++(?:[a-z]++\s++){{0,3}}+$")
_SUBJECT_OWNER = re.compile(
    rf"\A\s*+(?:(?i:the|a|an|its|their)\s++)?(?:[a-z]++\s++){{0,2}}?({_RUN})"
)
_OWNER_SKIP = {"the", "a", "an", "its", "their", "his", "her", "in", "on", "at", "after", "but"}


def _owner(lex: Lexicon, text: str, start: int) -> str | None:
    """The name standing as the subject of the clause a count is in ("The Liberal Party won
    48", "The ruling Social Democrats … came second with 37", "the Greens, who won 11")."""
    head = text[:start]
    m = _RELATIVE_OWNER.search(head)
    if m:
        name = m.group(1)
    else:
        # the clause the count is in: after a clause break or a "that" ("X said that Y …")
        breaks = [c.end() for c in CLAUSE_END.finditer(head)]
        breaks += [c.end() for c in re.finditer(r"\bthat\s+", head)]
        cut = max(breaks, default=0)
        clause = head[cut:]
        m = _SUBJECT_OWNER.match(clause)
        if m is None or not m.group(1)[:1].isupper():
            return None
        gap = clause[m.end() :]
        if (
            len(gap.split()) > 6
            or gap.lstrip().startswith(",")  # "In Austria, 14 wagons": a setting, not a subject
            or re.search(r"\b(?:said|says|told|reported|according)\b", gap)
            or m.group(1).split()[0].lower() in ("in", "on", "at", "after", "by", "from", "for")
        ):
            return None
        if cut == 0 and m.start(1) == 0 and len(m.group(1).split()) == 1:
            return None  # "Rescuers pulled …": a sentence's first word, not a name
        name = m.group(1)
    name = re.split(r"['’]s\s+", name)[-1]  # "Premier Ida Varn's Social Democrats"
    name = re.split(r"(?<!\s)\s++of\s+", name)[0]  # "Social Democrats of Premier Ida Varn"
    words = [w for w in fold(lex, name).split() if w not in _OWNER_SKIP]
    if not words:
        return None
    if words[0] in lex.titles or words[0] in lex.formal_role_words:
        return None  # a person with a title
    code = gazetteer.capital_of(name)
    names = gazetteer.country_names(code) if code else ()
    if names:  # a capital and its country own the same count
        return place_key(lex, names[0])
    words = [w for w in words if w not in lex.org_suffixes] or words
    words[-1] = singular(words[-1])
    return " ".join(words)


def date_slot(lex: Lexicon, n: Norm, text: str) -> str:
    """The family of a date, as a phrase (see :func:`date_family`)."""
    return date_family(lex, n, text).text


def date_family(lex: Lexicon, n: Norm, text: str) -> Family:
    """A date's family: the event class of what happened then, or 'period' / 'other'.

    The extractor's event phrase decides when it names an event; an event word just before the
    date wins over a reporting verb; no event at all defers to the nearest event word in the
    date's clause; an unknown verb is its own class (the same verb in two sources aligns).
    """
    if n.key == "period" or n.value.precision == "year":
        return Family("period" if n.key == "period" else "other")
    f = n.fact
    event = f.fields.get("event")
    cls = event_class(lex, event) if event else None
    ev = f.evidence_span  # within the sentence: repeated sentences repeat the answer
    text = text[ev.start : ev.end]
    span = f.spans["value"].model_copy(
        update={"start": f.spans["value"].start - ev.start, "end": f.spans["value"].end - ev.start}
    )
    near = predicate_near(lex, text, span.start, span.end, skip=())
    # an event noun just before the date ("his trip to Dubai in November 2024") is what it
    # dates, even when the sentence's verb is a reporting one ("published a report on …")
    before = (
        event_before(lex, text, span.start, window=25)
        if cls is None or cls == "statement"
        else None
    )
    if before and before != "statement":
        cls = before
    elif near and cls is None:
        cls = near
    if cls == "start":
        # a beginning is the beginning of something: "talks would begin", "the fire started"
        # date the talks and the fire when the clause names them before the verb
        named = [
            c for _, c in event_hits(lex, text, 0, span.start) if c not in ("start", "statement")
        ]
        if named:
            cls = named[-1]
    return Family(cls or "other")


_WEEKDAY = re.compile(
    r"^(?:on\s+|last\s+|early\s+|late\s+)?(monday|tuesday|wednesday|thursday|friday|saturday|sunday)"
    r"(?:\s+(?:morning|afternoon|evening|night))?$",
    re.I,
)


_FUTURE = re.compile(r"\b(?:will|until|till|next|expected|due|scheduled|planned|by)\b[^.;]*$", re.I)


def _future_weekdays(norms: list[Norm], articles: list[Article]) -> list[Norm]:
    """A weekday in a future clause ("will stay closed until Monday") is the coming one."""
    from checker.normalize.facts import story_anchor

    anchor = story_anchor(articles)  # what an undated source's weekdays were resolved against
    published = {a.id: a.published or anchor for a in articles}
    texts = {a.id: a.text for a in articles}
    out = []
    for n in norms:
        pub = published.get(n.fact.source)
        if n.fact.kind == "date" and pub and _WEEKDAY.match(n.shown.strip()) and n.value.lo < pub:
            span = n.fact.spans["value"]
            before = texts[n.fact.source][
                max(n.fact.evidence_span.start, span.start - 60) : span.start
            ]
            if _FUTURE.search(before):
                day = n.value.lo + dt.timedelta(days=7)
                v = replace(n.value, lo=day, hi=day)
                n = replace(n, value=v, normalized=v.describe())
        out.append(n)
    return out


def _same_weekdays(norms: list[Norm]) -> list[Norm]:
    """A weekday named alone is one day across the story: an article published a day later
    that says "Sunday" of the coming Sunday resolves it a week early; the day most sources
    resolve that weekday to wins."""
    by_day: dict[str, Counter[dt.date]] = {}
    for n in norms:
        m = _WEEKDAY.match(n.shown.strip()) if n.fact.kind == "date" else None
        if m:
            by_day.setdefault(m.group(1).lower(), Counter())[n.value.lo] += 1
    out = []
    for n in norms:
        m = _WEEKDAY.match(n.shown.strip()) if n.fact.kind == "date" else None
        if m:
            counts = by_day[m.group(1).lower()]
            best = max(counts, key=lambda d: (counts[d], d))
            if best != n.value.lo and abs((best - n.value.lo).days) == 7:
                v = replace(n.value, lo=best, hi=best)
                n = replace(n, value=v, normalized=v.describe())
        out.append(n)
    return out


def _settle_counts(lex: Lexicon, norms: list[Norm]) -> list[Norm]:
    """Counts of one specific noun (ships, crew, wagons) are one fact unless some source gives
    two different figures for it under two events ('14 wagons overturned', '8 wagons stayed on
    the rails'): then each event is its own family, and a count with no event meets the noun's
    only event-keyed count if there is exactly one."""
    measures = {canon for canon, _ in lex.units.values()}

    def base(n: Norm) -> str | None:
        fam: Family | None = n.family
        if fam is None or n.fact.kind != "quantity" or not n.value.unit:
            return None
        if n.value.unit in measures:
            return None
        cls = noun_class(lex, n.value.unit)
        if cls in lex.generic_nouns or cls in lex.outcomes.values() or fam.what != cls:
            return None
        if fam.part or fam.owner or fam.position is not None or fam.reference or fam.subject:
            return None  # a whole, a capacity, a rate or one owner's count is a fact of its own
        return cls

    split: set[str] = set()
    seen: dict[tuple[str, str], dict[str, str]] = {}
    for n in norms:
        cls = base(n)
        if cls is None:
            continue
        by_value = seen.setdefault((cls, n.fact.source), {})
        event = n.family.event or ""
        if any(v != n.normalized and e != event and e and event for v, e in by_value.items()):
            split.add(cls)
        by_value[n.normalized] = event
    qualified: dict[str, set[Family]] = {}
    for n in norms:
        cls = base(n)
        if cls is not None and n.family.event and n.family.year is None:
            qualified.setdefault(cls, set()).add(n.family)
    out = []
    for n in norms:
        cls = base(n)
        if cls is not None and cls not in split:
            n = _with_family(n, n.family.with_(event=None))
        elif cls is not None and not n.family.event and len(qualified.get(cls, ())) == 1:
            (only,) = qualified[cls]
            n = _with_family(n, only.with_(year=n.family.year))
        out.append(n)
    return out


def _with_family(n: Norm, family: Family) -> Norm:
    if n.family == family and n.key == family.text:
        return n
    return replace(n, key=family.text, family=family)


_IN_YEAR = re.compile(r"\A\s*+(?:[a-z]++\s++){0,2}?in\s++((?:19|20)\d\d)\b")


def _other_year(n: Norm, text: str) -> str | None:
    """'2021' for a figure of another year ("down from 66 percent in 2021"): a past figure is
    not this one."""
    unit = n.fact.spans.get("unit")
    end = max(n.fact.spans["value"].end, unit.end if unit else 0)
    m = _IN_YEAR.match(text[end : end + 30])
    return m.group(1) if m else None


def _single_owners(norms: list[Norm]) -> list[Norm]:
    """A count's owner keeps it apart only where the story counts that thing for two owners
    (seats of two parties); otherwise the owner is dropped and the count meets the rest."""
    owners: dict[str, set[str]] = {}
    for n in norms:
        if n.fact.kind == "quantity" and n.family is not None and n.family.owner:
            owners.setdefault(n.family.what, set()).add(n.family.owner)
    if not owners:
        return norms
    out = []
    for n in norms:
        fam = n.family
        if (
            n.fact.kind == "quantity"
            and fam is not None
            and fam.owner
            and len(owners[fam.what]) < 2
        ):
            n = _with_family(n, fam.with_(owner=None))
        out.append(n)
    return out


def _headline_figures(norms: list[Norm], articles: list[Article]) -> list[Norm]:
    """A headline's figure ("gets 10 years") that its own story states in full ("was jailed
    for 10 years") is that figure: it takes the story's slot (a headline's telegraphic wording
    seldom names the event)."""
    if not any(a.headline is not None or a.headings for a in articles):
        return norms
    by_id = {a.id: a for a in articles}

    def in_headline(n: Norm) -> bool | None:
        """Whether a figure stands in its headline; None for what is no figure."""
        a = by_id.get(n.fact.source)
        span = n.fact.spans.get("value")
        if n.fact.kind != "quantity" or a is None or span is None:
            return None
        return a.figures_only(span.start, span.end)

    body: dict[tuple[str, str | None, str], Family] = {}
    for n in norms:
        if in_headline(n) is False and n.family is not None:
            body.setdefault((n.fact.source, n.value.unit, n.normalized), n.family)
    out = []
    for n in norms:
        if in_headline(n) and n.family is not None:
            fam = body.get((n.fact.source, n.value.unit, n.normalized))
            if fam is not None and fam != n.family and _extends(fam, n.family):
                n = _with_family(n, fam)
        out.append(n)
    return out


def _extends(full: Family, short: Family) -> bool:
    """A body's family that says more of what a headline's says ('death' -> 'death' with an
    event; 'vessel' -> 'vessel total'): the headline's reading is a part of it."""
    return full.text.startswith(short.text)


def _merge_spellings(keys: Iterable[str]) -> dict[str, str]:
    """Map keys that differ by a letter or two ('hualian city', 'hualien city') to one."""
    ordered = sorted(set(keys), key=lambda k: (-len(k), k))
    out: dict[str, str] = {}
    for k in ordered:
        if k in out:
            continue
        out[k] = k
        for other in ordered:
            if other in out or len(other) < 5 or len(k) < 5 or other[0] != k[0]:
                continue
            if spelled_alike(k, other):
                out[other] = k
    return out


def family_keys(lex: Lexicon, articles: list[Article], norms: list[Norm]) -> list[Norm]:
    """Every figure and date with its family (what the word classes say it is about); its key
    is the family's phrase until the matcher gives it a slot."""
    texts = {a.id: a.text for a in articles}
    out: list[Norm] = []
    for n in norms:
        text = texts.get(n.fact.source, "")
        if n.fact.kind == "quantity":
            fam = quantity_family(lex, n, text)
            n = _with_family(n, fam.with_(year=_other_year(n, text)))
        elif n.fact.kind == "date":
            n = _with_family(n, date_family(lex, n, text))
        out.append(n)
    out = _same_weekdays(_future_weekdays(out, articles))
    out = _settle_counts(lex, out)
    out = _single_owners(out)
    out = _headline_figures(out, articles)
    places = _merge_spellings(n.key for n in out if n.fact.kind == "place")
    refs = _merge_spellings(
        n.family.reference
        for n in out
        if n.fact.kind == "quantity" and n.family is not None and n.family.reference
    )
    aligned = []
    for n in out:
        if n.fact.kind == "place" and places.get(n.key, n.key) != n.key:
            n = replace(n, key=places[n.key], normalized=places[n.key])
        elif n.fact.kind == "quantity" and n.family is not None and n.family.reference:
            ref = n.family.reference
            n = _with_family(n, n.family.with_(reference=refs.get(ref, ref)))
        aligned.append(n)
    return aligned
