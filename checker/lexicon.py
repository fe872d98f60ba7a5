"""Alias and taxonomy data, loaded from the package's data file plus a newsroom's own files.

Which extra files apply is a setting (``lexicon`` in the config, ``CHECKER_LEXICON``, a story's
own ``lexicon.yaml``): the run context (:mod:`checker.context`) builds the :class:`Lexicon` once
— bundled < newsroom < story — and every stage that reads it takes it as an argument.

A lexicon is identified by its content: :attr:`Lexicon.digest` is a hash of every table,
computed once when it is built, and a lexicon hashes and compares by it. So a memoized reader
that takes the lexicon as an argument (``@lru_cache`` over ``(lex, text)``) answers per content:
two runs with the same files share answers, a newsroom file gets fresh ones, and no answer is
ever given for another lexicon that happens to reuse an object's memory.
"""

from __future__ import annotations

import hashlib
import json
from dataclasses import dataclass, field, fields
from functools import lru_cache
from importlib import resources
from pathlib import Path
from typing import Any

import yaml

from checker.errors import ConfigError


@dataclass(eq=False)  # hashed and compared by its content's digest (see __hash__)
class Lexicon:
    units: dict[str, tuple[str, float]] = field(default_factory=dict)
    spelling: dict[str, str] = field(default_factory=dict)
    honorifics: set[str] = field(default_factory=set)
    post_nominals: set[str] = field(default_factory=set)  # letters after a name ("KC", "MP")
    titles: dict[str, str] = field(default_factory=dict)  # variant -> class
    formal_role_words: set[str] = field(default_factory=set)
    measures_before: set[str] = field(default_factory=set)
    places: dict[str, str] = field(default_factory=dict)  # alias -> canonical
    contains: dict[str, set[str]] = field(default_factory=dict)
    organizations: dict[str, str] = field(default_factory=dict)
    events: dict[str, str] = field(default_factory=dict)  # lemma -> event class
    outcomes: dict[str, str] = field(default_factory=dict)  # word -> outcome class
    terms: dict[str, tuple[str, str]] = field(default_factory=dict)  # word -> (category, class)
    light_verbs: set[str] = field(default_factory=set)
    nouns: dict[str, str] = field(default_factory=dict)  # counted noun (lemma) -> class
    generic_nouns: set[str] = field(default_factory=set)  # classes too general to align alone
    human_nouns: set[str] = field(default_factory=set)  # classes that count people
    measure_subjects: dict[str, str] = field(default_factory=dict)  # word or phrase -> class
    qualified_roles: set[str] = field(default_factory=set)  # roles whose portfolio is the role
    unique_roles: set[str] = field(default_factory=set)  # posts an organisation has one of
    located_events: set[str] = field(default_factory=set)  # event classes whose place is compared
    located_around: set[str] = field(default_factory=set)  # ... named just after the place too
    actor_events: set[str] = field(default_factory=set)  # event classes whose doer is compared
    single_acts: set[str] = field(default_factory=set)  # acts a story has one of (the alarm)
    zones: dict[str, float] = field(default_factory=dict)  # zone as written -> hours from UTC
    generic_claimants: set[str] = field(
        default_factory=set
    )  # "officials said": nobody in particular
    claimant_bodies: set[str] = field(default_factory=set)  # "firefighters said": a body
    synonyms: dict[str, str] = field(default_factory=dict)  # word (lemma) -> its group's first
    place_suffixes: set[str] = field(default_factory=set)  # "Amber Bay": a place by its last word
    area_nouns: set[str] = field(default_factory=set)  # "the town in X": a place, not a site in it
    org_suffixes: set[str] = field(default_factory=set)  # "Harlow Polymers": an organisation
    # "the opposition party X", "the appliance maker X": a name after one is a body's
    org_heads: set[str] = field(default_factory=set)
    report_verbs: set[str] = field(default_factory=set)  # lemmas that cite a source
    hedges: set[str] = field(default_factory=set)  # words that hedge a claim
    _digest: str | None = field(default=None, repr=False, compare=False)
    _hash: int = field(default=0, repr=False, compare=False)

    @property
    def digest(self) -> str:
        """A SHA-256 of every table, computed once (when the lexicon is built, see
        :func:`load_lexicon`; a lexicon assembled by hand computes it on first use)."""
        if self._digest is None:
            self._digest = _digest_of(self)
            self._hash = hash(self._digest)
        return self._digest

    def __hash__(self) -> int:
        return self._hash if self._digest is not None else hash(self.digest)

    def __eq__(self, other: object) -> bool:
        return isinstance(other, Lexicon) and (other is self or other.digest == self.digest)

    def merge(self, data: dict[str, Any], origin: str) -> None:
        self._digest = None  # the content changes
        try:
            for k, v in (data.get("units") or {}).items():
                self.units[str(k).lower()] = (str(v[0]), float(v[1]))
            for k, v in (data.get("spelling") or {}).items():
                self.spelling[str(k).lower()] = str(v).lower()
            self.honorifics |= {str(h).lower() for h in data.get("honorifics") or []}
            self.post_nominals |= {str(h).lower() for h in data.get("post_nominals") or []}
            for cls, variants in (data.get("titles") or {}).items():
                for v in [cls, *variants]:
                    self.titles[str(v).lower()] = str(cls).lower()
            self.formal_role_words |= {str(w).lower() for w in data.get("formal_role_words") or []}
            self.measures_before |= {str(w).lower() for w in data.get("measures_before") or []}
            for group in data.get("places") or []:
                names = [str(n).lower() for n in group]
                canon = self.places.get(names[0], names[0])
                for n in names:
                    self.places[n] = canon
            for parent, kids in (data.get("contains") or {}).items():
                self.contains.setdefault(str(parent).lower(), set()).update(
                    str(k).lower() for k in kids
                )
            for group in data.get("organizations") or []:
                names = [str(n).lower() for n in group]
                canon = self.organizations.get(names[0], names[0])
                for n in names:
                    self.organizations[n] = canon
            for category, classes in (data.get("terms") or {}).items():
                for cls, words in classes.items():
                    for w in words:
                        self.terms[str(w).lower()] = (str(category), str(cls))
            for cls, words in (data.get("outcomes") or {}).items():
                for w in words:
                    self.outcomes[str(w).lower()] = str(cls)
            for cls, words in (data.get("events") or {}).items():
                for w in words:
                    self.events[str(w).lower()] = str(cls)
            self.light_verbs |= {str(w).lower() for w in data.get("light_verbs") or []}
            for key in (
                "place_suffixes",
                "area_nouns",
                "org_suffixes",
                "org_heads",
                "report_verbs",
                "hedges",
                "claimant_bodies",
            ):
                getattr(self, key).update(str(w).lower() for w in data.get(key) or [])
            self.generic_claimants |= {str(w).lower() for w in data.get("generic_claimants") or []}
            for group in data.get("synonyms") or []:
                words = [str(w).lower() for w in group]
                for w in words:
                    self.synonyms[w] = self.synonyms.get(words[0], words[0])
            for k, v in (data.get("zones") or {}).items():
                self.zones[str(k).lower()] = float(v)
            self.single_acts |= {str(w).lower() for w in data.get("single_acts") or []}
            self.actor_events |= {str(w).lower() for w in data.get("actor_events") or []}
            self.located_events |= {str(w).lower() for w in data.get("located_events") or []}
            self.located_around |= {str(w).lower() for w in data.get("located_around") or []}
            self.qualified_roles |= {str(w).lower() for w in data.get("qualified_roles") or []}
            self.unique_roles |= {str(w).lower() for w in data.get("unique_roles") or []}
            self.human_nouns |= {str(w).lower() for w in data.get("human_nouns") or []}
            self.generic_nouns |= {str(w).lower() for w in data.get("generic_nouns") or []}
            for key, target in (("nouns", self.nouns), ("measure_subjects", self.measure_subjects)):
                for cls, words in (data.get(key) or {}).items():
                    for w in [cls, *words]:
                        target[str(w).lower()] = str(cls)
        except (TypeError, ValueError, IndexError, AttributeError) as e:
            raise ConfigError(f"{origin}: malformed lexicon ({e})") from e


