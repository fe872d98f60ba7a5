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
from checker.models import Article, CheckFinding, Claim, FindingValue
from checker.rules.draft import line_col
from checker.rules.registry import finding_id, rule

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


def _declare(rule_id: str, severity: str, summary: str) -> None:
    rule(rule_id, "draft", severity, summary, scope="check")(sentence_findings)


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
    status: str,
    severity: str,
    message: str,
    claim: Claim,
    values: list[FindingValue],
) -> CheckFinding:
    fid = finding_id(rule_id, [claim.text.lower(), claim.evidence, *sorted(v.text for v in values)])
    return CheckFinding(
        id=fid,
        rule=rule_id,
        kind=kind,  # type: ignore[arg-type]
        status=status,  # type: ignore[arg-type]
        severity=severity,  # type: ignore[arg-type]
        message=message,
        claim=claim,
        sources=values,
    )


def sentence_findings(
    draft: Article,
    alignments: Sequence[ClaimAlignment],
    sources: Sequence[Sentence],
    texts: dict[str, str],
) -> Iterator[CheckFinding]:
    """The findings of every draft sentence against the source sentences it rests on."""
    index = SourceIndex(sources)
    for al in alignments:
        if al.reason == "no source sentence states this":
            words = content_tokens(al.claim)
            yield _finding(
                "check/unsupported-words",
                "wording",
                "unsupported",
                "medium",
                "No source sentence states this: " + ", ".join(f"“{t.text}”" for t in words[:8]),
                _claim(draft, al.claim, ()),
                [],
            )
            continue
        if not al.checkable:
            yield _finding(
                "check/not-checkable",
                "sentence",
                "not_checkable",
                "info",
                f"Not checked: {al.reason}",
                _claim(draft, al.claim, ()),
                [],
            )
            continue
        for d in compare_claim(al, sources, index):
            rule_id, kind = _RULES[d.kind]
            if d.kind == "name":
                kind = _NAME_KIND.get(d.draft[0].ent, "other")
            status = "conflict" if d.severity == "high" else "unsupported"
            values = _value(d, texts)
            message = d.note.replace("{source}", values[0].source if values else "the source")
            yield _finding(
                rule_id,
                kind,
                status,
                d.severity,
                message,
                _claim(draft, al.claim, d.draft),
                values,
            )


_declare(
    "check/figure",
    "high",
    "A figure of a draft sentence its source sentence gives otherwise (medium: no source gives it)",
)
_declare(
    "check/date",
    "high",
    "A year or day of a draft sentence its source sentence gives otherwise (medium: no source gives it)",
)
_declare(
    "check/name",
    "high",
    "A person, body or place where the source sentence names another (medium: no source names it)",
)
_declare(
    "check/role",
    "medium",
    "A role where the source sentence gives another ('the treasurer' / 'the chairman')",
)
_declare(
    "check/negation", "high", "A negation on one side only ('was not charged' / 'was charged')"
)
_declare(
    "check/antonym",
    "high",
    "A word whose opposite the source sentence has ('rose' / 'fell', 'won' / 'lost')",
)
_declare(
    "check/modality",
    "medium",
    "A statement of fact the source hedges, or the other way ('will' / 'may')",
)
_declare(
    "check/substitution",
    "high",
    "Another kind of the same thing where the source sentence has one ('a fine' / 'a prison term')",
)
_declare(
    "check/unsupported-words",
    "medium",
    "Draft words no aligned source sentence supports, even in paraphrase",
)
_declare(
    "check/not-checkable",
    "info",
    "A draft sentence that is not checked, and why (a heading, too few words)",
)
