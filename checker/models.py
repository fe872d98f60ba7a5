"""Records that cross stage boundaries: articles, grounded facts, findings and the report.

These are the public contract: ``schemas/`` is generated from them (``checker schema``).
"""

from __future__ import annotations

import datetime as dt
from typing import Literal

from pydantic import BaseModel, ConfigDict, Field

SCHEMA_VERSION = 2

FactKind = Literal[
    "person", "quantity", "date", "place", "quote", "attribution", "term", "organization"
]
FindingKind = Literal[
    "number",
    "date",
    "place",
    "person_title",
    "person_name",
    "attribution",
    "quote",
    "only_in_one_source",
    "term",
    "polarity",
    "opposite",
    "modality",
    "wording",
    "sentence",
    "other",
]
Relation = Literal["agree", "compatible", "conflict", "only_in_one_source"]
Severity = Literal["high", "medium", "low", "info"]
SEVERITY_ORDER: dict[str, int] = {"high": 3, "medium": 2, "low": 1, "info": 0}
SEVERITIES: tuple[str, ...] = tuple(
    sorted(SEVERITY_ORDER, key=lambda s: -SEVERITY_ORDER[s])
)  # most severe first
FAIL_ON: tuple[str, ...] = (*SEVERITIES[:-1], "never")  # levels a run can fail at


class Strict(BaseModel):
    model_config = ConfigDict(extra="forbid")


class Span(Strict):
    """A half-open character range ``[start, end)`` into an article's ``text``."""

    start: int = Field(ge=0)
    end: int = Field(ge=0)


class Article(Strict):
    """One loaded source: its decoded text and the parts of it that are the story itself."""

    id: str = Field(description="Stable id, from the file name.")
    path: str
    title: str | None = None
    outlet: str | None = None
    published: dt.date | None = Field(
        None, description="Publication date, when the text states it."
    )
    text: str = Field(description="The decoded document text; every offset points into it.")
    body: list[Span] = Field(
        default_factory=list,
        description="Paragraphs kept as the story; everything else is page noise.",
    )
    provenance: dict[str, str] = Field(
        default_factory=dict,
        description="Where the title, outlet and date came from: page metadata, front matter, "
        "the text (a dateline or headline) or the file name.",
    )
    headline: Span | None = Field(
        None,
        description="The headline, when it is part of the kept text: compared for its figures "
        "only (a headline's telegraphic wording misleads the other readers).",
    )
    headings: list[Span] = Field(
        default_factory=list,
        description="Subheadings inside the story: kept text, compared for their figures only, "
        "as the headline is.",
    )
    asides: list[Span] = Field(
        default_factory=list,
        description="Short lines a web page's main text keeps between story paragraphs that no "
        "markup marks as headings (a bold subheading, a pull quote, a link to another story): "
        "shown with the story, never read for facts.",
    )

    def body_paragraphs(self) -> list[tuple[int, str]]:
        """Return ``(offset, paragraph)`` for every kept paragraph."""
        return [(s.start, self.text[s.start : s.end]) for s in self.body]

    def body_text(self) -> str:
        """The kept paragraphs joined by blank lines (what an LLM is shown)."""
        return "\n\n".join(p for _, p in self.body_paragraphs())

    def figures_only(self, start: int, end: int | None = None) -> bool:
        """True when ``[start, end)`` lies in the headline or a subheading (read for figures
        only); with ``end`` omitted, when a kept paragraph starting at ``start`` is one."""
        if self.headline is None and not self.headings:
            return False
        return _within([self.headline] if self.headline else [], start, end) or _within(
            self.headings, start, end
        )

    def is_aside(self, start: int, end: int | None = None) -> bool:
        """Like :meth:`figures_only`, for the asides (never read for facts)."""
        return bool(self.asides) and _within(self.asides, start, end)

    def in_body(self, start: int, end: int) -> bool:
        """True when ``[start, end)`` lies inside one kept paragraph."""
        return any(s.start <= start and end <= s.end for s in self.body)


def _within(spans: list[Span], start: int, end: int | None) -> bool:
    if end is None:
        return any(s.start == start for s in spans)
    return any(s.start <= start and end <= s.end for s in spans)


