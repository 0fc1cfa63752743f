"""Builders shared by the tests of several areas (a test passes only what it cares about)."""

from __future__ import annotations

import shutil
from pathlib import Path
from typing import Any

from esc_skills.data.traces import Trace, Turn

POSITIVE_SKILLS = Path(__file__).parent / "lint" / "positive"  # lint-clean skills, one a folder


def copy_positive_bank(dest: Path) -> Path:
    """A writable copy of the lint-clean test skills at ``dest`` (a bank to change freely)."""
    shutil.copytree(POSITIVE_SKILLS, dest)
    return dest


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
