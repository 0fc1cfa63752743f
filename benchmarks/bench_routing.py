"""Routing quality per retriever on the routing set's dev and held-out halves, and speed.

Run: python benchmarks/bench_routing.py [--bank skills] [--retriever cues --retriever bm25]

Prints, for each offline retriever and each split: top-1 and top-3 accuracy (an acceptable
skill first / in the top 3), how many risk messages get the crisis skill first, how many
ordinary messages get the crisis skill first or anywhere in the top 3, and milliseconds per
message. The dev half was used to tune the cue ranker; the held-out half was not.
"""

from __future__ import annotations

import argparse
import asyncio
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "tools"))

from esc_skills.agent.retrievers import make_retriever, offline_names, route_message  # noqa: E402
from esc_skills.agent.trigger_eval import (  # noqa: E402
    ROUTING_DIR,
    SPLITS,
    evaluate_routing,
    load_routing_split,
)
from esc_skills.bank import load_bank  # noqa: E402


async def bench(bank: Path, names: list[str]) -> None:
    """Print one line per retriever and split."""
    skills = load_bank(bank)
    print(f"bank {bank}: {len(skills)} skills; routing set {ROUTING_DIR.relative_to(ROOT)}")
    print(
        f"{'retriever':10} {'split':8} {'n':>3} {'top1':>6} {'top3':>6} {'crisis1st':>10}"
        f" {'fp@1':>5} {'fp@3':>5} {'ms/msg':>7}"
    )
    for name in names:
        ranker = make_retriever(name, skills)
        label = getattr(ranker, "name", name)

        async def router(text: str) -> list[str]:
            return [r.skill.name for r in await route_message(ranker, text, 3)]  # noqa: B023

        for split in SPLITS:
            cases = load_routing_split(ROUTING_DIR / f"{split}.jsonl")
            start = time.perf_counter()
            r = await evaluate_routing(cases, router, skills)
            ms = 1000 * (time.perf_counter() - start) / max(len(cases), 1)
            print(
                f"{label[:10]:10} {split:8} {r['messages']:3} {100 * r['top1']:5.1f}%"
                f" {100 * r['top3']:5.1f}% {r['crisis_first']:>4}/{r['risk_messages']:<5}"
                f" {r['crisis_false_positives_top1']:>2}/{r['ordinary_messages']:<2}"
                f" {r['crisis_false_positives_top3']:>2}/{r['ordinary_messages']:<2} {ms:7.2f}"
            )


def main() -> None:
    """Parse flags and run."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--bank", default=str(ROOT / "skills"))
    parser.add_argument("--retriever", action="append", default=None)
    args = parser.parse_args()
    asyncio.run(bench(Path(args.bank), args.retriever or list(offline_names())))


if __name__ == "__main__":
    main()
