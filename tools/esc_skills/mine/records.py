"""Typed records of the mining pipeline, as they are written to ius.jsonl and prototypes.json.

They mirror schema/iu.schema.json and schema/prototypes.schema.json, so mypy checks every
field the pipeline reads or writes.
"""

from __future__ import annotations

from typing import TypedDict


class IU(TypedDict):
    """One Intervention Unit: a supporter turn, the seeker before it and how they answered."""

    id: str
    dialogue_id: str
    source: str
    split: str | None
    turn_index: int
    context_turns: list[int]
    response_turns: list[int]
    scenarios: list[str]
    state_before: str
    action: str
    strategy: str | None
    state_after: str
    response_change: str
    change_valence: str
    key: bool
    valence_before: float
    valence_after: float
    feedback: int | None
    annotator: str


class Prototype(TypedDict):
    """Key IUs grouped by (seeker state before, support action)."""

    id: str
    state: str
    action: str
    count: int
    all_ius: int
    positive: int
    negative: int
    positive_rate: float
    negative_rate: float
    changes: dict[str, int]
    scenarios: dict[str, int]
    sources: dict[str, int]
    examples: list[str]
    negative_examples: list[str]


class PrototypeSet(TypedDict):
    """prototypes.json: the kept prototypes and how many groups were dropped as too small."""

    min_size: int
    groups: int
    dropped_small_groups: int
    prototypes: list[Prototype]
