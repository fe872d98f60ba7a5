"""Attribution rules: who is credited with a figure, a body cited by one source, who did what."""

from __future__ import annotations

import re
from collections.abc import Iterator, Set

from checker.align.words import DETERMINERS
from checker.lexicon import Lexicon
from checker.models import Finding, FindingValue
from checker.normalize.entities import fold
from checker.normalize.numbers import singular
from checker.rules.common import (
    RANK,
    STOP,
    conflicting,
    enough,
    missing,
    same_body,
    sentences,
    text_value,
    words_in,
)
from checker.rules.elsewhere import named_elsewhere
from checker.rules.registry import Story, make_finding, rule, value_of


@rule(
    "attribution/only-one-source",
    "only_in_one_source",
    "low",
    "A body or outlet only one source cites",
    covers=("claim/only-one-source",),
    cites_covered=True,
    elsewhere=named_elsewhere,
)
def attribution_only_one(story: Story) -> Iterator[Finding]:
    """A body or outlet that one source cites and no other source does.

    Why it matters:
        Who a story rests on is part of the story: a claim only one outlet credits to a
        named agency, ministry or newspaper is a lead the editor may want to confirm with that
        body before repeating it.

    Example:
        a: The dam was declared safe on Friday, the Tollen Water Board said.
        b: The dam was declared safe on Friday.
        Finding (low): a "the Tollen Water Board".
    """
    lex = story.lex
    if not enough(story):
        return
    for key, norms in sorted(story.slot("attribution").items()):
        sources = {n.fact.source for n in norms}
        if len(sources) != 1:
            continue
        n = norms[0]
        yield make_finding(
            "attribution/only-one-source",
            "only_in_one_source",
            f"attribution:{key}",
            f"Only {n.fact.source} cites {n.shown}",
            [value_of(lex, n)],
            missing_from=missing(story, sources),
            rank=RANK["attribution"],
        )


_NOT_ACTORS = {
    "it",
    "he",
    "she",
    "they",
    "we",
    "i",
    "this",
    "there",
    "nobody",
    "no",
    "anyone",
    "everyone",
    "all",
    "some",
    "many",
    "most",
    "none",
}


_PREP = {"on", "in", "at", "of", "from", "with", "for", "aboard", "onboard", "during", "after"}


_ADVERBS = {
    "also",
    "then",
    "later",
    "quickly",
    "first",
    "reportedly",
    "had",
    "has",
    "have",
    "was",
    "were",
} | DETERMINERS


def _actions(story: Story) -> list[tuple[str, str, frozenset[str], frozenset[str], FindingValue]]:
    """(source, event class, object words, actor words, value) for sentences that open with
    who did something: 'The coast guard also rescued 11 fishermen'."""
    from lemminflect import getAllLemmas

    from checker.align.events import event_hits
    from checker.normalize.words import lemmas

    lex = story.lex
    out = []
    for sid, article in sorted(story.articles.items()):
        for start, sent in sentences(story, article):
            hits = [
                h
                for h in event_hits(lex, sent, 0, min(len(sent), 200))
                if h[1] in lex.actor_events and not sent[h[0]].isupper()
            ]
            if not hits:
                continue  # (a capitalised event word is part of a name, a rescue centre's, say)
            pos, cls = min(hits)
            word = words_in(lex, sent[pos:])[0]
            head = sent[:pos].split()
            while head and (head[-1].lower() in _ADVERBS or _inflected_verb(head[-1])):
                head.pop()  # "made a", "radioed a", "also": the verb and what precedes the object
            cut = next((i for i, w in enumerate(head) if w.lower() in _PREP), len(head))
            actor = [w.strip(",") for w in head[:cut] if w.lower() not in _ADVERBS]
            if (
                not 1 <= len(actor) <= 3
                or not all(w[:1].isalpha() for w in actor)
                or "," in sent[:pos]
            ):
                continue
            if not head or not head[0][:1].isupper() or actor[0].lower() in _NOT_ACTORS:
                continue
            if any(
                w.lower() in ("was", "were", "been", "be", "is", "are") for w in sent[:pos].split()
            ):
                continue  # passive: the subject is what was acted on
            rest = sent[pos + len(word) : pos + 100]
            obj = frozenset(
                lemmas(w)[0] for w in words_in(lex, rest)[:8] if len(w) > 3 and w not in STOP
            )
            if "VERB" not in getAllLemmas(word):  # the act is a noun ("the alarm", "a mayday")
                obj = obj | {lemmas(word)[-1]}
            if cls in lex.single_acts:
                obj = obj | {
                    f"<{cls}>"
                }  # one alarm, one distress call per story: the act is enough
            who = frozenset(singular(w.lower()) for w in actor)
            text = " ".join(actor)
            at = start + sent.find(actor[0])
            out.append((sid, cls, obj, who, text_value(sid, text, sent.strip(), at)))
    return out


