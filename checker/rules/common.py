"""Helpers shared by the rule modules: per-source selection, conflict sets, sentences and words."""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass
from typing import Any

from checker.lexicon import Lexicon
from checker.models import Article, Finding, FindingValue
from checker.normalize.entities import fold
from checker.normalize.facts import CHANGE, Norm
from checker.normalize.times import ZONE_AFTER
from checker.normalize.words import (  # noqa: F401  (shared with the rule modules)
    STOP,
    content_stem,
    content_words,
    content_words_of,
    counted_apart,
    words_in,
    words_of,
)
from checker.rules.registry import Story, claimant_of, hedge_of, make_finding, value_of

# Newsworthiness of a detail only one source gives (higher is shown first).
RANK = {
    "person_titled": 0.9,
    "person": 0.75,
    "quantity": 0.7,
    "quote": 0.65,
    "date": 0.5,
    "place": 0.4,
    "attribution": 0.3,
}


def text_value(
    source: str, text: str, evidence: str, start: int, normalized: str | None = None
) -> FindingValue:
    """A finding value read from a source's text rather than from a fact record."""
    return FindingValue(
        source=source,
        text=text,
        normalized=normalized,
        evidence=evidence,
        start=start,
        end=start + len(text),
        hedge=None,
        claimant=None,
    )


def slot_label(key: str) -> str:
    """A slot key as a reader sees it: without the aligner's ordinal ("leader ~4" -> "leader")."""
    return re.sub(r"(?<!\s)\s*+~\d++$", "", key)


def names(sources: list[str]) -> str:
    """'a', 'a and b', 'a, b and c'."""
    return sources[0] if len(sources) == 1 else ", ".join(sources[:-1]) + " and " + sources[-1]


def wordings(texts: Iterable[str]) -> list[str]:
    """Distinct wordings, first seen first; one another contains ("Twelve" in "Twelve
    workers") is said once, in its longer form."""
    seen: list[str] = []
    for t in texts:
        t = " ".join(t.split())
        if t and not any(t.lower() in s.lower() for s in seen):
            seen = [s for s in seen if s.lower() not in t.lower()] + [t]
    return seen


def sides(
    values: list[FindingValue],
    order: list[str],
    same: Callable[[FindingValue], Any] | None = None,
    note: Callable[[list[FindingValue]], str] | None = None,
    claimants: bool = True,
) -> str:
    """Who says what, the sources that give the same value together, the value most sources
    give first: 'harbour-herald and valley-times say “Twelve workers” / “A dozen”; city-wire
    says “Fifteen people”'. A source is named once: one that gives two values says both ('a
    says “9” and “11”'); every wording stays in the statement.

    Args:
        values: the finding's values.
        order: the sources in the order the command line gave them (ties go to the first).
        same: what makes two values one value (default: the normalized form, else the wording).
        note: a few words after a value's wordings, e.g. its normalized date.
        claimants: name whom a source credits a value to ("per the police").
    """
    key = same or (lambda v: v.normalized or " ".join(v.text.lower().split()))
    rank = {s: i for i, s in enumerate(order)}
    by_source: dict[str, list[FindingValue]] = {}
    for v in sorted(values, key=lambda v: (rank.get(v.source, len(rank)), v.start or 0)):
        by_source.setdefault(v.source, []).append(v)
    # sources grouped by the set of values they give, in the order the values first appear
    groups: dict[tuple[Any, ...], list[str]] = {}
    for source, vs in by_source.items():
        keys = tuple(dict.fromkeys(key(v) for v in vs))
        groups.setdefault(keys, []).append(source)
    parts = []
    for keys, sources in sorted(groups.items(), key=lambda g: (-len(g[1]), rank.get(g[1][0], 0))):
        who = []
        for source in sources:
            cited = next((v.claimant for v in by_source[source] if v.claimant), None)
            who.append(source + (f" (per {cited})" if cited and claimants else ""))
        said = []
        for k in keys:
            vs = [v for source in sources for v in by_source[source] if key(v) == k]
            texts = [t for v in vs for t in (v.text, *(e.text for e in v.also))]
            shown = " / ".join(f"\u201c{w}\u201d" for w in wordings(texts))
            said.append(shown + (f" ({note(vs)})" if note else ""))
        verb = "says" if len(who) == 1 else "say"
        parts.append(f"{names(who)} {verb} {names(said)}")
    return "; ".join(parts)


