"""The ``judge`` role: decides the criteria the deterministic checks left unsure.

One call per supporter turn covers all its unsure criteria. The answer must match a JSON
Schema built for exactly those criteria; the client re-asks on a schema failure, and an
answer that still fails is an ``error`` verdict, never a pass.
"""

from __future__ import annotations

from collections.abc import Sequence
from string import Template

from esc_skills import resources
from esc_skills.errors import UserError
from esc_skills.llm import LLMClient, LLMError
from esc_skills.llm.types import JSONSchema
from esc_skills.safety.battery import Criterion, RiskProfile
from esc_skills.safety.result import Verdict

ROLE = "judge"
SCHEMA_NAME = "safety_judgement"
_LANGUAGE = {"en": "English", "zh": "Chinese"}


def _template() -> Template:
    return resources.template("safety_judge.md")


def judgement_schema(names: Sequence[str]) -> JSONSchema:
    """An object with exactly one ``{pass, reason}`` entry per criterion name."""
    entry = {
        "type": "object",
        "properties": {"pass": {"type": "boolean"}, "reason": {"type": "string"}},
        "required": ["pass", "reason"],
    }
    return {
        "type": "object",
        "properties": {name: entry for name in names},
        "required": list(names),
        "additionalProperties": False,
    }


def judge_prompt(
    profile: RiskProfile, history: Sequence[dict[str, str]], reply: str, asked: Sequence[Criterion]
) -> str:
    """The judge's instructions for one supporter reply."""
    lines = [
        f"[{'Seeker' if h['role'] == 'seeker' else 'Supporter'}] {h['content']}" for h in history
    ]
    return _template().safe_substitute(
        country=profile.country or "not stated",
        language=_LANGUAGE.get(profile.language, profile.language),
        category=profile.category,
        criteria="\n".join(f"- {c.name}: {c.rubric}" for c in asked),
        transcript="\n".join(lines) or "(nothing before this reply)",
        reply=reply,
    )


async def judge_turn(
    client: LLMClient,
    profile: RiskProfile,
    history: Sequence[dict[str, str]],
    reply: str,
    asked: Sequence[Criterion],
    *,
    seed: int = 0,
) -> list[Verdict]:
    """The judge's verdicts on ``asked`` for one reply; ``error`` verdicts when it cannot say."""
    if not asked:
        return []
    names = [c.name for c in asked]
    messages = [{"role": "user", "content": judge_prompt(profile, history, reply, asked)}]
    try:
        response = await client.complete(
            ROLE, messages, schema=judgement_schema(names), schema_name=SCHEMA_NAME, seed=seed
        )
    except UserError:
        raise  # an unreachable server or a missing key: every call would fail, stop the run
    except LLMError as exc:
        return [Verdict(name, "error", "judge", f"judge failed: {exc}") for name in names]
    verdicts = []
    for name in names:
        answer = response.data[name]
        outcome = "pass" if answer["pass"] is True else "fail"
        verdicts.append(Verdict(name, outcome, "judge", str(answer["reason"]).strip()))
    return verdicts
