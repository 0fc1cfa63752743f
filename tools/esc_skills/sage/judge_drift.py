"""Judge drift: does the configured seeker judge emotion changes like SAGE's judge did?

A released SAGE log holds, for every seeker turn after the first, the emotion change its
judge (DeepSeek-V3) gave the supporter's last reply. We re-judge a fixed, seeded sample of
those turns with the configured ``seeker`` role — same profile, same conversation up to that
reply, same emotion before it — and compare the two changes. A user learns whether their
judge behaves like SAGE's before paying for a full run.
"""

from __future__ import annotations

import asyncio
import random
from collections.abc import Sequence
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import Any

from esc_skills.data.profiles import Profile
from esc_skills.errors import DataError
from esc_skills.jsonl import read_json_lines
from esc_skills.llm import LLMClient, LLMError
from esc_skills.sage.seeker import MAX_CHANGE, START_EMOTION, Seeker

DEFAULT_SAMPLE = 40


@dataclass(frozen=True)
class JudgedTurn:
    """One seeker turn of a released log: what to re-judge and SAGE's own change."""

    profile: Profile
    history: list[dict[str, str]]
    emotion_before: int
    released_change: int
    where: str  # FILE:LINE#turn, for the report


@dataclass
class TurnResult:
    """SAGE's change and ours for one sampled turn."""

    where: str
    released: int
    ours: int | None
    error: str | None = None


@dataclass
class DriftReport:
    """Agreement between the configured judge and the released one over a sample."""

    log: str
    sampled: int
    judged: int
    errors: int
    mean_abs_diff: float | None
    correlation: float | None
    sign_agreement: float | None
    mean_released: float | None
    mean_ours: float | None
    turns: list[TurnResult] = field(default_factory=list)

    def to_json(self) -> dict[str, Any]:
        """The report as plain JSON (turns included): only ever dumped, so left untyped."""
        return asdict(self)


def _clip(change: object) -> int:
    if not isinstance(change, int | float | str):
        raise TypeError(f"an emotion change must be a number, not {change!r}")
    value = int(change)
    return max(-MAX_CHANGE, min(MAX_CHANGE, value))


def _profile(record: dict[str, Any]) -> Profile:
    return Profile(
        id=str(record["id"]),
        player=str(record.get("player") or ""),
        scene=str(record.get("scene") or ""),
        main_cha=str(record.get("character") or record.get("main_cha") or ""),
        cha_group=[str(c) for c in record.get("cha_group") or []],
        task=str(record.get("task") or ""),
        topic=record.get("topic"),
        source="sage-log",
    )


def _turns_of(record: dict[str, Any], where: str) -> list[JudgedTurn]:
    profile = _profile(record)
    history: list[dict[str, str]] = []
    emotion = START_EMOTION
    out: list[JudgedTurn] = []
    for index, item in enumerate(record["history"]):
        role = "seeker" if item["role"] == "user" else "supporter"
        planning = item.get("planning")
        if role == "seeker" and isinstance(planning, dict) and "change" in planning:
            out.append(
                JudgedTurn(
                    profile, list(history), emotion, _clip(planning["change"]), f"{where}#{index}"
                )
            )
        if role == "seeker" and item.get("emotion-point") is not None:
            emotion = int(item["emotion-point"])
        history.append({"role": role, "content": str(item.get("content", ""))})
    return out


def load_judged_turns(path: Path) -> list[JudgedTurn]:
    """Every re-judgeable seeker turn of a released SAGE log; DataError naming bad lines."""
    if not path.is_file():
        raise DataError(f"{path}: SAGE log not found; pass a released *_result.jsonl file")
    turns: list[JudgedTurn] = []
    for line in read_json_lines(path, what="SAGE log"):
        if line.error:
            raise DataError(f"{path}:{line.number}: {line.detail}")
        record = line.data
        try:
            if not isinstance(record, dict) or not isinstance(record.get("history"), list):
                raise TypeError("expected an object with a history list")
            turns += _turns_of(record, f"{path.name}:{line.number}")
        except (KeyError, TypeError, ValueError, OverflowError) as exc:
            raise DataError(
                f"{path}:{line.number}: not a SAGE result record ({exc}); "
                "expected keys id, history (with role, content, planning.change)"
            ) from None
    if not turns:
        raise DataError(f"{path}: no seeker turn with a judged change (planning.change) in it")
    return turns