def enough(story: Story) -> bool:
    return len(story.sources) >= 2


def missing(story: Story, present: Iterable[str]) -> list[str]:
    have = set(present)
    return [s for s in story.sources if s not in have]


def one_per_source(norms: list[Norm], prefer: str | None = None) -> list[Norm]:
    """The first mention per source (or the first with a non-empty ``prefer`` field)."""
    out: dict[str, Norm] = {}
    for n in norms:
        cur = out.get(n.fact.source)
        if cur is None or (
            prefer and not cur.fact.fields.get(prefer) and n.fact.fields.get(prefer)
        ):
            out[n.fact.source] = n
    return [out[s] for s in sorted(out)]


def conflicting(
    per_source: dict[str, list[Norm]], overlaps: Callable[[Any, Any], bool]
) -> list[str]:
    """Sources that have, somewhere among the others, a source none of whose values in this
    slot can hold together with theirs (sorted).

    Works on distinct values with bit sets of sources, not on all pairs of sources: a source
    conflicts when the sources giving a value compatible with one of its own do not cover all.
    """
    ids = sorted(per_source)
    bit = {sid: 1 << i for i, sid in enumerate(ids)}
    everyone = (1 << len(ids)) - 1
    distinct: dict[str, Any] = {}
    holders: dict[str, int] = {}
    signature: dict[str, frozenset[str]] = {}
    for sid in ids:
        keys = []
        for n in per_source[sid]:
            distinct.setdefault(n.normalized, n.value)
            holders[n.normalized] = holders.get(n.normalized, 0) | bit[sid]
            keys.append(n.normalized)
        signature[sid] = frozenset(keys)
    names = sorted(distinct)
    compatible_holders = {
        a: union_bits(holders[b] for b in names if overlaps(distinct[a], distinct[b]))
        for a in names
    }
    out = []
    reach: dict[frozenset[str], int] = {}
    for sid in ids:
        sig = signature[sid]
        if sig not in reach:
            reach[sig] = union_bits(compatible_holders[a] for a in sig)
        if reach[sig] != everyone:
            out.append(sid)
    return out


def union_bits(masks: Iterable[int]) -> int:
    acc = 0
    for m in masks:
        acc |= m
    return acc


def distinct_claimants(keys: list[str]) -> bool:
    """True when two claimants differ: 'Halden Motors' and 'Carmaker Halden Motors' are one."""
    sets = [
        set(k.split()) for k in sorted(set(keys))
    ]  # distinct claimants: many sources repeat one
    return any(not (a <= b or b <= a) for i, a in enumerate(sets) for b in sets[i + 1 :])


def claimant_key(lex: Lexicon, who: str | None) -> str | None:
    if not who:
        return None
    from checker.normalize.entities import org_key, person_key

    words = person_key(lex, who).split()
    return org_key(lex, who) if len(words) != 2 else words[-1]


def about_same(lex: Lexicon, a: Norm, b: Norm) -> bool:
    terms = set(words_in(lex, a.shown)) | set(words_in(lex, b.shown))
    common = content_words(lex, a.fact.evidence) & content_words(lex, b.fact.evidence)
    return len({w for w in common if w not in terms}) >= 2


def one_per_class(norms: list[Norm]) -> list[Norm]:
    seen: dict[str, Norm] = {}
    for n in norms:
        seen.setdefault(str(n.value), n)
    return list(seen.values())


def short(text: str, n: int = 80) -> str:
    return text if len(text) <= n else text[: n - 3] + "..."


ROLE_STOP = {
    "the",
    "a",
    "an",
    "of",
    "for",
    "and",
    "in",
    "on",
    "at",
    "s",
    "its",
    "their",
    "his",
    "her",
}


def initials_of(words: list[str]) -> str:
    return "".join(w[0] for w in words if w not in ROLE_STOP)


