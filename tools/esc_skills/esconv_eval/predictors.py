"""Offline strategy predictors: majority, transition prior, skill routing, and the router.

All of them are fitted on the train split only; nothing is tuned on test.

* ``majority``: the most frequent train strategy, every turn.
* ``transition``: previous supporter strategy -> its most likely next strategy on train.
* ``skill``: the skill router alone. BM25 over the bank (esc_skills.agent.retrieval when
  present) maps the latest seeker utterances to skills; each skill's esc-support-actions
  map to ESConv strategies through the taxonomy; the top skills vote, weighted by score.
* ``router``: the skill router combined with the transition prior and lexical cues in one
  linear classifier fitted on train (a linear SVM, liblinear one-vs-rest; C=0.05 was chosen
  on the valid split: as accurate there as logistic regression, and 20x faster to fit).
  Features: the routed skills' strategy vote, the top skill, the previous strategy, the
  supporter-turn position, whether the supporter is continuing its own turn, and TF-IDF
  words of the latest seeker and supporter utterances. ``router-no-skills`` is the same
  model without the skill features (an ablation).
"""

from __future__ import annotations

import math
import re
from collections import Counter, defaultdict
from collections.abc import Callable, Sequence
from typing import Any, Protocol

import numpy as np

from esc_skills.bank import Skill
from esc_skills.esconv_eval.context import START, TurnExample
from esc_skills.taxonomy import Taxonomy, load_taxonomy

_WORD = re.compile(r"[a-z0-9']+")


class StrategyPredictor(Protocol):
    """Predicts one ESConv strategy per example."""

    name: str

    def predict(self, examples: Sequence[TurnExample]) -> list[str]:
        """The predicted strategy of each example."""
        ...


class MajorityPredictor:
    """Always the most frequent train strategy."""

    name = "majority"

    def __init__(self, train: Sequence[TurnExample]) -> None:
        counts = Counter(ex.gold_strategy for ex in train)
        # ties broken by name so the choice never depends on dict order
        self.label = min(counts, key=lambda s: (-counts[s], s))

    def predict(self, examples: Sequence[TurnExample]) -> list[str]:
        """The majority label for every example."""
        return [self.label] * len(examples)


class TransitionPredictor:
    """Previous supporter strategy -> most likely next one on train (majority if unseen)."""

    name = "transition"

    def __init__(self, train: Sequence[TurnExample]) -> None:
        table: dict[str, Counter[str]] = defaultdict(Counter)
        for ex in train:
            table[ex.previous_strategy][ex.gold_strategy] += 1
        self.fallback = MajorityPredictor(train).label
        self.table = {
            prev: min(counts, key=lambda s: (-counts[s], s)) for prev, counts in table.items()
        }

    def predict(self, examples: Sequence[TurnExample]) -> list[str]:
        """The most likely successor of each example's previous strategy."""
        return [self.table.get(ex.previous_strategy, self.fallback) for ex in examples]


def _tokens(text: str) -> list[str]:
    return _WORD.findall(text.lower())


class _SharedRanker:
    """esc_skills.agent.retrieval.BM25Ranker, asked for a score for every skill."""

    def __init__(self, skills: Sequence[Skill], ranker: Any) -> None:
        self.ranker = ranker
        self.position = {id(s): i for i, s in enumerate(skills)}
        self.names = {s.name: i for i, s in enumerate(skills)}
        self.size = len(skills)

    def scores(self, query: str) -> np.ndarray:
        out = np.zeros(self.size)
        for skill, score in self.ranker.rank(query, top_k=self.size):
            index = self.position.get(id(skill), self.names.get(skill.name))
            if index is not None:
                out[index] = float(score)
        return out


class SkillRouter:
    """Maps a turn's context to skills (BM25) and skills to ESConv strategies (taxonomy)."""

    def __init__(
        self,
        skills: Sequence[Skill],
        taxonomy: Taxonomy | None = None,
        *,
        top_k: int = 3,
        seeker_turns: int = 2,
    ) -> None:
        if not skills:
            raise ValueError("the skill router needs a bank with at least one skill")
        self.skills = list(skills)
        self.taxonomy = taxonomy or load_taxonomy()
        self.strategies = list(self.taxonomy.esconv_strategies)
        self.top_k = top_k
        self.seeker_turns = seeker_turns
        self.index, self.index_name = self._make_index()
        # skill x strategy: each skill's support actions, mapped to strategies, as shares
        self.skill_strategy = np.zeros((len(self.skills), len(self.strategies)))
        for i, skill in enumerate(self.skills):
            actions = [
                a for a in skill.labels("esc-support-actions") if a in self.taxonomy.support_actions
            ]
            for action in actions:
                column = self.strategies.index(self.taxonomy.strategy_of(action))
                self.skill_strategy[i, column] += 1.0 / len(actions)

    def _make_index(self) -> tuple[_SharedRanker, str]:
        from esc_skills.agent.retrieval import BM25Ranker

        return _SharedRanker(
            self.skills, BM25Ranker(self.skills)
        ), "esc_skills.agent.retrieval.BM25Ranker"

    def query(self, example: TurnExample) -> str:
        """The retrieval query of a turn: its latest seeker utterances."""
        return " ".join(example.seeker_texts(self.seeker_turns))

    def route(self, example: TurnExample) -> tuple[np.ndarray, np.ndarray]:
        """(skill scores, strategy vote of the top-k skills weighted by score)."""
        scores = self.index.scores(self.query(example))
        vote = np.zeros(len(self.strategies))
        if scores.max(initial=0.0) <= 0.0:
            return scores, vote
        top = np.argsort(-scores, kind="stable")[: self.top_k]
        for i in top:
            if scores[i] > 0:
                vote += scores[i] * self.skill_strategy[i]
        total = vote.sum()
        return scores, (vote / total if total > 0 else vote)


