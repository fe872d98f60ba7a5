"""Draft-check rules over aligned sentences: each draft sentence against the source sentence(s)
it rests on (:mod:`checker.claims`), its differences explained by the typed comparators of
:mod:`checker.compare_text`.

Registered as ``check/*`` rules beside the claim classifier's (:mod:`checker.rules.draft`):
``--disable-rule`` drops them and ``checker rules`` lists them. Every draft sentence is either
checked or reported as not checkable, with the reason.
"""

from __future__ import annotations

from collections.abc import Iterator, Sequence

from checker.claims import ClaimAlignment, content_tokens
from checker.compare_text import Difference, SourceIndex, compare_claim
from checker.extract.sentences import Sentence, Token
from checker.lexicon import Lexicon
from checker.models import Article, Claim, Finding, FindingValue
from checker.rules.draft import line_col
from checker.rules.registry import RULES, make_check_finding, rule

# rule id, finding kind, claim status, by the comparator's kind and severity
_RULES = {
    "figure": ("check/figure", "number"),
    "date": ("check/date", "date"),
    "name": ("check/name", "other"),
    "role": ("check/role", "person_title"),
    "negation": ("check/negation", "polarity"),
    "antonym": ("check/antonym", "opposite"),
    "modality": ("check/modality", "modality"),
    "substitution": ("check/substitution", "wording"),
    "unsupported": ("check/unsupported-words", "wording"),
}
_NAME_KIND = {"PERSON": "person_name", "GPE": "place", "LOC": "place", "FAC": "place"}


def _declare(
    rule_id: str, severity: str, summary: str, doc: str, levels: dict[str, str] | None = None
) -> None:
    rule(rule_id, "draft", severity, summary, scope="check", doc=doc, levels=levels)(
        sentence_findings
    )


def _claim(draft: Article, sent: Sentence, toks: Sequence[Token]) -> Claim:
    start, end = (
        (min(t.start for t in toks), max(t.end for t in toks)) if toks else (sent.start, sent.end)
    )
    line, col = line_col(draft.text, start)
    return Claim(
        kind="claim",
        text=draft.text[start:end],
        normalized=None,
        evidence=sent.text,
        line=line,
        column=col,
        start=start,
        end=end,
    )


def _value(d: Difference, texts: dict[str, str]) -> list[FindingValue]:
    if not d.source or d.sentence is None:
        return []
    start, end = min(t.start for t in d.source), max(t.end for t in d.source)
    text = texts.get(d.sentence.source, "")[start:end] or " ".join(t.text for t in d.source)
    return [
        FindingValue(
            source=d.sentence.source,
            text=text,
            normalized=None,
            evidence=d.sentence.text,
            start=start,
            end=end,
            hedge=None,
            claimant=None,
        )
    ]


def _finding(
    rule_id: str,
    kind: str,
    message: str,
    claim: Claim,
    values: list[FindingValue],
    outcome: str | None = None,
    status: str | None = None,
) -> Finding:
    """A sentence finding through the one finding builder: its severity is the registry's for
    the rule and the comparator's ``outcome`` (a figure no source gives is weaker than one a
    source contradicts); its status, unless given, a conflict when that severity is high, else
    unsupported. The id hashes the claim and the values (as it always has)."""
    if status is None:
        status = "conflict" if RULES[rule_id].level(outcome) == "high" else "unsupported"
    parts = [claim.text.lower(), claim.evidence, *sorted(v.text for v in values)]
    return make_check_finding(
        rule_id, kind, status, "sentence", message, claim, values, parts, variant=outcome
    )


def difference_severity(d: Difference) -> str:
    """The severity the registry gives a word-by-word difference: its rule's, or its outcome's."""
    return RULES[_RULES[d.kind][0]].level(d.outcome)


def sentence_findings(
    lex: Lexicon,
    draft: Article,
    alignments: Sequence[ClaimAlignment],
    sources: Sequence[Sentence],
    texts: dict[str, str],
) -> Iterator[Finding]:
    """The findings of every draft sentence against the source sentences it rests on."""
    index = SourceIndex(lex, sources)
    for al in alignments:
        if al.reason == "no source sentence states this":
            words = content_tokens(al.claim)
            yield _finding(
                "check/unsupported-words",
                "wording",
                "No source sentence states this: " + ", ".join(f"“{t.text}”" for t in words[:8]),
                _claim(draft, al.claim, ()),
                [],
            )
            continue
        if not al.checkable:
            yield _finding(
                "check/not-checkable",
                "sentence",
                f"Not checked: {al.reason}",
                _claim(draft, al.claim, ()),
                [],
                status="not_checkable",
            )
            continue
        for d in compare_claim(lex, al, sources, index):
            rule_id, kind = _RULES[d.kind]
            if d.kind == "name":
                kind = _NAME_KIND.get(d.draft[0].ent, "other")
            values = _value(d, texts)
            message = d.note.replace("{source}", values[0].source if values else "the source")
            yield _finding(
                rule_id, kind, message, _claim(draft, al.claim, d.draft), values, d.outcome
            )


