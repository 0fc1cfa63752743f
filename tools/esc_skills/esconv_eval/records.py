"""The JSON an ESConv evaluation writes: prediction lines, results.json, comparisons.

TypedDicts, so the files stay exactly the dicts written before; ``results.json`` of the
offline predictors and of the agent share :class:`EvalResult`, each with its own extra keys.
"""

from __future__ import annotations

from typing import NotRequired, TypedDict

from esc_skills.llm.accounting import UsageReport

Scores = dict[str, float | None]  # metric name -> value (a fraction), None: not computed


class AgentAnswer(TypedDict):
    """What the agent answered for one turn."""

    predicted_strategy: str
    response: str
    skills_offered: list[str]
    skills_applied: list[str]
    cached: bool


class AgentSettings(TypedDict):
    """What shapes the agent's prompt besides the bank and model."""

    top_k: int
    history: int | None


class RunIdentity(TypedDict):
    """Which run a prediction line belongs to (a resume refuses lines of another run)."""

    predictor: str
    bank: str
    model: NotRequired[str]
    split: NotRequired[str]
    top_k: NotRequired[int]
    history: NotRequired[int | None]


class TurnKeys(TypedDict):
    """The run and the turn a prediction line is about."""

    run: RunIdentity
    key: str
    dialogue_id: str
    turn: int
    gold_strategy: str
    previous_strategy: str


class Prediction(TurnKeys):
    """One line of predictions.jsonl: the turn, then what the predictor said."""

    gold_response: str
    predicted_strategy: str
    response: NotRequired[str]
    skills_offered: NotRequired[list[str]]
    skills_applied: NotRequired[list[str]]
    cached: NotRequired[bool]


class ResultRow(TypedDict):
    """One row of the results table."""

    label: str
    bank: NotRequired[str]  # a comparison's rows name no bank
    backbone: str
    metrics: Scores
    split: NotRequired[str]  # set when rows of several runs are combined


class RouterInfo(TypedDict):
    """The router the offline skill predictors used."""

    skills: int
    index: str
    top_k: int | None


class EvalResult(TypedDict):
    """results.json of one ``eval esconv`` run."""

    predictor: str
    bank: str
    backbone: str
    split: str
    dialogues: int
    turns: int
    acc: float | None
    metrics: Scores
    unavailable: dict[str, str]
    baselines: dict[str, float]
    rows: list[ResultRow]
    # the offline predictors
    ablations: NotRequired[dict[str, float]]
    train_turns: NotRequired[int]
    router: NotRequired[RouterInfo]
    # the agent
    turns_requested: NotRequired[int]
    errored: NotRequired[int]
    errors: NotRequired[list[str]]
    complete: NotRequired[bool]
    resumed: NotRequired[int]
    # added by `eval esconv` when it ran the agent
    usage: NotRequired[UsageReport]
    out: NotRequired[str]


class Comparison(TypedDict):
    """B minus A on each metric both runs computed."""

    a: str
    b: str
    delta: Scores
    notes: list[str]
    markdown: str


class Combined(TypedDict):
    """One table from several runs."""

    rows: list[ResultRow]
    markdown: str
