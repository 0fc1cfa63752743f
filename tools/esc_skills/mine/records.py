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


class Outcomes(TypedDict):
    """How the key IUs of a group (a prototype, a cluster) went: counts, rates, labels."""

    count: int
    positive: int
    negative: int
    positive_rate: float
    negative_rate: float
    changes: dict[str, int]
    scenarios: dict[str, int]


class Prototype(Outcomes):
    """Key IUs grouped by (seeker state before, support action)."""

    id: str
    state: str
    action: str
    all_ius: int
    sources: dict[str, int]
    examples: list[str]
    negative_examples: list[str]


class PrototypeSet(TypedDict):
    """prototypes.json: the kept prototypes and how many groups were dropped as too small."""

    min_size: int
    groups: int
    dropped_small_groups: int
    prototypes: list[Prototype]


class RiskBrief(TypedDict):
    """A prototype of a cluster whose replies went wrong, with the negative changes."""

    prototype: str
    negative: int
    negative_rate: float
    changes: dict[str, int]


class RiskyPattern(RiskBrief):
    """A risky pattern as clusters.json holds it: with the ids of negative example IUs."""

    examples: list[str]


class Cluster(Outcomes):
    """A group of prototypes: one candidate skill."""

    id: str
    label: str
    prototypes: list[str]
    states: dict[str, int]
    actions: dict[str, int]
    risky_patterns: list[RiskyPattern]
    representative_ius: list[str]


class ClusterSet(TypedDict):
    """clusters.json."""

    n_clusters: int
    requested: int
    clusters: list[Cluster]


class SourceCounts(TypedDict):
    """IUs of one source, key ones and their valence."""

    ius: int
    key_ius: int
    positive: int
    negative: int


class SkippedRecord(TypedDict):
    """A source record the loader skipped, and why."""

    file: str
    line: int
    reason: str


class IUSummary(TypedDict):
    """What a run stopped after the IU stage reports."""

    dialogues: int
    ius: int
    key_ius: int
    skipped: int
    skip_reasons: dict[str, int]


class MiningSummary(IUSummary):
    """summary.json of a whole mining run."""

    per_source: dict[str, int]
    utterances: int
    supporter_utterances: int
    positive: int
    negative: int
    prototypes: int
    pairs_with_key_ius: int
    by_source: dict[str, SourceCounts]
    negative_changes: dict[str, int]
    clusters: int
    annotator: str
    sources: list[str]
    min_size: int
    requested_clusters: int
    skips: list[SkippedRecord]
    data_dir: str
    inputs: dict[str, str]  # source file -> sha256
    taxonomy_sha256: str
    code_fingerprint: str
    pipeline_version: str


class ComparisonRow(TypedDict):
    """One line of the comparison with the paper."""

    metric: str
    label: str
    ours: int
    paper: int
    ratio: float | None
    why: str
