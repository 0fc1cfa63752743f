"""Banks to compare against: a folder, no skills, self-generated, CoT, skill-creator, curated."""

from __future__ import annotations

import logging
import os
import random
from collections.abc import Awaitable, Callable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any, TypeAlias

from esc_skills import resources
from esc_skills.answer_schema import object_schema, string_fields
from esc_skills.bank import Skill, load_bank, save_skill
from esc_skills.errors import DataError
from esc_skills.names import skill_name
from esc_skills.paths import BASELINES_DIR

if TYPE_CHECKING:
    from esc_skills.llm.client import LLMClient

log = logging.getLogger(__name__)

_SKILL_ITEM = object_schema(
    {
        "name": {"type": "string", "minLength": 1},
        "description": {"type": "string", "minLength": 1},
        **string_fields("when_to_use", "recommended_actions", "pitfalls"),
    }
)
SKILLS_SCHEMA = object_schema(
    {"skills": {"type": "array", "items": _SKILL_ITEM, "minItems": 1, "maxItems": 5}}
)
_STEPS = ("situations", "needs", "strategies", "pitfalls", "plan")
COT_SCHEMA = object_schema(
    {
        "reasoning": object_schema(string_fields(*_STEPS)),
        "skills": SKILLS_SCHEMA["properties"]["skills"],
    }
)


def _prompt(name: str, **values: str) -> str:
    text = resources.template(name)
    task = resources.prompt("selfgen_task.md").strip()
    return text.safe_substitute(task=task, **values)


def skills_from_answer(items: Sequence[dict[str, Any]], origin: str) -> list[Skill]:
    """Turn the generator's JSON skills into Skill objects in the bank's section layout."""
    taken: set[str] = set()
    skills = []
    for item in items[:5]:
        description = " ".join(str(item["description"]).split()).replace("<", "").replace(">", "")
        body = "\n\n".join(
            [
                f"## Overview\n\n{description}",
                f"## When to use\n\n{str(item['when_to_use']).strip() or description}",
                f"## Recommended actions\n\n{str(item['recommended_actions']).strip() or '-'}",
                f"## Pitfalls to avoid\n\n{str(item['pitfalls']).strip() or '-'}",
            ]
        )
        skills.append(
            Skill(
                name=skill_name(item["name"], taken=taken),
                description=description[:1000],
                body=body,
                metadata={"esc-version": "1", "esc-origin": "new", "esc-baseline": origin},
            )
        )
    return skills


async def self_generate(client: LLMClient, *, cot: bool = False, seed: int = 0) -> list[Skill]:
    """Self-Generated (one pass, 1-5 skills) or CoT-Guided Self-Gen (five reasoning steps)."""
    name = "selfgen_cot.md" if cot else "selfgen_plain.md"
    response = await client.complete(
        "agent",
        [{"role": "user", "content": _prompt(name)}],
        schema=COT_SCHEMA if cot else SKILLS_SCHEMA,
        schema_name="selfgen_cot" if cot else "selfgen",
        seed=seed,
    )
    return skills_from_answer(
        response.data["skills"], "cot-self-generated" if cot else "self-generated"
    )


def _excerpt(turns: Sequence[Any], limit: int = 12) -> str:
    return "\n".join(
        f"[{'Seeker' if t.speaker == 'seeker' else 'Supporter'}] {t.text}" for t in turns[:limit]
    )


