"""Metric implementations against small cases computed by hand."""

from __future__ import annotations

import math
from pathlib import Path

import pytest

from esc_skills.esconv_eval import metrics

HYP = "the cat sat on the mat"
REF = "the cat is on the mat"


def test_accuracy_counts_exact_matches() -> None:
    assert metrics.accuracy(
        ["Question", "Others", "Information"], ["Question", "Question", "Information"]
    ) == pytest.approx(2 / 3)
    assert metrics.accuracy([], []) == 0.0
    with pytest.raises(ValueError):
        metrics.accuracy(["Question"], [])


def test_bleu_1_and_2_by_hand() -> None:
    # unigrams: 5 of 6 hypothesis tokens occur in the reference (all but "sat"); equal lengths
    assert metrics.bleu([HYP], [REF], 1) == pytest.approx(5 / 6)
    # bigrams: "the cat", "on the", "the mat" match of 5 -> sqrt(5/6 * 3/5)
    assert metrics.bleu([HYP], [REF], 2) == pytest.approx(math.sqrt(5 / 6 * 3 / 5))


def test_bleu_brevity_penalty_by_hand() -> None:
    # 2 tokens against 6: every unigram matches, BP = exp(1 - 6/2)
    assert metrics.bleu(["the cat"], [REF], 1) == pytest.approx(math.exp(-2))


def test_bleu_is_corpus_level_and_case_insensitive() -> None:
    # corpus counts: (5 + 2) matched of (6 + 2) tokens, lengths 8 vs 8
    assert metrics.bleu([HYP, "Hello There"], [REF, "hello there"], 1) == pytest.approx(7 / 8)


def test_rouge_by_hand() -> None:
    scores = metrics.rouge(["a b c d"], ["a c b d"])
    assert scores["rouge1"] == pytest.approx(1.0)
    assert scores["rouge2"] == pytest.approx(0.0)  # ab bc cd vs ac cb bd: none shared
    assert scores["rougeL"] == pytest.approx(0.75)  # LCS "a b d" = 3 of 4 on both sides
    pair = metrics.rouge([HYP], [REF])
    assert pair["rougeL"] == pytest.approx(5 / 6)  # LCS the cat on the mat
    assert pair["rouge2"] == pytest.approx(3 / 5)


def test_rouge_averages_over_pairs() -> None:
    scores = metrics.rouge(["a b c d", "x y"], ["a c b d", "z w"])
    assert scores["rougeL"] == pytest.approx((0.75 + 0.0) / 2)


def _wordnet_or_skip() -> None:
    reader, why = metrics.load_wordnet()
    if reader is None:
        pytest.skip(f"METEOR unavailable here: {why}")


def test_meteor_exact_matches_by_hand() -> None:
    _wordnet_or_skip()
    value, _ = metrics.meteor([HYP], [REF])
    # 5 matches, P = R = 5/6, 2 chunks: penalty 0.5 * (2/5)^3
    assert value == pytest.approx(5 / 6 * (1 - 0.5 * (2 / 5) ** 3))


def test_meteor_uses_wordnet_synonyms() -> None:
    _wordnet_or_skip()
    value, _ = metrics.meteor(["i feel sick"], ["i feel ill"])
    # "sick" ~ "ill" through WordNet (nltk stems before the synonym step, so a pair whose
    # stems are the words themselves): 3 matches in 1 chunk, penalty 0.5 * (1/3)^3
    assert value == pytest.approx(1 - 0.5 * (1 / 3) ** 3)


def test_meteor_without_wordnet_is_unavailable(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    monkeypatch.setattr(metrics, "_wordnet_dirs", lambda: [tmp_path / "nowhere"])
    metrics.load_wordnet.cache_clear()
    try:
        value, why = metrics.meteor([HYP], [REF])
        assert value is None
        assert "wordnet-base" in why
    finally:
        metrics.load_wordnet.cache_clear()


def test_bertscore_needs_a_local_model(tmp_path: Path) -> None:
    value, why = metrics.bertscore([HYP], [REF], None)
    assert value is None and "--bertscore-model" in why
    value, why = metrics.bertscore([HYP], [REF], str(tmp_path / "missing"))
    assert value is None and "not a folder" in why


def test_evaluate_reports_every_metric_or_why_not() -> None:
    report = metrics.evaluate(
        predicted_strategies=["Question", "Others"],
        gold_strategies=["Question", "Question"],
        hypotheses=[HYP, "thanks"],
        references=[REF, "thank you"],
    )
    assert set(report.values) == set(metrics.METRICS)
    assert report.values["acc"] == pytest.approx(0.5)
    for name, value in report.values.items():
        assert (value is None) == (name in report.unavailable), name
        if value is not None:
            assert 0.0 <= value <= 1.0
    assert "bertscore" in report.unavailable


def test_evaluate_strategy_only() -> None:
    report = metrics.evaluate(predicted_strategies=["Others"], gold_strategies=["Others"])
    assert report.values["acc"] == 1.0
    assert report.values["bleu1"] is None and "no responses" in report.unavailable["bleu1"]


def test_bertscore_runs_the_package_on_a_local_model(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    """The wiring only: a stand-in bert_score module records how it was called."""
    import sys
    import types

    calls: dict[str, object] = {}

    class Mean:
        def __init__(self, values: list[float]) -> None:
            self.values = values

        def mean(self) -> Mean:
            return Mean([sum(self.values) / len(self.values)])

        def item(self) -> float:
            return self.values[0]

    class BERTScorer:
        def __init__(self, **kwargs: object) -> None:
            calls.update(kwargs)

        def score(self, cands: list[str], refs: list[str]) -> tuple[Mean, Mean, Mean]:
            calls["pairs"] = list(zip(cands, refs, strict=True))
            return Mean([0.0]), Mean([0.0]), Mean([0.5, 0.7])

    monkeypatch.setitem(sys.modules, "bert_score", types.SimpleNamespace(BERTScorer=BERTScorer))
    value, where = metrics.bertscore(["a b", "c"], ["a b", "d"], str(tmp_path), num_layers=9)
    assert value == pytest.approx(0.6) and where == str(tmp_path)
    assert calls["model_type"] == str(tmp_path) and calls["num_layers"] == 9
    assert calls["pairs"] == [("a b", "a b"), ("c", "d")]
