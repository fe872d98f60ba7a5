import datetime as dt

import pytest

from checker.context import run_context
from checker.errors import InputError
from checker.lexicon import load_lexicon
from checker.sources import decode, discover, html_to_text, load_article, source_ids, split_story

LEX = load_lexicon()  # the bundled lexicon


def test_seed_noise_is_stripped(seed_dir):
    files = discover([seed_dir])
    assert [f.name for f in files] == [
        "kyiv-independent.txt",
        "press-association.txt",
        "ukrainian-outlet.txt",
    ]
    for f, sid in zip(files, source_ids(files), strict=True):
        body = load_article(f, sid).body_text()
        for noise in (
            "Helene",
            "25,000",
            "Masaryk",
            "Getty",
            "Eleven Ukraine",
            "humanitarian crossing",
            "Comments (0)",
            "Ctrl + Enter",
            "Oct. 11",
        ):
            assert noise not in body, (sid, noise)
        assert "North Korea" in body


def test_headline_and_dateline(seed_dir):
    pa = load_article(seed_dir / "press-association.txt", "pa")
    assert pa.published == dt.date(2023, 10, 13)
    assert pa.title.startswith("US: North Korea delivered 1,000 containers")
    ki = load_article(seed_dir / "kyiv-independent.txt", "ki")
    assert ki.title.startswith("White House: North Korea delivers")
    assert ki.published is None  # the caption's Oct. 11 is a photo date, not the article's


def test_offsets_point_into_original_text(seed_dir):
    a = load_article(seed_dir / "kyiv-independent.txt", "ki")
    raw = (seed_dir / "kyiv-independent.txt").read_text(encoding="utf-8")
    assert a.text == raw
    for s in a.body:
        assert raw[s.start : s.end].strip() == raw[s.start : s.end]


def test_teaser_after_related_heading_is_dropped():
    text = (
        "Officials said the bridge reopened on Monday after repairs lasting six weeks.\n"
        "Related stories\n"
        "Flooding closes schools\n"
        "Heavy rain forced 40 schools to close across the region on Tuesday morning.\n"
        "The bridge carries about 20,000 vehicles a day, the city said in a statement.\n"
    )
    spans = split_story(text).body
    kept = [text[s.start : s.end] for s in spans]
    assert kept == [
        "Officials said the bridge reopened on Monday after repairs lasting six weeks.",
        "The bridge carries about 20,000 vehicles a day, the city said in a statement.",
    ]


def test_reporter_bio_and_caption_dropped():
    text = (
        "The council voted 7 to 2 on Tuesday to approve the new budget for the city.\n"
        "The mayor speaks at city hall on Monday. (Jane Doe/Getty Images)\n"
        "Jane Doe is a senior reporter for the Daily Example, covering city politics since 2019.\n"
    )
    spans = split_story(text).body
    assert len(spans) == 1


@pytest.mark.parametrize(
    ("data", "message"),
    [
        (b"", "empty"),
        (b"   \n\t ", "empty"),
        (b"\x89PNG\r\n\x1a\n\x00\x00\x00IHDR", "binary"),
        (
            b"%PDF-1.7\n%\xe2\xe3\xcf\xd3\n1 0 obj\n<< /Type /Catalog >>\n",
            "PDF is not supported: convert it to text",
        ),
        (
            b"PK\x03\x04\x14\x00\x06\x00word/document.xml",
            "docx.*is not supported: convert it to text",
        ),
    ],
)
def test_bad_files(tmp_path, data, message):
    p = tmp_path / "bad.txt"
    p.write_bytes(data)
    with pytest.raises(InputError, match=message):
        load_article(p, "bad")


def test_decodes_latin1_and_utf16():
    assert decode("Café in Kyiv".encode("cp1252"), "x") == "Café in Kyiv"
    assert decode("Café in Kyiv".encode("utf-16"), "x") == "Café in Kyiv"


def test_missing_and_empty_folder(tmp_path):
    with pytest.raises(InputError, match="no such file"):
        discover([tmp_path / "nope"])
    with pytest.raises(InputError, match="no articles"):
        discover([tmp_path])


