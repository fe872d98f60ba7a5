"""The sentence check: WordNet's word relations, claims aligned to source sentences, and the typed
comparators (checker/normalize/wordnet.py, checker/claims.py, checker/compare_text.py), on
invented sentences."""

from __future__ import annotations

from pathlib import Path

import pytest

from checker.claims import align_claims, demonym_pair
from checker.compare_text import compare_claim, compare_clauses
from checker.context import run_context
from checker.extract.offline import load_nlp
from checker.extract.sentences import article_sentences
from checker.lexicon import load_lexicon
from checker.models import Article, Span
from checker.normalize import wordnet
from checker.pipeline import load_sources, run_check
from checker.rules.sentence import difference_severity
from checker.sources import load_draft
from tests.conftest import ROOT

LEX = load_lexicon()  # the bundled lexicon

CLEAN = ROOT / "tests" / "drafts" / "clean"


def _article(text: str, sid: str = "a") -> Article:
    spans, off = [], 0
    for para in text.split("\n"):
        if para.strip():
            spans.append(Span(start=off, end=off + len(para)))
        off += len(para) + 1
    return Article(id=sid, path=sid, text=text, body=spans)


def _sentences(text: str, sid: str = "a"):
    return article_sentences(_article(text, sid), load_nlp())


def _diffs(draft: str, source: str) -> list[tuple[str, str, str, str]]:
    """(kind, severity, draft words, source words) of a draft against one source text."""
    theirs = _sentences(source)
    out = []
    for al in align_claims(LEX, _sentences(draft, "draft"), theirs):
        for d in compare_claim(LEX, al, theirs):
            out.append(
                (
                    d.kind,
                    difference_severity(d),
                    " ".join(t.text for t in d.draft),
                    " ".join(t.text for t in d.source),
                )
            )
    return out


def _kinds(draft: str, source: str, severity: str = "high") -> set[str]:
    return {k for k, sev, _, _ in _diffs(draft, source) if sev == severity}


# --- WordNet ---------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("a", "b", "pos", "want"),
    [
        ("rise", "fall", "v", "opposite"),
        ("win", "lose", "v", "opposite"),
        ("won", "lost", "v", "opposite"),  # inflected forms, through WordNet's exception lists
        ("ahead", "behind", "r", "opposite"),
        ("increase", "drop", "n", "opposite"),  # through a synonym of the antonym
        ("admit", "acknowledge", "v", "same"),
        ("invade", "invasion", "v", "same"),  # derived forms
        ("school", "hospital", "n", "sibling"),
        ("month", "year", "n", "sibling"),
        ("road", "street", "n", "broader"),
        ("send", "deliver", "v", "sibling"),  # two verbs of one kind: a paraphrase, not a swap
    ],
)
def test_word_relations_come_from_wordnet(a, b, pos, want):
    assert wordnet.relation(a, b, pos) == want


def test_unrelated_words_have_no_relation():
    assert wordnet.relation("violin", "tax", "n") is None
    assert wordnet.relation("quickly", "purple", "a") is None


def test_wordnet_data_is_found_offline():
    assert wordnet.available()
    assert wordnet.known("harbour", "n")  # British spelling, as WordNet lists it
    assert not wordnet.known("qzxv", "n")


def test_demonyms_name_one_place_but_near_spellings_do_not():
    assert demonym_pair("russia", "russian")
    assert demonym_pair("china", "chinese")
    assert demonym_pair("britain", "british")
    assert not demonym_pair("porto", "portugal")
    assert not demonym_pair("austria", "australia")


# --- alignment --------------------------------------------------------------------------------


def test_a_claim_rests_on_the_sentences_that_share_its_content():
    source = (
        "The ferry left the harbour at noon with 212 passengers on board.\n"
        "A storm was forecast for the evening.\n"
        "The crossing took four hours, the operator said."
    )
    [al] = align_claims(
        LEX,
        _sentences("The ferry, carrying 212 passengers, left at noon and took four hours.", "d"),
        _sentences(source),
    )
    texts = [s.text for s in al.sources]
    assert texts[0].startswith("The ferry left the harbour")
    assert any(t.startswith("The crossing took") for t in texts)
    assert not any("storm" in t for t in texts)


