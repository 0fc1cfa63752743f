"""Time `esc-skills lint` and skills-ref as whole processes on generated banks.

Run: .venv/bin/python benchmarks/bench_lint.py [--repeat 3] [--large 10000] [--cli-sample 50]

Banks (all valid skills, each with references/evidence.json, generated in a temp dir):
- 1,000 distinct skills;
- 1,000 skills that are all near-copies of one text (about 500,000 overlapping pairs:
  the worst case for near-duplicate search and for output), also with ESC702 ignored;
- 1,000 skills in 50 near-duplicate groups;
- 10,000 distinct skills (``--large``; one run each, it takes a while).

Each figure is a whole process, as a user or CI runs it: `esc-skills lint BANK` (by default
one worker process per core for banks of 200+ skills; a row shows `--jobs 1` too; the best of
``--repeat`` runs, so lint's compiled-pattern cache is warm, as after any first run; one row
shows it off) and skills-ref's `validate()` looped over every skill in ONE Python process
(its best case: no per-skill start-up). skills-ref's CLI (`agentskills validate PATH`) takes
one skill per process, so it is also timed per skill on a sample and extrapolated.
skills-ref has no near-duplicate check, so overlap does not change its time.
"""

from __future__ import annotations

import argparse
import os
import resource
import shutil
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "tests" / "lint"))
BIN = Path(sys.executable).parent
SKILLS_REF_LOOP = (
    "import sys; from pathlib import Path; from skills_ref.validator import validate\n"
    "bad = [p for p in sorted(Path(sys.argv[1]).iterdir()) if validate(p)]\n"
    "print(f'{len(bad)} invalid'); sys.exit(1 if bad else 0)"
)


@dataclass(frozen=True)
class Run:
    """Best wall and CPU seconds of some runs of one command, and what it printed."""

    wall: float
    cpu: float
    rc: int
    lines: int
    nbytes: int
    last: str

    def show(self) -> str:
        """One line of figures."""
        return (
            f"{self.wall:7.3f} s wall {self.cpu:7.3f} s CPU  {self.lines:>6} lines "
            f"{self.nbytes:>9,} bytes  [exit {self.rc}: {self.last}]"
        )


def _cpu() -> float:
    usage = resource.getrusage(resource.RUSAGE_CHILDREN)
    return usage.ru_utime + usage.ru_stime


def time_command(cmd: list[str], cwd: Path, repeat: int, env: dict[str, str] | None = None) -> Run:
    """Best wall time and best CPU time (user+sys) of ``repeat`` runs.

    CPU time is reported too because this machine is shared: under load the wall time
    includes waiting for a core, the CPU time is the work the command does.
    """
    best, best_cpu = float("inf"), float("inf")
    proc = None
    for _ in range(repeat):
        cpu0, start = _cpu(), time.perf_counter()
        proc = subprocess.run(cmd, cwd=cwd, capture_output=True, text=True, env=env)
        best = min(best, time.perf_counter() - start)
        best_cpu = min(best_cpu, _cpu() - cpu0)
    assert proc is not None
    out = proc.stdout + proc.stderr
    lines = out.strip().splitlines()
    last = lines[-1] if lines else ""
    return Run(best, best_cpu, proc.returncode, len(lines), len(out.encode()), last[:60])


def lint(bank: Path, repeat: int, *extra: str, cold: bool = False) -> Run:
    """``esc-skills lint [extra] BANK``; ``cold``: without the compiled-pattern cache."""
    env = {**os.environ, "ESC_SKILLS_REGEX_CACHE": "off"} if cold else None
    cmd = [str(BIN / "esc-skills"), "lint", *extra, str(bank)]
    return time_command(cmd, bank.parent, repeat, env)


def skills_ref(bank: Path, repeat: int) -> Run:
    """skills-ref's validate() over every skill of ``bank`` in one process."""
    cmd = [sys.executable, "-c", SKILLS_REF_LOOP, str(bank)]
    return time_command(cmd, bank.parent, repeat)


def skills_ref_cli_per_skill(bank: Path, sample: int) -> float:
    """Mean seconds of one `agentskills validate SKILL` process over ``sample`` skills."""
    agentskills = shutil.which("agentskills", path=str(BIN)) or "agentskills"
    folders = sorted(bank.iterdir())[:sample]
    start = time.perf_counter()
    for folder in folders:
        subprocess.run([agentskills, "validate", str(folder)], capture_output=True, check=False)
    return (time.perf_counter() - start) / len(folders)


