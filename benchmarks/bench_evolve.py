"""Model calls for verifying one candidate, against the naive count, on the fake backend.

Naive: every attempt recomputes the baseline and all attempts run even once the decision
is known: attempts x (baseline run + candidate run). Ours: the baseline once (cached across
candidates that share bank, profiles and seed), attempts stop once a version passes, and a
rerun answers from the LLM cache.

Run: /work/venv/bin/python benchmarks/bench_evolve.py [--profiles 15] [--rounds 10]
"""

from __future__ import annotations

import argparse
import asyncio
import os
import shutil
import sys
import tempfile
import time
from collections.abc import Sequence
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))  # the tests' repo builders

from tests.evolve.helpers import (
    GOOD,
    build_loop,
    make_repo,
    write_profiles,
    write_traces_for,
)

SKILL = "exam-stress-coaching"
MAX_ATTEMPTS = 3


class Counting:
    """Wraps the simulator: how many backend calls each bank's run made."""

    def __init__(self, inner: Any, backend: Any) -> None:
        self.inner, self.backend = inner, backend
        self.runs: list[tuple[str, int]] = []

    def signature(self) -> str:
        """The wrapped simulator's signature (keeps the baseline cache key)."""
        return str(self.inner.signature())

    async def run(
        self, profile_ids: Sequence[str], skills: Sequence[Any], *, out: Path, seed: int
    ) -> Any:
        """Run and record the calls it took."""
        before = len(self.backend.calls)
        traces = await self.inner.run(profile_ids, skills, out=out, seed=seed)
        kind = "baseline" if out.name.startswith("baseline") else out.parent.name
        self.runs.append((kind, len(self.backend.calls) - before))
        return traces


def one_pass(
    tmp: Path, marker: str, n: int, rounds: int, cache: Path | None, max_new: int = 0
) -> dict[str, Any]:
    """A fresh repository; propose the refinement, then verify it. Counts backend calls.

    Without ``cache`` every request reaches the backend, so the count is the algorithm's own.
    """
    from esc_skills.evolve.conversations import load_conversations

    tmp.mkdir(parents=True)
    make_repo(tmp)
    write_traces_for(tmp / "traces.jsonl", write_profiles(tmp / "profiles.jsonl", n))
    loop, backend = build_loop(
        tmp, {SKILL: marker}, max_rounds=rounds, cache=cache, max_new=max_new, n_profiles=n
    )
    conversations = load_conversations([tmp / "traces.jsonl"])
    bank = loop.landing.base_bank(loop.landing.base_tip())

    async def propose() -> None:
        await loop.propose(conversations, await loop.analyse(conversations, bank), bank)

    asyncio.run(propose())
    proposal_calls = len(backend.calls)
    counting = Counting(loop.simulator, backend)
    loop.simulator = counting
    started = time.perf_counter()
    decision = ", ".join(d for _, d in asyncio.run(loop.verify()))
    return {
        "decision": decision,
        "runs": counting.runs,
        "seconds": time.perf_counter() - started,
        "verify_calls": len(backend.calls) - proposal_calls,
        "generator_calls": sum(c.role == "generator" for c in backend.calls[proposal_calls:]),
    }


def scenario(title: str, marker: str, n: int, rounds: int) -> None:
    """Measure one candidate, then a fully cached rerun in a new repository."""
    tmp = Path(tempfile.mkdtemp(prefix="bench-evolve-"))
    try:
        cache = tmp / "llm-cache.sqlite"
        first = one_pass(tmp / "a", marker, n, rounds, None)
        one_pass(tmp / "b", marker, n, rounds, cache)  # fills the LLM cache
        rerun = one_pass(tmp / "c", marker, n, rounds, cache)
    finally:
        shutil.rmtree(tmp, ignore_errors=True)
    runs = dict(first["runs"])
    baseline = runs.get("baseline", 0)
    attempts = [calls for kind, calls in first["runs"] if kind != "baseline"]
    per_attempt = sum(attempts) / len(attempts)
    naive = MAX_ATTEMPTS * (baseline + per_attempt) + first["generator_calls"]
    ours = first["verify_calls"]
    print(
        f"\n{title}: {first['decision']} after {len(attempts)} attempt(s), {first['seconds']:.1f} s"
    )
    print(
        f"  baseline run: {baseline} calls (once); candidate runs: {attempts}; "
        f"regeneration: {first['generator_calls']} generator calls"
    )
    print(f"  naive ({MAX_ATTEMPTS} x (baseline + candidate) + regeneration): {naive:.0f} calls")
    print(f"  ours: {ours} calls -> {100 * (1 - ours / naive):.0f}% fewer")
    print(
        f"  fully cached rerun (new repo and state, same LLM cache): {rerun['verify_calls']} "
        f"calls, decision {rerun['decision']}"
    )


def shared_baseline(n: int, rounds: int) -> None:
    """Two candidates on the same bank, profiles and seed: the second reuses the baseline."""
    tmp = Path(tempfile.mkdtemp(prefix="bench-evolve-"))
    try:
        result = one_pass(tmp / "a", GOOD, n, rounds, None, max_new=1)
    finally:
        shutil.rmtree(tmp, ignore_errors=True)
    baselines = [calls for kind, calls in result["runs"] if kind == "baseline"]
    print(f"\ntwo candidates (a refinement and a new skill), same profiles: {result['decision']}")
    print(f"  baseline runs: {baselines} calls (the second comes from the baseline cache)")


def main() -> None:
    """Print the figures for an accepted and a rejected candidate."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--profiles", type=int, default=15)
    parser.add_argument("--rounds", type=int, default=10)
    args = parser.parse_args()
    for key in ("GIT_AUTHOR_NAME", "GIT_COMMITTER_NAME"):  # the throwaway repos need an author
        os.environ.setdefault(key, "bench")
    for key in ("GIT_AUTHOR_EMAIL", "GIT_COMMITTER_EMAIL"):
        os.environ.setdefault(key, "bench@example.invalid")
    bound = args.profiles * args.rounds * 3 * MAX_ATTEMPTS * 2
    print(
        f"{args.profiles} profiles, at most {args.rounds} rounds, 3 calls per round "
        f"(agent, seeker judgement, seeker reply); formula bound for the naive way "
        f"{args.profiles}x{args.rounds}x3x{MAX_ATTEMPTS}x2 = {bound} calls"
    )
    scenario("better candidate", GOOD, args.profiles, args.rounds)
    scenario("candidate no better than the bank", "", args.profiles, args.rounds)
    shared_baseline(args.profiles, args.rounds)


if __name__ == "__main__":
    main()