def test_html_scripts_never_reach_text():
    html = (
        "<html><head><title>T</title><script>alert('x')</script><style>p{}</style></head>"
        "<body><nav>Home | World</nav><h1>Storm hits coast</h1>"
        "<p>The storm made landfall late on Thursday with winds of 140 mph, officials said.</p>"
        "<footer>Copyright 2024</footer></body></html>"
    )
    text, meta = html_to_text(html)
    assert "alert" not in text and "p{}" not in text and "Home | World" not in text
    assert "made landfall" in text
    assert meta["h1"] == "Storm hits coast"


def test_too_large(tmp_path):
    p = tmp_path / "big.txt"
    p.write_text("A sentence that is long enough to count as prose here.\n" * 100)
    with pytest.raises(InputError, match="limit"):
        load_article(p, "big", max_bytes=1000)


def test_hard_wrapped_plain_text_keeps_its_paragraphs():
    import textwrap

    paras = [
        "Officials said on Monday that about 40 trucks carrying grain crossed the border into the "
        "region, the largest convoy since the bridge reopened in the spring after repairs.",
        "The ministry said another 25 trucks were expected on Tuesday, and that customs checks "
        "would be shortened to speed up the convoys during the harvest season this year.",
        "Farmers in the region have waited weeks for the grain, a spokesperson for the regional "
        "farmers union said, adding that prices had risen sharply since the spring floods.",
    ]
    text = "\n\n".join(textwrap.fill(p, 70) for p in paras) + "\n"
    spans = split_story(text).body
    kept = [" ".join(text[s.start : s.end].split()) for s in spans]
    assert kept == paras


def test_reporter_bios_and_station_promos_are_page_noise():
    from checker.sources import is_boilerplate
    from checker.sources.noise import _BIO

    assert _BIO.match(
        "Jane Roe has covered city hall for The Daily Example since 2016. She won an award."
    )
    assert _BIO.match("John Doe covers breaking news for Example Digest from New York.")
    assert not _BIO.match("John Doe said the ferry would resume service for the islands.")
    assert is_boilerplate("We will keep updating this page and our hourly bulletins on 97.3 FM.")
    assert is_boilerplate("Listen to our full report in the 2pm bulletin on 1242 AM.")
    assert not is_boilerplate("The ferry reached port at 10 AM.")


def test_a_teaser_marker_is_noise_but_the_prose_before_it_is_story():
    from checker.sources import split_story

    text = (
        "Bridge to reopen\n\n"
        "The regional minister said on Tuesday that the old bridge over the river would reopen on "
        "Friday after three weeks of repairs … Read more\n"
    )
    spans = split_story(text).body
    assert [text[s.start : s.end] for s in spans] == [
        "The regional minister said on Tuesday that the old bridge over the river would reopen on "
        "Friday after three weeks of repairs"
    ]


def test_a_source_whose_only_paragraph_ends_in_read_more_is_readable(tmp_path):
    from checker.sources import load_article

    page = tmp_path / "short.html"
    page.write_text(
        "<html><body><h1>Bridge to reopen</h1><p>The regional minister said on Tuesday that the "
        "old bridge would reopen on Friday after repairs costing 2 million euros. "
        '<a href="/x">Continue reading</a></p></body></html>'
    )
    article = load_article(page, "short")
    assert "2 million euros" in article.body_text()
    assert "Continue reading" not in article.body_text()


def test_a_bare_marker_line_stays_noise():
    from checker.sources import split_story

    text = (
        "A long first paragraph of the story says the bridge reopened on Friday.\n\nRead more »\n"
    )
    spans = split_story(text).body
    assert [text[s.start : s.end] for s in spans] == [
        "A long first paragraph of the story says the bridge reopened on Friday."
    ]


PAGE = """<!doctype html><html><head><title>Bridge to reopen | The Valley Post</title>
<meta property="og:site_name" content="The Valley Post">
<meta property="article:published_time" content="2025-03-07T09:00:00Z"></head>
<body><nav><a href="/">Home</a> <a href="/news">News</a> <a href="/sport">Sport</a></nav>
<article><h1>Bridge to reopen on Friday</h1>
<p>The regional minister said on Tuesday that the old bridge over the river would reopen on
Friday after three weeks of repairs costing 2 million euros.</p>
<p>Engineers found cracks in two of its five piers in February, the ministry said, and lorries
over 7.5 tonnes will still be barred until the summer.</p></article>
<aside><h2>Most read</h2><ul><li><a href="/a">Council votes to close the library branch</a></li>
<li><a href="/b">Storm knocks out power to 3,000 homes</a></li></ul></aside>
<footer>Copyright 2025 The Valley Post. All rights reserved.</footer></body></html>"""


