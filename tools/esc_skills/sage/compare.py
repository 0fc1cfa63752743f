"""Compare two runs profile by profile: paired differences and a seeded bootstrap CI."""

from __future__ import annotations

from dataclasses import asdict, dataclass, field
from typing import Any

import numpy as np

from esc_skills.data.traces import Trace
from esc_skills.sage.metrics import Metrics, compute_metrics


@dataclass
class PairedScore:
    """One profile's final emotion in both runs."""

    profile_id: str
    a: int
    b: int

    @property
    def diff(self) -> int:
        """B minus A."""
        return self.b - self.a


@dataclass
class Comparison:
    """B versus A over the profiles both runs completed."""

    a: Metrics
    b: Metrics
    pairs: list[PairedScore]
    mean_diff: float
    ci_low: float
    ci_high: float
    confidence: float
    resamples: int
    seed: int
    wins: int  # profiles where B ended higher
    losses: int
    ties: int
    only_in_a: list[str] = field(default_factory=list)
    only_in_b: list[str] = field(default_factory=list)

    @property
    def significant(self) -> bool:
        """True when the confidence interval excludes zero."""
        return self.ci_low > 0 or self.ci_high < 0

    def to_dict(self) -> dict[str, Any]:
        """A JSON-ready summary (per-profile pairs included; only ever dumped, so untyped)."""
        return {
            "a": self.a.to_dict(per_profile=False),
            "b": self.b.to_dict(per_profile=False),
            "paired_profiles": len(self.pairs),
            "mean_diff": self.mean_diff,
            "ci_low": self.ci_low,
            "ci_high": self.ci_high,
            "confidence": self.confidence,
            "resamples": self.resamples,
            "seed": self.seed,
            "significant": self.significant,
            "wins": self.wins,
            "losses": self.losses,
            "ties": self.ties,
            "only_in_a": self.only_in_a,
            "only_in_b": self.only_in_b,
            "pairs": [{**asdict(p), "diff": p.diff} for p in self.pairs],
        }


def _finals(traces: list[Trace]) -> dict[str, int]:
    latest: dict[str, Trace] = {t.profile_id: t for t in traces}
    return {
        pid: int(t.final_emotion)
        for pid, t in latest.items()
        if t.completed and t.final_emotion is not None
    }


def bootstrap_ci(
    diffs: list[int] | list[float],
    *,
    resamples: int = 10000,
    confidence: float = 0.95,
    seed: int = 0,
) -> tuple[float, float]:
    """Percentile bootstrap CI of the mean of paired differences."""
    if not diffs:
        return 0.0, 0.0
    values = np.asarray(diffs, dtype=float)
    rng = np.random.default_rng(seed)
    picks = rng.integers(0, len(values), size=(resamples, len(values)))
    means = values[picks].mean(axis=1)
    tail = (1 - confidence) / 2 * 100
    low, high = np.percentile(means, [tail, 100 - tail])
    return float(low), float(high)


def compare_runs(
    a: list[Trace],
    b: list[Trace],
    *,
    resamples: int = 10000,
    confidence: float = 0.95,
    seed: int = 0,
) -> Comparison:
    """Pair the runs by profile id; the CI is over the mean of B - A."""
    fa, fb = _finals(a), _finals(b)
    shared = sorted(set(fa) & set(fb))
    pairs = [PairedScore(pid, fa[pid], fb[pid]) for pid in shared]
    diffs = [p.diff for p in pairs]
    low, high = bootstrap_ci(diffs, resamples=resamples, confidence=confidence, seed=seed)
    return Comparison(
        a=compute_metrics(a),
        b=compute_metrics(b),
        pairs=pairs,
        mean_diff=sum(diffs) / len(diffs) if diffs else 0.0,
        ci_low=low,
        ci_high=high,
        confidence=confidence,
        resamples=resamples,
        seed=seed,
        wins=sum(1 for d in diffs if d > 0),
        losses=sum(1 for d in diffs if d < 0),
        ties=sum(1 for d in diffs if d == 0),
        only_in_a=sorted(set(fa) - set(fb)),
        only_in_b=sorted(set(fb) - set(fa)),
    )
