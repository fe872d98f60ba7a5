"""Words as the comparison reads them: lower case, one spelling, content words as stems of their
lemmas with synonyms folded. What two wordings of one statement share is counted in these."""

from __future__ import annotations

import re
from functools import lru_cache
from typing import Any

from checker.lexicon import Lexicon
from checker.normalize.numbers import singular

# function words of four letters or more, reporting verbs every source uses, words of time
STOP = {
    "the",
    "and",
    "that",
    "this",
    "with",
    "from",
    "for",
    "are",
    "was",
    "were",
    "have",
    "has",
    "been",
    "not",
    "but",
    "they",
    "their",
    "there",
    "which",
    "will",
    "would",
    "could",
    "said",
    # more function words of four letters or more, and reporting verbs every source uses
    "into",
    "onto",
    "upon",
    "them",
    "then",
    "than",
    "these",
    "those",
    "whether",
    "while",
    "about",
    "after",
    "before",
    "also",
    "should",
    "might",
    "must",
    "what",
    "when",
    "where",
    "whose",
    "being",
    "says",
    "told",
    "tells",
    "added",
    "according",
    "just",
    "only",
    "very",
    "even",
    # words of time, which every account of an event has
    "year",
    "years",
    "month",
    "months",
    "week",
    "weeks",
    "today",
    "yesterday",
    "tomorrow",
    "time",
}


def words_in(lex: Lexicon, text: str) -> list[str]:
    """Lower-case words, British and American spellings unified ('centres' -> 'centers')."""
    return list(words_of(lex, text))


@lru_cache(maxsize=65536)
def words_of(lex: Lexicon, text: str) -> tuple[str, ...]:
    """As :func:`words_in`, memoized (per lexicon content) and as a tuple."""
    spelling = lex.spelling
    words = [w.lower().replace("’", "'") for w in re.findall(r"[A-Za-z]+(?:['’][a-z]+)?", text)]
    return tuple(
        spelling.get(
            w, spelling.get(w[:-1], w[:-1]) + "s" if w.endswith("s") and w[:-1] in spelling else w
        )
        for w in words
    )


def content_words(lex: Lexicon, text: str) -> set[str]:
    """Content lemmas of a text (words of four letters or more, not function words)."""
    return set(content_words_of(lex, text))


@lru_cache(maxsize=65536)
def content_words_of(lex: Lexicon, text: str) -> frozenset[str]:
    """Content words as stems of their lemmas, synonyms folded to one ('retained' / 'keep' ->
    'keep'; 'backbencher' / 'backbench' -> 'backbench'): what two wordings of one statement
    share."""
    return frozenset(
        content_stem(lex, w) for w in words_in(lex, text) if len(w) > 3 and w not in STOP
    )


@lru_cache(maxsize=65536)
def content_stem(lex: Lexicon, word: str) -> str:
    """One word's comparable form: possessive dropped, lemma, synonym group, Snowball stem."""

    w = re.sub(r"'s$", "", word)
    lemma = lemmas(w)[0]
    lemma = lex.synonyms.get(lemma, lemma)
    return _stemmer().stemWord(lemma)


@lru_cache(maxsize=1)
def _stemmer() -> Any:
    import snowballstemmer

    return snowballstemmer.stemmer("english")


@lru_cache(maxsize=65536)
def lemmas(word: str) -> tuple[str, ...]:
    """Candidate lemmas of a word, verbs first: 'took' -> ('take',); 'ships' -> ('ship',)."""
    from lemminflect import getAllLemmas

    w = word.lower().replace("’", "'")
    found = getAllLemmas(w)
    out: list[str] = []
    for pos in ("VERB", "NOUN", "ADJ", "ADV", "AUX"):
        for lem in found.get(pos, ()):
            if lem not in out:
                out.append(lem)
    if w not in out:
        out.append(w)
    if not found and singular(w) != w:
        out.append(singular(w))  # a word the lemmatizer does not know: "aftershocks"
    return tuple(out)


SENSES = 3  # the commonest senses of a word its synonyms are taken from


@lru_cache(maxsize=65536)
def related(lex: Lexicon, word: str) -> frozenset[str]:
    """The stems of the words WordNet puts beside a word: its synonyms in its commonest senses
    and the words derived from it ("walkout" / "strike", "quit" / "resign"), as concepts a
    context may share with another that words it otherwise."""
    from checker.normalize import wordnet

    if not wordnet.available() or len(word) < 4:
        return frozenset()
    out: set[str] = set()
    for pos in ("n", "v"):
        for synset in wordnet.synsets(word, pos)[:SENSES]:
            words = set(synset.words)
            for sym, tpos, off, _src, _tgt in synset.pointers:
                if sym == "+":  # derivationally related
                    words.update(wordnet.synset(tpos, off).words)
            for w in words:
                if " " not in w and w.isalpha():
                    out.add(content_stem(lex, w))
    return frozenset(out)


def counted_apart(lex: Lexicon, unit_a: str, unit_b: str) -> bool:
    """Two counted nouns that are different things: not the same word (singular or plural),
    nor words WordNet puts beside each other ("reports" / "fires"; not "homes" / "houses")."""
    from checker.normalize.numbers import singular

    if not unit_a.strip() or not unit_b.strip():
        return False
    wa, wb = (singular(" ".join(u.lower().split())).split()[-1] for u in (unit_a, unit_b))
    if not wa.isalpha() or not wb.isalpha() or wa == wb:
        return False
    sa, sb = content_stem(lex, wa), content_stem(lex, wb)
    return sa != sb and sb not in related(lex, wa) and sa not in related(lex, wb)
