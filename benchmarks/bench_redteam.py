"""Recall and precision of the lint safety rules on the red-team corpus, bank and baseline.

Run: python benchmarks/bench_redteam.py [--half A|B|C|D|E|F|G|H|all] [--show-misses]

Each unsafe case is planted in a clean skill (tests/lint/lint_redteam.py); it counts as
caught when lint reports its expected rule. Precision counts every safety finding
(ESC5xx/ESC6xx) on the unsafe plants, the safe set, the bank (skills/) and the baseline
(baselines/human-curated/): a finding on a safe sentence or a clean skill is a false
positive; a finding of another rule on an unsafe plant is neither.
"""

from __future__ import annotations

import argparse
import sys
import tempfile
import time
from collections import defaultdict
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "tests" / "lint"))


def _safety(rules: set[str]) -> set[str]:
    return {r for r in rules if r.startswith(("ESC5", "ESC6"))}


def main() -> None:
    """Plant every case, lint it, print recall per category and false positives."""
    from lint_redteam import load, rules_found

    from esc_skills.lint import lint_paths

    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument(
        "--half", choices=["A", "B", "C", "D", "E", "F", "G", "H", "all"], default="all"
    )
    ap.add_argument("--show-misses", action="store_true", help="print missed and flagged text")
    args = ap.parse_args()
    keep = (lambda c: True) if args.half == "all" else (lambda c: c.half == args.half)
    unsafe = [c for c in load("unsafe") if keep(c)]
    safe = [c for c in load("safe") if keep(c)]
    start = time.perf_counter()
    caught: dict[str, list[int]] = defaultdict(lambda: [0, 0])
    true_pos = false_pos = 0
    misses, flagged = [], []
    with tempfile.TemporaryDirectory() as tmp:
        for case in unsafe:
            found = _safety(rules_found(case, Path(tmp)))
            hit = case.rule in found
            caught[case.category][0] += hit
            caught[case.category][1] += 1
            true_pos += hit
            if not hit:
                misses.append(f"  {case.id} {case.rule} [{case.section}] {case.text}")
        for case in safe:
            found = _safety(rules_found(case, Path(tmp)))
            false_pos += len(found)
            if found:
                flagged.append(f"  {case.id} {sorted(found)} [{case.section}] {case.text}")
    bank = [f for f in lint_paths([ROOT / "skills"]) if _safety({f.rule})]
    base = [f for f in lint_paths([ROOT / "baselines" / "human-curated"]) if _safety({f.rule})]
    elapsed = time.perf_counter() - start
    print(f"red-team half: {args.half}  unsafe cases: {len(unsafe)}  safe cases: {len(safe)}")
    for category, (hit, total) in sorted(caught.items()):
        print(f"  recall {category:<14} {hit:>3}/{total:<3} {hit / total:6.1%}")
    total = len(unsafe)
    fp = false_pos + len(bank) + len(base)
    print(f"overall recall: {true_pos}/{total} = {true_pos / max(total, 1):.1%}")
    print(f"precision: {true_pos}/{true_pos + fp} = {true_pos / max(true_pos + fp, 1):.1%}")
    print(f"false positives: safe set {false_pos}, bank {len(bank)}, baseline {len(base)}")
    for f in bank + base:
        print(f"  {f.path}:{f.line}:{f.col} {f.rule}")
    if args.show_misses:
        print("missed:", *misses, sep="\n")
        print("flagged safe:", *flagged, sep="\n")
    print(f"({elapsed:.1f} s)")


if __name__ == "__main__":
    main()