def main() -> None:
    """Generate the banks, time both tools, print figures, ratios and targets."""
    from lint_generate import write_generated_bank

    ap = argparse.ArgumentParser(description=(__doc__ or "").splitlines()[0])
    ap.add_argument("--repeat", type=int, default=3, help="runs per 1,000-skill figure (best)")
    ap.add_argument("--large", type=int, default=10_000, help="size of the large bank; 0 skips")
    ap.add_argument("--cli-sample", type=int, default=50, help="agentskills runs; 0 skips")
    args = ap.parse_args()
    print(f"{os.cpu_count()} cores, load average {os.getloadavg()[0]:.1f} at the start")
    tmp = Path(tempfile.mkdtemp(prefix="bench-lint-"))
    try:
        distinct, copies, groups = tmp / "distinct", tmp / "copies", tmp / "groups"
        write_generated_bank(distinct, 1000, seed=1)
        write_generated_bank(copies, 1000, seed=1, groups=1)
        write_generated_bank(groups, 1000, seed=1, groups=50)
        rows: list[tuple[str, Run]] = []

        def row(label: str, run: Run) -> Run:
            rows.append((label, run))
            print(f"{label:<52} {run.show()}", flush=True)
            return run

        d = row("esc-skills lint, 1,000 distinct", lint(distinct, args.repeat))
        d1 = row("  the same in one process (--jobs 1)", lint(distinct, args.repeat, "--jobs", "1"))
        c = row("esc-skills lint, 1,000 near-copies of one text", lint(copies, args.repeat))
        c1 = row("  the same in one process (--jobs 1)", lint(copies, args.repeat, "--jobs", "1"))
        row(
            "  the same, compiling every pattern (no regex cache)",
            lint(copies, args.repeat, cold=True),
        )
        row(
            "esc-skills lint --ignore ESC702, 1,000 near-copies",
            lint(copies, args.repeat, "--ignore", "ESC702"),
        )
        row("esc-skills lint, 1,000 in 50 near-duplicate groups", lint(groups, args.repeat))
        r = row("skills-ref validate() loop, 1,000 distinct", skills_ref(distinct, args.repeat))
        row("skills-ref validate() loop, 1,000 near-copies", skills_ref(copies, args.repeat))
        large_esc = large_ref = None
        if args.large:
            large = tmp / "large"
            write_generated_bank(large, args.large, seed=2)
            n = f"{args.large:,}"
            large_esc = row(f"esc-skills lint, {n} distinct (1 run)", lint(large, 1))
            large_ref = row(
                f"skills-ref validate() loop, {n} distinct (1 run)", skills_ref(large, 1)
            )
        print()
        print(
            f"ratio esc-skills / skills-ref, 1,000 distinct: {d.wall / r.wall:.2f} wall, "
            f"{d.cpu / r.cpu:.2f} CPU (target <= 0.50: "
            f"{'met' if d.wall / r.wall <= 0.5 else 'NOT met'}); in one process "
            f"{d1.wall / r.wall:.2f} wall, {d1.cpu / r.cpu:.2f} CPU"
        )
        print(
            f"ratio esc-skills / skills-ref, 1,000 near-copies: {c.wall / r.wall:.2f} wall, "
            f"{c.cpu / r.cpu:.2f} CPU"
        )
        if large_esc and large_ref:
            print(
                f"ratio esc-skills / skills-ref, {args.large:,} distinct: "
                f"{large_esc.wall / large_ref.wall:.2f} wall, "
                f"{large_esc.cpu / large_ref.cpu:.2f} CPU"
            )
        if args.cli_sample:
            each = skills_ref_cli_per_skill(distinct, args.cli_sample)
            print(
                f"skills-ref CLI `agentskills validate`, one process per skill: "
                f"{each * 1000:.0f} ms each, {each * 1000:.1f} s for 1,000 skills "
                f"(extrapolated from {args.cli_sample}); esc-skills takes "
                f"{d.wall / (each * 1000):.3f} of that"
            )
        print(
            f"target <= 1.0 s whole process for 1,000 overlapping skills: "
            f"{'met' if c.wall <= 1.0 else 'NOT met'} ({c.wall:.3f} s wall, "
            f"{c.lines} lines of output); in one process {c1.wall:.3f} s"
        )
        print(f"load average {os.getloadavg()[0]:.1f} at the end ({os.cpu_count()} cores)")
    finally:
        shutil.rmtree(tmp, ignore_errors=True)


if __name__ == "__main__":
    main()
