"""Agreement of the heuristic annotator with hand labels: accuracy and Cohen's kappa per kind."""

from __future__ import annotations

from collections import Counter
from collections.abc import Sequence
from pathlib import Path
from typing import Any, TypedDict

from esc_skills.data.types import Dialogue
from esc_skills.mine.annotate_heuristic import seeker_state, support_action
from esc_skills.mine.ius import read_jsonl
from esc_skills.mine.response_change import response_change
from esc_skills.taxonomy import Taxonomy, load_taxonomy


class Disagreement(TypedDict):
    """A hand label the heuristic read otherwise (item: its position in the kind's rows)."""

    gold: str
    pred: str
    item: int


class KindAgreement(TypedDict):
    """Agreement with the hand labels on one kind (state, action, change)."""

    n: int
    accuracy: float
    kappa: float
    errors: list[Disagreement]


class FeedbackMean(TypedDict):
    """Seeker ratings of replies the annotator read with one valence."""

    n: int
    mean_feedback: float | None


def cohen_kappa(gold: list[str], pred: list[str]) -> float:
    """Cohen's kappa of two labelings of the same items."""
    n = len(gold)
    if n == 0:
        return 0.0
    observed = sum(g == p for g, p in zip(gold, pred, strict=True)) / n
    cg, cp = Counter(gold), Counter(pred)
    expected = sum(cg[k] * cp.get(k, 0) for k in cg) / (n * n)
    return 1.0 if expected == 1 else (observed - expected) / (1 - expected)


def predict(item: dict[str, Any], tax: Taxonomy) -> str:
    """The heuristic label of one hand-labelled item (a JSON line of the labelled set)."""
    if item["kind"] == "state":
        return seeker_state(item["text"], tax, emotion_type=item.get("emotion_type", ""))
    if item["kind"] == "action":
        return support_action(item["text"], item.get("strategy"), tax)
    action = support_action(item["support"], item.get("strategy"), tax)
    return response_change(
        item["before"], item["after"], tax, action=action, support=item["support"]
    )


def evaluate(path: Path, tax: Taxonomy | None = None) -> dict[str, KindAgreement]:
    """Per kind (state, action, change): n, accuracy, kappa and the disagreements."""
    tax = tax or load_taxonomy()
    items = list(read_jsonl(path))
    out: dict[str, KindAgreement] = {}
    for kind in ("state", "action", "change"):
        rows = [i for i in items if i["kind"] == kind]
        gold = [r["gold"] for r in rows]
        pred = [predict(r, tax) for r in rows]
        out[kind] = {
            "n": len(rows),
            "accuracy": round(sum(g == p for g, p in zip(gold, pred, strict=True)) / len(rows), 3)
            if rows
            else 0.0,
            "kappa": round(cohen_kappa(gold, pred), 3),
            "errors": [
                {"gold": g, "pred": p, "item": n}
                for n, (g, p) in enumerate(zip(gold, pred, strict=True))
                if g != p
            ],
        }
    return out


def feedback_check(
    dialogues: Sequence[Dialogue], tax: Taxonomy | None = None
) -> dict[str, FeedbackMean]:
    """Mean seeker feedback (1-5) per change valence, labelled WITHOUT looking at feedback.

    An outside check on real data: FailedESConv seekers rated the support on some turns, so
    replies the annotator calls positive should carry higher ratings than negative ones.
    """
    from esc_skills.mine.annotation import response_pairs

    tax = tax or load_taxonomy()
    ratings: dict[str, list[int]] = {"positive": [], "neutral": [], "negative": []}
    for d in dialogues:
        for turn, before, after in response_pairs(d.turns):
            fb = next((x.feedback for x in after if x.feedback is not None), None)
            if fb is None:
                continue
            change = response_change(
                " ".join(x.text for x in before),
                " ".join(x.text for x in after),
                tax,
                action=support_action(turn.text, turn.strategy, tax),
                support=turn.text,
            )
            ratings[tax.response_changes[change].valence or "neutral"].append(fb)
    return {
        k: {"n": len(v), "mean_feedback": round(sum(v) / len(v), 2) if v else None}
        for k, v in ratings.items()
    }
