"""Baseline banks: none, self-generated, CoT, skill-creator, human-curated, a folder."""

from __future__ import annotations

from pathlib import Path

import pytest

from esc_skills.bank import load_bank
from esc_skills.errors import UserError
from esc_skills.llm import FakeBackend, LLMClient, LLMRequest
from esc_skills.sage import baselines
from esc_skills.sage.baselines import resolve_bank

GENERATED = {
    "skills": [
        {
            "name": "Listen First!",
            "description": "Reflect feelings before advice <always>.",
            "when_to_use": "The seeker is upset.",
            "recommended_actions": "- Reflect\n- Ask one question",
            "pitfalls": "- Lecturing",
        },
        {
            "name": "listen first",
            "description": "Duplicate name on purpose.",
            "when_to_use": "",
            "recommended_actions": "- x",
            "pitfalls": "- y",
        },
    ]
}


def _client(seen: list[LLMRequest]) -> LLMClient:
    def script(request: LLMRequest) -> object:
        seen.append(request)
        if request.schema_name == "selfgen_cot":
            steps = ("situations", "needs", "strategies", "pitfalls", "plan")
            return {"reasoning": dict.fromkeys(steps, "..."), **GENERATED}
        if request.schema_name == "agent_reply":
            return {"skills_applied": [], "reply": "ok"}
        return GENERATED

    return LLMClient.with_backend(FakeBackend(script))


async def test_self_generated_is_saved_and_reused(tmp_path: Path) -> None:
    seen: list[LLMRequest] = []
    label, skills = await resolve_bank(
        "self-generated", client=_client(seen), out_dir=tmp_path / "b"
    )
    assert label == "self-generated"
    assert [s.name for s in skills] == ["listen-first", "listen-first-2"]
    assert "<" not in skills[0].description and "## When to use" in skills[0].body
    assert "unspoken goal" in seen[0].messages[0].content  # the profile-free task description
    assert [s.name for s in load_bank(tmp_path / "b")] == ["listen-first", "listen-first-2"]
    again: list[LLMRequest] = []
    _, reused = await resolve_bank("self-generated", client=_client(again), out_dir=tmp_path / "b")
    assert not again and [s.name for s in reused] == [s.name for s in skills]


async def test_cot_uses_five_step_prompt() -> None:
    seen: list[LLMRequest] = []
    label, skills = await resolve_bank("cot-self-generated", client=_client(seen))
    assert label == "cot-self-generated" and len(skills) == 2
    assert seen[0].schema_name == "selfgen_cot" and "five steps" in seen[0].messages[0].content


async def test_skill_creator_drafts_tests_and_refines(data_dir: Path) -> None:
    seen: list[LLMRequest] = []
    label, skills = await resolve_bank("skill-creator", client=_client(seen), data_dir=data_dir)
    assert label == "skill-creator" and skills
    names = [r.schema_name for r in seen]
    assert names[0] == "skillcreator_draft" and names[-1] == "skillcreator_refine"
    assert names.count("agent_reply") + names.count("answer") == 3  # three held-out tests
    assert "Human supporter reply:" in seen[-1].messages[0].content


async def test_none_folder_and_human_curated(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    client = _client([])
    assert await resolve_bank("none", client=client) == ("none", [])
    label, skills = await resolve_bank("skills", client=client)
    assert label == "skills" and len(skills) > 5
    missing = baselines.Baseline("human-curated", "x", folder=tmp_path / "human-curated")
    monkeypatch.setitem(baselines.BASELINE_REGISTRY, "human-curated", missing)
    assert await resolve_bank("human-curated", client=client) == ("human-curated", [])
    with pytest.raises(UserError, match="not a directory of skills"):
        await resolve_bank(str(tmp_path / "missing"), client=client)
