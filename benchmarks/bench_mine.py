"""Speed of discovery: full offline pipeline (whole process) and LLM-annotator cache reuse.

Run: /work/venv/bin/python benchmarks/bench_mine.py [--data-dir DIR]
Prints measured figures; it is not a test.
"""

from __future__ import annotations

import argparse
import os
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

ALL = ("esconv-train", "esconv-valid", "esconv-test", "failed-esconv")


def _cli() -> list[str]:
    exe = Path(sys.executable).with_name("esc-skills")
    return [str(exe)] if exe.exists() else [sys.executable, "-m", "esc_skills.cli.main"]


def timed_run(data_dir: str, out: Path, sources: tuple[str, ...], *extra: str) -> float:
    """Wall seconds of one `esc-skills mine run` process."""
    cmd = [*_cli(), "mine", "run", "--data-dir", data_dir, "--out", str(out), "--json", *extra]
    for s in sources:
        cmd += ["--source", s]
    start = time.perf_counter()
    subprocess.run(cmd, check=True, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    return time.perf_counter() - start


def llm_cache_check(data_dir: Path, tmp: Path) -> dict[str, Any]:
    """LLM annotator on a fake backend with the on-disk cache: first run, then a fresh rerun."""
    from esc_skills.llm import FakeBackend
    from esc_skills.llm.factory import make_client
    from esc_skills.mine.pipeline import MineOptions, run_pipeline

    def answer(request: Any) -> dict[str, Any]:
        return {"scenarios": ["ongoing-low-mood"], "states": [], "actions": [], "changes": []}

    fake = FakeBackend(answer)
    cache = tmp / "cache.sqlite"
    rows = {}
    for label in ("first", "rerun"):
        before = len(fake.calls)
        client = make_client(model="fake/bench", backends={"fake": fake}, cache_path=cache)
        start = time.perf_counter()
        summary = run_pipeline(
            MineOptions(
                data_dir=data_dir,
                out=tmp / f"llm-{label}",
                sources=ALL,
                annotator="llm",
                llm_client=client,
                llm_concurrency=8,
            )
        )
        rows[label] = {
            "seconds": round(time.perf_counter() - start, 2),
            "calls": len(fake.calls) - before,
            "dialogues": summary["dialogues"],
        }
    return rows


def main() -> None:
    """Measure and print."""
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--data-dir", default=None)
    args = parser.parse_args()
    from esc_skills.paths import resolve_data_dir

    data_dir = resolve_data_dir(args.data_dir)
    print(f"cores: {os.cpu_count()}  load average: {os.getloadavg()[0]:.2f}")
    tmp = Path(tempfile.mkdtemp(prefix="bench-mine-"))
    try:
        cold = timed_run(str(data_dir), tmp / "all", ALL)
        warm = timed_run(str(data_dir), tmp / "all", ALL)
        forced = timed_run(str(data_dir), tmp / "all", ALL, "--force")
        default = timed_run(str(data_dir), tmp / "default", ("esconv-train", "failed-esconv"))
        print("mine run, heuristic annotator, whole process (wall seconds):")
        print(f"  all 1,300 ESConv + 196 FailedESConv, fresh output : {cold:6.2f} s (target <= 15)")
        print(f"  same, rerun with unchanged input (stages skipped) : {warm:6.2f} s")
        print(f"  same, --force (every stage recomputed)             : {forced:6.2f} s")
        print(f"  default sources (910 + 196), fresh output          : {default:6.2f} s")
        rows = llm_cache_check(data_dir, tmp)
        print("mine run --annotator llm (fake backend, on-disk cache):")
        for label, row in rows.items():
            print(
                f"  {label:6}: {row['dialogues']} dialogues, {row['calls']} model calls, "
                f"{row['seconds']} s"
            )
    finally:
        shutil.rmtree(tmp, ignore_errors=True)


if __name__ == "__main__":
    main()