def test_every_sentence_is_checked_or_said_not_checkable():
    als = align_claims(
        LEX,
        _sentences("Update.\nThe library reopened on Monday after repairs.", "d"),
        _sentences("The library reopened on Monday after repairs to its roof."),
    )
    assert [al.reason for al in als] == ["too few content words to check", None]
    [lone] = align_claims(
        LEX,
        _sentences("Volcanic ash grounded flights across the region.", "d"),
        _sentences("The library reopened on Monday after repairs to its roof."),
    )
    assert lone.reason == "no source sentence states this"


# --- comparators ------------------------------------------------------------------------------


def test_negation_on_one_side_only_is_a_contradiction():
    assert ("negation", "high", "not charged", "charged") in _diffs(
        "The driver was not charged with speeding.", "The driver was charged with speeding."
    )
    removed = _diffs(
        "The driver was charged with speeding.", "The driver was not charged with speeding."
    )
    assert [k for k, sev, _, _ in removed] == ["negation"]


def test_negations_said_in_other_words_agree():
    assert not _kinds(
        "The two unions did not reach an agreement on Friday.",
        "The two unions failed to reach an agreement on Friday.",
    )
    assert not _kinds(
        "The club never paid the fine, its lawyer said.",
        "The club has not paid the fine, its lawyer said.",
    )


def test_a_negation_and_an_opposite_in_one_clause_cancel():
    assert not _kinds(
        "The mayor admitted the council did not get the budget right.",
        "The mayor admitted the council got the budget wrong.",
    )


def test_opposites_are_found_beside_the_same_words():
    assert ("antonym", "high", "fell", "rose") in _diffs(
        "Bus fares fell by a third last year.", "Bus fares rose by a third last year."
    )
    assert "antonym" in _kinds(
        "The home side won the final on penalties.", "The home side lost the final on penalties."
    )


def test_an_opposite_elsewhere_in_the_sentence_is_no_contradiction():
    # "rise" is there, but about wages, not about the fares the claim speaks of
    assert "antonym" not in _kinds(
        "Fares fell in March as wages rose.", "Fares fell in March, while wages rose again."
    )


def test_modality_differences_are_reported():
    assert ("modality", "medium", "will close", "may close") in _diffs(
        "The council will close the bridge next week.",
        "The council may close the bridge next week.",
    )
    assert "modality" not in _kinds(
        "The council will close the bridge next week.",
        "The council is expected to close the bridge next week.",
        "medium",
    )


def test_figures_ordinals_and_bare_counts():
    assert ("figure", "high", "fourth", "third") in _diffs(
        "It was the club's fourth straight defeat.", "It was the club's third straight defeat."
    )
    assert ("figure", "high", "five", "four") in _diffs(
        "The club signed five in the summer window.", "The club signed four in the summer window."
    )
    assert not _kinds(
        "The club signed about 40 players.", "The club has signed 40 players since May."
    )


def test_a_bound_that_excludes_the_stated_figure_is_a_contradiction():
    assert "figure" in _kinds(
        "Fewer than 300 homes lost power.", "Some 300 homes lost power overnight."
    ) | _kinds("Fewer than 300 homes lost power.", "300 homes lost power overnight.")


def test_years_are_compared_and_relative_days_are_left_alone():
    assert ("date", "high", "1987", "1997") in _diffs(
        "The bakery, founded in 1987, will close.", "The bakery, founded in 1997, will close."
    )
    assert not [
        d
        for d in _diffs("The plant shut yesterday.", "The plant shut on Monday.")
        if d[0] == "date"
    ]


