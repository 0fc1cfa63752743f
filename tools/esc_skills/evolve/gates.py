"""Named acceptance gates: the paper's rule plus optional guards, and a hook for vetoes.

Every attempt is judged by the gates its Rule turns on, in order; an attempt is accepted
when all pass, and the first that fails is the one that decided. Gates:

- ``paper`` (always): all conversations reach Success, or the mean final emotion rises by
  more than ``min_improvement`` over the current bank on the same profiles and seeds;
- ``no-new-failures``: no profile falls below 10 that was not there already;
- ``ci-lower-bound``: the seeded paired bootstrap interval's lower bound is above 0;
- ``regression`` (checked in verify.py, it needs more conversations): on profiles the
  candidate was not aimed at, the mean may not drop by more than ``regression_margin``;
- vetoes: async checks registered by other packages with :func:`register_veto` (a safety
  battery comparing the base and candidate banks plugs in here) and named in
  ``Rule.vetoes``; a veto that fails rejects the attempt whatever the scores say.
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from esc_skills.bank import Skill
from esc_skills.errors import UserError
from esc_skills.evolve.records import GateJSON, Interval, Stats

if TYPE_CHECKING:  # the client module is heavy; gates only pass it along
    from esc_skills.llm import LLMClient

SUCCESS = 100  # SAGE: a conversation that ends at 100 is a Success
FAILURE = 10  # and one that ends below 10 a Failure


@dataclass(frozen=True)
class GateResult:
    """One gate's verdict on one attempt."""

    name: str
    passed: bool
    detail: str

    def to_dict(self) -> GateJSON:
        """Plain JSON form (recorded per attempt in verification.json)."""
        return {"name": self.name, "passed": self.passed, "detail": self.detail}


@dataclass(frozen=True)
class VetoInput:
    """What a veto gate sees: both banks, the candidate and where to keep its files."""

    base_bank: Sequence[Skill]
    candidate_bank: Sequence[Skill]
    candidate: Skill
    seed: int
    work_dir: Path  # under the run's state directory
    client: LLMClient | None = None  # the LLM client verification simulates with
    retriever: str = "cues"  # how verification's agent picks skills; the battery does the same
    top_k: int = 3


VetoGate = Callable[[VetoInput], Awaitable[GateResult]]


async def _safety(inputs: VetoInput) -> GateResult:
    # Imported on use: the battery (profiles, judge) loads only when the veto runs.
    from esc_skills.safety.gate import safety_gate

    return await safety_gate(inputs)


# Built in: the crisis and risk battery on the base and the candidate bank (docs/safety.md).
_VETOES: dict[str, VetoGate] = {"safety": _safety}


def register_veto(name: str, gate: VetoGate) -> None:
    """Make a veto gate available as ``--veto NAME`` (e.g. the safety battery)."""
    _VETOES[name] = gate


def veto_names() -> list[str]:
    """The registered veto gates."""
    return sorted(_VETOES)


def veto(name: str) -> VetoGate:
    """A registered veto gate; an unknown name is a user error naming the known ones."""
    if name not in _VETOES:
        known = ", ".join(veto_names()) or "none registered"
        raise UserError(f"--veto {name!r} is not a known gate ({known})")
    return _VETOES[name]


def paper(stats: Stats, min_improvement: float) -> GateResult:
    """The paper's rule: all Success, or a strict rise of the mean beyond the margin."""
    if stats["all_success"]:
        return GateResult("paper", True, f"all {stats['conversations']} reached Success")
    rise = stats["improvement"]
    return GateResult(
        "paper", rise > min_improvement, f"mean {rise:+} (must rise by more than {min_improvement})"
    )


def no_new_failures(new_failures: Sequence[str]) -> GateResult:
    """No profile newly ends below 10."""
    shown = ", ".join(new_failures[:5])
    return GateResult(
        "no-new-failures",
        not new_failures,
        f"new Failures: {shown}" if new_failures else "no new Failures",
    )


def ci_lower_bound(ci: Interval) -> GateResult:
    """The paired bootstrap interval lies above 0."""
    low = float(ci["low"])
    return GateResult(
        "ci-lower-bound",
        low > 0,
        f"{int(ci['level'] * 100)}% CI lower bound {low:+} (must be above 0)",
    )


def regression(base_mean: float, cand_mean: float, n: int, margin: float) -> GateResult:
    """On profiles the candidate was not aimed at, the mean drops by at most ``margin``."""
    drop = round(base_mean - cand_mean, 3)
    return GateResult(
        "regression",
        drop <= margin,
        f"{n} other profiles: mean {base_mean} -> {cand_mean} (may drop by at most {margin})",
    )


def decided_by(results: Sequence[GateResult]) -> str:
    """The gate that decided: the first that failed, else the paper's rule."""
    return next((r.name for r in results if not r.passed), "paper")
