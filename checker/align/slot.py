"""A slot: one fact, as the aligner decided, with every source's values for it."""

from __future__ import annotations

from dataclasses import dataclass, field

from checker.align.family import Family
from checker.normalize.facts import Norm


@dataclass(frozen=True)
class Slot:
    """What the aligner decided is one fact: its kind, a key unique within the kind (an id, not
    for reading), a label for an editor ('jobs cut', 'km from the harbour') and, for figures
    and dates, the family of most of its values."""

    kind: str
    key: str
    label: str
    family: Family | None = None
    norms: tuple[Norm, ...] = field(default=(), repr=False, compare=False)

    @property
    def sources(self) -> frozenset[str]:
        return frozenset(n.fact.source for n in self.norms)
