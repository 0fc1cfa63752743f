"""Measure the offline ESConv predictors (ACC on valid and test) and which metrics run here.

Run: /work/venv/bin/python benchmarks/bench_esconv.py [--data-dir DIR] [--bank skills/]
Prints the measured accuracies, the fitting/prediction time, and metric availability.
"""

from __future__ import annotations

import argparse
import time

from esc_skills.bank import load_bank
from esc_skills.esconv_eval.metrics import availability, evaluate
from esc_skills.esconv_eval.runner import evaluate_offline, load_examples
from esc_skills.esconv_eval.table import markdown_table
from esc_skills.paths import SKILLS_DIR, resolve_data_dir


def main() -> None:
    """Evaluate router (with ablations) and baselines on valid and test; print the figures."""
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--data-dir", default=None)
    parser.add_argument("--bank", default=str(SKILLS_DIR))
    args = parser.parse_args()
    data_dir = resolve_data_dir(args.data_dir)
    skills = load_bank(args.bank)
    for split in ("valid", "test"):
        start = time.perf_counter()
        result = evaluate_offline(
            data_dir,
            predictor="router",
            skills=skills,
            bank_label=args.bank,
            split=split,
            ablations=True,
        )
        seconds = time.perf_counter() - start
        print(
            f"## {split}: {result['dialogues']} dialogues, {result['turns']} turns, "
            f"{len(skills)} skills, index {result['router']['index']}, {seconds:.1f} s"
        )
        rows = [{**row, "metrics": {"acc": row["metrics"]["acc"]}} for row in result["rows"]]
        print(markdown_table(rows).split("\n", 2)[2].replace("| – ", "").rstrip())
        print()
    # Response metrics on every test turn, with a copy baseline as the "model": the
    # supporter's previous utterance (empty for the first). It shows what each metric costs.
    examples, _ = load_examples(data_dir, "test", None)
    hypotheses = [
        next((t.text for t in reversed(ex.history) if t.speaker == "supporter"), "")
        for ex in examples
    ]
    start = time.perf_counter()
    report = evaluate(
        predicted_strategies=[ex.previous_strategy for ex in examples],
        gold_strategies=[ex.gold_strategy for ex in examples],
        hypotheses=hypotheses,
        references=[ex.gold_response for ex in examples],
    )
    seconds = time.perf_counter() - start
    print(
        f"## copy-previous-utterance baseline, test split ({len(examples)} turns, {seconds:.1f} s)"
    )
    row = {"label": "copy-previous", "backbone": "-", "metrics": report.values}
    print(markdown_table([row]))
    print()
    print("## metric availability")
    for name, status in availability().items():
        print(f"- {name}: {status}")


if __name__ == "__main__":
    main()
