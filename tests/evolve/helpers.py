"""Builders for evolution tests: a bank repo with a bare origin, profiles, traces, a fake model."""

from __future__ import annotations

import json
import subprocess
from collections.abc import Callable
from pathlib import Path
from typing import Any

from esc_skills.data.traces import Turn, write_traces
from esc_skills.llm import FakeBackend, LLMClient, LLMRequest
from esc_skills.llm.fake import example_for_schema
from tests.helpers import make_trace

GOOD, BAD, UNSAFE = (
    "MARKGOOD",
    "MARKBAD",
    "UNSAFE",
)  # words a scripted candidate carries in its description
EXAM_SKILL = """---
name: exam-stress-coaching
description: "Helps a student overwhelmed by exams: slow down, name the worry, plan one \
  small step. Use when a seeker talks about exams, grades or study pressure."
license: "Apache-2.0"
metadata:
  esc-version: "1"
  esc-origin: "curated"
  esc-seeker-states: "anxiety"
  esc-support-actions: "validation"
  esc-scenarios: "academic-pressure"
---

# Exam stress coaching

## Overview

Exams can make a student feel that everything rides on one result.

## When to use

- The seeker talks about exams, grades or study pressure.

## Recommended actions

1. Reflect the pressure they describe.
2. Ask which exam worries them most.

## Pitfalls to avoid

- Do not list study tips before the seeker feels heard.

## Expected outcomes

- The seeker names the worry more specifically.

## Risks and escalation

- If the seeker mentions self-harm, switch to crisis-safety-response.

## Examples

Seeker: I have three exams next week and I cannot sleep.

Supporter: Three in one week is a lot to carry. Which one weighs on you most?
"""


def git(cwd: Path, *args: str) -> str:
    """Run real git and return its output."""
    return subprocess.run(
        ["git", *args], cwd=cwd, check=True, capture_output=True, text=True
    ).stdout.strip()


def make_repo(tmp: Path) -> tuple[Path, Path]:
    """A clone with skills/ on main and a bare origin it pushes to; (clone, origin)."""
    origin = tmp / "origin.git"
    git(tmp, "init", "--quiet", "--bare", "-b", "main", str(origin))
    work = tmp / "work"
    git(tmp, "init", "--quiet", "-b", "main", str(work))
    folder = work / "skills" / "exam-stress-coaching"
    folder.mkdir(parents=True)
    (folder / "SKILL.md").write_text(EXAM_SKILL, encoding="utf-8")
    (work / "README.md").write_text("a bank\n", encoding="utf-8")
    git(work, "add", "-A")
    git(work, "commit", "--quiet", "-m", "bank")
    git(work, "remote", "add", "origin", str(origin))
    git(work, "push", "--quiet", "-u", "origin", "main")
    return work, origin


def write_profiles(path: Path, n: int = 3) -> list[str]:
    """Invented English profiles (not dataset text); returns their ids."""
    ids = [f"p{i}" for i in range(n)]
    with path.open("w", encoding="utf-8") as handle:
        for pid in ids:
            handle.write(
                json.dumps(
                    {
                        "id": pid,
                        "player": f"* Name: Sam {pid}\n* Age: 20\n* Student",
                        "scene": "Worried about exams next week.",
                        "main_cha": "negative",
                        "cha_group": ["anxious"],
                        "task": "wants practical advice",
                        "first_talk": "My exams are next week and I am panicking about my grades.",
                    }
                )
                + "\n"
            )
    return ids


def write_traces_for(path: Path, ids: list[str]) -> None:
    """Conversations where exam-stress-coaching was applied and the seeker got worse."""
    traces = []
    for n, pid in enumerate(ids):
        turns = [Turn(index=0, role="seeker", content="exams", emotion=40)]
        emotion = 40
        for r in range(3):
            used = ["exam-stress-coaching"] if r != 2 else []
            turns.append(
                Turn(len(turns), "supporter", "reply", skills_offered=used, skills_applied=used)
            )
            change = -(5 + n % 5)
            emotion += change
            thoughts = {"target_completion": "did not help"}
            said = Turn(
                len(turns), "seeker", "hm", emotion=emotion, change=change, thoughts=thoughts
            )
            turns.append(said)
        profile = {"main_cha": "negative", "task": "wants practical advice"}
        traces.append(
            make_trace(
                pid,
                emotion,
                turns,
                profile=profile | {"topic": None, "cha_group": []},
                bank="skills",
                agent_model="fake/x",
                seeker_model="fake/x",
                rounds=3,
            )
        )
    write_traces(path, traces)


