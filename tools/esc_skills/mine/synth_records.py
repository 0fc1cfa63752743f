"""What `mine synthesize` reads and writes: skill sections, the generator's material, evidence.

TypedDicts, so the JSON stays exactly the dicts written before.
"""

from __future__ import annotations

from typing import NotRequired, TypedDict

from esc_skills.mine.evidence_records import EvidenceCounts
from esc_skills.mine.records import RiskBrief, RiskyPattern


class Example(TypedDict):
    """A short illustrative exchange written for the skill (never a dataset utterance)."""

    seeker: str
    supporter: str


class Sections(TypedDict):
    """A candidate's sections: the generator's answer (schema-checked) or the template's."""

    name: str
    description: str
    title: str
    overview: str
    when_to_use: list[str]
    recommended_actions: list[str]
    pitfalls: list[str]
    expected_outcomes: list[str]
    risks: list[str]
    examples: list[Example]


class LabelInfo(TypedDict):
    """A taxonomy label of the cluster, with how often it occurs."""

    id: str
    name: str
    definition: str
    count: int


class Material(TypedDict):
    """What the generator sees of one cluster: labels, definitions and statistics only."""

    cluster: str
    key_ius: int
    positive_rate: float
    negative_rate: float
    seeker_states: list[LabelInfo]
    support_actions: list[LabelInfo]
    response_changes: list[LabelInfo]
    scenarios: list[LabelInfo]
    risky_patterns: list[RiskBrief]


class SynthesisNote(TypedDict):
    """How a candidate was written: by the model, or by the template and why."""

    mode: str  # model | template
    model: str
    attempts: int
    reason: NotRequired[str]


class ClusterBrief(TypedDict):
    """The cluster a candidate came from."""

    id: str
    label: str
    positive_rate: float
    negative_rate: float
    changes: dict[str, int]
    scenarios: dict[str, int]
    risky_patterns: list[RiskyPattern]


class ProtoBrief(TypedDict):
    """One of the cluster's prototypes."""

    state: str
    action: str
    size: int
    positive: int
    negative: int


class MinedIURef(TypedDict):
    """A representative IU of the cluster (ids and labels only)."""

    dialogue_id: str
    turn: int
    state: str
    action: str
    change: str
    valence: str


class SynthesizedEvidence(TypedDict):
    """references/evidence.json of a synthesised candidate."""

    schema_version: str
    skill: str
    origin: str
    generated_by: str
    synthesis: SynthesisNote
    sources: list[str]
    counts: EvidenceCounts
    cluster: ClusterBrief
    prototypes: list[ProtoBrief]
    ius: list[MinedIURef]


class SynthesisOutcome(TypedDict):
    """One cluster's line in the `mine synthesize` table."""

    cluster: str
    status: str  # model | template | dropped
    name: NotRequired[str]
    reason: str