def test_names_swapped_and_names_inside_a_named_area():
    assert ("name", "high", "Dorran", "Kelso") in _diffs(
        "The mayor opened a library in Dorran.", "The mayor opened a library in Kelso."
    )
    # the capital is inside its country: the draft names the wider area
    assert not _kinds(
        "U.K. officials met the delegation.", "Officials in London met the delegation."
    ) & {"name"}


def test_another_kind_of_the_same_thing_in_the_same_place():
    assert ("substitution", "high", "hospital", "school") in _diffs(
        "The storm damaged the roof of the hospital.", "The storm damaged the roof of the school."
    )
    # a broader word is a paraphrase
    assert not _kinds(
        "The storm damaged the roof of the building.", "The storm damaged the roof of the school."
    )


def test_roles_without_a_named_person():
    assert ("role", "medium", "treasurer", "chairman") in _diffs(
        "The club's treasurer resigned on Monday.", "The club's chairman resigned on Monday."
    )


def test_unsupported_words_are_reported_with_the_words():
    found = _diffs(
        "The festival, funded by a regional bank, drew large crowds.",
        "The festival drew large crowds on Sunday.",
    )
    assert {w for k, sev, w, _ in found if k == "unsupported" and sev == "medium"} >= {
        "funded",
        "bank",
    }


def test_paraphrase_is_not_reported():
    assert not _diffs(
        "Firefighters battled the blaze for five hours.",
        "Firefighters fought the fire for five hours.",
    )


def test_clauses_aligned_across_sources_compare_the_same_way():
    """What ``diff`` gets for two clauses its alignment put together."""
    [a] = _sentences("The captain was not on board when the ship ran aground.", "x")
    [b] = _sentences("The captain was on board when the ship ran aground.", "y")
    assert [d.kind for d in compare_clauses(LEX, a, b)] == ["negation"]
    [c] = _sentences("The death toll rose to 12 on Tuesday.", "x")
    [e] = _sentences("The death toll fell to 12 on Tuesday.", "y")
    found = compare_clauses(LEX, c, e)
    assert [(d.kind, d.draft[0].text, d.source[0].text) for d in found] == [
        ("antonym", "rose", "fell")
    ]
    assert found[0].draft[0].start == c.text.index("rose") + c.start
    assert found[0].source[0].start == e.text.index("fell") + e.start


# --- the check ---------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("draft", "story"),
    [
        ("lisbon-factory-blast.md", "lisbon-factory-blast"),
        ("rivona-rate-rise.md", "rivona-rate-rise"),
        ("nordvik-ceo-resigns.md", "nordvik-ceo-resigns"),
        ("andes-bus-crash.md", "andes-bus-crash"),
        ("ohio-chemical-fire.md", "ohio-chemical-fire"),
    ],
)
def test_clean_drafts_written_from_several_sources_stay_clean(draft, story, offline_backend):
    report = run_check(
        run_context(),
        load_draft(CLEAN / draft),
        load_sources([ROOT / "corpus" / story], 5_000_000),
        offline_backend,
    )
    assert [
        (f.rule, f.claim.text, f.message)
        for f in report.findings
        if f.severity in ("high", "medium")
    ] == []


def test_findings_point_at_the_draft_and_the_source_words(tmp_path: Path, offline_backend):
    draft = tmp_path / "d.md"
    draft.write_text("Ticket sales at the theatre fell sharply in the spring.\n")
    src = tmp_path / "src"
    src.mkdir()
    (src / "a.txt").write_text("Ticket sales at the theatre rose sharply in the spring.\n")
    report = run_check(
        run_context(), load_draft(draft), load_sources([src], 10**6, minimum=1), offline_backend
    )
    [f] = [f for f in report.findings if f.rule == "check/antonym"]
    assert f.claim.text == "fell" and (f.claim.line, f.claim.column) == (1, 29)
    [v] = f.values
    text = (src / "a.txt").read_text()
    assert text[v.start : v.end] == "rose" == v.text
