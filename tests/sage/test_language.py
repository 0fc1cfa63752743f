"""The seeker can speak another language than its profile while keeping the persona."""

from __future__ import annotations

from pathlib import Path

from esc_skills.agent.agent import SupportAgent
from esc_skills.data.profiles import Profile
from esc_skills.llm import FakeBackend, LLMClient, LLMRequest
from esc_skills.sage.runner import run_conversation


def _script(seen: list[LLMRequest]):  # type: ignore[no-untyped-def]
    def script(request: LLMRequest) -> object:
        seen.append(request)
        if request.schema_name == "seeker_judgement":
            return {
                "content": "c",
                "target_completion": "t",
                "activity": "a",
                "analyse": "x",
                "change": 3,
            }
        if request.schema_name == "seeker_reply":
            plan = {"attitude": "a", "goal": "g", "tone": "t", "content": "c"}
            return {"plan": plan, "draft": "d", "rewrite": "Hey, so, about that...", "leave": False}
        return "I hear you."

    return script


async def test_english_seeker_for_a_chinese_profile(sage_profiles: list[Profile]) -> None:
    profile = sage_profiles[0]
    seen: list[LLMRequest] = []
    client = LLMClient.with_backend(FakeBackend(_script(seen)))
    trace = await run_conversation(
        profile, agent=SupportAgent(client, []), client=client, language="en", max_rounds=2
    )
    assert trace.language == "en" and trace.completed
    first = seen[0]
    assert first.schema_name == "seeker_reply"
    assert profile.first_talk and profile.first_talk in first.messages[-1].content
    assert "Say this opening line in English" in first.messages[-1].content
    assert trace.turns[0].content == "Hey, so, about that..."
    seeker_calls = [r for r in seen if r.schema_name and r.schema_name.startswith("seeker")]
    for request in seeker_calls:
        system = request.messages[0].content
        assert "## Who you are" in system and profile.player.strip()[:30] in system
    assert "Speak English in the rewrite" in seeker_calls[-1].messages[0].content


async def test_profile_language_uses_first_talk_verbatim(sage_profiles: list[Profile]) -> None:
    profile = sage_profiles[1]
    seen: list[LLMRequest] = []
    client = LLMClient.with_backend(FakeBackend(_script(seen)))
    trace = await run_conversation(
        profile, agent=SupportAgent(client, []), client=client, max_rounds=2
    )
    assert trace.language == "zh" and trace.turns[0].content == profile.first_talk
    assert seen[0].schema is None  # the first call is the supporter's: no seeker call for turn 1
    judge = next(r for r in seen if r.schema_name == "seeker_judgement")
    assert "## 你是谁" in judge.messages[0].content and "情绪值是 40" in judge.messages[0].content


async def test_rlver_profile_opening_is_generated(tmp_path: Path) -> None:
    profile = Profile(
        id="r1",
        player="* 姓名：小林\n* 年龄：30岁",
        scene="工作压力很大。",
        main_cha="被动型",
        task="倾诉",
    )
    seen: list[LLMRequest] = []
    client = LLMClient.with_backend(FakeBackend(_script(seen)))
    trace = await run_conversation(
        profile, agent=SupportAgent(client, []), client=client, max_rounds=1
    )
    assert seen[0].schema_name == "seeker_reply" and "由你先开口" in seen[0].messages[-1].content
    assert trace.turns[0].content == "Hey, so, about that..."