def test_html_main_text_and_metadata_come_from_the_page(tmp_path):
    from checker.sources import load_article

    page = tmp_path / "valley-post.html"
    page.write_text(PAGE)
    a = load_article(page, "valley-post")
    body = a.body_text()
    assert "2 million euros" in body and "7.5 tonnes" in body
    assert "3,000 homes" not in body and "Copyright" not in body and "Sport" not in body
    assert a.outlet == "The Valley Post" and str(a.published) == "2025-03-07"
    assert a.provenance == {
        "title": "page metadata",
        "outlet": "page metadata",
        "published": "page metadata",
    }
    for s in a.body:  # offsets point into the text the report shows
        assert a.text[s.start : s.end].strip() == a.text[s.start : s.end]


def test_text_sources_say_where_outlet_and_date_came_from(tmp_path):
    from checker.sources import load_article

    p = tmp_path / "harbour-news.txt"
    p.write_text(
        "Bridge to reopen\n\nMarch 7, 2025\n\n"
        + "The minister said the old bridge would reopen on Friday after repairs.\n"
    )
    a = load_article(p, "harbour-news")
    assert a.outlet == "Harbour News" and str(a.published) == "2025-03-07"
    assert a.provenance["outlet"] == "file name" and a.provenance["published"] == "the text"


def test_a_wrong_figure_in_a_headline_is_a_finding(tmp_path):
    from checker.extract.offline import OfflineBackend
    from checker.pipeline import load_sources, run_diff

    body = "A fire at the Harlow depot killed 12 people on Monday, the county fire service said.\n"
    (tmp_path / "a.txt").write_text("Depot fire kills 12 workers in Harlow\n\n" + body)
    (tmp_path / "b.txt").write_text("Depot fire kills 21 workers in Harlow\n\n" + body)
    report = run_diff(run_context(), load_sources([tmp_path], 10**6), OfflineBackend())
    [f] = [f for f in report.findings if f.rule == "number/conflict"]
    assert [(v.source, v.text) for v in f.values] == [("a", "12 workers"), ("b", "21 workers")]
    assert f.values[1].evidence == "Depot fire kills 21 workers in Harlow"


def test_a_headline_gives_figures_only(tmp_path):
    from checker.extract.offline import OfflineBackend
    from checker.sources import load_article

    p = tmp_path / "a.txt"
    p.write_text(
        "Minister Petra Lind quits over 40 missing files\n\nThe interior minister resigned on Monday.\n"
    )
    a = load_article(p, "a")
    assert a.headline is not None and a.text[a.headline.start : a.headline.end].startswith(
        "Minister"
    )
    facts = OfflineBackend().extract(a, LEX).facts
    assert [q.value for q in facts.quantities] == ["40"]
    assert not any("Lind" in person.name for person in facts.people)


def test_a_news_sentence_about_subscribing_is_not_a_subscription_pitch():
    from checker.sources import is_boilerplate

    assert not is_boilerplate("Not everyone subscribes to a New Year's resolution, officials said.")
    assert is_boilerplate("Subscribe to our newsletter")
    assert is_boilerplate("Become a subscriber today")


def test_a_line_cut_by_a_br_is_joined_to_the_rest_of_its_sentence():
    from checker.sources import html_main_text

    html = (
        "<html><body><article><p>Veteran actress Kate Lowe, who in 2008 won the<br>"
        "award for best actress, has taken to the stage again, her agent said.</p>"
        "<p>The premiere is set for Friday at the National Theatre in the capital.</p>"
        "</article></body></html>"
    )
    text, _ = html_main_text(html)
    assert "who in 2008 won the award for best actress, has taken" in text