class SkillPredictor:
    """The skill router alone: the strategy with the largest weighted vote."""

    name = "skill"

    def __init__(self, router: SkillRouter, train: Sequence[TurnExample]) -> None:
        self.router = router
        self.fallback = MajorityPredictor(train).label  # when no skill matches at all

    def predict(self, examples: Sequence[TurnExample]) -> list[str]:
        """Argmax of the routed skills' strategy vote."""
        out = []
        for ex in examples:
            _, vote = self.router.route(ex)
            out.append(
                self.router.strategies[int(np.argmax(vote))] if vote.sum() > 0 else self.fallback
            )
        return out


def _position_bucket(n: int) -> str:
    for limit, name in ((0, "0"), (1, "1"), (2, "2"), (5, "3-5"), (10, "6-10"), (20, "11-20")):
        if n <= limit:
            return name
    return "21+"


class RouterPredictor:
    """Skill routing + transition prior + lexical cues, one linear classifier fitted on train."""

    def __init__(
        self,
        train: Sequence[TurnExample],
        router: SkillRouter | None,
        *,
        name: str = "router",
        c: float = 0.05,
    ) -> None:
        from sklearn.feature_extraction.text import TfidfVectorizer
        from sklearn.svm import LinearSVC

        self.name = name
        self.router = router
        self.previous = sorted({ex.previous_strategy for ex in train} | {START})
        self.positions = ["0", "1", "2", "3-5", "6-10", "11-20", "21+"]
        # 3,000 n-grams per side: as accurate on valid as the full vocabulary, 3x faster to fit
        self.seeker_vec = TfidfVectorizer(
            ngram_range=(1, 2), min_df=3, max_features=3000, sublinear_tf=True
        )
        self.supporter_vec = TfidfVectorizer(
            ngram_range=(1, 2), min_df=3, max_features=3000, sublinear_tf=True
        )
        self.seeker_vec.fit([self._last(ex, "seeker") for ex in train])
        self.supporter_vec.fit([self._last(ex, "supporter") for ex in train])
        self.model = LinearSVC(C=c)
        self.model.fit(self._features(train), [ex.gold_strategy for ex in train])

    @staticmethod
    def _last(ex: TurnExample, speaker: str) -> str:
        return next((t.text for t in reversed(ex.history) if t.speaker == speaker), "")

    def _dense(self, ex: TurnExample) -> list[float]:
        row = [1.0 if ex.previous_strategy == p else 0.0 for p in self.previous]
        bucket = _position_bucket(ex.supporter_turns_so_far())
        row += [1.0 if bucket == p else 0.0 for p in self.positions]
        continuing = bool(ex.history) and ex.history[-1].speaker == "supporter"
        row.append(1.0 if continuing else 0.0)
        last_seeker = self._last(ex, "seeker")
        row.append(1.0 if last_seeker.rstrip().endswith("?") else 0.0)
        row.append(math.log1p(len(_tokens(last_seeker))))
        if self.router is not None:
            scores, vote = self.router.route(ex)
            top = np.zeros(len(scores))
            if scores.max(initial=0.0) > 0:
                top[int(np.argmax(scores))] = 1.0
            row += list(vote) + list(top)
        return row

    def _features(self, examples: Sequence[TurnExample]) -> Any:
        from scipy.sparse import csr_matrix, hstack

        dense = csr_matrix(np.asarray([self._dense(ex) for ex in examples], dtype=float))
        seeker = self.seeker_vec.transform([self._last(ex, "seeker") for ex in examples])
        supporter = self.supporter_vec.transform([self._last(ex, "supporter") for ex in examples])
        return hstack([dense, seeker, supporter]).tocsr()

    def predict(self, examples: Sequence[TurnExample]) -> list[str]:
        """The classifier's strategy for each example."""
        if not examples:
            return []
        return [str(label) for label in self.model.predict(self._features(examples))]


# The registry: name -> how to build it from the training examples and the skill router
# (None when the predictor needs no bank). One entry adds a predictor; the CLI's choices,
# OFFLINE_PREDICTORS and offline_predictors() derive from it.
PredictorFactory = Callable[[Sequence[TurnExample], "SkillRouter | None"], StrategyPredictor]
PREDICTORS: dict[str, tuple[PredictorFactory, bool]] = {
    "router": (lambda train, router: RouterPredictor(train, router), True),
    "skill": (lambda train, router: SkillPredictor(_need(router), train), True),
    "majority": (lambda train, router: MajorityPredictor(train), False),
    "transition": (lambda train, router: TransitionPredictor(train), False),
    "router-no-skills": (
        lambda train, router: RouterPredictor(train, None, name="router-no-skills"),
        False,
    ),
}


OFFLINE_PREDICTORS = tuple(PREDICTORS)


def _need(router: SkillRouter | None) -> SkillRouter:
    if router is None:
        raise ValueError("this predictor routes to skills: build it with a bank")
    return router


def offline_predictors(
    train: Sequence[TurnExample],
    skills: Sequence[Skill],
    names: Sequence[str] = OFFLINE_PREDICTORS,
    taxonomy: Taxonomy | None = None,
) -> dict[str, StrategyPredictor]:
    """Fit the named offline predictors on ``train`` examples."""
    unknown = [n for n in names if n not in PREDICTORS]
    if unknown:
        expected = ", ".join(OFFLINE_PREDICTORS)
        raise ValueError(f"unknown offline predictor {unknown[0]!r}; expected {expected}")
    needs_bank = any(PREDICTORS[n][1] for n in names)
    router = SkillRouter(skills, taxonomy) if needs_bank else None
    return {name: PREDICTORS[name][0](train, router) for name in names}
