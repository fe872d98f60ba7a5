"""What a figure or a date is about, as a typed value: its *family*.

A family is what the word classes read from the words around a value (see
:mod:`checker.align.keys`): what it counts or measures, the event beside it, what a measure is
of, the place a distance is measured from, whose count it is, whether it is a whole, a capacity
or a rate, and another year's figure. The matcher (:mod:`checker.align.matcher`) weighs two
families as one signal; a different reference place, owner, part or year keeps two values
apart whatever else they share.
"""

from __future__ import annotations

from dataclasses import dataclass, replace


@dataclass(frozen=True)
class Family:
    """What a value is about. ``what`` is the unit of a measure, the class of a counted noun,
    an outcome or event class ('death', 'landfall'), or for a date 'other' / 'period'."""

    what: str
    event: str | None = (
        None  # the event beside it ("home destroy"); "~verb" for a verb no class knows
    )
    subject: str | None = None  # what a measure is of ("percent turnout")
    reference: str | None = None  # the place a distance is measured from
    owner: str | None = None  # whose count it is ("seat of liberal party")
    part: str | None = None  # "total", "capacity", "per day": a fact of its own
    year: str | None = None  # another year's figure ("66 percent in 2021")
    position: int | None = None  # a small count that is its own fact ("two engines")

    @property
    def text(self) -> str:
        """The family as one short phrase ('km from hualien city', 'vessel total')."""
        out = self.what
        if self.reference:
            out += f" from {self.reference}"
        if self.subject:
            out += f" {self.subject}"
        if self.event:
            out += f" {self.event}"
        if self.part:
            out += f" {self.part}"
        if self.owner:
            out += f" of {self.owner}"
        if self.position is not None:
            out += f" ~{self.position}"
        if self.year:
            out += f" in {self.year}"
        return out

    def with_(self, **changes: object) -> Family:
        if all(getattr(self, k) == v for k, v in changes.items()):
            return self  # frozen: the family itself (most changes change nothing)
        return replace(self, **changes)  # type: ignore[arg-type]

    def apart(self, other: Family) -> bool:
        """True when the two cannot be one fact whatever else they share: measured from
        different places, counted for different owners, a whole against a part (or a capacity,
        a rate), another year's figure, or a small count that is its own fact."""
        if self.reference and other.reference and self.reference != other.reference:
            return True
        if self.owner and other.owner and self.owner != other.owner:
            return True
        if self.part != other.part or self.year != other.year:
            return True
        return self.position != other.position
