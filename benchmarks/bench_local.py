"""Embedded-model speed: the demo's simulation step before and after the prompt-reuse work.

Runs exactly the `esc-skills simulate` command `esc-skills demo` runs (same profiles, rounds,
bank, retriever and model), each variant in a fresh process with the response cache off,
one after another (a variant uses every core):

- ``before``: the code of ``--before-ref`` (a git commit, exported to a temporary folder)
  with the prefix cache off: how the step ran before this work;
- ``off``: this checkout with the prefix cache off;
- ``on``: this checkout as configured (the default settings).

It prints per variant and seed the model calls, prompt tokens, prompt tokens actually
evaluated (the rest were reused), the *novel* tokens (shared as a prefix with no earlier
prompt: what even a perfect prefix cache must evaluate), output tokens, and wall and CPU
seconds; then the wall-clock speed-up of ``on`` over ``before`` against the 3x target, and
whether ``off`` and ``on`` wrote the same conversations (they must: reuse changes speed, not
answers). ``before`` runs the shipped Q4_1 weights and ``on`` their F16 copy, so their
conversations differ, and a smoke model's conversation length swings with every change;
``--seeds 0,1,2`` runs each variant on several seeds (0 is the demo's) and totals them.
``--calls`` adds the per-call figures of ``on``: where its time goes.

    .venv/bin/python benchmarks/bench_local.py [--profiles 2] [--rounds 3]
        [--variants before,off,on] [--seeds 0] [--before-ref REF] [--calls]
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
from esc_skills.jsonl import read_json_lines
from esc_skills.llm.local_prefix import PROMPT_CACHE_ENV
from esc_skills.llm.local_profile import PROFILE_ENV
from esc_skills.paths import resolve_data_dir
from esc_skills.sage.usage import total_usage

SIMULATE_TITLE = "Simulate"
ROOT = Path(__file__).resolve().parents[1]
# The last commit before saved states were copied once and calls were profiled: "today"
# in issue 11, item 5. Its prompts are this checkout's, so both write the same conversations.
BEFORE_REF = "c18f2f3"
# What a checkout needs to run: resources are read from these folders (esc_skills.resources).
CHECKOUT_PATHS = ("pyproject.toml", "esc-skills.toml", "tools", "prompts", "schema", "safety")
TARGET = 3.0

Key = tuple[str, int]  # (variant, seed)


def simulate_args(out: Path, *, profiles: int, rounds: int, model: str, seed: int) -> list[str]:
    """The demo's simulation step writing its traces to ``out``, without the response cache."""
    steps = plan_steps(
        data_dir=resolve_data_dir(None), out=out, model=model, profiles=profiles, rounds=rounds
    )
    step = next(s for s in steps if s.title.startswith(SIMULATE_TITLE))
    args = list(step.args)
    args[args.index("--out") + 1] = str(out / "traces.jsonl")
    # Errored conversations are part of the workload: count them instead of failing.
    return [*args, "--seed", str(seed), "--no-cache", "--allow-errors"]


def export_ref(ref: str, dest: Path) -> Path:
    """The ``tools`` folder of ``ref``'s code, exported under ``dest`` (git archive)."""
    dest.mkdir(parents=True)
    try:
        archive = subprocess.run(
            ["git", "-C", str(ROOT), "archive", ref, *CHECKOUT_PATHS],
            check=True,
            capture_output=True,
        ).stdout
    except (OSError, subprocess.CalledProcessError) as exc:
        stderr = getattr(exc, "stderr", b"") or b""
        sys.exit(f"--before-ref {ref}: cannot export it with git archive ({stderr.decode()[:200]})")
    subprocess.run(["tar", "-x", "-C", str(dest)], input=archive, check=True)
    return dest / "tools"


def start_variant(
    args: list[str], *, prefix_cache: bool, tools: Path | None, profile: Path
) -> subprocess.Popen[str]:
    """Start the step in a fresh process (its own loaded model and caches)."""
    env = {**os.environ, PROMPT_CACHE_ENV: "1" if prefix_cache else "0", PROFILE_ENV: str(profile)}
    if tools is not None:
        env["PYTHONPATH"] = str(tools)
    command = [sys.executable, "-c", "from esc_skills.cli.main import cli; cli()", *args]
    return subprocess.Popen(
        command, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True
    )


