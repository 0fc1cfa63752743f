"""The acceptance rule: paired per-profile differences, a bootstrap interval, the decision."""

from __future__ import annotations

import random
from collections.abc import Mapping, Sequence
from dataclasses import asdict, dataclass
from typing import Any

SUCCESS = 100  # SAGE: a conversation that ends at 100 is a Success
FAILURE = 10  # and one that ends below 10 a Failure


@dataclass(frozen=True)
class Rule:
    """When a candidate is accepted (the paper's rule plus two optional guards)."""

    max_attempts: int = 3
    min_improvement: float = 0.0  # the mean must rise by MORE than this (0 = strictly improves)
    require_no_new_failures: bool = False

    def to_dict(self) -> dict[str, Any]:
        """Plain JSON form."""
        return asdict(self)


def summary(finals: Sequence[int]) -> dict[str, Any]:
    """Mean final emotion, Successes and Failures of a set of conversations."""
    n = len(finals)
    return {
        "conversations": n,
        "mean": round(sum(finals) / n, 3) if n else 0.0,
        "success": sum(f >= SUCCESS for f in finals),
        "failure": sum(f < FAILURE for f in finals),
    }


def paired(baseline: Mapping[str, int], candidate: Mapping[str, int]) -> list[dict[str, Any]]:
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
) -> dict[str, Any]:
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


def judge(baseline: Mapping[str, int], candidate: Mapping[str, int], rule: Rule) -> dict[str, Any]:
    """One attempt against the baseline on the same profiles and seeds."""
    pairs = paired(baseline, candidate)
    base = summary([p["baseline"] for p in pairs])
    cand = summary([p["candidate"] for p in pairs])
    improvement = round(cand["mean"] - base["mean"], 3)
    new_failures = [p["profile_id"] for p in pairs if p["candidate"] < FAILURE <= p["baseline"]]
    all_success = bool(pairs) and cand["success"] == len(pairs)
    guard = not (rule.require_no_new_failures and new_failures)
    improves = improvement > rule.min_improvement
    return {
        **cand,
        "improvement": improvement,
        "new_failures": new_failures,
        "all_success": all_success,
        "accepted": bool(pairs) and guard and (all_success or improves),
    }


def decide(attempts: Sequence[dict[str, Any]], rule: Rule) -> str | None:
    """ "accepted" once an attempt passes, "rejected" after the last attempt, None to go on."""
    if any(a["accepted"] for a in attempts):
        return "accepted"
    return "rejected" if len(attempts) >= rule.max_attempts else None


def best_attempt(attempts: Sequence[dict[str, Any]]) -> int:
    """The 1-based number of the accepted attempt, else the one with the highest mean."""
    accepted = [i for i, a in enumerate(attempts) if a["accepted"]]
    pick = accepted[0] if accepted else max(range(len(attempts)), key=lambda i: attempts[i]["mean"])
    return pick + 1
