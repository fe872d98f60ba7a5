"""Prompt templates: jinja2 files under prompts/, StrictUndefined, rendered once, hashed.

Article text is passed as a variable: Jinja substitutes it and never parses it as a template.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Sequence
from functools import lru_cache
from importlib import resources
from pathlib import Path

import jinja2
from pydantic import BaseModel

from checker.records import (
    MAX_ITEMS,
    ArticleFacts,
    Attribution,
    DateMention,
    Item,
    Person,
    Place,
    Quantity,
    Quote,
)

OPEN_MARKER = "<<<ARTICLE"
CLOSE_MARKER = "ARTICLE>>>"


def prompts_dir() -> Path:
    """The prompts folder: inside an installed wheel, or at the top of a checkout."""
    packaged = resources.files("checker").joinpath("_resources/prompts")
    if packaged.is_dir():
        return Path(str(packaged))
    return Path(__file__).resolve().parent.parent / "prompts"


@lru_cache(maxsize=1)
def _env() -> jinja2.Environment:
    return jinja2.Environment(
        loader=jinja2.FileSystemLoader(str(prompts_dir())),
        undefined=jinja2.StrictUndefined,
        autoescape=False,  # plain-text prompts; article text is data in a variable
        keep_trailing_newline=True,
    )


def _example() -> str:
    # An invented town and person: nothing here may quote a story the tool is evaluated on.
    ev1 = (
        "Harbour officials said on Tuesday that about 35 vessels, flagged in Liberia, left Brenmouth "
        "between March 3 and March 9."
    )
    ev2 = '"The quays are open again," harbour master Petra Lind told Reuters.'
    ev3 = "Three dock workers were injured."
    example = ArticleFacts(
        people=[Person(name="Petra Lind", title="harbour master", evidence=ev2)],
        quantities=[
            Quantity(value="about 35", unit="vessels", about=None, evidence=ev1),
            Quantity(value="Three", unit="dock workers", about="injured", evidence=ev3),
        ],
        dates=[
            DateMention(value="Tuesday", event="said", evidence=ev1),
            DateMention(value="between March 3 and March 9", event="left", evidence=ev1),
        ],
        places=[Place(name="Liberia", evidence=ev1), Place(name="Brenmouth", evidence=ev1)],
        quotes=[Quote(text="The quays are open again", speaker="Petra Lind", evidence=ev2)],
        attributions=[Attribution(reporter="Reuters", evidence=ev2)],
    )
    return example.model_dump_json()


@lru_cache(maxsize=1)
def system_prompt() -> str:
    """The extraction instructions, rendered once."""
    return (
        _env()
        .get_template("extract_system.j2")
        .render(
            open_marker=OPEN_MARKER,
            close_marker=CLOSE_MARKER,
            max_items=MAX_ITEMS,
            example_json=_example(),
        )
    )


def user_prompt(article_text: str) -> str:
    """The user message: the article between markers. Marker look-alikes in it are defused."""
    safe = _defuse(article_text)
    return (
        _env()
        .get_template("extract_user.j2")
        .render(open_marker=OPEN_MARKER, close_marker=CLOSE_MARKER, article=safe)
    )


def _sha(text: str) -> str:
    return hashlib.sha256(text.encode("utf-8")).hexdigest()[:16]


@lru_cache(maxsize=1)
def prompt_hash() -> str:
    """Hash of the rendered instructions and the user template's source."""
    user_src = (prompts_dir() / "extract_user.j2").read_text(encoding="utf-8")
    return _sha(system_prompt() + "\x1f" + user_src)


@lru_cache(maxsize=1)
def schema_hash() -> str:
    """Hash of the response schema the model is asked to fill."""
    return _sha(json.dumps(ArticleFacts.model_json_schema(), sort_keys=True))


def _defuse(text: str) -> str:
    return text.replace(OPEN_MARKER, "<<<article").replace(CLOSE_MARKER, "article>>>")


@lru_cache(maxsize=1)
def job_system_prompt() -> str:
    """The instructions every narrow job shares, rendered once."""
    return (
        _env()
        .get_template("job_system.j2")
        .render(open_marker=OPEN_MARKER, close_marker=CLOSE_MARKER)
    )


def job_user_prompt(job: str, items: Sequence[Item], article_text: str | None = None) -> str:
    """A job's question: the article (for per-article jobs) first, the numbered items, the
    question last, so the following jobs on one article share the prompt's beginning."""
    safe = [
        item.model_copy(update={"text": _defuse(item.text), "context": _defuse(item.context)})
        for item in items
    ]
    return (
        _env()
        .get_template(f"job_{job}.j2")
        .render(
            open_marker=OPEN_MARKER,
            close_marker=CLOSE_MARKER,
            article=_defuse(article_text or ""),
            items=safe,
        )
    )


@lru_cache(maxsize=8)
def job_prompt_hash(job: str, response: type[BaseModel]) -> str:
    """Hash of the shared instructions, the job's template source and its response schema
    (``response``, the job's model in :mod:`checker.extract.answers`)."""
    src = (prompts_dir() / f"job_{job}.j2").read_text(encoding="utf-8")
    schema = json.dumps(response.model_json_schema(), sort_keys=True)
    return _sha(job_system_prompt() + "\x1f" + src + "\x1f" + schema)
