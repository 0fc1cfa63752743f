"""Scripted seekers for SAGE tests: one behaviour per profile, chosen by a stable index."""

from __future__ import annotations

import json
from collections.abc import Callable
from pathlib import Path
from typing import Any

from esc_skills.data.profiles import Profile
from esc_skills.llm import LLMRequest

KINDS = ("clip", "cap", "fail", "goodbye", "max", "errored", "neg-clip")
# change given by the judge per kind (before clipping)
CHANGES = {"clip": 25, "cap": 7, "fail": -8, "goodbye": 1, "max": 0, "neg-clip": -30}


def persona(request: LLMRequest) -> str:
    """The situation section of a seeker prompt (zh or en), used to tell profiles apart."""
    system = request.messages[0].content
    for start, end in (
        ("## 你的处境\n", "\n\n## 你的性格"),
        ("## Your situation\n", "\n\n## Your temperament"),
    ):
        if start in system:
            return system.split(start, 1)[1].split(end, 1)[0].strip()
    raise AssertionError("not a seeker prompt")


def seeker_turns_so_far(request: LLMRequest) -> int:
    """How many seeker lines the transcript in the user message holds."""
    text = request.messages[-1].content
    return sum(1 for line in text.splitlines() if line.startswith(("[你]", "[You]")))


def judgement(change: int) -> dict[str, Any]:
    """A schema-valid seeker_judgement answer that moves the emotion by ``change``."""
    fields = ("content", "target_completion", "activity", "analyse")
    return {**dict(zip(fields, "ctax", strict=True)), "change": change}


def make_script(kind_of: dict[str, str], *, choose: int = 2) -> Callable[[LLMRequest], Any]:
    """A fake-backend function playing each persona's scripted behaviour."""

    def script(request: LLMRequest) -> Any:
        name = request.schema_name
        if name == "seeker_judgement":
            kind = kind_of[persona(request)]
            if kind == "errored":
                return {"content": "c", "analyse": "missing fields"}  # fails the schema
            return {
                "content": "meant",
                "target_completion": "partly",
                "activity": "thinking",
                "analyse": "felt",
                "change": CHANGES[kind],
            }
        if name == "seeker_reply":
            kind = kind_of[persona(request)]
            leave = kind == "goodbye" and seeker_turns_so_far(request) >= 3
            return {
                "plan": {"attitude": "neutral", "goal": "g", "tone": "t", "content": "c"},
                "draft": "draft",
                "rewrite": "bye then" if leave else "go on",
                "leave": leave,
            }
        if name == "skill_choice":
            names = request.schema["properties"]["skills"]["items"]["enum"]
            return {"seeker_state": "upset", "skills": names[:choose]}
        if name == "agent_reply":
            offered = (
                request.schema["properties"]["skills_applied"].get("items", {}).get("enum", [])
            )
            return {"skills_applied": offered[:1], "reply": "I hear you."}
        if request.schema is None:
            return "I hear you."
        raise AssertionError(f"unexpected request {name}")

    return script


def assign_kinds(profiles: list[Profile]) -> tuple[dict[str, str], dict[str, str]]:
    """Profile id -> kind and scene text -> kind, cycling through KINDS."""
    by_id = {p.id: KINDS[i % len(KINDS)] for i, p in enumerate(profiles)}
    by_persona = {p.scene.strip(): by_id[p.id] for p in profiles}
    return by_id, by_persona


def write_jsonl(path: Path, rows: list[Any]) -> Path:
    """Write rows (dicts or raw strings) as JSON lines."""
    lines = [r if isinstance(r, str) else json.dumps(r, ensure_ascii=False) for r in rows]
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return path