SENTENCE_END = re.compile(r"(?<=[.!?])[\"”’]?\s+(?=[\"“A-Z])")
# "10:30 a.m. Kenyan time", "9 p.m. GMT": a clock time's zone after its "a.m." is not a new
# sentence
_AM_PM = re.compile(r"\b[ap]\.m\.$", re.I)


def sentences(story: Story, article: Article) -> list[tuple[int, str]]:
    """(offset, sentence) for the story's sentences; the headline and subheadings are compared
    for their figures only, through their facts, so text-reading rules leave them out.

    Several rules ask for them: they are kept in the run's caches (by the article object, an
    entry used only for that same object), which end with the run."""
    memo = story.ctx.caches.sentences
    hit = memo.get(id(article))
    if hit is not None and hit[0] is article:
        return hit[1]
    out = _split_sentences(article)
    if len(memo) > 20_000:
        memo.clear()
    memo[id(article)] = (article, out)
    return out


def _split_sentences(article: Article) -> list[tuple[int, str]]:
    out = []
    # (Article.figures_only and is_aside by a paragraph's start, as one set)
    skip = {s.start for s in (*article.headings, *article.asides)}
    if article.headline is not None:
        skip.add(article.headline.start)
    for start, para in article.body_paragraphs():
        if start in skip:
            continue
        pos = 0
        for m in SENTENCE_END.finditer(para):
            if _AM_PM.search(para, max(0, m.start() - 5), m.start()) and ZONE_AFTER.match(
                para[m.start() : m.start() + 40]
            ):
                continue
            out.append((start + pos, para[pos : m.start()]))
            pos = m.end()
        out.append((start + pos, para[pos:]))
    return out


def one_per_class_key(norms: list[Norm], keys: set[str]) -> list[Norm]:
    seen: dict[str, Norm] = {}
    for n in norms:
        if n.key in keys:
            seen.setdefault(n.key, n)
    return list(seen.values())


@dataclass(frozen=True)
class Sentence:
    source: str
    start: int
    text: str
    words: tuple[str, ...]  # as written, lower case
    content: frozenset[str]  # content lemmas


class SentenceIndex:
    """Every source's sentences, grouped by their content lemmas and indexed by lemma, so that
    'which sentence of another source says much the same' is a look-up, not a scan of every
    pair of sentences (many sources repeating one sentence cost one group)."""

    def __init__(self, story: Story) -> None:
        self.sentences: list[Sentence] = []
        self.groups: dict[frozenset[str], list[Sentence]] = {}
        self.postings: dict[str, set[frozenset[str]]] = {}
        # the same postings by source: "a sentence of another source" looks only at the
        # others' (a source of 10,000 sentences beside two short ones costs each of its own
        # sentences a look at the short ones, not at its own 10,000)
        self.source_postings: dict[str, dict[str, set[frozenset[str]]]] = {}  # word, source
        self.by_source: dict[str, list[Sentence]] = {}
        lex = story.lex
        for sid, article in sorted(story.articles.items()):
            for start, text in sentences(story, article):
                sent = Sentence(sid, start, text, words_of(lex, text), content_words_of(lex, text))
                self.sentences.append(sent)
                self.by_source.setdefault(sid, []).append(sent)
                self.groups.setdefault(sent.content, []).append(sent)
                for w in sent.content:
                    self.postings.setdefault(w, set()).add(sent.content)
                    by_source = self.source_postings.setdefault(w, {})
                    by_source.setdefault(sid, set()).add(sent.content)
        self._shared = {g for g, ss in self.groups.items() if len({s.source for s in ss}) > 1}

    def shared(self, content: frozenset[str]) -> bool:
        """True when sentences of two or more sources have exactly these content words."""
        return content in self._shared

    def similar(
        self, words: set[str] | frozenset[str], min_shared: int = 1
    ) -> list[tuple[frozenset[str], int]]:
        """Groups sharing at least ``min_shared`` of ``words``, with how many they share."""
        counts: Counter[frozenset[str]] = Counter()
        for w in words:
            for group in self.postings.get(w, ()):
                counts[group] += 1
        return [(g, c) for g, c in counts.items() if c >= min_shared]

    def best_overlap(self, words: set[str] | frozenset[str], but: str) -> float:
        """How much of ``words`` the best-matching sentence of another source shares; a shorter
        sentence of another source that this one mostly contains (this one adds detail to the
        same statement) counts as fully shared."""
        if not words:
            return 0.0
        best = 0.0
        theirs: set[frozenset[str]] = set()
        for w in words:
            for sid, groups in self.source_postings.get(w, {}).items():
                if sid != but:
                    theirs.update(groups)
        for group in theirs:
            shared = len(group & words)
            if shared >= 4 and shared >= 0.6 * len(group):
                return 1.0
            best = max(best, shared / len(words))
        return best