def _inflected_verb(word: str) -> bool:
    from lemminflect import getAllLemmas

    verbs = getAllLemmas(word.lower()).get("VERB", ())
    return bool(verbs) and word.lower() not in verbs and "NOUN" not in getAllLemmas(word.lower())


@rule(
    "attribution/actor",
    "attribution",
    "medium",
    "Sources say different people or bodies did the same thing",
    covers=("attribution/only-one-source",),
)
def actor_conflict(story: Story) -> Iterator[Finding]:
    """Sources that credit one act (a rescue, an arrest, an alarm raised) to different actors.

    The act is read from a sentence that opens with who did it; two sources disagree when they
    give the same act on the same object and their actors share no word.

    Why it matters:
        Who did something is often the news itself; a story that credits the lifeboat crew
        where another credits the coastguard gets a fact wrong for one of them, and the
        people named will notice.

    Example:
        a: Lifeboat volunteers rescued six climbers from the ridge on Sunday.
        b: Army helicopters rescued six climbers from the ridge on Sunday.
        Finding (medium): a "Lifeboat volunteers", b "Army helicopters".
    """
    acts = _actions(story)
    seen: set[tuple[str, str, str]] = set()
    for i, (sa, ca, oa, wa, va) in enumerate(acts):
        for sb, cb, ob, wb, vb in acts[i + 1 :]:
            if sa == sb or ca != cb or len(oa & ob) < 1 or wa & wb or (sa, sb, ca) in seen:
                continue
            seen.add((sa, sb, ca))
            what = " ".join(sorted(oa & ob))
            shown = " ".join(w for w in sorted(oa & ob) if not w.startswith("<"))
            yield make_finding(
                "attribution/actor",
                "conflict",
                f"actor:{ca}:{what}",
                f"Who did it ({ca}{': ' + shown if shown else ''}) differs: {sa} says {va.text}; "
                f"{sb} says {vb.text}",
                [va, vb],
                rank=0.75,
            )


@rule(
    "attribution/claimant",
    "attribution",
    "medium",
    "Sources credit one figure to different people or bodies",
    covers=("attribution/only-one-source",),
)
def figure_claimant(story: Story) -> Iterator[Finding]:
    """Sources that give one figure and credit it to different people or bodies.

    Only a figure the sources agree on is compared (a disagreement on the figure itself is
    number/conflict's), and only named claimants, not "officials" or "police".

    Why it matters:
        The number may be right while its source is wrong: a toll credited to the ministry in
        one report and to a charity in another cannot both be how the reporter learned it.

    Example:
        a: The storm left 80 families homeless, according to the Red Cross.
        b: The storm left 80 families homeless, according to the Housing Ministry.
        Finding (medium): a "80 families", b "80 families".
    """
    lex = story.lex
    generic = lex.generic_claimants
    for key, norms in sorted(story.slot("quantity").items()):
        per = Story.by_source(norms)
        if len(per) < 2 or conflicting(per, lambda a, b: a.overlaps(b)):
            continue  # a disagreement on the figure itself is number/conflict's
        named = []
        for ns in per.values():
            v = value_of(lex, ns[0])
            if v.claimant and fold(lex, v.claimant) not in generic:
                named.append(v)
        pairs = [
            (a, b)
            for i, a in enumerate(named)
            for b in named[i + 1 :]
            if not same_body(lex, a.claimant or "", b.claimant or "")
        ]
        if not pairs:
            continue
        a, b = pairs[0]
        yield make_finding(
            "attribution/claimant",
            "conflict",
            f"quantity:{key}:claimant",
            f"The figure for {story.label('quantity', key)} is credited differently: "
            f"{a.source}: {a.text} (per {a.claimant}); "
            f"{b.source}: {b.text} (per {b.claimant})",
            [a, b],
            rank=0.6,
        )


