"""Builders of valid records (traces, profiles, SAGE log records, dialogues) to break one field of.

Each builder returns one JSON line; ``raw`` replaces a field with literal JSON text so that
values json.dumps cannot write (1e999, NaN, deep nesting) reach the reader as a user's file
would have them.
"""

from __future__ import annotations

import json
from typing import Any

_MISSING = object()


def _line(record: dict[str, Any], raw: dict[str, str] | None) -> str:
    marks = {}
    for i, (key, text) in enumerate((raw or {}).items()):
        mark = f"@@RAW{i}@@"
        record[key] = mark
        marks[json.dumps(mark)] = text
    line = json.dumps(record, ensure_ascii=False)
    for mark, text in marks.items():
        line = line.replace(mark, text)
    return line + "\n"


def _apply(record: dict[str, Any], over: dict[str, Any]) -> dict[str, Any]:
    for key, value in over.items():
        if value is _MISSING:
            record.pop(key, None)
        else:
            record[key] = value
    return record


def trace(pid: str = "p1", raw: dict[str, str] | None = None, **over: Any) -> str:
    """One trace line (schema/trace.schema.json) with fields overridden."""
    record = {
        "schema_version": 1,
        "run_id": "r1",
        "profile_id": pid,
        "profile": {"main_cha": "被动型", "task": "t", "topic": None, "cha_group": []},
        "bank": "skills",
        "agent_model": "fake/a",
        "seeker_model": "fake/s",
        "language": "en",
        "status": "completed",
        "error": None,
        "end_reason": "max_rounds",
        "initial_emotion": 40,
        "final_emotion": 55,
        "rounds": 1,
        "turns": [
            {"index": 0, "role": "seeker", "content": "hi", "emotion": 40},
            {"index": 1, "role": "supporter", "content": "hello", "skills_applied": []},
        ],
        "usage": {"calls": 1, "cache_hits": 0, "input_tokens": 5, "output_tokens": 5},
        "started_at": None,
        "finished_at": None,
    }
    return _line(_apply(record, over), raw)


def profile(pid: str = "p1", raw: dict[str, str] | None = None, **over: Any) -> str:
    """One seeker profile line (schema/profile.schema.json)."""
    record = {
        "id": pid,
        "player": "* Name: Sam\n* Age: 30",
        "scene": "Sam lost a job last month and feels stuck.",
        "main_cha": "被动型",
        "cha_group": ["被动型"],
        "task": "be heard",
        "first_talk": "I do not know where to start.",
        "topic": "work",
    }
    return _line(_apply(record, over), raw)


def sage_record(pid: str = "s1", raw: dict[str, str] | None = None, **over: Any) -> str:
    """One released SAGE result-log record."""
    record = {
        "id": pid,
        "emo_point": 60,
        "emo_state": "Emotion-B",
        "player": "p",
        "task": "t",
        "main_cha": "被动型",
        "history": [
            {"role": "user", "content": "hi", "emotion-point": 40},
            {"role": "assistant", "content": "hello"},
            {
                "role": "user",
                "content": "ok",
                "emotion-point": 60,
                "planning": {"change": 5, "content": "c", "analyse": "a"},
            },
        ],
    }
    return _line(_apply(record, over), raw)


def dialogue(did: str = "u1", raw: dict[str, str] | None = None, **over: Any) -> str:
    """One dialogue in the user JSON-lines format that `mine run --source FILE` reads."""
    record = {
        "id": did,
        "problem_type": "job crisis",
        "situation": "I lost my job.",
        "emotion_type": "anxiety",
        "turns": [
            {"speaker": "seeker", "text": "I feel so worried."},
            {"speaker": "supporter", "text": "How are you feeling?", "strategy": "Question"},
            {"speaker": "seeker", "text": "Not great."},
        ],
    }
    return _line(_apply(record, over), raw)


def deep(depth: int = 100_000) -> str:
    """A JSON value nested ``depth`` levels deep (json.loads recursion)."""
    return "[" * depth + "]" * depth


MISSING = _MISSING
NOT_UTF8 = b"\xff\xfe\xfa not utf-8 \xc3\x28\n"
