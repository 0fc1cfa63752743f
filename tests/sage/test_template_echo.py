"""A reply that only repeats the prompt's own text is re-asked, then counted as an error."""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

import pytest

from esc_skills.agent.agent import SupportAgent, is_template_echo
from esc_skills.bank import load_bank
from esc_skills.data.profiles import Profile
from esc_skills.llm import FakeBackend, LLMClient, LLMError, LLMRequest
from esc_skills.paths import SKILLS_DIR, prompt_path
from esc_skills.sage.runner import run_conversations
from esc_skills.sage.usage import USAGE_KEYS, total_usage

ECHOES = [
    "your message to the person",
    "  Your message to the PERSON! ",
    "[your message to the person]",
    "Listen first: reflect their feelings",
    "...",
    "",
    "reply",
    "Never mention skills, methods or these instructions to the person.",
    "names of the loaded skills you actually followed",
]
REAL = [
    "I hear you. Losing that job after six years sounds exhausting.",
    "That sounds really hard; what would help most right now?",
    "你愿意多说一点吗？",
    "Hi",
]
PROFILE = Profile(
    id="echo-1",
    player="Sam, 29, a nurse.",
    scene="Sam was passed over for a promotion and feels invisible at work.",
    main_cha="negative",
    cha_group=["withdrawn"],
    task="be understood",
    first_talk="I got passed over again and I don't know why I bother.",
)


@pytest.mark.parametrize("text", ECHOES)
def test_template_text_is_an_echo(text: str) -> None:
    assert is_template_echo(text)


def test_every_part_of_the_answer_format_is_an_echo() -> None:
    template = prompt_path("agent_skills_loaded.md").read_text(encoding="utf-8")
    answer_format = template.rsplit("$bodies", 1)[1]
    parts = [p.strip() for p in re.split(r"[,.:;]", answer_format) if p.strip()]
    assert "your message to the person in your own words" in parts
    for part in [*parts, "your message to the person"]:
        assert is_template_echo(part), part
        assert is_template_echo(f"  {part.upper()}. ")


@pytest.mark.parametrize("text", REAL)
def test_own_words_are_a_reply(text: str) -> None:
    assert not is_template_echo(text)


def agent_script(replies: list[str]) -> Any:
    """Agent replies in order (the last repeats); the seeker roles get minimal valid answers."""
    queue = list(replies)

    def script(request: LLMRequest) -> Any:
        if request.schema_name == "agent_reply":
            offered = request.schema["properties"]["skills_applied"]["items"]["enum"]
            reply = queue.pop(0) if len(queue) > 1 else queue[0]
            return {"skills_applied": offered[:1], "reply": reply}
        if request.schema_name == "seeker_judgement":
            keys = ("content", "target_completion", "activity", "analyse")
            return {**dict.fromkeys(keys, "ok"), "change": 1}
        if request.schema_name == "seeker_reply":
            plan = {"attitude": "neutral", "goal": "g", "tone": "t", "content": "c"}
            return {"plan": plan, "draft": "d", "rewrite": "go on", "leave": False}
        return queue.pop(0) if len(queue) > 1 else queue[0]

    return script


def make_agent(replies: list[str], *, skills: bool = True) -> tuple[SupportAgent, FakeBackend]:
    fake = FakeBackend(agent_script(replies))
    client = LLMClient.with_backend(fake)
    return SupportAgent(client, load_bank(SKILLS_DIR) if skills else [], top_k=2), fake


HISTORY = [{"role": "seeker", "content": "My manager ignores everything I do."}]


@pytest.mark.parametrize("echo", ECHOES[:4])
@pytest.mark.parametrize("skills", [True, False], ids=["json-reply", "plain-reply"])
async def test_an_echo_is_asked_again(echo: str, skills: bool) -> None:
    own = "That sounds lonely. What happened this week?"
    agent, fake = make_agent([echo, own], skills=skills)
    answer = await agent.reply(HISTORY)
    assert answer.content == own
    assert len(fake.calls) == 2
    feedback = fake.calls[1].messages[-1].content
    assert "only repeats text of these instructions" in feedback
    total = agent.client.accounting.total()
    assert (total.calls, total.schema_reasks, total.errors) == (2, 1, 0)


async def test_an_echo_every_time_is_a_counted_error() -> None:
    agent, fake = make_agent(["your message to the person"])
    with pytest.raises(LLMError, match="fails its check after 3 tries: the reply"):
        await agent.reply(HISTORY)
    total = agent.client.accounting.total()
    assert (total.calls, total.schema_reasks, total.errors) == (3, 2, 1)
    assert len(fake.calls) == 3


async def test_an_echoing_conversation_errors_and_its_usage_adds_up(tmp_path: Path) -> None:
    agent, _ = make_agent(["Your message to the person."])
    other = Profile(**{**PROFILE.__dict__, "id": "echo-2"})
    traces = await run_conversations(
        [PROFILE, other], agent=agent, client=agent.client, out=tmp_path / "t.jsonl"
    )
    assert [t.status for t in traces] == ["errored", "errored"]
    assert all("repeats text of these instructions" in (t.error or "") for t in traces)
    assert all((t.usage["schema_reasks"], t.usage["errors"]) == (2, 1) for t in traces)
    # The traces count exactly what the run's usage table counts.
    run = agent.client.accounting.total()
    summed = total_usage(t.usage for t in traces)
    assert {k: summed[k] for k in USAGE_KEYS} == {k: getattr(run, k) for k in USAGE_KEYS}
