"""Import the released SAGE result logs (``*_result.jsonl``) as our traces."""

from __future__ import annotations

import json
import os
from pathlib import Path
from typing import Any

from esc_skills.data.traces import Trace, Turn, shape_problem
from esc_skills.errors import DataError
from esc_skills.jsonl import read_json_lines

_THOUGHT_KEYS = {
    "content": "content",
    "TargetCompletion": "target_completion",
    "activity": "activity",
    "analyse": "analyse",
}


def is_sage_log(path: str | os.PathLike[str]) -> bool:
    """True when the first record of a JSON-lines file looks like a SAGE result log."""
    try:
        with Path(path).open(encoding="utf-8") as handle:
            for line in handle:
                if line.strip():
                    data = json.loads(line)
                    return isinstance(data, dict) and "history" in data and "emo_point" in data
    except (OSError, UnicodeDecodeError, json.JSONDecodeError, RecursionError):
        return False
    return False


def _end_reason(final: int, seeker_turns: int, last_role: str, max_rounds: int) -> str:
    if final >= 100:
        return "success"
    if final < 10:
        return "failure"
    if last_role == "user" and seeker_turns < max_rounds:
        return "goodbye"
    return "max_rounds"


def _strip_label(text: str) -> str:
    """SAGE thoughts start with a leftover prompt label like ``心理活动]``; drop it."""
    head, sep, rest = text.partition("]\n")
    return rest.strip() if sep and len(head) <= 20 else text.strip()


def record_to_trace(data: dict[str, Any], *, run_id: str, agent_model: str) -> Trace:
    """Convert one SAGE result record into a Trace."""
    turns: list[Turn] = []
    previous: int | None = None
    for index, item in enumerate(data["history"]):
        role = "seeker" if item["role"] == "user" else "supporter"
        turn = Turn(index=index, role=role, content=str(item.get("content", "")))
        if role == "seeker":
            turn.emotion = int(item.get("emotion-point", previous if previous is not None else 40))
            planning = item.get("planning")
            if isinstance(planning, dict):
                turn.emotion_before = previous
                turn.change = max(-10, min(10, int(planning.get("change", 0))))
                turn.thoughts = {
                    ours: _strip_label(str(planning.get(theirs, "")))
                    for theirs, ours in _THOUGHT_KEYS.items()
                }
            thinking = item.get("thinking") or item.get("think")
            if thinking:
                turn.plan = {"text": str(thinking)}
            previous = turn.emotion
        turns.append(turn)
    final = int(data["emo_point"])
    seekers = sum(1 for t in turns if t.role == "seeker")
    last_role = data["history"][-1]["role"] if data["history"] else "user"
    return Trace(
        run_id=run_id,
        profile_id=str(data["id"]),
        profile={
            "main_cha": data.get("character") or data.get("main_cha"),
            "task": data.get("task"),
            "topic": data.get("topic"),
            "cha_group": list(data.get("cha_group") or []),
        },
        bank="sage-log",
        agent_model=agent_model,
        seeker_model="deepseek-v3 (SAGE release)",
        language="zh",
        status="completed",
        end_reason=_end_reason(final, seekers, last_role, 10),
        initial_emotion=turns[0].emotion if turns and turns[0].emotion is not None else 40,
        final_emotion=final,
        rounds=seekers,
        turns=turns,
        usage={},
    )


_JSON_LINES_HINT = (
    "the line is a JSON array; the file must be JSON lines, one object per line "
    "(convert it with: jq -c '.[]' FILE > FILE.jsonl)"
)


def import_sage_log(
    path: str | os.PathLike[str], *, skipped: list[str] | None = None
) -> list[Trace]:
    """Read a released SAGE ``*_result.jsonl`` log as a list of traces.

    A malformed record raises DataError, unless ``skipped`` is given: then the record is
    left out and ``FILE:LINE: reason`` is appended to it.
    """
    path = Path(path)
    model = path.name.removesuffix(".jsonl").removesuffix("_result")
    traces: list[Trace] = []
    for line in read_json_lines(path, what="SAGE log"):
        reason = line.detail
        if not line.error:
            record = line.data
            try:
                if not isinstance(record, dict):
                    raise TypeError(
                        _JSON_LINES_HINT if isinstance(record, list) else "not an object"
                    )
                trace = record_to_trace(record, run_id=model, agent_model=model)
                # Emotions outside 0..100 (or 1e999) are refused here, never scored.
                shape = shape_problem(trace.to_dict())
                if shape is not None:
                    raise ValueError(shape.replace("final_emotion", "emo_point"))
                traces.append(trace)
                continue
            except (KeyError, TypeError, ValueError, OverflowError, AttributeError) as exc:
                reason = str(exc) if isinstance(exc, ValueError | TypeError) else repr(exc)
        problem = (
            f"{path}:{line.number}: not a SAGE result record ({reason}); "
            "expected keys id, emo_point, history"
        )
        if skipped is None:
            raise DataError(problem)
        skipped.append(problem)
    return traces
