"""Precision and recall of the heuristic annotator's risk label (the ``crisis`` state).

Run: python benchmarks/bench_annotator_risk.py [--set FILE] [--run MINE_RUN_DIR ...]

Scores the annotator on the hand-labelled seeker utterances in tests/mine/risk_labelled.jsonl
(dev: used for tuning; held-out: not), per split and per cue kind; with --run, also counts
the crisis states and risk-escalation IUs of a finished `esc-skills mine run` (ids only).
Prints measured figures; it is not a test.
"""

from __future__ import annotations

import argparse
import sys
from collections import Counter
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "tools"))

from esc_skills.mine.ius import read_ius, read_jsonl  # noqa: E402
from esc_skills.mine.risk_eval import (  # noqa: E402
    SPLITS,
    annotator_predicts_risk,
    load_examples,
    score,
)


def run_counts(run: Path) -> dict[str, int]:
    """Crisis seeker states, dialogues with one, and risk-escalation IUs in a mining run."""
    states = 0
    dialogues = set()
    for ann in read_jsonl(run / "annotations.jsonl"):
        hits = sum(v == "crisis" for v in ann["states"].values())
        states += hits
        if hits:
            dialogues.add(ann["dialogue_id"])
    changes = Counter(iu["response_change"] for iu in read_ius(run / "ius.jsonl"))
    return {
        "crisis_states": states,
        "crisis_dialogues": len(dialogues),
        "risk_escalation_ius": changes["risk-escalation"],
    }


def main() -> None:
    """Print the figures."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--set", type=Path, default=ROOT / "tests/mine/risk_labelled.jsonl")
    parser.add_argument("--run", type=Path, action="append", default=[])
    args = parser.parse_args()
    examples = load_examples(args.set)
    print(f"labelled set {args.set.name}: {len(examples)} utterances")
    scores = score(examples, annotator_predicts_risk)
    for split in SPLITS:
        s = scores[split]
        kinds = Counter(e.cue for e in examples if e.split == split and e.label == "risk")
        missed = Counter(e.cue for e in examples if e.id in s.missed)
        per_kind = ", ".join(f"{k} {kinds[k] - missed[k]}/{kinds[k]}" for k in sorted(kinds))
        print(
            f"{split:9s} risk recall {s.recall:.3f} ({s.tp}/{s.tp + s.fn}), precision "
            f"{s.precision:.3f} ({s.tp}/{s.tp + s.fp}); hopeless flagged "
            f"{s.hopeless_flagged}/{s.hopeless}; by cue: {per_kind}"
        )
        if s.missed or s.false_alarms:
            print(f"          missed {s.missed}, false alarms {s.false_alarms}")
    for run in args.run:
        counts = run_counts(run)
        print(f"run {run}: " + ", ".join(f"{k} {v}" for k, v in counts.items()))


if __name__ == "__main__":
    main()