_declare(
    "check/figure",
    "high",
    "A figure of a draft sentence its source sentence gives otherwise (medium: no source gives it)",
    """A figure of a draft sentence that its source sentence gives otherwise.

    Counts, amounts, shares and ordinals are compared between a draft sentence and the
    source sentences it is aligned to. High when the source sentence gives another figure;
    medium when no source gives the draft's figure.

    Why it matters:
        A changed number in an otherwise faithful sentence is easy to miss in an edit and
        is a factual error in print.

    Example:
        draft: The orchestra played its ninth concert of the season on Friday.
        source: The orchestra played its eighth concert of the season on Friday, its manager said.
        Finding (high): draft "ninth"; source "eighth".
    """,
    {"not given": "medium"},
)
_declare(
    "check/date",
    "high",
    "A year or day of a draft sentence its source sentence gives otherwise (medium: no source gives it)",
    """A year, month or day of a draft sentence that its source sentence gives otherwise.

    High when the source sentence gives another date; medium when no source gives the
    draft's. A weekday or "yesterday" is relative and left alone without a publication date.

    Why it matters:
        A wrong year or day misplaces the event and everything told about it.

    Example:
        draft: The lighthouse, built in 1871, will be repainted this summer.
        source: The lighthouse, built in 1817, will be repainted this summer, the trust said.
        Finding (high): draft "1871"; source "1817".
    """,
    {"not given": "medium"},
)
_declare(
    "check/name",
    "high",
    "A person, body or place where the source sentence names another (medium: no source names it)",
    """A person, body or place in a draft sentence where its source sentence names another.

    High when the source sentence names another; medium when no source names the draft's.

    Why it matters:
        The wrong name in the right sentence credits or blames the wrong person, or puts the
        event in the wrong town.

    Example:
        draft: Councillor Rosa Klint opened the new swimming pool in Leeds on Saturday.
        source: Councillor Rosa Klint opened the new swimming pool in York on Saturday, the
                council said.
        Finding (high): draft "Leeds"; source "York".
    """,
    {"not given": "medium"},
)
_declare(
    "check/role",
    "medium",
    "A role where the source sentence gives another ('the treasurer' / 'the chairman')",
    """A role (no person named) in a draft sentence where its source sentence gives another.

    Why it matters:
        "The treasurer resigned" and "the chairman resigned" are different stories about
        different people.

    Example:
        draft: The choir's secretary resigned on Friday after a row over the budget.
        source: The choir's conductor resigned on Friday after a row over the budget, members
                said.
        Finding (medium): draft "secretary"; source "conductor".
    """,
)
_declare(
    "check/negation",
    "high",
    "A negation on one side only ('was not charged' / 'was charged')",
    """A negation on one side only: the draft denies what its source asserts, or the reverse.

    Negations include "not", "never", "no", "failed to" and "denied".

    Why it matters:
        A lost or added "not" reverses the claim; it is among the gravest errors a draft can
        carry, and the easiest to overlook when reading for sense.

    Example:
        draft: The referee did not send off the goalkeeper, the league said.
        source: The referee sent off the goalkeeper, the league said.
        Finding (high): draft "not send"; source "sent".
    """,
)
_declare(
    "check/antonym",
    "high",
    "A word whose opposite the source sentence has ('rose' / 'fell', 'won' / 'lost')",
    """A draft word whose opposite its source sentence has ("rose" / "fell", "won" / "lost").

    Opposites come from WordNet's antonyms and opposite directions, directly or through a
    synonym.

    Why it matters:
        An opposite reverses the fact while the sentence still reads well, so a reader for
        sense will not catch it.

    Example:
        draft: Membership of the rowing club fell last year, the club said.
        source: Membership of the rowing club rose last year, the club said.
        Finding (high): draft "fell"; source "rose".
    """,
)
_declare(
    "check/modality",
    "medium",
    "A statement of fact the source hedges, or the other way ('will' / 'may')",
    """A draft statement of fact that its source sentence hedges, or a hedge the source lacks.

    Modals and hedges: "will" against "may", "is expected to", "could".

    Why it matters:
        A possibility reported as a certainty (or the reverse) claims more, or less, than
        the source knows.

    Example:
        draft: The museum will close for a year from March.
        source: The museum may close for a year from March, a spokesman said.
        Finding (medium): draft "will close"; source "may close".
    """,
)
_declare(
    "check/substitution",
    "high",
    "Another kind of the same thing where the source sentence has one ('a fine' / 'a prison term')",
    """A draft word for another thing of the kind its source sentence names ("museum" / "library").

    Two nouns are of one kind when WordNet puts them side by side under one broader word;
    verbs so related are taken for a paraphrase, and a draft word the sources use elsewhere
    is medium.

    Why it matters:
        A hospital is not a school and a fine is not a prison sentence: the substitution
        keeps the sentence plausible and makes it wrong.

    Example:
        draft: The gale damaged the roof of the library in Ostby overnight.
        source: The gale damaged the roof of the museum in Ostby overnight, firefighters said.
        Finding (high): draft "library"; source "museum".
    """,
    {"paraphrase": "medium"},
)
_declare(
    "check/unsupported-words",
    "medium",
    "Draft words no aligned source sentence supports, even in paraphrase",
    """Words of a draft sentence that no aligned source sentence supports, even in paraphrase.

    Reported when a draft sentence states something no source sentence comes close to: the
    content words of the claim that nothing supports (by lemma, stem, WordNet synonym or
    related form).

    Why it matters:
        An added detail ("funded by a charity") is a claim with no source; it may be true,
        but the draft cannot rest it on what it was written from.

    Example:
        draft: The fun run, sponsored by a local brewery, raised money for the hospice.
        source: The fun run raised money for the hospice, organisers said.
        Finding (medium): draft "sponsored", "local", "brewery".
    """,
    {"verb": "low"},
)
_declare(
    "check/not-checkable",
    "info",
    "A draft sentence that is not checked, and why (a heading, too few words)",
    """A draft sentence that is not checked, and why (a heading, a line too short to compare).

    Why it matters:
        The report accounts for every sentence of the draft: what was not checked is named,
        so that silence is never taken for support.

    Example:
        draft: Latest.  [...] The fun run raised money for the hospice on Sunday.
        source: The fun run raised money for the hospice on Sunday, organisers said.
        Finding (info): draft "Latest."; not checked (too few words).
    """,
)
