"""Generation: structured sections rendered to SKILL.md, linted, regenerated or dropped."""

from __future__ import annotations

from pathlib import Path

from esc_skills.bank import Skill, load_skill
from esc_skills.evolve.aggregate import Candidate
from esc_skills.evolve.generate import (
    Evidence,
    Generation,
    generate_skill,
    lint_problems,
    render_draft,
)
from esc_skills.llm import FakeBackend, LLMClient

from .helpers import draft

UNSAFE = "1. Promise them that everything will be fine.\n2. Tell them you will keep it secret."


def _cand(kind: str = "new", skill: str = "calm-planning") -> Candidate:
    return Candidate(
        kind=kind,
        skill=skill,
        frequency=2,
        impact=5.0,
        score=10.0,
        reasons=[{"text": "no skill for planning", "count": 2}],
    )


async def _generate(
    fake: FakeBackend, cand: Candidate | None = None, original: Skill | None = None, **kw: int
) -> Generation:
    """Generate ``cand`` (a new skill by default) with the fake generator."""
    bank = [original] if original else []
    evidence = Evidence(original=original, bank=bank, conversations=[], reports=[])
    client = LLMClient.with_backend(fake)
    return await generate_skill(cand or _cand(), evidence, client=client, **kw)


async def test_unsafe_draft_is_regenerated_with_the_findings() -> None:
    fake = FakeBackend([{**draft(""), "recommended_actions": UNSAFE}, draft("")])
    gen = await _generate(fake)
    assert gen.skill is not None and gen.tries == 2
    assert "ESC604" in gen.problems[0] and "ESC603" in gen.problems[0]
    assert "fails lint" in fake.calls[1].messages[-1].content  # the findings went back
    assert gen.skill.metadata["esc-origin"] == "new" and gen.skill.name == "calm-planning"
    assert lint_problems(gen.skill) == []


async def test_candidate_dropped_after_bounded_tries() -> None:
    fake = FakeBackend([{**draft(""), "recommended_actions": UNSAFE}] * 2)
    gen = await _generate(fake, max_tries=2)
    assert gen.dropped and gen.tries == 2 and len(gen.problems) == 2 and len(fake.calls) == 2


async def test_refinement_keeps_name_and_fields_of_the_original(repo_root: Path) -> None:
    original = load_skill(repo_root / "skills" / "crisis-safety-response")
    fake = FakeBackend([draft("")])
    gen = await _generate(fake, _cand("refine", original.name), original)
    assert gen.skill is not None and gen.skill.name == original.name
    assert gen.skill.license == original.license
    assert gen.skill.metadata["esc-origin"] == "refined"
    prompt = fake.calls[0].messages[0].content
    assert "crisis-safety-response" in prompt and "no skill for planning" in prompt
    assert list(gen.skill.sections())[:2] == ["Overview", "When to use"]


def test_render_filters_labels_to_the_draft() -> None:
    skill = render_draft(draft("X"), name="a-b", origin="new", original=None)
    assert skill.metadata["esc-scenarios"] == "academic-pressure"
    assert skill.body.startswith("# A b\n")
