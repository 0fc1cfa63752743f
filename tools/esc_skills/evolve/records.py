"""The JSON records evolution writes and reads, as TypedDicts (the dicts are the files).

analyses.json holds :class:`AnalysisReport` (schema/analysis.schema.json); proposal.json a
:class:`Proposal`; verification.json a :class:`VerificationRecord`
(schema/report.schema.json), whose attempts are :class:`Attempt`. They stay plain dicts at
run time, so what is written is byte for byte what was written before; readers of committed
records keep using ``.get`` for the keys older versions did not write (gates, errored,
skills_applied, generation).
"""

from __future__ import annotations

from typing import NotRequired, TypedDict

# -- analysis (one per conversation) -------------------------------------------------------


class SkillEffect(TypedDict):
    """How one applied skill went in one conversation."""

    skill: str
    effect: str  # helped | hurt | neutral
    turns: list[int]
    emotion_change: int
    reason: str


class UnsafeIntervention(TypedDict):
    """A reply a person should read for harm."""

    turn: int
    description: str


class MissingSkill(TypedDict):
    """A need no skill covered."""

    name: str
    need: str
    turns: list[int]


class Recommendation(TypedDict):
    """Refine an existing skill or add a new one, and the emotion points at stake."""

    kind: str  # refine | new
    skill: str
    impact: float
    reason: str


class SeekerGroup(TypedDict):
    """The seeker's temperament and hidden goal."""

    main_cha: str | None
    goal: str


class AnalysisReport(TypedDict):
    """What one simulated conversation says about the bank."""

    profile_id: str
    analyzer: str
    final_emotion: int
    end_reason: str
    group: SeekerGroup
    skills_applied: NotRequired[list[str]]
    skill_effects: list[SkillEffect]
    unsafe_interventions: list[UnsafeIntervention]
    missing_skills: list[MissingSkill]
    failure_patterns: list[str]
    recommendations: list[Recommendation]


class GroupRow(TypedDict):
    """How one seeker group (temperament x goal) fared."""

    main_cha: str
    goal: str
    conversations: int
    mean_final: float
    failures: int
    successes: int


# -- candidates and proposals ----------------------------------------------------------------


class Reason(TypedDict):
    """A reason conversations gave, with how many gave it (near-duplicates merged)."""

    text: str
    count: int


class CandidateJSON(TypedDict):
    """candidates.json entry: :class:`esc_skills.evolve.aggregate.Candidate` as JSON."""

    kind: str
    skill: str
    frequency: int
    impact: float
    score: float
    reasons: list[Reason]
    conversations: list[str]
    aliases: list[str]
    verify_profiles: list[str]


class RuleJSON(TypedDict):
    """:class:`esc_skills.evolve.decide.Rule` as JSON."""

    max_attempts: int
    min_improvement: float
    require_no_new_failures: bool
    require_ci_above_zero: bool
    regression_profiles: int
    regression_margin: float
    vetoes: list[str]


class GenerationNote(TypedDict, total=False):
    """How many generator tries a candidate took and their lint findings ({} when unknown)."""

    tries: int
    problems: list[str]


class Proposal(CandidateJSON):
    """proposal.json: the candidate, where it starts and how it will be verified."""

    schema_version: int
    run_id: str
    base: str
    profile_source: str | None  # sage, rlver or a profile file
    seed: int
    rule: RuleJSON
    reports: list[AnalysisReport]
    generation: NotRequired[GenerationNote]


# -- verification ------------------------------------------------------------------------------


class Summary(TypedDict):
    """Mean final emotion, Successes and Failures of some conversations."""

    conversations: int
    mean: float
    success: int
    failure: int


class Baseline(Summary):
    """The current bank's summary on the candidate's profiles."""

    errored: list[str]
    bank_digest: str


class Pair(TypedDict):
    """One profile's final emotion under both banks."""

    profile_id: str
    baseline: int
    candidate: int
    diff: int


class Interval(TypedDict):
    """A seeded percentile bootstrap interval of the mean paired difference."""

    level: float
    low: float
    high: float
    resamples: int
    seed: int


class GateJSON(TypedDict):
    """One gate's verdict (:class:`esc_skills.evolve.gates.GateResult` as JSON)."""

    name: str
    passed: bool
    detail: str


class Stats(Summary):
    """An attempt's scores against the baseline on the same profiles and seeds."""

    improvement: float
    new_failures: list[str]
    all_success: bool
    ci: Interval


class Judged(Stats):
    """The scores with the gates that judged them."""

    gates: list[GateJSON]
    decided_by: str
    accepted: bool


class Attempt(Judged):
    """One verified version of the candidate."""

    attempt: int
    errored: list[str]


class RoleSettings(TypedDict):
    """The model settings of one role, as verification used them."""

    model: str
    temperature: float
    max_tokens: int
    seed: int | None


class SimulationSettings(TypedDict, total=False):
    """The simulator's outcome-changing settings ({} for a simulator that does not say)."""

    profile_source: str
    max_rounds: int
    language: str | None
    retriever: str
    top_k: int


class RecordedSettings(TypedDict):
    """Every setting that changes a verification's outcome."""

    profiles: list[str]
    seed: int
    rule: RuleJSON
    simulation: SimulationSettings
    signature: str
    roles: dict[str, RoleSettings]
    prompts_digest: str
    tool_version: str


class Binding(TypedDict):
    """The exact content a verification measured, and the base it measured against."""

    candidate_commit: str
    candidate_content: str
    candidate_trees: dict[str, str]
    base_commit: str
    base_content: str


class Superseded(TypedDict):
    """What an earlier verification said before a person closed the proposal."""

    decision: str
    reason: str


class VerificationRecord(TypedDict):
    """verification.json: the decision and every number behind it."""

    schema_version: int
    run_id: str
    skill: str
    kind: str
    rule: RuleJSON
    seed: int
    profiles: list[str]
    decision: str  # accepted | rejected | dropped
    reason: str
    baseline: Baseline | None
    attempts: list[Attempt]
    best_attempt: int | None
    paired: list[Pair]
    ci: Interval | None
    models: dict[str, str]
    generation: GenerationNote
    settings: NotRequired[RecordedSettings]
    binding: NotRequired[Binding]
    seal: NotRequired[str]
    superseded: NotRequired[Superseded]
