"""Dialogue-level SAGE metrics: Sentient score (mean final emotion), Success, Failure."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable
from dataclasses import asdict, dataclass, field
from typing import Any

from esc_skills.data.traces import Trace
from esc_skills.sage.runinfo import RunInfo
from esc_skills.sage.seeker import FAILURE_BELOW, MAX_EMOTION
from esc_skills.sage.usage import UsageSummary, total_usage

SUCCESS_AT = MAX_EMOTION  # Success is reaching the simulator's ceiling


@dataclass
class ProfileScore:
    """One conversation's outcome, for the per-profile table."""

    profile_id: str
    final_emotion: int | None
    end_reason: str
    rounds: int
    main_cha: str | None
    task: str | None
    status: str
    skills_applied: int = 0


@dataclass
class GroupScore:
    """Scores of a subset of conversations (a main_cha group, a hidden task)."""

    sentient_score: float
    success: int
    failure: int
    conversations: int


@dataclass
class Metrics(GroupScore):
    """The SAGE leaderboard figures plus breakdowns; errored conversations are not scored."""

    # The headline four (sentient_score, success, failure, conversations) come from
    # GroupScore and lead the JSON, as before.
    errored: int
    mean_rounds: float
    end_reasons: dict[str, int]
    by_main_cha: dict[str, GroupScore]
    by_task: dict[str, GroupScore]
    per_profile: list[ProfileScore] = field(default_factory=list)
    usage: UsageSummary = field(default_factory=lambda: total_usage(()))
    skills_applied: dict[str, int] = field(default_factory=dict)
    # Bank, models, profiles, and the smoke-model flag and note every output carries.
    run: RunInfo = field(default_factory=RunInfo)

    def to_dict(self, *, per_profile: bool = True) -> dict[str, Any]:
        """A JSON-ready dict (sentient_score is the exact mean; round it for display).

        Only ever dumped to metrics.json, so the dataclass stays the one typed description.
        """
        data = asdict(self)
        if not per_profile:
            data.pop("per_profile")
        return data

    def headline(self) -> str:
        """The leaderboard row, e.g. ``68.2 / 35 / 13``."""
        return f"{self.sentient_score:.1f} / {self.success} / {self.failure}"


def _group(finals: list[int]) -> GroupScore:
    return GroupScore(
        sentient_score=sum(finals) / len(finals) if finals else 0.0,
        success=sum(1 for f in finals if f >= SUCCESS_AT),
        failure=sum(1 for f in finals if f < FAILURE_BELOW),
        conversations=len(finals),
    )


def compute_metrics(traces: Iterable[Trace]) -> Metrics:
    """Score a set of traces; the last trace per profile id wins (a resumed or re-run file)."""
    latest: dict[str, Trace] = {}
    for trace in traces:
        latest[trace.profile_id] = trace
    done = [t for t in latest.values() if t.completed]
    finals = [int(t.final_emotion) for t in done if t.final_emotion is not None]
    overall = _group(finals)

    by_cha: dict[str, list[int]] = defaultdict(list)
    by_task: dict[str, list[int]] = defaultdict(list)
    reasons: dict[str, int] = defaultdict(int)
    applied: dict[str, int] = defaultdict(int)
    per_profile: list[ProfileScore] = []
    for trace in latest.values():
        reasons[trace.end_reason] += 1
        count = 0
        for turn in trace.supporter_turns():
            for name in turn.skills_applied or []:
                applied[name] += 1
                count += 1
        per_profile.append(
            ProfileScore(
                profile_id=trace.profile_id,
                final_emotion=trace.final_emotion if trace.completed else None,
                end_reason=trace.end_reason,
                rounds=trace.rounds,
                main_cha=trace.profile.get("main_cha"),
                task=trace.profile.get("task"),
                status=trace.status,
                skills_applied=count,
            )
        )
        if trace.completed and trace.final_emotion is not None:
            by_cha[str(trace.profile.get("main_cha"))].append(trace.final_emotion)
            by_task[str(trace.profile.get("task"))].append(trace.final_emotion)
    return Metrics(
        sentient_score=overall.sentient_score,
        success=overall.success,
        failure=overall.failure,
        conversations=overall.conversations,
        errored=len(latest) - len(done),
        mean_rounds=sum(t.rounds for t in done) / len(done) if done else 0.0,
        end_reasons=dict(sorted(reasons.items())),
        by_main_cha={k: _group(v) for k, v in sorted(by_cha.items())},
        by_task={k: _group(v) for k, v in sorted(by_task.items())},
        per_profile=per_profile,
        usage=total_usage(t.usage for t in latest.values()),
        run=RunInfo.of(latest.values()),
        skills_applied=dict(sorted(applied.items(), key=lambda kv: (-kv[1], kv[0]))),
    )
