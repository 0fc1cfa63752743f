"""Model calls for verifying candidates on the fake backend, and what each saving is worth.

The naive loop here is a sensible one: each candidate's baseline is run once and its
attempts stop as soon as the decision is known. Against it, the figures say separately what
(1) reusing one baseline across candidates with the same bank, profiles and seed, (2) the LLM
cache on a rerun, save, in calls; and (3) what early stopping saves against a loop that
always runs every attempt (the sensible naive loop already stops early, so it is no saving
over it). Two candidates: a refinement that helps (accepted at once) and a new skill that
hurts (rejected after every attempt), verified on the same profiles.

Run: /work/main/.venv/bin/python benchmarks/bench_evolve.py [--profiles 15] [--rounds 10]
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
    BAD,
    GOOD,
    build_loop,
    make_repo,
    write_profiles,
    write_traces_for,
)

SKILL, NEW = "exam-stress-coaching", "practical-advice-support"
MARKERS = {NEW: BAD, SKILL: GOOD}  # the harmful one first: it wins when both are loaded
MAX_ATTEMPTS = 3


class Counting:
    """Wraps the simulator: the backend calls of each run, by candidate and kind."""

    def __init__(self, inner: Any, backend: Any) -> None:
        self.inner, self.backend = inner, backend
        self.runs: list[tuple[str, str, int]] = []  # (candidate or "", kind, calls)

    def signature(self) -> str:
        """The wrapped simulator's signature (keeps the baseline cache key)."""
        return str(self.inner.signature())

    async def run(
        self, profile_ids: Sequence[str], skills: Sequence[Any], *, out: Path, seed: int
    ) -> Any:
        """Run and record the calls it took."""
        before = len(self.backend.calls)
        traces = await self.inner.run(profile_ids, skills, out=out, seed=seed)
        if out.name.startswith("baseline"):
            who, kind = "", "baseline"
        else:  # <state>/<run>/verify/<skill>/<content>/attempt-N/traces.jsonl
            who, kind = out.parents[2].name, out.parent.name
        self.runs.append((who, kind, len(self.backend.calls) - before))
        return traces


def one_pass(tmp: Path, n: int, rounds: int, cache: Path | None) -> dict[str, Any]:
    """A fresh repository; propose both candidates, then verify them. Counts backend calls.

    Without ``cache`` every request reaches the backend, so the count is the algorithm's own.
    """
    from esc_skills.evolve.conversations import load_conversations

    tmp.mkdir(parents=True)
    make_repo(tmp)
    write_traces_for(tmp / "traces.jsonl", write_profiles(tmp / "profiles.jsonl", n))
    loop, backend = build_loop(
        tmp, MARKERS, max_rounds=rounds, cache=cache, max_new=1, n_profiles=n
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
    decisions = {b.rsplit("/", 1)[1]: d for b, d in asyncio.run(loop.verify())}
    return {
        "decisions": decisions,
        "runs": counting.runs,
        "seconds": time.perf_counter() - started,
        "verify_calls": len(backend.calls) - proposal_calls,
        "generator_calls": sum(c.role == "generator" for c in backend.calls[proposal_calls:]),
    }


def main() -> None:
    """Print the calls of one pass and what each saving is worth."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--profiles", type=int, default=15)
    parser.add_argument("--rounds", type=int, default=10)
    args = parser.parse_args()
    for key in ("GIT_AUTHOR_NAME", "GIT_COMMITTER_NAME"):  # the throwaway repos need an author
        os.environ.setdefault(key, "bench")
    for key in ("GIT_AUTHOR_EMAIL", "GIT_COMMITTER_EMAIL"):
        os.environ.setdefault(key, "bench@example.invalid")
    tmp = Path(tempfile.mkdtemp(prefix="bench-evolve-"))
    try:
        cache = tmp / "llm-cache.sqlite"
        first = one_pass(tmp / "a", args.profiles, args.rounds, None)
        one_pass(tmp / "b", args.profiles, args.rounds, cache)  # fills the LLM cache
        rerun = one_pass(tmp / "c", args.profiles, args.rounds, cache)
    finally:
        shutil.rmtree(tmp, ignore_errors=True)
    baselines = [calls for _, kind, calls in first["runs"] if kind == "baseline"]
    attempts: dict[str, list[int]] = {}
    for who, kind, calls in first["runs"]:
        if kind != "baseline":
            attempts.setdefault(who, []).append(calls)
    ours = first["verify_calls"]
    reused = sum(max(baselines) - b for b in baselines)  # baseline runs answered from file
    sensible = ours + reused
    regen_per_attempt = first["generator_calls"] / max(
        1, sum(len(a) - 1 for a in attempts.values())
    )
    no_stop = sum(
        (MAX_ATTEMPTS - len(runs)) * (sum(runs) / len(runs) + regen_per_attempt)
        for runs in attempts.values()
    )
    print(f"{args.profiles} profiles, at most {args.rounds} rounds; verification of 2 candidates")
    print(f"  decisions: {first['decisions']} in {first['seconds']:.1f} s")
    print(f"  baseline runs: {baselines} calls; attempt runs: {attempts}; "
          f"regeneration: {first['generator_calls']} generator calls")  # fmt: skip
    print(f"  sensible naive loop (own baseline per candidate, stop when decided): {sensible}")
    print(f"  ours, first run: {ours} calls")
    print(f"  (1) baseline reuse across candidates saves {reused} calls "
          f"({100 * reused / sensible:.0f}% of the sensible naive loop)")  # fmt: skip
    cached = rerun["verify_calls"]
    print(f"  (2) the LLM cache: a fully cached rerun (new repository and state, same cache) "
          f"makes {cached} calls, saving {ours - cached}; on GitHub actions/cache restores "
          "the same cache file, keyed by bank digest and settings")  # fmt: skip
    print(
        f"  (3) early stopping saves {no_stop:.0f} calls against a loop that always runs "
        f"{MAX_ATTEMPTS} attempts; none over the sensible naive loop (it stops too)"
    )
    print(f"  decisions of the cached rerun: {rerun['decisions']}")


if __name__ == "__main__":
    main()