def read_profile(path: Path) -> list[dict[str, Any]]:
    """The per-call figures a variant appended (none for code that does not write them)."""
    if not path.is_file():
        return []
    return [line.data for line in read_json_lines(path, what="profile") if line.error is None]


def finish_variant(
    process: subprocess.Popen[str], args: list[str], status: int, usage: Any, seconds: float
) -> dict[str, Any]:
    """The figures of a finished step: from the traces it wrote and its own CPU time."""
    process.returncode = os.waitstatus_to_exitcode(status)
    stderr = process.stderr.read() if process.stderr else ""
    out = Path(args[args.index("--out") + 1])
    # Exit 2 with traces written: every conversation errored (the smoke model's answers
    # failed their schema); those calls were still made, so they still count.
    if process.returncode != 0 and not (process.returncode == 2 and out.is_file()):
        raise VariantFailed(f"simulate failed (exit {process.returncode}):\n{stderr[-2000:]}")
    traces = read_traces(out)
    replies = [(t.profile_id, [turn.content for turn in t.turns]) for t in traces]
    calls = read_profile(out.with_name("profile.jsonl"))
    return {
        "seconds": seconds,
        # CPU time is what the step costs; wall time also counts waiting on a shared machine.
        "cpu": usage.ru_utime + usage.ru_stime,
        "usage": total_usage(t.usage for t in traces),
        "replies": sorted(replies),
        "errored": sum(1 for t in traces if not t.completed),
        "calls": calls,
    }


class VariantFailed(Exception):
    """A variant's process failed; the message holds the end of its error output."""


def run_variant(process: subprocess.Popen[str], args: list[str], label: str) -> dict[str, Any]:
    """Wait for one variant's process (wait4 gives its own CPU time) and read its figures."""
    started = time.perf_counter()
    _, status, usage = os.wait4(process.pid, 0)
    seconds = time.perf_counter() - started
    try:
        return finish_variant(process, args, status, usage, seconds)
    except VariantFailed as exc:
        sys.exit(f"[{label}] {exc}")


def load_average() -> str:
    """The 1-minute load average and the core count (the machine may be shared)."""
    try:
        one = os.getloadavg()[0]
    except OSError:
        return "load unknown"
    return f"load {one:.2f} on {os.cpu_count()} cores"


def print_table(results: dict[Key, dict[str, Any]]) -> None:
    """One line per variant and seed, and a total per variant over several seeds."""
    head = (
        "variant", "seed", "calls", "prompt tok", "evaluated", "novel", "output tok", "errored",
        "wall s", "cpu s",
    )  # fmt: skip
    row = "{:<8} {:>5} {:>6} {:>11} {:>10} {:>8} {:>11} {:>8} {:>8} {:>8}"
    print(row.format(*head))
    for (variant, seed), r in results.items():
        u = r["usage"]
        novel = f"{sum(c['novel'] for c in r['calls']):,}" if r["calls"] else "-"
        print(
            row.format(
                variant,
                seed,
                u["calls"],
                f"{u['input_tokens']:,}",
                f"{u['input_tokens'] - u['cached_tokens']:,}",
                novel,
                f"{u['output_tokens']:,}",
                r["errored"],
                f"{r['seconds']:.1f}",
                f"{r['cpu']:.1f}",
            )
        )
    seeds = {seed for _, seed in results}
    if len(seeds) > 1:
        for variant in dict.fromkeys(v for v, _ in results):
            runs = [r for (v, _), r in results.items() if v == variant]
            wall, cpu = sum(r["seconds"] for r in runs), sum(r["cpu"] for r in runs)
            print(f"{variant:<8} {'all':>5} {'':>58} {wall:>8.1f} {cpu:>8.1f}")


