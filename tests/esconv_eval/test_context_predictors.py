"""Per-turn examples and the offline predictors on the invented dialogues."""

from __future__ import annotations

from pathlib import Path

import pytest

from esc_skills.bank import Skill
from esc_skills.esconv_eval.context import START, build_examples, format_history, load_split
from esc_skills.esconv_eval.predictors import (
    MajorityPredictor,
    RouterPredictor,
    SkillPredictor,
    SkillRouter,
    TransitionPredictor,
    offline_predictors,
)


def test_one_example_per_supporter_utterance(tiny_data: Path) -> None:
    examples = build_examples(load_split(tiny_data, "test"))
    assert len(examples) == 4 + 2 + 3
    first, second, third = examples[:3]
    assert first.history == () and first.previous_strategy == START
    assert first.gold_strategy == "Question"
    assert second.previous_strategy == "Question"
    assert [t.speaker for t in second.history] == ["supporter", "seeker"]
    # a supporter continuing its own turn sees its previous utterance in the history
    assert third.history[-1].speaker == "supporter"
    assert third.key.endswith(":3") and third.gold_strategy == "Question"
    assert format_history(third.history, 1) == "Supporter: That sounds really discouraging."
    assert build_examples(load_split(tiny_data, "test"), limit=1) == examples[:4]


def test_majority_and_transition(tiny_data: Path) -> None:
    train = build_examples(load_split(tiny_data, "train"))
    # Question 2, Reflection of feelings 2: the tie goes to the alphabetically first
    assert MajorityPredictor(train).label == "Question"
    transition = TransitionPredictor(train)
    assert transition.table["Reflection of feelings"] in ("Question", "Self-disclosure")
    assert transition.table[START] in ("Question", "Reflection of feelings")
    assert transition.table["Self-disclosure"] == "Others"


def _skill(name: str, when: str, actions: str) -> Skill:
    body = f"## Overview\n\nx\n\n## When to use\n\n{when}\n"
    return Skill(
        name=name,
        description=when,
        body=body,
        metadata={"esc-version": "1", "esc-support-actions": actions},
    )


def test_skill_router_maps_context_to_the_skills_strategy(tiny_data: Path) -> None:
    skills = [
        _skill(
            "grief-companion", "a pet or person died; grief, crying, loss", "emotion-reflection"
        ),
        _skill(
            "new-city-plans", "lonely after moving to a new city, knows nobody", "direct-suggestion"
        ),
        # BM25's idf is zero for a word in half of a two-document corpus: keep three
        _skill("exam-stress", "exams, grades, studying, tests", "reassurance"),
    ]
    router = SkillRouter(skills, top_k=1)
    examples = build_examples(load_split(tiny_data, "test"))
    by_text = {ex.seeker_texts(1)[0] if ex.seeker_texts(1) else "": ex for ex in examples}
    grief = by_text["My dog died last week and I cannot stop crying."]
    lonely = by_text["I feel lonely since I moved to a new city."]
    train = build_examples(load_split(tiny_data, "train"))
    predictor = SkillPredictor(router, train)
    assert predictor.predict([grief, lonely]) == ["Reflection of feelings", "Providing Suggestions"]
    scores, vote = router.route(grief)
    assert scores.argmax() == 0 and vote.sum() == pytest.approx(1.0)
    # no seeker text at all: no skill matches, the train majority stands in
    assert predictor.predict([examples[0]]) == ["Question"]


def test_router_learns_from_train(tiny_data: Path) -> None:
    train = build_examples(load_split(tiny_data, "train"))
    skills = [_skill("grief-companion", "a pet died; grief, crying", "emotion-reflection")]
    router = RouterPredictor(train, SkillRouter(skills), c=100.0)
    predicted = router.predict(train)
    assert len(predicted) == len(train)
    # a nearly unregularised model fits its own nine training turns well
    hits = sum(p == ex.gold_strategy for p, ex in zip(predicted, train, strict=True))
    assert hits >= 7
    assert router.predict([]) == []


def test_offline_predictors_rejects_unknown_names(tiny_data: Path) -> None:
    train = build_examples(load_split(tiny_data, "train"))
    with pytest.raises(ValueError, match="unknown offline predictor"):
        offline_predictors(train, [], ["oracle"])