async def skill_creator(
    client: LLMClient,
    data_dir: str | os.PathLike[str],
    *,
    seed: int = 0,
    examples: int = 4,
    tests: int = 3,
) -> list[Skill]:
    """SkillCreator-style: draft from example dialogues, test on held-out contexts, refine."""
    from esc_skills.agent.agent import SupportAgent
    from esc_skills.agent.retrieval import NoRanker
    from esc_skills.data import load_esconv

    dialogues = [d for d in load_esconv(data_dir, "train") if len(d.turns) >= 8]
    if len(dialogues) < examples + tests:
        raise DataError(
            f"{data_dir}: too few ESConv train dialogues for the skill-creator baseline"
        )
    picked = random.Random(seed).sample(dialogues, examples + tests)
    shown = "\n\n".join(f"Example {i + 1}:\n{_excerpt(d.turns)}" for i, d in enumerate(picked[:4]))
    draft = await client.complete(
        "generator",
        [{"role": "user", "content": _prompt("selfgen_skillcreator_draft.md", examples=shown)}],
        schema=SKILLS_SCHEMA,
        schema_name="skillcreator_draft",
        seed=seed,
    )
    skills = skills_from_answer(draft.data["skills"], "skill-creator")

    class _AllSkills(NoRanker):
        async def select(self, query: Any, top_k: int = 3) -> list[Skill]:
            return skills[:top_k]

    agent = SupportAgent(client, skills, retriever=_AllSkills(), top_k=5)
    results = []
    for number, dialogue in enumerate(picked[examples:], start=1):
        cut = next(
            i
            for i in range(len(dialogue.turns) // 2, len(dialogue.turns))
            if dialogue.turns[i].speaker == "supporter"
        )
        context = [
            {"role": t.speaker, "content": t.text} for t in dialogue.turns[:cut] if t.text.strip()
        ]
        answer = await agent.reply(context)
        results.append(
            f"Test {number}:\nContext:\n{_excerpt(dialogue.turns[:cut], limit=cut)}\n"
            f"Agent reply: {answer.content}\nHuman supporter reply: {dialogue.turns[cut].text}"
        )
    current = "\n\n".join(f"### {s.name}\n{s.description}\n\n{s.body}" for s in skills)
    refined = await client.complete(
        "generator",
        [
            {
                "role": "user",
                "content": _prompt(
                    "selfgen_skillcreator_refine.md", skills=current, tests="\n\n".join(results)
                ),
            }
        ],
        schema=SKILLS_SCHEMA,
        schema_name="skillcreator_refine",
        seed=seed,
    )
    return skills_from_answer(refined.data["skills"], "skill-creator")


# A generator builds a baseline's skills with the client: (client, data_dir, seed) -> skills.
DataDir: TypeAlias = "str | os.PathLike[str] | None"
Generator = Callable[["LLMClient", DataDir, int], Awaitable[list[Skill]]]


@dataclass(frozen=True)
class Baseline:
    """A bank to compare against: fixed skills in a folder, or skills a model generates."""

    name: str
    summary: str
    generate: Generator | None = None  # None: the skills come from ``folder`` (or none)
    folder: Path | None = None


async def _self_generated(client: LLMClient, data_dir: DataDir, seed: int) -> list[Skill]:
    return await self_generate(client, cot=False, seed=seed)


async def _cot_self_generated(client: LLMClient, data_dir: DataDir, seed: int) -> list[Skill]:
    return await self_generate(client, cot=True, seed=seed)


async def _skill_creator(client: LLMClient, data_dir: DataDir, seed: int) -> list[Skill]:
    from esc_skills.paths import resolve_data_dir

    return await skill_creator(client, resolve_data_dir(data_dir), seed=seed)


# The registry: one entry adds a baseline; --bank choices and help derive from it.
BASELINE_REGISTRY: dict[str, Baseline] = {
    b.name: b
    for b in (
        Baseline("none", "No-Skill: the agent gets no skills"),
        Baseline("self-generated", "the agent writes 1-5 skills in one pass", _self_generated),
        Baseline("cot-self-generated", "the same after five reasoning steps", _cot_self_generated),
        Baseline("skill-creator", "drafted from examples, tested, refined", _skill_creator),
        Baseline(
            "human-curated",
            "one skill per ESConv strategy, written by people",
            folder=BASELINES_DIR / "human-curated",
        ),
    )
}
BASELINES = tuple(BASELINE_REGISTRY)
GENERATED = tuple(n for n, b in BASELINE_REGISTRY.items() if b.generate is not None)


async def resolve_bank(
    spec: str,
    *,
    client: LLMClient,
    out_dir: str | os.PathLike[str] | None = None,
    data_dir: str | os.PathLike[str] | None = None,
    seed: int = 0,
) -> tuple[str, list[Skill]]:
    """The label and skills for ``--bank``; generated banks are saved to and reused from out_dir."""
    baseline = BASELINE_REGISTRY.get(spec)
    if baseline is not None and baseline.generate is not None:
        saved = Path(out_dir) if out_dir else None
        if saved is not None and saved.is_dir() and any(saved.glob("*/SKILL.md")):
            return spec, load_bank(saved)  # a resumed run keeps the skills it started with
        skills = await baseline.generate(client, data_dir, seed)
        if saved is not None:
            for skill in skills:
                save_skill(skill, saved / skill.name)
        return spec, skills
    from esc_skills.banks import load_named_bank

    return load_named_bank(spec)
