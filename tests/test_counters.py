"""The shared counters: Counters.add sums every tally field, Confusion counts and rates."""

from __future__ import annotations

from dataclasses import dataclass, field

import pytest

from esc_skills.counters import Confusion, Counters, ratio
from esc_skills.llm.accounting import RoleStats


@dataclass
class _Tallies(Counters):
    hits: int = 0
    cost: float = 0.0
    flagged: bool = False
    names: set[str] = field(default_factory=set)
    label: str = "kept"


def test_add_sums_numbers_joins_sets_and_keeps_the_rest() -> None:
    mine = _Tallies(hits=2, cost=0.5, flagged=False, names={"a"}, label="mine")
    mine.add(_Tallies(hits=3, cost=0.25, flagged=True, names={"b"}, label="theirs"))
    assert (mine.hits, mine.cost, mine.names, mine.label) == (5, 0.75, {"a", "b"}, "mine")
    assert mine.flagged is False  # a flag is not a count


def test_role_stats_add_covers_every_counter() -> None:
    one, two = RoleStats(), RoleStats()
    for number, name in enumerate(("calls", "cache_hits", "errors", "retries", "input_tokens")):
        setattr(two, name, number + 1)
    two.cost, two.models = 1.5, {"fake/x"}
    one.add(two)
    one.add(two)
    assert (one.calls, one.cache_hits, one.errors, one.retries, one.input_tokens) == (
        2, 4, 6, 8, 10,
    )  # fmt: skip
    assert one.cost == 3.0 and one.models == {"fake/x"}


@pytest.mark.parametrize(
    ("pairs", "precision", "recall"),
    [
        ([(True, True), (True, False), (False, True), (False, False)], 0.5, 0.5),
        ([(True, True), (True, True), (False, True)], 1.0, 2 / 3),
        ([(False, False), (False, True)], None, 0.0),  # nothing predicted: no precision
        ([(True, False)], 0.0, None),  # no true case: no recall
    ],
)
def test_confusion_counts_and_rates(
    pairs: list[tuple[bool, bool]], precision: float | None, recall: float | None
) -> None:
    c = Confusion()
    for predicted, actual in pairs:
        c.record(predicted, actual)
    assert c.tp + c.fp + c.fn + c.tn == len(pairs)
    assert c.precision == precision and c.recall == recall


def test_ratio_rounds_only_when_asked() -> None:
    assert ratio(1, 3) == 1 / 3 and ratio(1, 3, 4) == 0.3333 and ratio(5, 0) is None
