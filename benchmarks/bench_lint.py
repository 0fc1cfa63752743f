"""Time `esc-skills lint` and skills-ref over the same 1,000 generated skills.

Run: /work/venv/bin/python benchmarks/bench_lint.py [--count 1000] [--repeat 3]

Both run as whole processes, as a user or CI would run them. skills-ref's CLI
(`agentskills validate PATH`) validates ONE skill per invocation, so the fair
CLI comparison is one `agentskills` process per skill (what a CI loop does); we
also time skills-ref's `validate()` looped over every skill in ONE Python process,
which is its best case (no per-skill start-up), and compare against both.
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
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "tests" / "lint"))
BIN = Path(sys.executable).parent


def _cpu() -> float:
    usage = resource.getrusage(resource.RUSAGE_CHILDREN)
    return usage.ru_utime + usage.ru_stime


def _time(cmd: list[str], cwd: Path, repeat: int) -> tuple[float, float, int, str]:
    """Best wall time and best CPU time (user+sys) of ``repeat`` runs, exit code, last line.

    CPU time is reported too because this machine is shared: under load the wall time
    includes waiting for a core, the CPU time is the work the command does.
    """
    best, best_cpu, rc, out = float("inf"), float("inf"), 0, ""
    for _ in range(repeat):
        cpu0, start = _cpu(), time.perf_counter()
        proc = subprocess.run(cmd, cwd=cwd, capture_output=True, text=True)
        best = min(best, time.perf_counter() - start)
        best_cpu = min(best_cpu, _cpu() - cpu0)
        lines = (proc.stdout + proc.stderr).strip().splitlines()
        rc, out = proc.returncode, lines[-1] if lines else ""
    return best, best_cpu, rc, out


def main() -> None:
    """Generate the tree, time both tools, print figures and ratios."""
    from lint_generate import write_generated_bank

    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--count", type=int, default=1000)
    ap.add_argument("--repeat", type=int, default=3)
    args = ap.parse_args()
    tmp = Path(tempfile.mkdtemp(prefix="bench-lint-"))
    try:
        bank = tmp / "skills"
        write_generated_bank(bank, args.count, seed=1)
        esc = [str(BIN / "esc-skills"), "lint", str(bank)]
        t_esc, c_esc, rc, last = _time(esc, tmp, args.repeat)
        print(
            f"esc-skills lint ({args.count} skills, one process): {t_esc:.3f} s wall, "
            f"{c_esc:.3f} s CPU  [exit {rc}: {last}]"
        )

        loop = (
            "import sys; from pathlib import Path; from skills_ref.validator import validate\n"
            "bad = [p for p in sorted(Path(sys.argv[1]).iterdir()) if validate(p)]\n"
            "print(f'{len(bad)} invalid'); sys.exit(1 if bad else 0)"
        )
        t_ref1, c_ref1, rc, last = _time([sys.executable, "-c", loop, str(bank)], tmp, args.repeat)
        print(
            f"skills-ref validate() looped in one process: {t_ref1:.3f} s wall, "
            f"{c_ref1:.3f} s CPU  [exit {rc}: {last}]"
        )

        agentskills = shutil.which("agentskills", path=str(BIN)) or "agentskills"
        folders = sorted(bank.iterdir())
        sample = folders[: min(len(folders), 100)]
        start = time.perf_counter()
        failures = 0
        for folder in sample:
            proc = subprocess.run([agentskills, "validate", str(folder)], capture_output=True)
            failures += proc.returncode != 0
        per_skill = (time.perf_counter() - start) / len(sample)
        t_refn = per_skill * len(folders)
        print(
            f"skills-ref CLI `agentskills validate` one process per skill: {t_refn:.3f} s "
            f"(extrapolated from {len(sample)} runs, {per_skill * 1000:.0f} ms each; "
            f"{failures} failed)"
        )
        print(
            f"ratio esc-skills / skills-ref (one process): {t_esc / t_ref1:.2f} wall, "
            f"{c_esc / c_ref1:.2f} CPU"
        )
        print(f"ratio esc-skills / skills-ref CLI per skill: {t_esc / t_refn:.3f}")
        load = os.getloadavg()[0]
        print(
            f"target <= 1.0 s for 1,000 skills: {'met' if t_esc <= 1.0 else 'NOT met'} "
            f"(wall; {os.cpu_count()} cores, load average {load:.1f} at the end of the run)"
        )
    finally:
        shutil.rmtree(tmp, ignore_errors=True)


if __name__ == "__main__":
    main()