def _digest_of(lex: Lexicon) -> str:
    """The content hash of a lexicon: every table, sets sorted, as canonical JSON."""
    tables: dict[str, Any] = {}
    for f in fields(lex):
        if f.name.startswith("_"):
            continue
        value = getattr(lex, f.name)
        if isinstance(value, set):
            value = sorted(value)
        elif isinstance(value, dict):
            value = {k: sorted(v) if isinstance(v, set) else v for k, v in sorted(value.items())}
        tables[f.name] = value
    return hashlib.sha256(json.dumps(tables, sort_keys=True).encode()).hexdigest()


def _read(path: Path | None, text: str | None, origin: str) -> dict[str, Any]:
    try:
        raw = text if text is not None else path.read_text(encoding="utf-8")  # type: ignore[union-attr]
        data = yaml.safe_load(raw) or {}
    except (OSError, yaml.YAMLError) as e:
        raise ConfigError(f"{origin}: cannot read lexicon ({e})") from e
    if not isinstance(data, dict):
        raise ConfigError(f"{origin}: a lexicon file must be a mapping")
    return data


@lru_cache(maxsize=8)
def load_lexicon(extra: tuple[str, ...] = ()) -> Lexicon:
    """The bundled lexicon merged with extra files, in order."""
    lex = Lexicon()
    bundled = resources.files("checker").joinpath("data/lexicon.yaml").read_text(encoding="utf-8")
    lex.merge(_read(None, bundled, "checker/data/lexicon.yaml"), "bundled lexicon")
    for p in extra:
        lex.merge(_read(Path(p), None, p), p)
    _ = lex.digest  # computed once, now that it is built
    return lex


# the event and noun classes the bundled data gives (what "word classes off" empties)
CLASS_TABLES = (
    "events",
    "outcomes",
    "nouns",
    "measure_subjects",
    "generic_nouns",
    "human_nouns",
    "located_events",
    "located_around",
    "actor_events",
    "single_acts",
)


@lru_cache(maxsize=8)
def without_classes(lex: Lexicon) -> Lexicon:
    """A copy of ``lex`` with no event or noun classes: what alignment can do from general
    signals alone (context words, WordNet, names, values)."""
    import copy

    out = copy.copy(lex)
    for name in CLASS_TABLES:
        setattr(out, name, type(getattr(lex, name))())
    out._digest = None
    _ = out.digest
    return out


def alternation(words: set[str] | list[str]) -> str:
    """A regex alternation of words, longest first (so "may have" wins over "may")."""
    import re

    return "|".join(re.escape(w) for w in sorted(words, key=lambda w: (-len(w), w)))
