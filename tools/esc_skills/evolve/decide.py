"""The acceptance rule: paired per-profile differences, a bootstrap interval, the decision."""

from __future__ import annotations

import random
from collections.abc import Mapping, Sequence
from dataclasses import asdict, dataclass, fields
from typing import Any, cast

from esc_skills.evolve import gates
from esc_skills.evolve.gates import FAILURE, SUCCESS
from esc_skills.evolve.records import Attempt, Interval, Judged, Pair, RuleJSON, Stats, Summary

__all__ = ["FAILURE", "SUCCESS", "Rule", "best_attempt", "bootstrap_ci", "decide", "judge"]


@dataclass(frozen=True)
class Rule:
    """When a candidate is accepted: the paper's rule plus the optional gates (gates.py)."""

    max_attempts: int = 3
    min_improvement: float = 0.0  # the mean must rise by MORE than this (0 = strictly improves)
    require_no_new_failures: bool = False
    require_ci_above_zero: bool = False  # the paired bootstrap CI's lower bound must be > 0
    regression_profiles: int = 0  # profiles the candidate was not aimed at (0: no check)
    regression_margin: float = 0.0  # how far their mean may drop
    vetoes: tuple[str, ...] = ()  # registered veto gates (gates.register_veto), e.g. safety

    def to_dict(self) -> RuleJSON:
        """Plain JSON form."""
        data = asdict(self)
        data["vetoes"] = list(self.vetoes)
        return cast(RuleJSON, data)  # the fields are RuleJSON's keys

    @classmethod
    def from_dict(cls, raw: Mapping[str, Any]) -> Rule:
        """The rule named by ``raw``'s keys; other keys (CLI flags, newer versions) are skipped."""
        known = {f.name for f in fields(cls)}
        kept = {k: v for k, v in raw.items() if k in known}
        kept["vetoes"] = tuple(kept.get("vetoes", ()))
        return cls(**kept)


def summary(finals: Sequence[int]) -> Summary:
    """Mean final emotion, Successes and Failures of a set of conversations."""
    n = len(finals)
    return {
        "conversations": n,
        "mean": round(sum(finals) / n, 3) if n else 0.0,
        "success": sum(f >= SUCCESS for f in finals),
        "failure": sum(f < FAILURE for f in finals),
    }


def paired(baseline: Mapping[str, int], candidate: Mapping[str, int]) -> list[Pair]:
    """Per-profile final emotions of both banks and their difference (candidate - baseline)."""
    return [
        {
            "profile_id": p,
            "baseline": baseline[p],
            "candidate": candidate[p],
            "diff": candidate[p] - baseline[p],
        }
        for p in baseline
        if p in candidate
    ]


def bootstrap_ci(
    diffs: Sequence[float], *, seed: int = 0, resamples: int = 2000, level: float = 0.95
) -> Interval:
    """Percentile bootstrap interval of the mean paired difference (seeded, reproducible)."""
    if not diffs:
        return {"level": level, "low": 0.0, "high": 0.0, "resamples": 0, "seed": seed}
    rng = random.Random(seed)
    n = len(diffs)
    means = sorted(sum(rng.choice(diffs) for _ in range(n)) / n for _ in range(resamples))
    tail = (1 - level) / 2
    low = means[int(tail * (resamples - 1))]
    high = means[int((1 - tail) * (resamples - 1))]
    return {
        "level": level,
        "low": round(low, 3),
        "high": round(high, 3),
        "resamples": resamples,
        "seed": seed,
    }


def judge(
    baseline: Mapping[str, int], candidate: Mapping[str, int], rule: Rule, *, seed: int = 0
) -> Judged:
    """One attempt against the baseline on the same profiles and seeds, through the gates."""
    pairs = paired(baseline, candidate)
    base = summary([p["baseline"] for p in pairs])
    cand = summary([p["candidate"] for p in pairs])
    stats: Stats = {
        **cand,
        "improvement": round(cand["mean"] - base["mean"], 3),
        "new_failures": [
            p["profile_id"] for p in pairs if p["candidate"] < FAILURE <= p["baseline"]
        ],
        "all_success": bool(pairs) and cand["success"] == len(pairs),
        "ci": bootstrap_ci([p["diff"] for p in pairs], seed=seed),
    }
    results = [gates.paper(stats, rule.min_improvement)]
    if rule.require_no_new_failures:
        results.append(gates.no_new_failures(stats["new_failures"]))
    if rule.require_ci_above_zero:
        results.append(gates.ci_lower_bound(stats["ci"]))
    return with_gates(stats, results, has_pairs=bool(pairs))


def with_gates(
    stats: Stats, results: Sequence[gates.GateResult], *, has_pairs: bool = True
) -> Judged:
    """An attempt's record with its gates, whether it passed, and which gate decided."""
    return {
        **stats,
        "gates": [r.to_dict() for r in results],
        "decided_by": gates.decided_by(results),
        "accepted": has_pairs and all(r.passed for r in results),
    }


def scores_of(judged: Judged) -> Stats:
    """An attempt's scores without its gates (to judge them again with more gates)."""
    return {
        "conversations": judged["conversations"],
        "mean": judged["mean"],
        "success": judged["success"],
        "failure": judged["failure"],
        "improvement": judged["improvement"],
        "new_failures": judged["new_failures"],
        "all_success": judged["all_success"],
        "ci": judged["ci"],
    }


def decide(attempts: Sequence[Attempt], rule: Rule) -> str | None:
    """ "accepted" once an attempt passes, "rejected" after the last attempt, None to go on."""
    if any(a["accepted"] for a in attempts):
        return "accepted"
    return "rejected" if len(attempts) >= rule.max_attempts else None


def best_attempt(attempts: Sequence[Attempt]) -> int:
    """The 1-based number of the accepted attempt, else the one with the highest mean."""
    accepted = [i for i, a in enumerate(attempts) if a["accepted"]]
    pick = accepted[0] if accepted else max(range(len(attempts)), key=lambda i: attempts[i]["mean"])
    return pick + 1
