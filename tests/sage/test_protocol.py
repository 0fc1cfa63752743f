"""SAGE protocol rules on a full 100-profile run with scripted seekers on the fake backend."""

from __future__ import annotations

import itertools
from pathlib import Path

import pytest

from esc_skills.agent.agent import SupportAgent
from esc_skills.agent.retrieval import LLMChooser
from esc_skills.bank import load_bank
from esc_skills.data.profiles import Profile
from esc_skills.data.traces import read_traces, validate_trace
from esc_skills.llm import FakeBackend, LLMClient
from esc_skills.paths import SKILLS_DIR
from esc_skills.sage.metrics import compute_metrics
from esc_skills.sage.runner import run_conversations
from esc_skills.sage.seeker import apply_change, tier

from .sage_script import assign_kinds, make_script

# kind -> (end_reason, final emotion, rounds = seeker turns)
EXPECTED = {
    "clip": ("success", 100, 7),  # +25 clipped to +10: 40 -> 100 in six judgements
    "cap": ("success", 100, 10),  # +7: 96 + 7 is capped at 100 on the tenth seeker turn
    "fail": ("failure", 8, 5),  # -8: 32, 24, 16, 8 (< 10)
    "goodbye": ("goodbye", 43, 4),  # +1 and the seeker leaves on its fourth turn
    "max": ("max_rounds", 40, 10),  # 0: ten rounds, the supporter has the last word
    "neg-clip": ("failure", 0, 5),  # -30 clipped to -10: 30, 20, 10 (not < 10), 0
}


@pytest.mark.parametrize(
    ("emotion", "expected"),
    [(100, "S"), (99, "A"), (70, "A"), (69, "B"), (40, "B"), (10, "C"), (9, "F"), (0, "F")],
)
def test_tiers(emotion: int, expected: str) -> None:
    assert tier(emotion) == expected


@pytest.mark.parametrize(
    ("emotion", "change", "after", "clipped"),
    [(40, 25, 50, 10), (40, -25, 30, -10), (96, 7, 100, 7), (95, 10, 100, 10), (5, -10, 0, -10)],
)
def test_apply_change_clips_and_caps(emotion: int, change: int, after: int, clipped: int) -> None:
    assert apply_change(emotion, change) == (after, clipped)


async def test_full_sage_run_follows_protocol(sage_profiles: list[Profile], tmp_path: Path) -> None:
    kind_of_id, kind_of_scene = assign_kinds(sage_profiles)
    fake = FakeBackend(make_script(kind_of_scene))
    client = LLMClient.with_backend(fake)
    skills = load_bank(SKILLS_DIR)
    agent = SupportAgent(client, skills, retriever=LLMChooser(client, skills), top_k=2)
    out = tmp_path / "traces.jsonl"

    traces = await run_conversations(
        sage_profiles, agent=agent, client=client, out=out, concurrency=16
    )

    assert [t.profile_id for t in traces] == [p.id for p in sage_profiles]
    assert len(read_traces(out)) == 100
    for trace in traces:
        validate_trace(trace)
        kind = kind_of_id[trace.profile_id]
        seekers = [t for t in trace.turns if t.role == "seeker"]
        supporters = trace.supporter_turns()
        assert seekers[0].content == next(
            p.first_talk for p in sage_profiles if p.id == trace.profile_id
        )
        assert seekers[0].emotion == 40 and trace.initial_emotion == 40
        if kind == "errored":
            assert trace.status == "errored" and trace.end_reason == "errored"
            assert trace.final_emotion is None and "schema" in (trace.error or "")
            continue
        reason, final, rounds = EXPECTED[kind]
        assert (trace.end_reason, trace.final_emotion, trace.rounds) == (reason, final, rounds), (
            kind
        )
        assert len(seekers) == rounds
        # every later seeker turn carries clipped change, thoughts and a plan
        for previous, turn in itertools.pairwise(seekers):
            assert -10 <= (turn.change or 0) <= 10
            assert turn.emotion_before == previous.emotion
            assert turn.emotion == max(0, min(100, previous.emotion + turn.change))
            assert set(turn.thoughts or {}) == {
                "content",
                "target_completion",
                "activity",
                "analyse",
            }
            assert {"attitude", "goal", "tone", "content", "draft"} <= set(turn.plan or {})
        # the supporter has the last word only when the rounds ran out
        assert trace.turns[-1].role == ("supporter" if reason == "max_rounds" else "seeker")
        assert len(supporters) == (rounds if reason == "max_rounds" else rounds - 1)
        for turn in supporters:
            assert turn.skills_offered == [s.name for s in skills[:2]]
            assert turn.skills_applied == turn.skills_offered[:1]
        assert trace.usage["calls"] > 0

    clip = next(t for t in traces if kind_of_id[t.profile_id] == "clip")
    assert [t.change for t in clip.turns if t.role == "seeker"][1:] == [10] * 6
    cap = next(t for t in traces if kind_of_id[t.profile_id] == "cap")
    assert cap.emotions()[-2:] == [96, 100]

    metrics = compute_metrics(traces)
    kinds = list(kind_of_id.values())
    finals = [EXPECTED[k][1] for k in kinds if k != "errored"]
    assert metrics.errored == kinds.count("errored")
    assert metrics.conversations == 100 - metrics.errored
    assert metrics.success == kinds.count("clip") + kinds.count("cap")
    assert metrics.failure == kinds.count("fail") + kinds.count("neg-clip")
    assert metrics.sentient_score == pytest.approx(sum(finals) / len(finals))

    # At S the seeker is told to thank and leave; the reply call saw that tier note.
    farewell = [
        c
        for c in fake.calls
        if c.schema_name == "seeker_reply" and "等级 S" in c.messages[0].content
    ]
    assert farewell and all("道别" in c.messages[0].content for c in farewell)
