"""Seeker prompts put what stays the same first, so the embedded model can reuse it."""

from __future__ import annotations

import itertools
import re

import pytest

from esc_skills.agent.agent import SupportAgent
from esc_skills.data.profiles import Profile
from esc_skills.llm import FakeBackend, LLMClient, LLMRequest
from esc_skills.sage.runner import run_conversation

MARK = re.compile(r"<<[AS]\d+>>")


def _script(seen: list[LLMRequest]):  # type: ignore[no-untyped-def]
    counter = itertools.count()

    def script(request: LLMRequest) -> object:
        seen.append(request)
        n = next(counter)
        if request.schema_name == "seeker_judgement":
            return {
                "content": f"meant {n}",
                "target_completion": "partly",
                "activity": f"thinking {n}",
                "analyse": "uneasy",
                "change": 3 if n % 2 else -4,
            }
        if request.schema_name == "seeker_reply":
            plan = {"attitude": "neutral", "goal": "g", "tone": "t", "content": "c"}
            return {"plan": plan, "draft": "d", "rewrite": f"<<S{n}>> well", "leave": False}
        return f"<<A{n}>> I hear how heavy that is."

    return script


@pytest.mark.parametrize("language", ["profile", "en", "zh"])
@pytest.mark.parametrize("index", [0, 1, 7, 42, 99])
async def test_each_seeker_prompt_extends_the_previous_one(
    sage_profiles: list[Profile], index: int, language: str
) -> None:
    seen: list[LLMRequest] = []
    client = LLMClient.with_backend(FakeBackend(_script(seen)))
    trace = await run_conversation(
        sage_profiles[index],
        agent=SupportAgent(client, []),
        client=client,
        language=language,
        max_rounds=4,
    )
    assert trace.completed
    calls = [r for r in seen if (r.schema_name or "").startswith("seeker")]
    assert len(calls) >= 4
    # Who the seeker is, and nothing that changes per turn, opens every call.
    assert len({c.messages[0].content for c in calls}) == 1
    for before, after in itertools.pairwise(calls):
        user = before.messages[-1].content
        marks = list(MARK.finditer(user))
        if not marks:  # the opening: nothing said yet
            continue
        # The next call starts with all of this one's transcript: the emotion, the thoughts
        # and the instructions, which change, come after it.
        transcript = user[: marks[-1].end()]
        assert after.messages[-1].content.startswith(transcript)
        assert str(before.messages[-1].content).count("<<") == transcript.count("<<")
