"""Build Intervention Units from a dialogue and its annotation, and read/write ius.jsonl."""

from __future__ import annotations

import json
from collections.abc import Iterable, Iterator, Mapping
from pathlib import Path
from typing import Any, cast

from esc_skills import resources
from esc_skills.data.types import Dialogue
from esc_skills.errors import DataError
from esc_skills.jsonl import read_json_lines
from esc_skills.mine.annotation import DialogueAnnotation, response_pairs
from esc_skills.mine.cues import VALENCE
from esc_skills.mine.records import IU
from esc_skills.taxonomy import Taxonomy


def _mean(values: list[float]) -> float:
    return round(sum(values) / len(values), 4) if values else 0.0


def build_ius(
    d: Dialogue, ann: DialogueAnnotation, tax: Taxonomy, valence: dict[int, float] | None = None
) -> list[IU]:
    """One IU per supporter turn that a seeker reply follows (see docs/discovery.md)."""
    val = valence if valence is not None else {}
    # The earliest seeker state, whatever order the labels were stored or loaded in.
    fallback_state = ann.states[min(ann.states)] if ann.states else "sadness"
    out: list[IU] = []
    for turn, before, after in response_pairs(d.turns):
        change = ann.changes.get(turn.index)
        action = ann.actions.get(turn.index)
        if change not in tax.response_changes or action not in tax.support_actions:
            continue
        label = tax.response_changes[change]
        for t in (*before, *after):
            if t.index not in val:
                val[t.index] = VALENCE(t.text)
        state_before = ann.states.get(before[-1].index) if before else None
        out.append(
            {
                "id": f"{d.id}:{turn.index}",
                "dialogue_id": d.id,
                "source": d.source,
                "split": d.split,
                "turn_index": turn.index,
                "context_turns": [t.index for t in before],
                "response_turns": [t.index for t in after],
                "scenarios": ann.scenarios,
                "state_before": state_before or fallback_state,
                "action": action,
                "strategy": turn.strategy,
                "state_after": ann.states.get(after[0].index, fallback_state),
                "response_change": change,
                "change_valence": label.valence or "neutral",
                "key": bool(label.key),
                "valence_before": _mean([val[t.index] for t in before]),
                "valence_after": _mean([val[t.index] for t in after]),
                "feedback": next((t.feedback for t in after if t.feedback is not None), None),
                "annotator": ann.annotator,
            }
        )
    return out


def iu_validator() -> Any:
    """A jsonschema validator for schema/iu.schema.json."""
    return resources.validator("iu.schema.json")


def write_jsonl(path: Path, rows: Iterable[Mapping[str, Any]]) -> int:
    """Write rows as JSON lines atomically; returns the count."""
    from esc_skills import atomic

    lines = [json.dumps(r, ensure_ascii=False, sort_keys=True) for r in rows]
    atomic.write_text(path, "".join(line + "\n" for line in lines))
    return len(lines)


def read_jsonl(path: Path) -> Iterator[dict[str, Any]]:
    """Read JSON lines, skipping blank lines; a bad line raises DataError naming it.

    Each line is whatever JSON object the file holds: callers type it (read_ius, the
    annotations stage) where they know which file they read.
    """
    for line in read_json_lines(path):
        if line.error:
            raise DataError(
                f"{path}:{line.number}: {line.detail}; delete the file and run the mining "
                "stage that writes it again"
            )
        yield line.data


def read_ius(path: Path) -> Iterator[IU]:
    """The IUs of an ius.jsonl file (written by this pipeline, checked when built)."""
    for row in read_jsonl(path):
        yield cast(IU, row)
