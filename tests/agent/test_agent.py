"""The support agent: catalog always visible, bodies only for loaded skills, skills recorded."""

from __future__ import annotations

from esc_skills.agent.agent import SupportAgent
from esc_skills.agent.retrieval import BM25Ranker
from esc_skills.bank import Skill
from esc_skills.llm import FakeBackend, LLMClient, LLMRequest


def _skill(name: str, description: str, marker: str) -> Skill:
    return Skill(
        name=name,
        description=description,
        body=f"## Overview\n\n{marker}\n\n## When to use\n\n{description}\n",
    )


SKILLS = [
    _skill("job-loss-support", "Support after being laid off or fired.", "BODY-JOB"),
    _skill("grief-companioning", "Stay with someone mourning a death.", "BODY-GRIEF"),
]


async def test_progressive_disclosure_and_recorded_skills() -> None:
    seen: list[LLMRequest] = []

    def script(request: LLMRequest) -> object:
        seen.append(request)
        return {"skills_applied": ["job-loss-support"], "reply": "That sounds really hard."}

    client = LLMClient.with_backend(FakeBackend(script))
    agent = SupportAgent(client, SKILLS, retriever=BM25Ranker(SKILLS), top_k=1)
    answer = await agent.reply([{"role": "seeker", "content": "I was laid off and fired"}])

    assert answer.content == "That sounds really hard."
    assert answer.skills_offered == ["job-loss-support"]
    assert answer.skills_applied == ["job-loss-support"]
    system = seen[0].messages[0].content
    assert "grief-companioning: Stay with someone mourning a death." in system  # level 1: catalog
    assert "BODY-JOB" in system and "BODY-GRIEF" not in system  # level 2: loaded body only
    assert seen[0].messages[-1].role == "user"
    assert seen[0].schema is not None
    assert seen[0].schema["properties"]["skills_applied"]["items"]["enum"] == ["job-loss-support"]


async def test_history_roles_map_to_chat_roles() -> None:
    fake = FakeBackend(lambda r: {"skills_applied": [], "reply": "ok"})
    agent = SupportAgent(LLMClient.with_backend(fake), SKILLS)
    await agent.reply(
        [
            {"role": "seeker", "content": "a"},
            {"role": "supporter", "content": "b"},
            {"role": "seeker", "content": "c"},
        ]
    )
    assert [m.role for m in fake.calls[0].messages] == ["system", "user", "assistant", "user"]


async def test_no_skills_is_a_plain_supporter() -> None:
    fake = FakeBackend(["Tell me more."])
    agent = SupportAgent(LLMClient.with_backend(fake), [])
    answer = await agent.reply([{"role": "seeker", "content": "hi"}])
    assert answer.content == "Tell me more." and answer.skills_offered == []
    assert fake.calls[0].schema is None
    assert "library of support skills" not in fake.calls[0].messages[0].content