def draft(marker: str) -> dict[str, Any]:
    """A lint-clean generator answer whose description carries ``marker``."""
    return {
        "description": f"Helps a stressed student take one calm step {marker}. Use when a "
        "seeker talks about exams, grades or study pressure.",
        "seeker_states": ["anxiety"],
        "support_actions": ["validation"],
        "scenarios": ["academic-pressure"],
        "overview": "A calm, concrete way to meet exam pressure.",
        "when_to_use": "- The seeker talks about exams or grades.",
        "recommended_actions": "1. Reflect the pressure.\n2. Plan one small step together.",
        "pitfalls_to_avoid": "- Do not rush to advice before the seeker feels heard.",
        "expected_outcomes": "- The seeker names one step they can take.",
        "risks_and_escalation": "- If the seeker mentions self-harm, switch to "
        "crisis-safety-response.",
        "examples": "Seeker: I cannot face my exams.\n\nSupporter: That sounds heavy. Which one "
        "worries you most?",
    }


def script(markers: dict[str, str]) -> Callable[[LLMRequest], Any]:
    """Generator answers by skill name; the agent and seeker react to the markers."""

    def answer(req: LLMRequest) -> Any:
        text = "\n".join(m.content for m in req.messages)
        if req.role == "generator":
            name = next((n for n in markers if n in text), None)
            marker = markers.get(name or "", "")
            if marker == UNSAFE:  # promises an outcome and secrecy: fails lint every time
                return {
                    **draft(""),
                    "recommended_actions": "1. Promise them that everything "
                    "will be fine.\n2. Tell them you will keep it secret.",
                }
            return draft(marker)
        if req.role == "agent" and req.schema and "reply" in req.schema.get("properties", {}):
            system = req.messages[0].content
            word = "GOODREPLY" if GOOD in system else "BADREPLY" if BAD in system else "plain"
            return {"skills_applied": [], "reply": f"{word} answer"}
        if req.schema and "change" in req.schema.get("properties", {}):
            last = next(m.content for m in reversed(req.messages) if m.role == "user")
            change = 10 if "GOODREPLY" in last else -10 if "BADREPLY" in last else -1
            return {**example_for_schema(req.schema), "change": change}
        if req.schema:
            return example_for_schema(req.schema)
        return "a plain supporter reply"

    return answer


def write_rules(path: Path, markers: dict[str, str]) -> Path:
    """A fake-backend rules file that plays ``script(markers)``: no Python needed to use it.

    A harmful skill in the prompt wins over a helpful one (its rule comes first).
    """
    rules: list[dict[str, Any]] = [
        {"role": "generator", "match": name, "answer": draft(marker)}
        for name, marker in markers.items()
    ]
    rules += [
        {"role": "agent", "match": BAD, "in": "system",
         "answer": {"skills_applied": [], "reply": "BADREPLY answer"}},
        {"role": "agent", "match": GOOD, "in": "system",
         "answer": {"skills_applied": [], "reply": "GOODREPLY answer"}},
        {"match": "GOODREPLY", "in": "last_user", "answer": {"change": 10}},
        {"match": "BADREPLY", "in": "last_user", "answer": {"change": -10}},
        {"role": "seeker", "match": "answer", "in": "last_user", "answer": {"change": -1}},
    ]  # fmt: skip
    path.write_text("".join(json.dumps(r) + "\n" for r in rules), encoding="utf-8")
    return path


def fake_client(markers: dict[str, str]) -> tuple[LLMClient, FakeBackend]:
    """A client whose every role goes to a scripted fake backend."""
    backend = FakeBackend(script(markers))
    return LLMClient.with_backend(backend), backend


def build_loop(
    tmp: Path,
    markers: dict[str, str],
    *,
    latency: float = 0.0,
    max_rounds: int = 8,
    concurrency: int = 4,
    cache: Path | None = None,
    **settings: Any,
) -> tuple[Any, FakeBackend]:
    """The evolution loop over ``tmp/work`` (made by make_repo) with a scripted fake model.

    With ``cache`` the client is the real one from the factory, answering from that cache.
    """
    from esc_skills.data.profiles import load_profiles
    from esc_skills.evolve.landing import Landing
    from esc_skills.evolve.loop import Evolution, Settings
    from esc_skills.evolve.verify import SageSimulator
    from esc_skills.gitops import GitOps
    from esc_skills.llm.factory import make_client

    backend = FakeBackend(script(markers), latency=latency)
    client = (
        make_client(model="fake/test", backends={"fake": backend}, cache_path=cache)
        if cache
        else LLMClient.with_backend(backend)
    )
    sim = SageSimulator(
        client,
        load_profiles(tmp / "profiles.jsonl", "file"),
        max_rounds=max_rounds,
        concurrency=concurrency,
    )
    opts = {"run_id": "r1", "state_root": tmp / "state", "analyzer": "offline", **settings}
    loop = Evolution(
        Landing(GitOps(tmp / "work"), "main"), Settings(**opts), client=client, simulator=sim
    )
    return loop, backend


if __name__ == "__main__":  # the child process the crash test kills mid-verification
    import asyncio
    import sys

    from esc_skills.evolve.lock import exclusive

    child_loop, _ = build_loop(
        Path(sys.argv[1]), {"exam-stress-coaching": GOOD}, latency=0.02, concurrency=1, max_new=0
    )
    with exclusive(child_loop.landing.ops, "esc-skills evolve verify"):  # as the CLI holds it
        asyncio.run(child_loop.verify())
