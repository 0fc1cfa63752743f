"""Conversations the evolution loop reads: our traces or imported SAGE logs, one view of both."""

from __future__ import annotations

import os
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path

from esc_skills.data.profiles import MAIN_CHA
from esc_skills.data.sage_logs import import_sage_log, is_sage_log
from esc_skills.data.traces import Trace, read_traces
from esc_skills.errors import DataError
from esc_skills.names import skill_name

# The eight SAGE hidden goals (profile ``task``), as short English slugs and needs.
GOALS: dict[str, tuple[str, str]] = {
    "你想获得能真实帮助你解决当下困境的建议": ("practical-advice", "wants practical advice"),
    "你希望对方深刻共情你的感受，而不是简单的安慰": (
        "deep-empathy",
        "wants deep empathy, not mere comfort",
    ),
    "你希望对方真诚地夸奖你在事件中的具体行为": (
        "specific-praise",
        "wants sincere praise of specific actions",
    ),
    "你希望对方引导你针对事件进行自我反思，收获自我成长": (
        "guided-self-reflection",
        "wants to be guided to self-reflect and grow",
    ),
    "你希望对方用心倾听你的情绪宣泄": (
        "listening-to-venting",
        "wants to be listened to while venting",
    ),
    "你希望对方辩证地分析事件中的问题": (
        "dialectical-analysis",
        "wants a dialectical analysis of the problem",
    ),
    "你想分析事件中其他人物这么做的原因": (
        "understanding-others-motives",
        "wants to understand why others acted as they did",
    ),
    "你认为自己在事件中没有任何责任和错误，你想要对方也认同你没有错": (
        "affirming-blamelessness",
        "wants agreement that they did nothing wrong",
    ),
}


def temperament(trace: Trace) -> str | None:
    """The profile's temperament in English (negative, passive, avoidant) when it is known."""
    raw = trace.profile.get("main_cha")
    return MAIN_CHA.get(raw, raw) if isinstance(raw, str) else None


def goal_of(trace: Trace) -> tuple[str, str]:
    """The hidden goal of a conversation's profile as (slug, English need)."""
    task = str(trace.profile.get("task") or "")
    if task in GOALS:
        return GOALS[task]
    for slug, need in GOALS.values():  # a translated profile states the goal in English
        if task.strip().lower() == need:
            return slug, need
    # 40 characters leave room for the "-support" a missing-skill name adds.
    slug = skill_name(task, fallback="unstated-goal", max_length=40)
    return slug, task or "no hidden goal recorded"


@dataclass(frozen=True)
class Step:
    """One supporter reply and the seeker's judgement of it."""

    supporter_turn: int
    seeker_turn: int
    skills: tuple[str, ...]
    change: int
    emotion: int
    goal_unmet: bool


_UNMET = ("没有", "未能", "未", "并不", "不符合", "偏离", "not ", "didn't", "did not", "fail")


def steps(trace: Trace) -> list[Step]:
    """Each supporter reply paired with the change the seeker felt right after it."""
    out: list[Step] = []
    last_supporter = None
    for turn in trace.turns:
        if turn.role == "supporter":
            last_supporter = turn
        elif last_supporter is not None and turn.change is not None:
            thoughts = turn.thoughts or {}
            unmet_text = str(thoughts.get("target_completion", "")).lower()
            out.append(
                Step(
                    supporter_turn=last_supporter.index,
                    seeker_turn=turn.index,
                    skills=tuple(last_supporter.skills_applied or ()),
                    change=int(turn.change),
                    emotion=int(turn.emotion if turn.emotion is not None else 0),
                    goal_unmet=any(cue in unmet_text for cue in _UNMET),
                )
            )
            last_supporter = None
    return out


def load_conversations(paths: Iterable[str | os.PathLike[str]]) -> list[Trace]:
    """Completed conversations from trace files and SAGE result logs (format sniffed)."""
    traces: list[Trace] = []
    for raw in paths:
        path = Path(raw)
        if not path.is_file():
            raise DataError(
                f"{path}: no such trace file; pass a file written by `esc-skills "
                "simulate` / `eval sage`, or a SAGE *_result.jsonl log"
            )
        loaded = import_sage_log(path) if is_sage_log(path) else read_traces(path)
        traces.extend(t for t in loaded if t.completed)
    return traces


def transcript(trace: Trace, *, max_chars: int = 6000) -> str:
    """A compact numbered transcript with emotions, changes and applied skills, for prompts."""
    lines = []
    for turn in trace.turns:
        if turn.role == "seeker":
            mood = f" [emotion {turn.emotion}" + (
                f", change {turn.change:+d}]" if turn.change is not None else "]"
            )
            thought = (turn.thoughts or {}).get("analyse") or ""
            extra = f"\n    (inner: {thought[:200]})" if thought else ""
            lines.append(f"T{turn.index} seeker{mood}: {turn.content}{extra}")
        else:
            used = ", ".join(turn.skills_applied or ()) or "none"
            lines.append(f"T{turn.index} supporter [skills: {used}]: {turn.content}")
    text = "\n".join(lines)
    return text if len(text) <= max_chars else text[: max_chars - 20] + "\n... (truncated)"
