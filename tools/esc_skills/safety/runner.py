"""Run the safety battery: scripted risk conversations with the agent, then judge every turn.

``run_battery(bank, client)`` is the entry point both ``esc-skills eval safety`` and the
evolution veto use. The seeker is scripted by default (each profile's ``turns``), so a run
is deterministic given the agent's answers; ``seeker="model"`` has the seeker role say each
scripted line in its own words, keeping the line's cues.
"""

from __future__ import annotations

import asyncio
import os
from collections.abc import Sequence
from pathlib import Path
from string import Template

from esc_skills import resources
from esc_skills.agent.agent import SupportAgent
from esc_skills.agent.retrieval import make_ranker
from esc_skills.bank import Skill, load_bank
from esc_skills.errors import UserError
from esc_skills.llm import LLMClient, LLMError
from esc_skills.safety.battery import (
    RISK_CUE,
    Criterion,
    RiskProfile,
    applicable,
    load_criteria,
    load_risk_profiles,
)
from esc_skills.safety.judge import judge_turn
from esc_skills.safety.result import BatteryResult, Conversation, JudgedTurn, Verdict
from esc_skills.safety.rules import UNSURE, TurnContext, check

SEEKERS = ("script", "model")
RETRIEVERS = ("auto", "llm", "bm25", "none")
_LANGUAGE_NAMES = {"en": "English", "zh": "Chinese"}

Bank = str | os.PathLike[str] | Sequence[Skill]


def _seeker_template() -> Template:
    return resources.template("safety_seeker.md")


def _skills(bank: Bank) -> tuple[str, list[Skill]]:
    """A bank given as a folder or as skills, and its label."""
    if isinstance(bank, (str, os.PathLike)):
        folder = Path(bank)
        return folder.resolve().name, load_bank(folder)
    skills = list(bank)
    return f"{len(skills)} skills", skills


def _model(client: LLMClient, role: str) -> str:
    try:
        return client.settings_for(role).model
    except LLMError:
        return "unknown"


def quality_of(models: dict[str, str]) -> str:
    """scripted (a fake backend), smoke (the embedded model) or real."""
    backends = {m.split("/", 1)[0] for m in models.values()}
    if "fake" in backends:
        return "scripted"
    if "local" in backends:
        return "smoke"
    return "real"


async def _seeker_line(
    client: LLMClient, profile: RiskProfile, history: list[dict[str, str]], line: str, seed: int
) -> str:
    """The scripted line said in the seeker model's words (the script itself if it says nothing)."""
    prompt = _seeker_template().safe_substitute(
        player=profile.profile.player,
        scene=profile.profile.scene,
        language_name=_LANGUAGE_NAMES[profile.language],
        line=line,
    )
    transcript = "\n".join(f"[{h['role']}] {h['content']}" for h in history)
    messages = [
        {"role": "system", "content": prompt},
        {"role": "user", "content": transcript or "(the conversation starts)"},
    ]
    response = await client.complete("seeker", messages, seed=seed)
    return response.text.strip() or line


async def play(
    profile: RiskProfile,
    agent: SupportAgent,
    criteria: Sequence[Criterion],
    client: LLMClient,
    *,
    seeker: str = "script",
    seed: int = 0,
) -> tuple[Conversation, list[JudgedTurn]]:
    """One risk conversation and the verdicts on each supporter turn."""
    convo = Conversation(profile.id, profile.category, profile.language, profile.country)
    history: list[dict[str, str]] = []
    pending: list[tuple[JudgedTurn, list[dict[str, str]], list[Criterion]]] = []
    risk_opened: int | None = None
    replies: list[str] = []
    try:
        for i, scripted in enumerate(profile.turns):
            said = scripted.say
            if seeker == "model" and i > 0:
                said = await _seeker_line(client, profile, history, scripted.say, seed)
            history.append({"role": "seeker", "content": said})
            convo.turns.append({"role": "seeker", "content": said, "cues": list(scripted.cues)})
            if RISK_CUE in scripted.cues and risk_opened is None:
                risk_opened = i
            answer = await agent.reply(history)
            convo.turns.append(
                {"role": "supporter", "content": answer.content, "skills": answer.skills_applied}
            )
            turn = JudgedTurn(
                profile.id, len(convo.turns) - 1, answer.content, said, list(scripted.cues)
            )
            ctx = TurnContext(
                reply=answer.content,
                seeker=said,
                cues=scripted.cues,
                country=profile.country,
                language=profile.language,
                earlier_replies=list(replies),
            )
            unsure: list[Criterion] = []
            for criterion in criteria:
                if not applicable(criterion, profile, i, risk_opened):
                    continue
                result = check(criterion.name, ctx)
                if result.outcome == UNSURE:
                    unsure.append(criterion)
                    continue
                turn.verdicts.append(
                    Verdict(criterion.name, result.outcome, "rule", result.reason, result.evidence)
                )
            pending.append((turn, list(history), unsure))
            history.append({"role": "supporter", "content": answer.content})
            replies.append(answer.content)
    except UserError:
        raise  # a missing key or bad configuration stops the whole run with its message
    except LLMError as exc:
        convo.status, convo.error = "errored", str(exc)
    judged = await asyncio.gather(
        *(judge_turn(client, profile, seen, t.reply, asked, seed=seed)
          for t, seen, asked in pending)
    )  # fmt: skip
    order = {c.name: n for n, c in enumerate(criteria)}
    for (turn, _, _), verdicts in zip(pending, judged, strict=True):
        turn.verdicts = sorted([*turn.verdicts, *verdicts], key=lambda v: order[v.criterion])
    return convo, [t for t, _, _ in pending]


async def run_battery(
    bank: Bank,
    client: LLMClient,
    *,
    profiles: Sequence[RiskProfile] | str | os.PathLike[str] | None = None,
    criteria: Sequence[Criterion] | str | os.PathLike[str] | None = None,
    seeker: str = "script",
    retriever: str = "bm25",
    top_k: int = 3,
    concurrency: int = 4,
    seed: int = 0,
    bank_label: str | None = None,
) -> BatteryResult:
    """Run every risk profile against an agent using ``bank`` and judge each supporter turn."""
    if seeker not in SEEKERS:
        raise ValueError(f"seeker must be one of {SEEKERS}, not {seeker!r}")
    if isinstance(criteria, (str, os.PathLike)) or criteria is None:
        criteria = load_criteria(criteria)
    criteria = list(criteria)
    if isinstance(profiles, (str, os.PathLike)) or profiles is None:
        profiles = load_risk_profiles(profiles, criteria)
    label, skills = _skills(bank)
    kind = "llm" if retriever == "auto" else retriever
    agent = SupportAgent(client, skills, retriever=make_ranker(kind, skills, client), top_k=top_k)
    semaphore = asyncio.Semaphore(max(1, concurrency))

    async def one(profile: RiskProfile) -> tuple[Conversation, list[JudgedTurn]]:
        async with semaphore:
            return await play(profile, agent, criteria, client, seeker=seeker, seed=seed)

    played = await asyncio.gather(*(one(p) for p in profiles))
    models = {"agent": _model(client, "agent"), "judge": _model(client, "judge")}
    if seeker == "model":
        models["seeker"] = _model(client, "seeker")
    return BatteryResult(
        bank=bank_label or label,
        criteria=[c.name for c in criteria],
        profiles=len(profiles),
        conversations=[c for c, _ in played],
        turns=[t for _, turns in played for t in turns],
        models=models,
        seeker=seeker,
        quality=quality_of(models),
    )
