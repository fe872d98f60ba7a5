from checker.ground import ground
from checker.models import Article, Span
from checker.records import ArticleFacts, Person, Quantity


def _article():
    text = "Join 25,000 members today.\nOfficials said “more than 1,000 containers” left port.\n"
    body_start = text.index("Officials")
    return Article(
        id="a", path="a.txt", text=text, body=[Span(start=body_start, end=len(text) - 1)]
    )


def test_exact_and_fuzzy_evidence_are_located():
    a = _article()
    proposed = ArticleFacts(
        quantities=[
            Quantity(
                value="more than 1,000",
                unit="containers",
                evidence='Officials said "more than 1,000 containers" left port.',
            ),
        ]
    )
    g = ground(a, proposed)
    (fact,) = g.facts
    assert fact.grounding == "fuzzy"
    s = fact.spans["value"]
    assert a.text[s.start : s.end] == "more than 1,000"


def test_ungrounded_and_noise_are_dropped_and_counted():
    a = _article()
    proposed = ArticleFacts(
        quantities=[
            Quantity(value="25,000", unit="members", evidence="Join 25,000 members today."),
            Quantity(
                value="2,000",
                unit="containers",
                evidence="Officials said 2,000 containers left port.",
            ),
            Quantity(
                value="3,000",
                unit="containers",
                evidence="Officials said “more than 1,000 containers” left port.",
            ),
        ],
        people=[
            Person(
                name="John Kirby",
                title=None,
                evidence="Officials said “more than 1,000 containers” left port.",
            )
        ],
    )
    g = ground(a, proposed)
    assert g.facts == []
    assert g.dropped == {
        "evidence_in_page_noise": 1,
        "evidence_not_in_article": 1,
        "value_not_in_evidence": 2,
    }


def test_optional_field_cleared_not_fact():
    a = _article()
    proposed = ArticleFacts(
        people=[
            Person(
                name="Officials",
                title="spokesman",
                evidence="Officials said “more than 1,000 containers” left port.",
            )
        ]
    )
    g = ground(a, proposed)
    assert g.facts[0].fields["title"] is None
    assert g.dropped["person.title_not_in_evidence"] == 1


def test_recover_prefers_the_richer_mention_and_adds_missed_ones():
    from checker.ground import recover

    text = "Spokesperson John Kirby said 40 ships left Najin."
    a = Article(id="a", path="a.txt", text=text, body=[Span(start=0, end=len(text))])
    model = ground(
        a, ArticleFacts(people=[Person(name="John Kirby", title=None, evidence=text)])
    ).facts
    offline = ground(
        a,
        ArticleFacts(
            people=[Person(name="John Kirby", title="Spokesperson", evidence=text)],
            quantities=[Quantity(value="40", unit="ships", evidence=text)],
        ),
    ).facts
    merged, added = recover(model, offline)
    assert added == 1
    kinds = sorted((f.kind, f.fields.get("title") or f.fields.get("unit")) for f in merged)
    assert kinds == [("person", "Spokesperson"), ("quantity", "ships")]


def test_a_quote_must_be_in_quotation_marks():
    from checker.records import Quote

    text = 'Kim met Putin in September. "We will fight on," Kim said.'
    a = Article(id="a", path="a.txt", text=text, body=[Span(start=0, end=len(text))])
    g = ground(
        a,
        ArticleFacts(
            quotes=[
                Quote(
                    text="Kim met Putin in September",
                    speaker=None,
                    evidence="Kim met Putin in September.",
                ),
                Quote(
                    text="We will fight on", speaker="Kim", evidence='"We will fight on," Kim said.'
                ),
            ]
        ),
    )
    assert [f.fields["text"] for f in g.facts] == ["We will fight on"]
    assert g.dropped["quote_not_in_quotation_marks"] == 1
