"""The annotation of one dialogue, shared by the heuristic and the LLM annotators."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any, TypedDict


class AnnotationJSON(TypedDict):
    """One line of annotations.jsonl (turn indices as string keys)."""

    dialogue_id: str
    annotator: str
    scenarios: list[str]
    states: dict[str, str]
    actions: dict[str, str]
    changes: dict[str, str]


@dataclass
class DialogueAnnotation:
    """Labels for one dialogue: scenarios, a state per seeker turn, an action per supporter
    turn, and a response change per supporter turn that a seeker turn follows."""

    dialogue_id: str
    scenarios: list[str]
    states: dict[int, str] = field(default_factory=dict)  # seeker turn index -> state id
    actions: dict[int, str] = field(default_factory=dict)  # supporter turn index -> action id
    changes: dict[int, str] = field(default_factory=dict)  # supporter turn index -> change id
    annotator: str = "heuristic"

    def to_json(self) -> AnnotationJSON:
        """A JSON-ready dict (turn indices as string keys)."""
        return {
            "dialogue_id": self.dialogue_id,
            "annotator": self.annotator,
            "scenarios": self.scenarios,
            "states": {str(k): v for k, v in sorted(self.states.items())},
            "actions": {str(k): v for k, v in sorted(self.actions.items())},
            "changes": {str(k): v for k, v in sorted(self.changes.items())},
        }

    @classmethod
    def from_json(cls, data: AnnotationJSON) -> DialogueAnnotation:
        """Inverse of :meth:`to_json`."""
        return cls(
            dialogue_id=str(data["dialogue_id"]),
            scenarios=list(data.get("scenarios") or []),
            # Files are written with sort_keys, which orders "10" before "2": restore turn order
            # so that a resumed run builds the same IUs as an uninterrupted one.
            states=_by_turn(data.get("states")),
            actions=_by_turn(data.get("actions")),
            changes=_by_turn(data.get("changes")),
            annotator=str(data.get("annotator") or "heuristic"),
        )


def _by_turn(raw: Mapping[str, str] | None) -> dict[int, str]:
    """Turn-index keys as ints, in turn order."""
    return {k: str(v) for k, v in sorted((int(k), v) for k, v in (raw or {}).items())}


def response_pairs(turns: list[Any]) -> list[tuple[Any, list[Any], list[Any]]]:
    """For each supporter turn with a seeker reply later: (turn, seeker run before, run after).

    A "run" is consecutive seeker utterances; a supporter who sends several messages in a row
    gets the same reply run for each, because the seeker answers them together.
    """
    out = []
    n = len(turns)
    for pos, turn in enumerate(turns):
        if turn.speaker != "supporter":
            continue
        j = pos + 1
        while j < n and turns[j].speaker == "supporter":
            j += 1
        after = []
        while j < n and turns[j].speaker == "seeker":
            after.append(turns[j])
            j += 1
        if not after:
            continue
        k = pos - 1
        while k >= 0 and turns[k].speaker == "supporter":
            k -= 1
        before: list[Any] = []
        while k >= 0 and turns[k].speaker == "seeker":
            before.insert(0, turns[k])
            k -= 1
        out.append((turn, before, after))
    return out