def print_calls(calls: list[dict[str, Any]]) -> None:
    """Per call: tokens and where the seconds went (reading the prompt vs the rest)."""
    row = "{:>4} {:<18} {:>7} {:>9} {:>6} {:>7} {:>9} {:>7} {:<6}"
    head = ("call", "answer", "prompt", "evaluated", "novel", "output", "prompt s", "rest s", "end")
    print(row.format(*head))
    for number, c in enumerate(calls, start=1):
        rest = f"{c['seconds'] - c['prompt_seconds']:.1f}"
        fields = ("schema", "prompt_tokens", "evaluated", "novel", "output_tokens")
        prompt_s = f"{c['prompt_seconds']:.1f}"
        print(row.format(number, *(c[f] for f in fields), prompt_s, rest, c["finish"]))
    prompt_s = sum(c["prompt_seconds"] for c in calls)
    total_s = sum(c["seconds"] for c in calls)
    print(
        f"model time {total_s:.1f} s: {prompt_s:.1f} s reading prompts, "
        f"{total_s - prompt_s:.1f} s generating (sampling under the JSON grammar, saving states)"
    )


def print_verdict(results: dict[Key, dict[str, Any]]) -> None:
    """Wall-clock speed-ups (totalled over the seeds) and whether reuse left answers alone."""

    def total(variant: str, what: str) -> float:
        return sum(r[what] for (v, _), r in results.items() if v == variant)

    variants = {v for v, _ in results}
    for base in ("before", "off"):
        if "on" not in variants or base not in variants:
            continue
        wall = total(base, "seconds") / total("on", "seconds")
        cpu = total(base, "cpu") / total("on", "cpu")
        verdict = f" (target >= {TARGET:g}x: {'met' if wall >= TARGET else 'NOT met'})"
        print(
            f"speed-up on vs {base}: {wall:.2f}x wall, {cpu:.2f}x cpu"
            + (verdict if base == "before" else "")
        )
    if "on" in variants and "off" in variants:
        seeds = sorted({seed for _, seed in results})
        same = all(results[("off", s)]["replies"] == results[("on", s)]["replies"] for s in seeds)
        print(f"same conversations in off and on: {'yes' if same else 'NO'}")


def main() -> None:
    """Run the variants once each and print the table."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--profiles", type=int, default=2)
    parser.add_argument("--rounds", type=int, default=3)
    parser.add_argument("--model", default="local/smollm2")
    parser.add_argument("--variants", default="before,off,on", help="in run order")
    parser.add_argument("--before-ref", default=BEFORE_REF, help="git commit of 'before'")
    parser.add_argument("--seeds", default="0", help="comma-separated; 0 is the demo's seed")
    parser.add_argument("--calls", action="store_true", help="print the per-call figures of on")
    opts = parser.parse_args()
    variants = opts.variants.split(",")
    unknown = set(variants) - {"before", "off", "on"}
    if unknown:
        parser.error(f"--variants: unknown {sorted(unknown)}; use before, off and/or on")
    try:
        seeds = [int(seed) for seed in opts.seeds.split(",")]
    except ValueError:
        parser.error(f"--seeds: {opts.seeds!r} is not a comma-separated list of integers")
    results: dict[Key, dict[str, Any]] = {}
    with tempfile.TemporaryDirectory(prefix="bench-local-") as tmp:
        ref = export_ref(opts.before_ref, Path(tmp) / "ref") if "before" in variants else None
        for seed in seeds:
            for variant in variants:
                out = Path(tmp) / f"{variant}-{seed}"
                out.mkdir(parents=True)
                tools = ref if variant == "before" else None
                args = simulate_args(
                    out, profiles=opts.profiles, rounds=opts.rounds, model=opts.model, seed=seed
                )
                where = f"{opts.before_ref}'s code" if tools else "this checkout"
                label = f"{variant} seed {seed}"
                print(f"[{label}] {load_average()} at start, {where}: esc-skills {' '.join(args)}")
                profile = out / "profile.jsonl"
                process = start_variant(
                    args, prefix_cache=variant == "on", tools=tools, profile=profile
                )
                results[(variant, seed)] = run_variant(process, args, label)
    print(f"\n{opts.profiles} profiles x {opts.rounds} rounds on {opts.model}; {load_average()}")
    print_table(results)
    if opts.calls and "on" in variants:
        for seed in seeds:
            print(f"\non, seed {seed}:")
            print_calls(results[("on", seed)]["calls"])
    print_verdict(results)


if __name__ == "__main__":
    main()