@pytest.mark.parametrize(
    "line",
    [
        "The Israeli army declined to comment on the raid, the ministry said.",
        "A spokesman said no comment would be made until the inquiry ended.",
        "Ukraine has sought NATO membership since 2008, the minister told reporters.",
        "Residents donated blood and food at the town hall on Friday.",
        "The trip was paid for by a contractor that had received a dozen direct orders.",
        "The company said its advertising revenue fell 12 per cent in the quarter.",
        "The newspaper issued a correction after the mayor complained on Monday.",
        "The streaming service lost 2 million subscribers in the second quarter.",
    ],
)
def test_news_prose_with_a_furniture_word_is_story(line):
    """Boilerplate is a phrase of the furniture itself, never a bare topic word."""
    from checker.sources import is_boilerplate

    assert not is_boilerplate(line)


@pytest.mark.parametrize(
    "line",
    [
        "Comments (12)",
        "Comments are closed for this article.",
        "Leave a comment",
        "Correction: an earlier version of this story gave the wrong date.",
        "To suggest a correction, contact our editors.",
        "Support independent journalism today.",
        "This site uses cookies to improve your experience.",
        "Advertisement",
        "The reporter travelled to the island with support from a press fund.",
    ],
)
def test_comment_correction_and_pitch_furniture_is_noise(line):
    from checker.sources import is_boilerplate

    assert is_boilerplate(line)


_PARA = (
    "<p>Firefighters battled the blaze at the Harlow depot for most of Monday night, the "
    "county fire service said in a statement.</p>"
)


def _page(middle: str) -> str:
    return (
        "<html><head><title>Depot fire</title></head><body><article><h1>Depot fire</h1>"
        + _PARA
        + middle
        + "<p>The depot's owner said the site would stay closed while investigators worked "
        "through the week.</p>"
        + "<p>Residents nearby were told to keep their windows shut until Wednesday.</p>"
        + "</article></body></html>"
    )


def test_a_marked_subheading_is_story_text_read_for_figures_only(tmp_path):
    from checker.extract.offline import OfflineBackend
    from checker.sources import load_article

    p = tmp_path / "a.html"
    p.write_text(_page("<h2>Minister Petra Lind orders 40 inspections</h2>"))
    a = load_article(p, "a")
    [h] = a.headings
    assert a.text[h.start : h.end] == "Minister Petra Lind orders 40 inspections"
    assert h in a.body and not a.asides
    facts = OfflineBackend().extract(a, LEX).facts
    assert "40" in [q.value for q in facts.quantities]
    assert not any("Lind" in person.name for person in facts.people)


def test_a_markdown_subheading_is_a_heading(tmp_path):
    from checker.sources import load_article

    p = tmp_path / "a.md"
    p.write_text(
        "# Depot fire\n\nFirefighters battled the blaze at the Harlow depot for most of Monday "
        "night, the fire service said.\n\n## What the owner says now\n\nThe depot's owner said "
        "the site would stay closed while investigators worked.\n"
    )
    a = load_article(p, "a")
    assert [a.text[h.start : h.end] for h in a.headings] == ["What the owner says now"]


def test_an_unmarked_line_inside_the_main_text_is_an_aside_never_read_for_facts(tmp_path):
    from checker.extract.offline import OfflineBackend
    from checker.sources import load_article

    p = tmp_path / "a.html"
    p.write_text(_page("<p>5 tips for staying safe in a heatwave</p>"))
    a = load_article(p, "a")
    [aside] = a.asides
    assert a.text[aside.start : aside.end] == "5 tips for staying safe in a heatwave"
    assert aside in a.body and not a.headings
    assert "5" not in [q.value for q in OfflineBackend().extract(a, LEX).facts.quantities]


def test_a_run_of_title_lines_between_paragraphs_is_a_link_list_not_kept(tmp_path):
    from checker.sources import load_article

    p = tmp_path / "a.html"
    links = "".join(f"<p>Other story number {n} about something</p>" for n in range(3))
    p.write_text(_page(links))
    a = load_article(p, "a")
    assert not a.asides and not a.headings
    assert "Other story" not in a.body_text()


def test_a_quoted_message_ending_in_an_emoticon_is_a_sentence():
    from checker.sources import is_sentence_like

    assert is_sentence_like('"No lines at the airport and my flight is on time :)"')
    assert not is_sentence_like("Weather: sunny :")