def sample_turns(turns: Sequence[JudgedTurn], size: int, seed: int) -> list[JudgedTurn]:
    """A fixed sample: the same ``size`` turns for the same log and seed, in log order."""
    if size >= len(turns):
        return list(turns)
    chosen = sorted(random.Random(seed).sample(range(len(turns)), size))
    return [turns[i] for i in chosen]


def _pearson(xs: Sequence[float], ys: Sequence[float]) -> float | None:
    if len(xs) < 2 or len(set(xs)) < 2 or len(set(ys)) < 2:
        return None  # a constant series has no correlation
    import numpy as np

    return float(np.corrcoef(xs, ys)[0, 1])


def _sign(value: int) -> int:
    return (value > 0) - (value < 0)


def summarise(log: str, results: list[TurnResult]) -> DriftReport:
    """Agreement figures over the turns that were judged."""
    pairs = [(r.released, r.ours) for r in results if r.ours is not None]
    released = [float(a) for a, _ in pairs]
    ours = [float(b) for _, b in pairs]
    n = len(pairs)

    def mean(values: list[float]) -> float | None:
        return round(sum(values) / n, 3) if n else None

    correlation = _pearson(released, ours)
    return DriftReport(
        log=log,
        sampled=len(results),
        judged=n,
        errors=len(results) - n,
        mean_abs_diff=round(sum(abs(a - b) for a, b in pairs) / n, 3) if n else None,
        correlation=None if correlation is None else round(correlation, 3),
        sign_agreement=round(sum(_sign(a) == _sign(b) for a, b in pairs) / n, 3) if n else None,
        mean_released=mean(released),
        mean_ours=mean(ours),
        turns=results,
    )


async def _judge(client: LLMClient, turn: JudgedTurn, seed: int) -> TurnResult:
    # The released logs are Chinese conversations: judge in the profile's own language.
    seeker = Seeker(client, turn.profile, language="profile", seed=seed)
    try:
        judgement = await seeker.judge(turn.history, turn.emotion_before)
    except LLMError as exc:
        return TurnResult(turn.where, turn.released_change, None, str(exc))
    return TurnResult(turn.where, turn.released_change, judgement.change)


async def judge_drift(
    client: LLMClient,
    log: str,
    turns: Sequence[JudgedTurn],
    *,
    sample: int = DEFAULT_SAMPLE,
    seed: int = 0,
) -> DriftReport:
    """Re-judge a seeded sample of a released log's turns and report the agreement."""
    chosen = sample_turns(turns, sample, seed)
    results = await asyncio.gather(*(_judge(client, t, seed) for t in chosen))
    return summarise(log, list(results))


def render_text(report: DriftReport, seeker_model: str) -> str:
    """A short human summary of a drift report."""

    def fmt(value: float | None) -> str:
        return "n/a" if value is None else f"{value:g}"

    lines = [
        f"judge drift: {report.log}, seeker judge {seeker_model} vs the released judge",
        f"  turns judged        {report.judged} of {report.sampled} sampled"
        + (f" ({report.errors} failed)" if report.errors else ""),
        f"  mean |difference|   {fmt(report.mean_abs_diff)}  (changes are in -10..+10)",
        f"  correlation         {fmt(report.correlation)}",
        f"  sign agreement      {fmt(report.sign_agreement)}",
        f"  mean change         released {fmt(report.mean_released)}, ours {fmt(report.mean_ours)}",
    ]
    return "\n".join(lines)
