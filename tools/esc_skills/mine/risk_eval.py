"""Precision and recall of the heuristic annotator's risk label on a hand-labelled set.

The set (tests/mine/risk_labelled.jsonl) holds seeker utterances written by the team, one JSON
object a line: ``text``, ``label`` (``risk``, ``hopeless`` or ``other``), ``split`` (``dev``
for tuning, ``held-out`` for reporting) and, for risk, a ``cue`` kind (plan, direct,
self-harm, indirect). The annotator's risk label is the ``crisis`` seeker state.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

from esc_skills.counters import Confusion
from esc_skills.errors import DataError
from esc_skills.jsonl import read_json_lines

LABELS = ("risk", "hopeless", "other")
SPLITS = ("dev", "held-out")


@dataclass(frozen=True)
class Example:
    """One labelled seeker utterance."""

    id: str
    text: str
    label: str
    split: str
    cue: str = ""


@dataclass
class Score(Confusion):
    """Confusion counts of the risk label on one split, with the misses and false alarms."""

    hopeless: int = 0
    hopeless_flagged: int = 0
    missed: list[str] = field(default_factory=list)
    false_alarms: list[str] = field(default_factory=list)

    @property
    def precision(self) -> float:
        """Share of utterances labelled risk that are risk (1.0 when none is labelled)."""
        value = super().precision
        return 1.0 if value is None else value

    @property
    def recall(self) -> float:
        """Share of risk utterances labelled risk (1.0 when there are none)."""
        value = super().recall
        return 1.0 if value is None else value


def load_examples(path: Path) -> list[Example]:
    """Read the labelled set; a malformed line raises DataError naming file and line."""
    out: list[Example] = []
    for line in read_json_lines(path, what="labelled set"):
        where = f"{path}:{line.number}"
        if line.error:
            raise DataError(f"{where}: {line.detail}")
        row = line.data
        if not isinstance(row, dict) or not isinstance(row.get("text"), str):
            raise DataError(f"{where}: expected an object with a string 'text'")
        if row.get("label") not in LABELS or row.get("split") not in SPLITS:
            raise DataError(
                f"{where}: label must be one of {', '.join(LABELS)} and split one of "
                f"{', '.join(SPLITS)}"
            )
        out.append(
            Example(
                str(row.get("id", line.number)),
                row["text"],
                row["label"],
                row["split"],
                str(row.get("cue", "")),
            )
        )
    return out


def score(examples: list[Example], predict: Callable[[str], bool]) -> dict[str, Score]:
    """Score ``predict`` (True = risk) per split."""
    scores = {s: Score() for s in SPLITS}
    for ex in examples:
        s = scores[ex.split]
        flagged = predict(ex.text)
        gold = ex.label == "risk"
        s.record(flagged, gold)
        if gold and not flagged:
            s.missed.append(ex.id)
        elif flagged and not gold:
            s.false_alarms.append(ex.id)
        if ex.label == "hopeless":
            s.hopeless += 1
            s.hopeless_flagged += flagged
    return scores


def annotator_predicts_risk(text: str) -> bool:
    """The heuristic annotator's reading of one utterance alone: is its state ``crisis``?"""
    from esc_skills.mine.annotate_heuristic import seeker_state
    from esc_skills.taxonomy import load_taxonomy

    return seeker_state(text, load_taxonomy(), valence=0.0) == "crisis"
