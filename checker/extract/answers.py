"""The narrow LLM jobs' response models: what a model fills for each job (no network here).

Their field descriptions are prompt text. :mod:`checker.assist` builds the questions
(:class:`~checker.records.Item`) and applies these answers; :mod:`checker.extract.jobs` sends
the questions and validates the answers against these models.
"""

from __future__ import annotations

from typing import Any, Literal

from pydantic import BaseModel, ConfigDict, Field, create_model

from checker.records import Item

MAX_ABOUT = 30  # values asked about per article
MAX_PAIRS = 16  # pairs asked about per story and job


class _Answer(BaseModel):
    model_config = ConfigDict(extra="forbid")


class AboutItem(_Answer):
    id: int = Field(description="The number of the value in the list.")
    about: str | None = Field(
        description=(
            "The one word, of the value's choices, that the value counts, measures or dates; "
            "null when none of them is."
        )
    )


class AboutAnswers(_Answer):
    answers: list[AboutItem] = Field(max_length=MAX_ABOUT)


class SameItem(_Answer):
    id: int = Field(description="The number of the pair in the list.")
    verdict: Literal["same", "different", "unsure"] = Field(
        description=(
            "'same' when both marked values are the same fact about the same thing (even if the "
            "numbers differ), 'different' when they are about different things, else 'unsure'."
        )
    )


class SameAnswers(_Answer):
    answers: list[SameItem] = Field(max_length=MAX_PAIRS)


class MeaningItem(_Answer):
    id: int = Field(description="The number of the pair in the list.")
    verdict: Literal[
        "same meaning", "modal changed", "negation changed", "speaker changed", "other change"
    ] = Field(
        description=(
            "'same meaning' when B says what A says in other words; otherwise what changed: a "
            "modal ('could' / 'will'), a negation, who said it, or another change of meaning."
        )
    )


class MeaningAnswers(_Answer):
    answers: list[MeaningItem] = Field(max_length=MAX_PAIRS)


class ActorItem(_Answer):
    id: int = Field(description="The number of the pair in the list.")
    verdict: Literal["same actor", "different actor", "unsure"] = Field(
        description=(
            "'same actor' when both sentences name the same person or body (in other words), "
            "'different actor' when they credit the act to different ones, else 'unsure'."
        )
    )


class ActorAnswers(_Answer):
    answers: list[ActorItem] = Field(max_length=MAX_PAIRS)


def about_model(items: list[Item]) -> type[BaseModel]:
    """The ``about`` answer as the model fills it: one field per value, constrained to that
    value's choices or "none" (a server that follows the schema cannot answer anything else)."""
    fields: dict[str, Any] = {
        f"value_{i.id}": (
            Literal[(*i.choices, "none")],
            Field(description=f"What value {i.id} counts, measures or dates: one of its choices."),
        )
        for i in items
    }
    return create_model("AboutChoices", __config__=ConfigDict(extra="forbid"), **fields)


def about_answers(answer: BaseModel) -> AboutAnswers:
    """The constrained ``about`` answer as (id, word) pairs; "none" is no answer."""
    out = []
    for name, word in answer.model_dump().items():
        if name.startswith("value_") and name[6:].isdigit():
            out.append(AboutItem(id=int(name[6:]), about=None if word == "none" else word))
    return AboutAnswers(answers=out[:MAX_ABOUT])


def response_model(job: str, items: list[Item]) -> type[BaseModel]:
    """What the model is asked to fill for ``job`` about ``items``."""
    return about_model(items) if job == "about" else RESPONSE_MODELS[job]


RESPONSE_MODELS: dict[str, type[_Answer]] = {
    "about": AboutAnswers,
    "same_thing": SameAnswers,
    "quote_meaning": MeaningAnswers,
    "actor": ActorAnswers,
}
