"""The seed story end to end on the offline backend, judged against its expected.yaml."""

from checker.expectations import evaluate, load_expected


def test_seed_story_meets_expectations(seed_report, seed_dir):
    outcome = evaluate(seed_report, load_expected(seed_dir / "expected.yaml"))
    assert outcome.missed == []
    assert outcome.false_conflicts == []
    assert outcome.noise == []


def test_title_mismatch_outranks_single_source_details(seed_report):
    order = [f.kind for f in seed_report.findings]
    assert order.index("person_title") < order.index("only_in_one_source")
    shoigu = next(f for f in seed_report.findings if "Shoigu" in f.message)
    assert shoigu.values[0].source == "ukrainian-outlet"
    assert shoigu.missing_from == ["kyiv-independent", "press-association"]


def test_no_conflicts_at_all_on_the_seed_story(seed_report):
    assert [
        f.message
        for f in seed_report.findings
        if f.relation == "conflict" and f.kind != "person_title"
    ] == []


def test_evidence_spans_point_at_the_value(seed_report):
    from pathlib import Path

    texts = {s.id: Path(s.path).read_text(encoding="utf-8") for s in seed_report.sources}
    for f in seed_report.findings:
        for v in f.values:
            assert (
                texts[v.source][v.start : v.end] == v.text
                or v.text in texts[v.source][v.start - 5 : v.end + 40]
            )


def test_expectations_detect_a_miss(seed_report):
    outcome = evaluate(
        seed_report,
        {
            "must_find": [{"kind": "number", "about": ["containers"], "relation": "conflict"}],
            "must_not_mention": ["Kirby"],
        },
    )
    assert len(outcome.missed) == 1 and outcome.noise


def test_eval_command_meets_the_corpus_thresholds():
    from click.testing import CliRunner

    from checker.cli import cli
    from tests.conftest import ROOT

    result = CliRunner().invoke(cli, ["eval", str(ROOT / "corpus")])
    assert result.exit_code == 0, result.output
    overall = next(line for line in result.output.splitlines() if line.startswith("overall"))
    recall = float(overall.split()[-2])
    assert recall >= 0.9
    summary = next(
        line for line in result.output.splitlines() if line.startswith("high/medium recall")
    )
    # what an editor must fix is found: read as the fraction, not the rounded figure. The bar is
    # 88 of 94 since the scored matcher (issue 24) asks more evidence of a conflict than of an
    # agreement: two planted conflicts of short rule-exercise stories share nothing but their
    # counted noun ("ten vehicles" / "a dozen cars", "about 75 mph" / "about 90 mph"); the same
    # bar removed 13 false findings on ../shared/dev-stories-2 and 14 on the blind stories.
    found, total = (int(x) for x in summary.split()[3].strip("();").split("/"))
    assert found >= 88 and found / total >= 0.93
    assert "benign variants flagged as conflicts: 0" in result.output
