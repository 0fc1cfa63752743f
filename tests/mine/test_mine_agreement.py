"""The heuristic annotator against hand labels written for this project (not dataset text)."""

from __future__ import annotations

from pathlib import Path

from esc_skills.data import load_esconv, load_failed_esconv
from esc_skills.mine.agreement import cohen_kappa, evaluate

FIXTURES = Path(__file__).resolve().parents[1] / "data" / "fixtures"


def test_kappa_known_values() -> None:
    assert cohen_kappa(["a", "b", "a", "b"], ["a", "b", "a", "b"]) == 1.0
    assert cohen_kappa(["a", "a", "b", "b"], ["a", "b", "a", "b"]) == 0.0
    assert round(cohen_kappa(["a", "a", "a", "b"], ["a", "a", "b", "b"]), 3) == 0.5


def test_agreement_on_hand_labelled_samples(capsys: object) -> None:
    dev = evaluate(FIXTURES / "hand_labelled.jsonl")
    held = evaluate(FIXTURES / "hand_labelled_heldout.jsonl")
    assert sum(v["n"] for v in dev.values()) >= 60
    for name, result in (("dev (cues tuned on it)", dev), ("held-out", held)):
        for kind, v in result.items():
            print(
                f"{name:22} {kind:6} n={v['n']:2d} accuracy={v['accuracy']:.3f} "
                f"kappa={v['kappa']:.3f}"
            )
    # The held-out sample was written after the cues were tuned and never tuned on.
    for kind in ("state", "action", "change"):
        assert held[kind]["accuracy"] >= 0.75, held[kind]["errors"]
        assert dev[kind]["kappa"] >= 0.8, dev[kind]["errors"]


def test_samples_are_not_copied_from_the_dataset(data_dir: Path) -> None:
    corpus = {
        t.text.lower()
        for d in load_esconv(data_dir, "train") + load_failed_esconv(data_dir)
        for t in d.turns
    }
    import json

    for name in ("hand_labelled.jsonl", "hand_labelled_heldout.jsonl"):
        for line in (FIXTURES / name).read_text(encoding="utf-8").splitlines():
            item = json.loads(line)
            for key in ("text", "before", "support", "after"):
                if key in item and len(item[key].split()) > 3:
                    assert item[key].lower() not in corpus, item[key]


def test_feedback_blind_labels_against_seeker_ratings(data_dir: Path) -> None:
    from esc_skills.mine.agreement import feedback_check

    result = feedback_check(load_failed_esconv(data_dir))
    print("FailedESConv feedback by feedback-blind change valence:", result)
    assert sum(v["n"] for v in result.values()) > 1000
    # Weak but in the right direction (the rating covers the support so far, not one turn).
    assert result["positive"]["mean_feedback"] > result["negative"]["mean_feedback"]