@rule(
    "attribution/statement",
    "attribution",
    "medium",
    "Sources credit one statement to different people or bodies",
    covers=("attribution/only-one-source",),
)
def statement_claimant(story: Story) -> Iterator[Finding]:
    """Sources that credit one account (not a figure or a quotation) to different claimants.

    The two sentences must share most of their content words besides the claimants' names
    and the reporting verbs. Figures have rules of their own (number/claimants,
    attribution/claimant), and so do quotations (attribution/speaker).

    Why it matters:
        Whose account it is decides how far it can be trusted and how it must be worded; an
        allegation made by prosecutors is not the same story as one made by the police.

    Example:
        a: Police said the stolen paintings were shipped through a warehouse in Marrow.
        b: Insurers said the stolen paintings were shipped through a warehouse in Marrow.
        Finding (medium): a "Police", b "Insurers".
    """
    from checker.rules.common import content_words, sentence_index
    from checker.rules.registry import claimant_of

    lex = story.lex
    index = sentence_index(story)
    generic = lex.generic_claimants
    report = lex.report_verbs
    seen: set[tuple[str, str]] = set()
    credited: dict[int, str | None] = {}

    def claimant(sentence: object) -> str | None:
        key = id(sentence)
        if key not in credited:
            text = getattr(sentence, "text", "")
            who = None if '"' in text or "\u201c" in text else claimant_of(lex, text)
            credited[key] = who if who and fold(lex, who) not in generic else None
        return credited[key]

    for s in index.sentences:
        who = claimant(s)
        if who is None or any(ch.isdigit() for ch in s.text):
            continue
        own = s.content - content_words(lex, who) - report
        if len(own) < 3:
            continue
        for group, _shared in index.similar(own, min_shared=3):
            for o in index.groups[group]:
                if o.source == s.source or (o.source, s.source) in seen:
                    continue
                other = claimant(o)
                if (
                    other is None
                    or same_body(lex, who, other)
                    or fold(lex, who).split()[-1]
                    == fold(lex, other).split()[-1]  # one person, two titles
                    or any(ch.isdigit() for ch in o.text)
                ):
                    continue
                theirs = o.content - content_words(lex, other) - report
                common = own & theirs
                if len(common) < 3 or len(common) < 0.5 * min(len(own), len(theirs)):
                    continue
                seen.add((s.source, o.source))
                a = text_value(s.source, who, s.text.strip(), s.start + s.text.find(who))
                b = text_value(o.source, other, o.text.strip(), o.start + o.text.find(other))
                yield make_finding(
                    "attribution/statement",
                    "conflict",
                    f"statement:{' '.join(sorted(common))[:60]}",
                    f"The same account ({_as_written(lex, s.text, common)}) is credited to {who} by "
                    f"{s.source} and to {other} by {o.source}",
                    [a, b],
                    rank=0.6,
                )


def _as_written(lex: Lexicon, text: str, common: Set[str], limit: int = 80) -> str:
    """The words of ``text`` that carry the shared content, as the source writes them: from
    the first to the last such word, quoted ("“had received four reports of overheating in
    Canada”"), cut at ``limit`` characters."""
    from checker.rules.common import content_words

    hits = [m for m in _WORDS.finditer(text) if content_words(lex, m.group()) & common]
    if not hits:
        return ", ".join(sorted(common)[:4])
    phrase = text[hits[0].start() : hits[-1].end()]
    if len(phrase) > limit:
        phrase = phrase[:limit].rsplit(" ", 1)[0] + "\u2026"
    return f"\u201c{phrase}\u201d"


_WORDS = re.compile(r"[A-Za-z][\w'’-]*")
