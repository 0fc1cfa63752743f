"""Embedded-model speed: the demo's simulation step without and with prompt-prefix reuse.

Runs exactly the `esc-skills simulate` command `esc-skills demo` runs (same profiles, rounds,
bank, retriever and model), each variant in a fresh process with the response cache off, and
prints per variant: model calls, prompt tokens, prompt tokens actually evaluated (the rest
were reused from a saved llama.cpp state), output tokens and seconds. Target: the prefix
cache makes the step at least 3x faster. The answers must not change, so the script also
says whether both variants wrote the same conversations.

    .venv/bin/python benchmarks/bench_local.py [--profiles 2] [--rounds 3] [--variants off,on]
"""

from __future__ import annotations

import argparse
import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

from esc_skills.cli.demo import plan_steps
from esc_skills.llm.local_prefix import PROMPT_CACHE_ENV
from esc_skills.paths import resolve_data_dir
from esc_skills.sage.trace import read_traces
from esc_skills.sage.usage import total_usage

SIMULATE_TITLE = "Simulate"


def simulate_args(out: Path, *, profiles: int, rounds: int, model: str) -> list[str]:
    """The demo's simulation step, writing its traces to ``out``, without the response cache."""
    steps = plan_steps(
        data_dir=resolve_data_dir(None), out=out, model=model, profiles=profiles, rounds=rounds
    )
    step = next(s for s in steps if s.title.startswith(SIMULATE_TITLE))
    args = list(step.args)
    args[args.index("--out") + 1] = str(out / "traces.jsonl")
    return [*args, "--no-cache"]


def run_variant(args: list[str], *, prefix_cache: bool) -> dict[str, Any]:
    """Run the step in a fresh process; its figures come from the traces it wrote."""
    out = Path(args[args.index("--out") + 1])
    env = {**os.environ, PROMPT_CACHE_ENV: "1" if prefix_cache else "0"}
    command = [sys.executable, "-c", "from esc_skills.cli.main import cli; cli()", *args]
    started = time.perf_counter()
    done = subprocess.run(command, env=env, capture_output=True, text=True, check=False)
    seconds = time.perf_counter() - started
    if done.returncode != 0:
        sys.exit(f"simulate failed (exit {done.returncode}):\n{done.stderr[-2000:]}")
    traces = read_traces(out)
    usage = total_usage(t.usage for t in traces)
    replies = [(t.profile_id, [turn.content for turn in t.turns]) for t in traces]
    return {
        "seconds": seconds,
        "usage": usage,
        "replies": sorted(replies),
        "errored": sum(1 for t in traces if not t.completed),
    }


def load_average() -> str:
    """The 1-minute load average and the core count (the machine may be shared)."""
    try:
        one = os.getloadavg()[0]
    except OSError:
        return "load unknown"
    return f"load {one:.2f} on {os.cpu_count()} cores"


def main() -> None:
    """Run the variants once each and print the table."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--profiles", type=int, default=2)
    parser.add_argument("--rounds", type=int, default=3)
    parser.add_argument("--model", default="local/smollm2")
    parser.add_argument("--variants", default="off,on", help="off and/or on, in run order")
    opts = parser.parse_args()
    results: dict[str, dict[str, Any]] = {}
    with tempfile.TemporaryDirectory(prefix="bench-local-") as tmp:
        for variant in opts.variants.split(","):
            out = Path(tmp) / variant
            args = simulate_args(out, profiles=opts.profiles, rounds=opts.rounds, model=opts.model)
            print(f"[{variant}] {load_average()} at start: esc-skills {' '.join(args)}", flush=True)
            results[variant] = run_variant(args, prefix_cache=variant == "on")
    print(f"\n{opts.profiles} profiles x {opts.rounds} rounds on {opts.model}; {load_average()}")
    head = ("prefix cache", "calls", "prompt tokens", "evaluated", "output tokens", "errored", "s")
    print("{:<13} {:>6} {:>14} {:>10} {:>14} {:>8} {:>8}".format(*head))
    for variant, r in results.items():
        u = r["usage"]
        print(
            f"{variant:<13} {u['calls']:>6} {u['input_tokens']:>14,} "
            f"{u['input_tokens'] - u['cached_tokens']:>10,} {u['output_tokens']:>14,} "
            f"{r['errored']:>8} {r['seconds']:>8.1f}"
        )
    if {"off", "on"} <= results.keys():
        off, on = results["off"], results["on"]
        print(f"speed-up: {off['seconds'] / on['seconds']:.2f}x (target >= 3x)")
        same = off["replies"] == on["replies"]
        print(f"same conversations with and without the prefix cache: {'yes' if same else 'NO'}")


if __name__ == "__main__":
    main()
