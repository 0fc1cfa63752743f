"""The JSON forms of SAGE metrics, comparisons and judge-drift reports (TypedDicts).

Each mirrors a dataclass field for field (dataclasses.asdict makes it), so the written JSON
is exactly what it was; the names let mypy check what readers take out of it.
"""

from __future__ import annotations

from typing import NotRequired, TypedDict

from esc_skills.sage.usage import UsageSummary


class RunInfoJSON(TypedDict):
    """What a set of traces was made with."""

    banks: list[str]
    agent_models: list[str]
    seeker_models: list[str]
    profiles: list[str]
    smoke_model: bool
    quality_note: str | None


class GroupScoreJSON(TypedDict):
    """Scores of a subset of conversations."""

    sentient_score: float
    success: int
    failure: int
    conversations: int


class ProfileScoreJSON(TypedDict):
    """One conversation's outcome."""

    profile_id: str
    final_emotion: int | None
    end_reason: str
    rounds: int
    main_cha: str | None
    task: str | None
    status: str
    skills_applied: int


class MetricsJSON(GroupScoreJSON):
    """metrics.json of a SAGE run."""

    errored: int
    mean_rounds: float
    end_reasons: dict[str, int]
    by_main_cha: dict[str, GroupScoreJSON]
    by_task: dict[str, GroupScoreJSON]
    per_profile: NotRequired[list[ProfileScoreJSON]]  # left out of comparisons
    usage: UsageSummary
    skills_applied: dict[str, int]
    run: RunInfoJSON


class PairJSON(TypedDict):
    """One profile's final emotion in both runs, and B minus A."""

    profile_id: str
    a: int
    b: int
    diff: int


class ComparisonJSON(TypedDict):
    """B versus A over the profiles both runs completed."""

    a: MetricsJSON
    b: MetricsJSON
    paired_profiles: int
    mean_diff: float
    ci_low: float
    ci_high: float
    confidence: float
    resamples: int
    seed: int
    significant: bool
    wins: int
    losses: int
    ties: int
    only_in_a: list[str]
    only_in_b: list[str]
    pairs: list[PairJSON]


class TurnResultJSON(TypedDict):
    """SAGE's change and ours for one sampled turn."""

    where: str
    released: int
    ours: int | None
    error: str | None


class DriftJSON(TypedDict):
    """Agreement between the configured judge and the released one."""

    log: str
    sampled: int
    judged: int
    errors: int
    mean_abs_diff: float | None
    correlation: float | None
    sign_agreement: float | None
    mean_released: float | None
    mean_ours: float | None
    turns: list[TurnResultJSON]
