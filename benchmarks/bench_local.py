"""Embedded-model speed: the demo's simulation step without and with prompt-prefix reuse.

Runs exactly the `esc-skills simulate` command `esc-skills demo` runs (same profiles, rounds,
bank, retriever and model), each variant in a fresh process with the response cache off, and
prints per variant: model calls, prompt tokens, prompt tokens actually evaluated (the rest
were reused from a saved llama.cpp state), output tokens and seconds. Target: the prefix
cache makes the step at least 3x faster. The answers must not change, so the script also
says whether both variants wrote the same conversations.

    .venv/bin/python benchmarks/bench_local.py [--profiles 2] [--rounds 3] [--variants off,on]
        [--concurrent]
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
from esc_skills.data.traces import read_traces
from esc_skills.llm.local_prefix import PROMPT_CACHE_ENV
from esc_skills.paths import resolve_data_dir
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


def start_variant(args: list[str], *, prefix_cache: bool) -> subprocess.Popen[str]:
    """Start the step in a fresh process (its own loaded model and caches)."""
    env = {**os.environ, PROMPT_CACHE_ENV: "1" if prefix_cache else "0"}
    command = [sys.executable, "-c", "from esc_skills.cli.main import cli; cli()", *args]
    return subprocess.Popen(
        command, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True
    )


def finish_variant(
    process: subprocess.Popen[str], args: list[str], status: int, usage: Any, seconds: float
) -> dict[str, Any]:
    """The figures of a finished step: from the traces it wrote and its own CPU time."""
    process.returncode = os.waitstatus_to_exitcode(status)
    stderr = process.stderr.read() if process.stderr else ""
    if process.returncode != 0:
        sys.exit(f"simulate failed (exit {process.returncode}):\n{stderr[-2000:]}")
    traces = read_traces(Path(args[args.index("--out") + 1]))
    replies = [(t.profile_id, [turn.content for turn in t.turns]) for t in traces]
    return {
        "seconds": seconds,
        # CPU time is what the step costs; wall time also counts waiting on a shared machine.
        "cpu": usage.ru_utime + usage.ru_stime,
        "usage": total_usage(t.usage for t in traces),
        "replies": sorted(replies),
        "errored": sum(1 for t in traces if not t.completed),
    }


def wait_all(
    running: dict[int, tuple[str, subprocess.Popen[str], list[str], float]],
) -> dict[str, dict[str, Any]]:
    """Reap the steps in the order they end (wait4 gives each child's own CPU time)."""
    results: dict[str, dict[str, Any]] = {}
    while running:
        pid, status, usage = os.wait4(-1, 0)
        if pid not in running:
            continue
        variant, process, args, started = running.pop(pid)
        seconds = time.perf_counter() - started
        results[variant] = finish_variant(process, args, status, usage, seconds)
    return results


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
    parser.add_argument(
        "--concurrent",
        action="store_true",
        help="run the variants side by side (compare their cpu s; wall s then share the cores)",
    )
    opts = parser.parse_args()
    results: dict[str, dict[str, Any]] = {}
    with tempfile.TemporaryDirectory(prefix="bench-local-") as tmp:
        running: dict[int, tuple[str, subprocess.Popen[str], list[str], float]] = {}
        for variant in opts.variants.split(","):
            out = Path(tmp) / variant
            args = simulate_args(out, profiles=opts.profiles, rounds=opts.rounds, model=opts.model)
            print(f"[{variant}] {load_average()} at start: esc-skills {' '.join(args)}", flush=True)
            process = start_variant(args, prefix_cache=variant == "on")
            running[process.pid] = (variant, process, args, time.perf_counter())
            if not opts.concurrent:
                results.update(wait_all(running))
        results.update(wait_all(running))
        results = {v: results[v] for v in opts.variants.split(",")}  # in the order asked
    print(f"\n{opts.profiles} profiles x {opts.rounds} rounds on {opts.model}; {load_average()}")
    head = (
        "prefix cache", "calls", "prompt tokens", "evaluated", "output tokens", "errored",
        "wall s", "cpu s",
    )  # fmt: skip
    print("{:<13} {:>6} {:>14} {:>10} {:>14} {:>8} {:>8} {:>8}".format(*head))
    for variant, r in results.items():
        u = r["usage"]
        print(
            f"{variant:<13} {u['calls']:>6} {u['input_tokens']:>14,} "
            f"{u['input_tokens'] - u['cached_tokens']:>10,} {u['output_tokens']:>14,} "
            f"{r['errored']:>8} {r['seconds']:>8.1f} {r['cpu']:>8.1f}"
        )
    if {"off", "on"} <= results.keys():
        off, on = results["off"], results["on"]
        print(
            f"speed-up: {off['seconds'] / on['seconds']:.2f}x wall, "
            f"{off['cpu'] / on['cpu']:.2f}x cpu (target >= 3x)"
        )
        same = off["replies"] == on["replies"]
        print(f"same conversations with and without the prefix cache: {'yes' if same else 'NO'}")


if __name__ == "__main__":
    main()
