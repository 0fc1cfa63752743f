"""Builders shared by the tests of several areas (a test passes only what it cares about)."""

from __future__ import annotations

from typing import Any

from esc_skills.data.traces import Trace, Turn


def make_trace(
    profile_id: str, final_emotion: int | None, turns: list[Turn] | None = None, **fields: Any
) -> Trace:
    """A conversation trace; fields a test leaves out get neutral test values."""
    values: dict[str, Any] = {
        "run_id": "t",
        "profile": {},
        "bank": "b",
        "agent_model": "fake/test",
        "seeker_model": "fake/test",
        "language": "en",
    }
    values.update(fields)
    return Trace(profile_id=profile_id, final_emotion=final_emotion, turns=turns or [], **values)
