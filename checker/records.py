"""Fact records as an extractor proposes them, before grounding.

Both backends return :class:`ArticleFacts`. For the LLM backend these models ARE the prompt:
field descriptions are sent to the model, so they are written as instructions. Every list is
bounded, since small models otherwise repeat items until cut off.
"""

from __future__ import annotations

from pydantic import BaseModel, ConfigDict, Field
from pydantic.json_schema import SkipJsonSchema

MAX_ITEMS = 25

_EVIDENCE = (
    "The complete sentence from the article that states this, copied character for character. "
    "Never paraphrase."
)


class _Record(BaseModel):
    model_config = ConfigDict(extra="forbid")


class Person(_Record):
    """A named person the article mentions."""

    name: str = Field(description="The person's name exactly as written, e.g. 'Petra Lind'.")
    title: str | None = Field(
        None,
        description=(
            "The person's title or role exactly as written next to the name, e.g. "
            "'National Security Council spokesperson'. null when the article gives none."
        ),
    )
    evidence: str = Field(description=_EVIDENCE)


class Quantity(_Record):
    """A number the article states: a count, a distance, a duration, an amount."""

    value: str = Field(
        description=(
            "The number with its qualifier exactly as written, e.g. 'more than 1,000', "
            "'roughly 200', 'six'."
        )
    )
    unit: str | None = Field(
        None,
        description="What is counted or the unit, as written, e.g. 'containers', 'kilometers', '%'.",
    )
    about: str | None = Field(
        None,
        description=(
            "The word or short phrase, as written, saying what the number is about when the unit "
            "alone does not: 'killed', 'injured', 'turnout', 'vote', 'death toll'. null otherwise."
        ),
    )
    evidence: str = Field(description=_EVIDENCE)


class DateMention(_Record):
    """A date, day or period the article gives for something that happened."""

    value: str = Field(
        description=(
            "The date or period exactly as written, e.g. 'Oct. 13', 'Friday', "
            "'between Sept. 7 and Oct. 1', 'last month'."
        )
    )
    event: str | None = Field(
        None, description="In a few words, what happened then, e.g. 'Lind spoke'."
    )
    evidence: str = Field(description=_EVIDENCE)


class Place(_Record):
    """A named place: a country, city, port, region, facility."""

    name: str = Field(description="The place name exactly as written, e.g. 'Brenmouth'.")
    evidence: str = Field(description=_EVIDENCE)


class Quote(_Record):
    """Words the article puts in quotation marks."""

    text: str = Field(description="The quoted words only, without the quotation marks.")
    speaker: str | None = Field(None, description="Who said them, as written; null if not said.")
    evidence: str = Field(description=_EVIDENCE)


class Attribution(_Record):
    """Who the article names as the source of its information."""

    reporter: str = Field(
        description="The outlet, agency or body cited, e.g. 'the Associated Press', 'Reuters'."
    )
    evidence: str = Field(description=_EVIDENCE)


class Organization(_Record):
    """A named organisation, party or public body the article names (an agency, a company, a
    parliament): found by the offline extractor only."""

    name: str = Field(description="The name exactly as written, e.g. 'Harbour Authority'.")
    evidence: str = Field(description=_EVIDENCE)


class ArticleFacts(_Record):
    """Every checkable fact stated in one news article. Leave out anything it does not state."""

    people: list[Person] = Field(default_factory=list, max_length=MAX_ITEMS)
    quantities: list[Quantity] = Field(default_factory=list, max_length=MAX_ITEMS)
    dates: list[DateMention] = Field(default_factory=list, max_length=MAX_ITEMS)
    places: list[Place] = Field(default_factory=list, max_length=MAX_ITEMS)
    quotes: list[Quote] = Field(default_factory=list, max_length=MAX_ITEMS)
    attributions: list[Attribution] = Field(default_factory=list, max_length=MAX_ITEMS)
    # Not asked of a model (left out of its schema and of the prompt's example): the offline
    # extractor's, added to a model's facts by recovery like every fact the model missed.
    organizations: SkipJsonSchema[list[Organization]] = Field(
        default_factory=list, max_length=MAX_ITEMS * 4, exclude=True
    )


# kind name in Fact records -> (ArticleFacts attribute, the record's value fields in order)
KINDS: dict[str, tuple[str, tuple[str, ...]]] = {
    "person": ("people", ("name", "title")),
    "quantity": ("quantities", ("value", "unit", "about")),
    "date": ("dates", ("value", "event")),
    "place": ("places", ("name",)),
    "quote": ("quotes", ("text", "speaker")),
    "attribution": ("attributions", ("reporter",)),
    "organization": ("organizations", ("name",)),
}


# what a narrow LLM job (checker.assist) asks about: rendered into its prompt by checker.prompts
class Item(BaseModel):
    """One numbered thing a job asks about, as shown to the model."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    id: int
    text: str  # the value, or side A of a pair
    context: str  # its sentence window, or side B of a pair
    ref: tuple[str, ...]  # what the answer applies to (fact ids, finding id)
    choices: tuple[str, ...] = ()  # the words an answer must be one of (about)