def sentence_index(story: Story) -> SentenceIndex:
    if "sentence_index" not in story.derived:
        story.derived["sentence_index"] = SentenceIndex(story)
    index: SentenceIndex = story.derived["sentence_index"]
    return index


def same_body(lex: Lexicon, a: str, b: str) -> bool:
    """'HMA' and 'Harbour Management Authority'; 'Halden Motors' and 'carmaker Halden Motors'."""
    wa, wb = (
        [w for w in fold(lex, a).split() if w not in ROLE_STOP],
        [w for w in fold(lex, b).split() if w not in ROLE_STOP],
    )
    if not wa or not wb:
        return True
    if set(wa) <= set(wb) or set(wb) <= set(wa):
        return True
    return (len(wa) == 1 and wa[0] == initials_of(wb)) or (
        len(wb) == 1 and wb[0] == initials_of(wa)
    )


def self_pairs(
    lex: Lexicon, norms: list[Norm], holds: Callable[[Any, Any], bool]
) -> list[tuple[Norm, Norm]]:
    """Pairs of one source's own values in one slot that cannot both hold, leaving out what is
    not a contradiction: two values in one sentence (a range, 'from 12 to 15'), a value and its
    update or correction, figures different claimants give."""
    out = []
    for i, a in enumerate(norms):
        for b in norms[i + 1 :]:
            if a.fact.evidence_span == b.fact.evidence_span or holds(a.value, b.value):
                continue
            if CHANGE.search(a.fact.evidence) or CHANGE.search(b.fact.evidence):
                continue
            ca, cb = claimant_of(lex, a.fact.evidence), claimant_of(lex, b.fact.evidence)
            if ca and cb and not same_body(lex, ca, cb):
                continue
            if hedge_of(lex, a.fact.evidence) != hedge_of(lex, b.fact.evidence):
                continue
            if _other_nouns(lex, a, b):  # "four reports" / "23 fires": two counts
                continue
            # one source states many facts of one kind (a total and its breakdown): only two
            # sentences that say the same thing in much the same words contradict each other
            ea = content_words(lex, a.fact.evidence) - content_words(lex, a.shown)
            eb = content_words(lex, b.fact.evidence) - content_words(lex, b.shown)
            if not ea or not eb or len(ea & eb) < 0.6 * min(len(ea), len(eb)):
                continue
            out.append((a, b))
    return out


def _other_nouns(lex: Lexicon, a: Norm, b: Norm) -> bool:
    """Two figures that count different nouns (see :func:`counted_apart`)."""
    ua, ub = a.fact.fields.get("unit"), b.fact.fields.get("unit")
    return isinstance(ua, str) and isinstance(ub, str) and counted_apart(lex, ua, ub)


def self_findings(
    rule_id: str,
    kind: str,
    story: Story,
    holds: Callable[[Any, Any], bool],
    what: Callable[[str], str],
) -> Iterator[Finding]:
    lex = story.lex
    families: dict[str, list[Norm]] = {}
    for norms in story.slot(kind).values():
        for n in norms:
            families.setdefault(n.family.text if n.family is not None else n.key, []).append(n)
    for key, norms in sorted(families.items()):
        if key in ("other", "period") or "~" in key:
            continue
        for sid, ns in Story.by_source(norms).items():
            pairs = self_pairs(lex, ns, holds)
            if not pairs:
                continue
            a, b = pairs[0]
            yield make_finding(
                rule_id,
                "conflict",
                f"{kind}:{key}:self:{sid}",
                f"{sid} contradicts itself on {what(key)}: \u201c{a.shown}\u201d and \u201c{b.shown}\u201d",
                [value_of(lex, a), value_of(lex, b)],
                rank=0.95,
            )