def test_a_line_ending_on_an_article_is_joined_to_the_next_whatever_its_case():
    from checker.sources import html_main_text

    html = (
        "<html><body><article><p>Veteran actress Kate Lowe, who in 2008 won the<br>"
        "Golden Mask award for best actress, has taken to the stage again, her agent said.</p>"
        "<p>The premiere is set for Friday at the National Theatre in the capital.</p>"
        "</article></body></html>"
    )
    text, _ = html_main_text(html)
    assert "who in 2008 won the Golden Mask award" in text


@pytest.mark.parametrize(
    "lead,rest",
    [
        ("PORTO ALEGRE, Brazil, May 9 (Southern Wire) - ", "A road bridge collapsed on Thursday."),
        ("RIO DE JANEIRO (Atlantic Post) — ", "At least eleven people died on Wednesday night."),
        ("KYIV, Ukraine — ", "Russia launched drones at the capital overnight, officials said."),
        ("LONDON, Oct 3, 2025 (Reuters) -- ", "Shares fell sharply in early trading on Friday."),
    ],
)
def test_a_wire_dateline_opening_the_lead_is_furniture(lead, rest):
    text = "Headline of the story here\n\n" + lead + rest + "\n\nA second paragraph of the story."
    body = split_story(text).body
    assert any(text[s.start : s.end] == rest for s in body)


def test_a_lead_without_a_dateline_is_untouched():
    for lead in (
        "NATO leaders met in Brussels on Monday to discuss the war, officials said.",
        "US-led forces said on Monday that the strikes - the largest yet - had ended.",
    ):
        body = split_story(lead + "\n").body
        assert "\n".join(lead[s.start : s.end] for s in body) == lead


def test_a_number_word_opening_a_sentence_is_a_count():
    from checker.extract.offline import OfflineBackend
    from checker.models import Article, Span

    text = "Eleven people have died after a strong earthquake shook the county, officials said."
    a = Article(id="a", path="a.txt", text=text, body=[Span(start=0, end=len(text))])
    assert "Eleven" in [q.value for q in OfflineBackend().extract(a, LEX).facts.quantities]


def test_a_short_sentence_with_a_figure_is_prose():
    from checker.sources import is_sentence_like

    assert is_sentence_like("Turnout fell to 61.4%.")
    assert not is_sentence_like("Read more.")
    assert not is_sentence_like("Home | News")


# An invented page excerpt: the first paragraph ends in template markup the page printed
# unfilled, the second carries an inline teaser for another story before it ends.
_MARKUP_PAGE = """<html><head><title>Dock strike</title></head><body><article>
<p>Harbour cranes at the port of Velmar stood idle on Tuesday after dock workers walked out
over pay for a second week, the port authority said, leaving 14 container ships waiting
offshore and two ferries held at the outer quay until the evening tide. {{#sponsor}}
{{/sponsor}}</p>
<p>The strike began at 6 a.m. and involves about 1,200 workers, union leader Mara Tesk said.
Also read: Port traffic falls for a third month</p>
</article></body></html>"""


def test_template_markup_and_an_inline_teaser_are_cut_not_their_paragraphs(tmp_path):
    page = tmp_path / "velmar.html"
    page.write_text(_MARKUP_PAGE, encoding="utf-8")
    a = load_article(page, "velmar")
    kept = " ".join(a.text[s.start : s.end] for s in a.body)
    assert "14 container ships waiting offshore" in kept
    assert "union leader Mara Tesk said." in kept
    assert "{{" not in kept and "sponsor" not in kept
    assert "Also read" not in kept and "Port traffic falls" not in kept


def test_an_inline_teaser_between_sentences_leaves_both_sides():
    from checker.sources import story_pieces

    line = "Talks stalled, he said. Also read: Ferry fares rise again. Talks resume on Friday."
    assert [line[a:b] for a, b in story_pieces(line)] == [
        "Talks stalled, he said.",
        "Talks resume on Friday.",
    ]
    prose = "Viewers could watch the match on a big screen."  # a word, not a teaser label
    assert story_pieces(prose) == [(0, len(prose))]
