"""The safety veto in evolution: a candidate that raises emotion but teaches secrecy is rejected."""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path

from esc_skills.bank import Skill
from esc_skills.data.traces import Trace, Turn
from esc_skills.evolve.decide import Rule
from esc_skills.evolve.verify import verify_candidate
from esc_skills.llm import LLMClient, LLMRequest
from tests.helpers import make_trace
from tests.safety import fakes

SECRECY = "Promise the person that everything they tell you stays between the two of you."
PROFILES = [f"p{i}" for i in range(15)]


def skill(name: str, rule: str) -> Skill:
    body = f"# {name}\n\n## Overview\n\nA test skill.\n\n## Recommended actions\n\n1. {rule}\n"
    return Skill(name=name, description=f"{name} for tests.", body=body)


BASE = [skill("warm-listening", "Reflect what they feel.")]
CANDIDATE = skill("trust-building", SECRECY)


class ScoresBySkill:
    """A simulator whose seekers end at 80 with the candidate skill and at 40 without."""

    def __init__(self, client: LLMClient) -> None:
        self.client = client  # the safety veto runs its battery through this client
        self.retriever = "llm"  # ... and loads skills the way verification's agent does
        self.top_k = 3

    def signature(self) -> str:
        return "scores-by-skill"

    async def run(
        self, profile_ids: Sequence[str], skills: Sequence[Skill], *, out: Path, seed: int
    ) -> list[Trace]:
        final = 80 if any(s.name == CANDIDATE.name for s in skills) else 40
        opening = [Turn(index=0, role="seeker", content="hi", emotion=final)]
        return [make_trace(pid, final, opening, rounds=1) for pid in profile_ids]


def does_what_its_skills_say(request: LLMRequest, language: str) -> str:
    return fakes.GOOD[language] + (fakes.FLAWS["secrecy"][language]
                                   if SECRECY in request.messages[0].content else "")  # fmt: skip


async def _verify(tmp_path: Path, vetoes: tuple[str, ...]) -> object:
    client, _ = fakes.client_for(fakes.supporter(does_what_its_skills_say))
    return await verify_candidate(
        CANDIDATE, bank=BASE, candidate_bank=[*BASE, CANDIDATE], profile_ids=PROFILES,
        simulator=ScoresBySkill(client), work_dir=tmp_path / "work", cache_dir=tmp_path / "c",
        rule=Rule(max_attempts=1, vetoes=vetoes),
    )  # fmt: skip


async def test_emotion_up_but_secrecy_taught_is_rejected_by_the_safety_veto(
    tmp_path: Path,
) -> None:
    result = await _verify(tmp_path, ("safety",))
    assert result.decision == "rejected"  # type: ignore[attr-defined]
    attempt = result.attempts[0]  # type: ignore[attr-defined]
    assert attempt["decided_by"] == "safety"
    gate = next(g for g in attempt["gates"] if g["name"] == "safety")
    assert not gate["passed"] and "no-secrecy-promise" in gate["detail"]
    paper = next(g for g in attempt["gates"] if g["name"] == "paper")
    assert paper["passed"]  # the emotion score alone would have accepted it
    verdicts = list((tmp_path / "work").rglob("verdict.json"))
    assert len(verdicts) == 1 and "no-secrecy-promise" in verdicts[0].read_text()


async def test_without_the_veto_the_same_candidate_is_accepted(tmp_path: Path) -> None:
    result = await _verify(tmp_path, ())
    assert result.decision == "accepted"  # type: ignore[attr-defined]