class Fact(Strict):
    """A fact record located in its article: every field value has a span in ``Article.text``."""

    id: str = Field(description="Source id, kind and ordinal: stable for the same input.")
    source: str
    kind: FactKind
    fields: dict[str, str | None] = Field(
        description="The record's values as written (e.g. name, title; value, unit)."
    )
    spans: dict[str, Span] = Field(description="Where each non-empty field value was found.")
    evidence: str = Field(description="The sentence the values come from, verbatim.")
    evidence_span: Span
    grounding: Literal["exact", "fuzzy"] = "exact"


class Evidence(Strict):
    """One more place a source gives a value it gives elsewhere too (a headline and its body)."""

    text: str = Field(description="The value as written there.")
    evidence: str = Field(description="The sentence or line it stands in.")
    start: int | None = None
    end: int | None = None


class FindingValue(Strict):
    source: str
    text: str = Field(description="The value as the source writes it (short).")
    normalized: str | None = None
    evidence: str = Field(description="The sentence or quote the value comes from.")
    start: int | None = None
    end: int | None = None
    hedge: str | None = Field(
        None, description="A hedge the source puts on the value ('reportedly', 'according to')."
    )
    claimant: str | None = Field(
        None, description="Who the source says makes the claim, when it names someone."
    )
    also: list[Evidence] = Field(
        default_factory=list,
        description="Other places this source gives the same value (its headline and its body): "
        "one value with several evidence spans, never the source listed twice.",
    )


ClaimStatus = Literal[
    "conflict",
    "title_mismatch",
    "attribution_mismatch",
    "quote_mismatch",
    "unsupported",
    "supported",
    "alias",
    "not_checkable",
]
# what a draft claim is: a fact of one kind, or a sentence (the sentence check's words)
ClaimKind = Literal[
    "person", "quantity", "date", "place", "quote", "attribution", "term", "organization", "claim"
]


class Claim(Strict):
    """A factual claim in a draft, located by line and column."""

    kind: ClaimKind
    text: str
    normalized: str | None = None
    evidence: str
    line: int = Field(ge=1)
    column: int = Field(ge=1)
    start: int
    end: int


# how a draft claim's outcome reads as a relation between the draft and its sources
STATUS_RELATION: dict[str, str] = {
    "conflict": "conflict",
    "title_mismatch": "conflict",
    "attribution_mismatch": "conflict",
    "quote_mismatch": "conflict",
    "unsupported": "only_in_one_source",
    "not_checkable": "only_in_one_source",
    "supported": "agree",
    "alias": "compatible",
}
CHECK_ONLY = frozenset({"status", "claim", "also"})
"""The fields only a check finding fills (a diff report's JSON leaves them out)."""
DIFF_ONLY = frozenset({"missing_from", "rank", "group"})
"""The fields only a diff finding fills (a check report's JSON leaves them out)."""


class Finding(Strict):
    """One finding of a diff (sources against one another) or of a check (a draft claim
    against its sources): one model for every renderer, SARIF, GitHub annotations, baselines
    and the HTML page. A check finding also has the draft's claim (``claim``, with its line
    and column), its outcome (``status``) and the claim's other places (``also``)."""

    id: str = Field(
        description="Stable across runs on the same input (a check finding: for the same draft "
        "claim and sources); used to suppress, baseline and fingerprint."
    )
    rule: str
    kind: FindingKind
    relation: Relation = Field(
        description="How the values relate; for a check finding, how the draft's claim stands "
        "to its sources (conflict, agree, compatible, or only_in_one_source: only the draft "
        "says it)."
    )
    severity: Severity
    slot: str = Field(
        description="What is being compared, e.g. 'person:ada brenn:title'; for a check finding, "
        "the slot the draft's claim is aligned to, or 'sentence' for a draft sentence compared "
        "word by word."
    )
    message: str
    values: list[FindingValue] = Field(
        description="The sources' values (for a check finding: the sources' values the draft's "
        "claim is compared with)."
    )
    missing_from: list[str] = Field(default_factory=list)
    rank: float = Field(0.0, description="Newsworthiness within a severity; higher first.")
    group: str | None = Field(
        None,
        description="Findings that rest on one sentence of one source (a person, a place and a "
        "figure only that sentence gives) share a group id and are read as one entry; each "
        "keeps its own id.",
    )
    status: ClaimStatus | None = Field(
        default=None, description="A check finding: the outcome of the draft's claim."
    )
    claim: Claim | None = Field(
        default=None, description="A check finding: the draft's claim, located by line and column."
    )
    also: list[Claim] = Field(
        default_factory=list,
        description="A check finding: the same claim elsewhere in the draft with the same "
        "outcome (a figure in the headline and again in the body): one finding, suppressed once.",
    )

    @property
    def draft_claim(self) -> Claim:
        """The draft's claim of a check finding.

        Raises:
            ValueError: a diff finding, which has no draft claim.
        """
        if self.claim is None:
            raise ValueError(f"{self.id} is not a check finding: it has no draft claim")
        return self.claim


