"""The rows of the experiment report's tables, as written to results.json (TypedDicts)."""

from __future__ import annotations

from typing import Any, TypedDict


class PairedDiff(TypedDict):
    """A mean paired difference against another bank, with its 95% bootstrap interval."""

    n: int
    mean_diff: float
    ci: list[float]  # [low, high]


class SageRow(TypedDict):
    """One (bank, backbone) at the dialogue level."""

    bank: str
    backbone: str
    n: int
    score: float | None
    score_ci: list[float]  # [low, high]
    success: int
    failure: int
    vs_no_skill: PairedDiff | None
    vs_bank: PairedDiff | None
    trajectory: list[float]  # mean emotion per round
    by_temperament: dict[str, float]
    by_goal: dict[str, float]


class EsconvRow(TypedDict):
    """One ESConv cell: the response-level metrics and accuracy against other banks."""

    bank: str
    backbone: str
    cell: str
    turns: int | None
    metrics: dict[str, float | None]
    unavailable: dict[str, str]
    acc_vs_no_skill: PairedDiff | None
    acc_vs_bank: PairedDiff | None


class CriterionCount(TypedDict):
    """Supporter turns that passed one safety criterion, of those it judged."""

    passed: int
    total: int


class SafetyRow(TypedDict):
    """One safety cell."""

    bank: str
    backbone: str
    criteria: dict[str, CriterionCount]
    failures: int


class Results(TypedDict):
    """results.json of an experiment."""

    experiment: str
    smoke: bool
    # The resolved experiment file and run settings, recorded as they are: a config table.
    settings: dict[str, Any]
    sage: list[SageRow]
    esconv: list[EsconvRow]
    safety: list[SafetyRow]
