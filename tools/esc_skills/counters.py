"""Shared counting pieces: dataclass counters that add up, and a yes/no confusion matrix.

Any dataclass whose fields are tallies derives from :class:`Counters` to get one ``add``
instead of its own list of field names; a yes/no prediction scored against labels
(a risk reader, a skill trigger) counts in a :class:`Confusion`.
"""

from __future__ import annotations

from dataclasses import dataclass, fields
from typing import Self


def ratio(part: int, whole: int, digits: int | None = None) -> float | None:
    """``part / whole`` (rounded to ``digits`` when given), or None when ``whole`` is 0."""
    if not whole:
        return None
    value = part / whole
    return value if digits is None else round(value, digits)


@dataclass
class Counters:
    """Base of dataclasses whose numeric and set fields are tallies that add up."""

    def add(self, other: Self) -> None:
        """Fold ``other`` into this one: numbers are summed, sets joined, the rest kept."""
        for item in fields(self):
            mine, theirs = getattr(self, item.name), getattr(other, item.name)
            if isinstance(mine, set):
                mine |= theirs
            elif isinstance(mine, int | float) and not isinstance(mine, bool):
                setattr(self, item.name, mine + theirs)


@dataclass
class Confusion(Counters):
    """True and false positives and negatives of a yes/no prediction against the truth."""

    tp: int = 0
    fp: int = 0
    fn: int = 0
    tn: int = 0

    def record(self, predicted: bool, actual: bool) -> None:
        """Count one prediction."""
        if predicted and actual:
            self.tp += 1
        elif actual:
            self.fn += 1
        elif predicted:
            self.fp += 1
        else:
            self.tn += 1

    @property
    def precision(self) -> float | None:
        """Share of positive predictions that are right (None when nothing was predicted)."""
        return ratio(self.tp, self.tp + self.fp)

    @property
    def recall(self) -> float | None:
        """Share of true cases predicted (None when there were none)."""
        return ratio(self.tp, self.tp + self.fn)