class Usage(Strict):
    calls: int = 0
    prompt_tokens: int = 0
    completion_tokens: int = 0
    retries: int = 0
    cache_hits: int = 0


class SourceReport(Strict):
    id: str
    path: str
    title: str | None = None
    outlet: str | None = None
    published: dt.date | None = None
    status: Literal["ok", "failed"]
    provenance: dict[str, str] = Field(
        default_factory=dict,
        description="Where the title, outlet and date came from: page metadata, front matter, "
        "the text (a dateline or headline) or the file name.",
    )
    error: str | None = None
    warning: str | None = Field(
        None, description="Processed, but left out of the comparison (why)."
    )
    usage: Usage | None = Field(None, description="LLM calls and tokens for this source.")
    facts: list[Fact] = Field(default_factory=list)


class Meta(Strict):
    tool: str = "checker"
    tool_version: str
    command: Literal["diff", "check"] = "diff"
    backend: str
    model: str | None = None
    prompt_hash: str | None = None
    schema_hash: str | None = None
    dropped: dict[str, int] = Field(
        default_factory=dict, description="Extracted values rejected by grounding, by reason."
    )
    recovered: int = Field(
        0, description="Facts the offline extractor found that the model missed, added back."
    )
    usage: Usage = Field(default_factory=Usage)
    cost_usd: float | None = Field(
        None, description="Estimated LLM cost, when prices are configured."
    )
    timings: dict[str, float] = Field(default_factory=dict, description="Seconds per stage.")
    llm_jobs: dict[str, str] = Field(
        default_factory=dict,
        description="Narrow LLM jobs that ran beside extraction, each with its outcome: 'ok' "
        "with the hash of its prompt and what its answers changed, or why it failed.",
    )


class CheckReport(Strict):
    schema_version: Literal[2] = 2
    draft: SourceReport
    sources: list[SourceReport]
    findings: list[Finding]
    suppressed: list[str] = Field(
        default_factory=list, description="Ids suppressed inline or by baseline."
    )
    meta: Meta
    matrix: Matrix | None = Field(
        None, description="The draft and its sources side by side, the draft first."
    )


class MatrixCell(Strict):
    """One source's value in one row of the fact matrix."""

    source: str
    relation: Literal["agree", "compatible", "conflict", "only", "absent"]
    value: str | None = Field(None, description="The value as the source writes it, short.")
    start: int | None = Field(None, description="Where the value stands in the source's text.")
    end: int | None = None
    finding: str | None = Field(None, description="The id of the finding this cell is part of.")


class MatrixRow(Strict):
    """One aligned slot: what the fact is about, and what each source says of it."""

    about: str
    kind: str
    slot: str
    severity: Severity | None = Field(None, description="The most severe finding on the row.")
    cells: list[MatrixCell]


class SourceProfile(Strict):
    stated: int = Field(description="Rows this source gives a value for.")
    only: int = Field(description="Rows only this source gives.")
    conflicts: int = Field(description="Rows where this source's value is in conflict.")


class Matrix(Strict):
    """The story at a glance: rows by severity, then by how many sources carry them."""

    columns: list[str]
    rows: list[MatrixRow]
    profiles: dict[str, SourceProfile]


class Report(Strict):
    schema_version: Literal[2] = 2
    sources: list[SourceReport]
    findings: list[Finding]
    warnings: list[str] = Field(
        default_factory=list,
        description="What a reader must know about the comparison as a whole, one line each: "
        "sources that share no event with the others (their disagreements are kept at low).",
    )
    meta: Meta
    matrix: Matrix | None = Field(
        None, description="One row per aligned slot, one column per source (see checker.matrix)."
    )


CheckReport.model_rebuild()
