"""The content of a skill's references/evidence.json (schema/evidence.schema.json)."""

from __future__ import annotations

from typing import NotRequired, TypedDict


class SourceRun(TypedDict):
    """Which mining run the evidence comes from (None where its summary did not say)."""

    run: str
    annotator: str | None
    pipeline_version: str | None
    taxonomy_sha256: str | None
    dialogues: int | None


class EvidenceMatch(TypedDict):
    """The skill's labels that were matched."""

    states: list[str]
    actions: list[str]
    scenarios: list[str]


class EvidenceCounts(TypedDict):
    """IUs, key IUs, their valence, dialogues and prototypes in the skill's scope."""

    ius: int
    key_ius: int
    positive: int
    negative: int
    dialogues: int
    prototypes: int


class MatchedPrototype(TypedDict):
    """A prototype in the skill's scope."""

    id: str
    state: str
    action: str
    size: int
    in_scope: int
    positive: int
    negative: int
    positive_rate: float
    negative_rate: float
    scenario_share: float


class ClusterOverlap(TypedDict):
    """A cluster sharing prototypes with the skill."""

    cluster: str
    label: str
    shared_prototypes: int
    jaccard: float


class IURef(TypedDict):
    """One referenced IU: where it is and how the seeker answered (ids and labels only)."""

    dialogue_id: str
    turn: int
    response_turns: list[int]
    state: str
    action: str
    change: str
    valence: str
    source: str


class Evidence(TypedDict):
    """evidence.json of one skill."""

    schema_version: str
    skill: str
    generated_by: str
    source_run: SourceRun
    sources: list[str]
    match: EvidenceMatch
    counts: EvidenceCounts
    response_changes: dict[str, int]
    prototypes: list[MatchedPrototype]
    clusters: list[ClusterOverlap]
    ius: list[IURef]
    origin: NotRequired[str]
    note: NotRequired[str]


class EvidenceRow(EvidenceCounts):
    """One skill's line in the `mine evidence` table."""

    skill: str
    status: str  # written | unchanged | skipped
