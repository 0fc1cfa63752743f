"""Resume: an interrupted run loses no finished conversation and redoes none of them."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from esc_skills.agent.agent import SupportAgent
from esc_skills.data.profiles import Profile
from esc_skills.data.traces import read_traces
from esc_skills.llm import FakeBackend, LLMClient, LLMRequest
from esc_skills.sage.metrics import compute_metrics
from esc_skills.sage.runner import run_conversations

from .sage_script import assign_kinds, make_script


class Crash(BaseException):
    """Stands in for Ctrl-C or a killed process (not an Exception: nothing catches it)."""


def _agent(client: LLMClient) -> SupportAgent:
    return SupportAgent(client, [])


async def test_interrupted_run_resumes_without_loss(
    sage_profiles: list[Profile], tmp_path: Path
) -> None:
    profiles = sage_profiles[:20]
    _, kinds = assign_kinds(profiles)
    script = make_script(kinds)
    out = tmp_path / "run.jsonl"

    calls = {"n": 0}

    def crashing(request: LLMRequest) -> object:
        calls["n"] += 1
        if calls["n"] > 150:
            raise Crash()
        return script(request)

    client = LLMClient.with_backend(FakeBackend(crashing))
    with pytest.raises(Crash):
        await run_conversations(
            profiles, agent=_agent(client), client=client, out=out, concurrency=4
        )
    saved = read_traces(out)
    assert 0 < len(saved) < 20
    done_ids = {t.profile_id for t in saved if t.completed}
    # a crash in the middle of writing leaves half a line: it must not break the resume
    with out.open("a", encoding="utf-8") as handle:
        handle.write('{"schema_version": 1, "profile_id": "half')

    fake = FakeBackend(script)
    client = LLMClient.with_backend(fake)
    traces = await run_conversations(
        profiles, agent=_agent(client), client=client, out=out, concurrency=4
    )

    assert [t.profile_id for t in traces] == [p.id for p in profiles]
    lines = out.read_text(encoding="utf-8").splitlines()
    assert all(json.loads(line) for line in lines)  # the torn line is gone
    on_disk = read_traces(out)
    finished = [t.profile_id for t in on_disk if t.completed]
    assert len(finished) == len(set(finished)), "a finished conversation was run twice"
    # no call of the resumed run belonged to a conversation finished before the crash
    scenes = {p.scene.strip(): p.id for p in profiles}
    for request in fake.calls:
        if request.schema_name and request.schema_name.startswith("seeker"):
            scene = (
                request.messages[0].content.split("## 你的处境\n", 1)[1].split("\n\n## 你的性格")[0]
            )
            assert scenes[scene.strip()] not in done_ids

    fresh_client = LLMClient.with_backend(FakeBackend(script))
    reference = await run_conversations(
        profiles, agent=_agent(fresh_client), client=fresh_client, out=tmp_path / "ref.jsonl"
    )
    assert compute_metrics(traces).to_dict(per_profile=False) | {"usage": None} == compute_metrics(
        reference
    ).to_dict(per_profile=False) | {"usage": None}


async def test_errored_conversations_are_retried_on_resume(
    sage_profiles: list[Profile], tmp_path: Path
) -> None:
    profiles = sage_profiles[:7]
    _, kinds = assign_kinds(profiles)
    out = tmp_path / "run.jsonl"
    client = LLMClient.with_backend(FakeBackend(make_script(kinds)))
    first = await run_conversations(profiles, agent=_agent(client), client=client, out=out)
    assert sum(not t.completed for t in first) == 1
    fixed = {k: ("max" if v == "errored" else v) for k, v in kinds.items()}
    client = LLMClient.with_backend(FakeBackend(make_script(fixed)))
    second = await run_conversations(profiles, agent=_agent(client), client=client, out=out)
    assert all(t.completed for t in second)
    assert len(read_traces(out)) == 8  # the errored line stays as history; the retry is appended
    assert compute_metrics(read_traces(out)).errored == 0


async def test_configuration_errors_stop_the_run(
    sage_profiles: list[Profile], tmp_path: Path
) -> None:
    from esc_skills.llm.errors import BackendUnreachable

    def down(request: LLMRequest) -> object:
        raise BackendUnreachable("http://localhost:9/v1: connection refused")

    client = LLMClient.with_backend(FakeBackend(down))
    out = tmp_path / "run.jsonl"
    with pytest.raises(BackendUnreachable, match="connection refused"):
        await run_conversations(sage_profiles[:5], agent=_agent(client), client=client, out=out)
    assert read_traces(out) == []  # nothing recorded as a model failure of the seekers


async def test_progress_bar_and_callback(sage_profiles: list[Profile], tmp_path: Path) -> None:
    _, kinds = assign_kinds(sage_profiles[:3])
    client = LLMClient.with_backend(FakeBackend(make_script(kinds)))
    seen: list[str] = []
    traces = await run_conversations(
        sage_profiles[:3],
        agent=_agent(client),
        client=client,
        out=tmp_path / "p.jsonl",
        progress=True,
        on_trace=lambda t: seen.append(t.profile_id),
    )
    assert sorted(seen) == sorted(t.profile_id for t in traces)
