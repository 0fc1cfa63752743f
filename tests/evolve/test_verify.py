"""verify_candidate with a scripted simulator: baseline once, early stop, errored conversations."""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path

from esc_skills.bank import Skill
from esc_skills.data.traces import Trace, Turn
from esc_skills.evolve.decide import Rule
from esc_skills.evolve.report import record, report_markdown
from esc_skills.evolve.verify import Regenerate, Verification, verify_candidate
from tests.helpers import make_trace

IDS = ["a", "b", "c"]


class Scripted:
    """Final emotions by skill description; None = the conversation errors at emotion 25."""

    def __init__(self, finals: dict[str, list[int | None]]) -> None:
        self.finals = finals
        self.runs: list[str] = []

    def signature(self) -> str:
        return "scripted"

    async def run(
        self, profile_ids: Sequence[str], skills: Sequence[Skill], *, out: Path, seed: int
    ) -> list[Trace]:
        key = next((s.description for s in skills if s.name == "x"), "bank")
        self.runs.append(key)
        traces = []
        for pid, final in zip(profile_ids, self.finals[key], strict=True):
            turns = [
                Turn(0, "seeker", "hi", emotion=40),
                Turn(1, "supporter", "r"),
                Turn(2, "seeker", "ok", emotion=25 if final is None else final, change=-5),
            ]
            errored = {"status": "errored", "error": "schema"} if final is None else {}
            traces.append(make_trace(pid, final, turns, run_id="v", **errored))
        return traces


def _skill(desc: str) -> Skill:
    return Skill(name="x", description=desc, body="b")


async def _verify(
    sim: Scripted, tmp_path: Path, *, rule: Rule | None = None, regenerate: Regenerate | None = None
) -> Verification:
    """Verify version "v1" of skill x (empty bank, profiles a-c) with the scripted simulator."""
    return await verify_candidate(
        _skill("v1"),
        bank=[],
        profile_ids=IDS,
        simulator=sim,
        work_dir=tmp_path / "w",
        cache_dir=tmp_path / "c",
        rule=rule,
        regenerate=regenerate,
    )


async def test_stops_at_the_first_passing_version(tmp_path: Path) -> None:
    sim = Scripted(
        {"bank": [30, 30, 30], "v1": [20, 30, 30], "v2": [40, 30, 30], "v3": [90, 90, 90]}
    )

    async def regen(attempt: int, note: str, failed: Sequence[Trace]) -> Skill:
        assert "attempt 1" in note and failed[0].profile_id == "a"
        return _skill(f"v{attempt}")

    result = await _verify(sim, tmp_path, regenerate=regen)
    assert result.decision == "accepted" and result.best_attempt == 2
    assert sim.runs == ["bank", "v1", "v2"]  # v3 never ran: the decision was known
    assert [p["diff"] for p in result.paired] == [10, 0, 0]
    assert result.best_skill.description == "v2"


async def test_errored_conversations_score_their_last_emotion(tmp_path: Path) -> None:
    sim = Scripted({"bank": [30, None, 30], "v1": [None, None, None]})
    result = await _verify(sim, tmp_path, rule=Rule(max_attempts=1))
    assert result.baseline["errored"] == ["b"] and result.attempts[0]["errored"] == IDS
    assert [p["candidate"] for p in result.paired] == [25, 25, 25]
    assert result.decision == "rejected"
    proposal = {"skill": "x", "kind": "new", "verify_profiles": IDS}
    rec = record(
        run_id="r", proposal=proposal, rule=Rule(max_attempts=1), seed=0, verification=result
    )
    assert "errored" in report_markdown(rec) and "attempt 1: 3" in report_markdown(rec)
