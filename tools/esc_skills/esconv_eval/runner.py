"""Run an ESConv evaluation: offline predictors or the LLM agent, resumable, with metrics.

Predictions go to ``<out>/predictions.jsonl``, one line per supporter turn, appended as each
finishes (a crash loses at most the line being written; a torn last line is ignored on
resume). A rerun with the same ``--out`` skips the turns already there. Results go to
``<out>/results.json`` and ``<out>/table.md``, each written atomically.
"""

from __future__ import annotations

import asyncio
import json
import os
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Protocol

from esc_skills import atomic
from esc_skills.bank import Skill
from esc_skills.errors import ConfigError, RunErrors
from esc_skills.esconv_eval.context import TurnExample, build_examples, load_split
from esc_skills.esconv_eval.metrics import accuracy, evaluate
from esc_skills.esconv_eval.predictors import OFFLINE_PREDICTORS, offline_predictors
from esc_skills.esconv_eval.records import (
    AgentAnswer,
    EvalResult,
    Prediction,
    ResultRow,
    RunIdentity,
    Scores,
    TurnKeys,
)
from esc_skills.jsonl import read_json_lines
from esc_skills.taxonomy import load_taxonomy

PREDICTIONS = "predictions.jsonl"
RESULTS = "results.json"
TABLE = "table.md"
BASELINES = ("majority", "transition")


class TurnPredictor(Protocol):
    """What evaluate_agent asks of a predictor (esconv_eval.agent.AgentPredictor)."""

    @property
    def model(self) -> str:
        """The model behind it (the results' backbone)."""
        ...

    async def predict_one(self, example: TurnExample) -> AgentAnswer:
        """The strategy and reply for one turn."""
        ...


def read_predictions(path: Path, *, repair: bool = False) -> list[Prediction]:
    """Records of a predictions file; a torn (unparseable) last line is dropped.

    With ``repair`` the file is rewritten without it, so later appends start on a new line.
    """
    if not path.is_file():
        return []
    records: list[Prediction] = []
    for line in read_json_lines(path, what="predictions"):
        if line.error is None:
            records.append(line.data)
        elif line.last:
            # interrupted mid-write: that turn is simply run again
            if repair:
                atomic.write_json_lines(path, records)
            break
        else:
            raise ConfigError(
                f"{path}:{line.number}: {line.detail}; delete the line or the file, "
                "or pass another --out"
            )
    return records


def append_prediction(path: Path, record: Prediction) -> None:
    """Append one record as one line, flushed, so resume sees every finished turn."""
    path.parent.mkdir(parents=True, exist_ok=True)
    with path.open("a", encoding="utf-8") as fh:
        fh.write(json.dumps(record, ensure_ascii=False) + "\n")
        fh.flush()
        os.fsync(fh.fileno())


def _turn(ex: TurnExample, run: RunIdentity) -> TurnKeys:
    return {
        "run": run,
        "key": ex.key,
        "dialogue_id": ex.dialogue_id,
        "turn": ex.turn,
        "gold_strategy": ex.gold_strategy,
        "previous_strategy": ex.previous_strategy,
    }


def load_examples(
    data_dir: str | os.PathLike[str], split: str, limit: int | None
) -> tuple[list[TurnExample], int]:
    """(examples of the first ``limit`` dialogues of ``split``, number of dialogues)."""
    dialogues = load_split(data_dir, split)
    count = len(dialogues) if limit is None else min(limit, len(dialogues))
    return build_examples(dialogues, count), count


def evaluate_offline(
    data_dir: str | os.PathLike[str],
    *,
    predictor: str,
    skills: Sequence[Skill],
    bank_label: str,
    split: str = "test",
    limit: int | None = None,
    out: Path | None = None,
    ablations: bool = False,
) -> EvalResult:
    """Fit the offline predictors on train, predict ``split``; ACC of each and predictions."""
    if predictor not in OFFLINE_PREDICTORS:
        raise ConfigError(
            f"--predictor {predictor}: unknown; expected agent or one of "
            f"{', '.join(OFFLINE_PREDICTORS)}"
        )
    needs_bank = predictor in ("router", "skill")
    if needs_bank and not skills:
        raise ConfigError(
            f"--predictor {predictor} routes to skills but bank {bank_label!r} has none; "
            "pass --bank PATH to a folder of SKILL.md folders"
        )
    train = build_examples(load_split(data_dir, "train"))
    examples, dialogues = load_examples(data_dir, split, limit)
    names = [predictor, *(b for b in BASELINES if b != predictor)]
    if predictor == "router":
        names += ["skill", "router-no-skills"] if ablations else ["skill"]
    fitted = offline_predictors(train, skills if needs_bank else [], names, load_taxonomy())
    gold = [ex.gold_strategy for ex in examples]
    predicted = {name: p.predict(examples) for name, p in fitted.items()}
    scores = {name: accuracy(labels, gold) for name, labels in predicted.items()}
    backbone = "offline"
    rows = [
        _row(name, bank_label if name in ("router", "skill") else "-", backbone, {"acc": acc})
        for name, acc in scores.items()
    ]
    result: EvalResult = {
        "predictor": predictor,
        "bank": bank_label if needs_bank else "-",
        "backbone": backbone,
        "split": split,
        "dialogues": dialogues,
        "turns": len(examples),
        "acc": scores[predictor],
        "metrics": {"acc": scores[predictor]},
        "unavailable": {"responses": "offline predictors choose a strategy and write no response"},
        "baselines": {b: scores[b] for b in BASELINES},
        "ablations": {n: s for n, s in scores.items() if n not in (predictor, *BASELINES)},
        "train_turns": len(train),
        "rows": rows,
    }
    if needs_bank:
        router = getattr(fitted[predictor], "router", None)
        result["router"] = {
            "skills": len(skills),
            "index": getattr(router, "index_name", "?"),
            "top_k": getattr(router, "top_k", None),
        }
    if out is not None:
        run: RunIdentity = {"predictor": predictor, "bank": bank_label}
        records: list[Prediction] = [
            {
                **_turn(ex, run),
                "predicted_strategy": predicted[predictor][i],
                "gold_response": ex.gold_response,
            }
            for i, ex in enumerate(examples)
        ]
        lines = [json.dumps(record, ensure_ascii=False) for record in records]
        atomic.write_text(out / PREDICTIONS, "\n".join(lines) + ("\n" if lines else ""))
    return result


def _row(label: str, bank: str, backbone: str, metrics: Scores) -> ResultRow:
    return {"label": label, "bank": bank, "backbone": backbone, "metrics": metrics}


async def evaluate_agent(
    data_dir: str | os.PathLike[str],
    *,
    predictor: TurnPredictor,
    bank_label: str,
    out: Path,
    split: str = "test",
    limit: int | None = None,
    concurrency: int = 8,
    bertscore_model: str | None = None,
    bertscore_layers: int | None = None,
    progress: Callable[[int, int], None] | None = None,
) -> EvalResult:
    """Ask the agent for every missing turn (resuming from ``out``), then score all turns."""
    from esc_skills.llm import LLMError

    examples, dialogues = load_examples(data_dir, split, limit)
    path = out / PREDICTIONS
    run: RunIdentity = {
        "predictor": "agent",
        "bank": bank_label,
        "model": predictor.model,
        "split": split,
        **getattr(predictor, "settings", {}),
    }
    done: dict[str, Prediction] = {}
    for record in read_predictions(path, repair=True):
        if record.get("run") != run:
            raise ConfigError(
                f"{path} holds predictions of another run ({record.get('run')}), not {run}; "
                "pass a new --out folder to keep both"
            )
        done[record["key"]] = record
    todo = [ex for ex in examples if ex.key not in done]
    errors: list[str] = []
    gate = asyncio.Semaphore(max(concurrency, 1))
    finished = len(examples) - len(todo)

    async def one(ex: TurnExample) -> None:
        nonlocal finished
        async with gate:
            try:
                answer = await predictor.predict_one(ex)
            except LLMError as exc:
                errors.append(f"{ex.key}: {exc}")
                return
        record: Prediction = {**_turn(ex, run), "gold_response": ex.gold_response, **answer}
        append_prediction(path, record)
        done[ex.key] = record
        finished += 1
        if progress:
            progress(finished, len(examples))

    await asyncio.gather(*(one(ex) for ex in todo))
    scored = [ex for ex in examples if ex.key in done]
    if not scored and errors:
        raise RunErrors(
            f"all {len(examples)} turns errored (first: {errors[0]}); fix the cause (often the "
            "model backend: `esc-skills backends check`) and rerun the same command to retry them"
        )
    records = [done[ex.key] for ex in scored]
    report = evaluate(
        predicted_strategies=[r["predicted_strategy"] for r in records],
        gold_strategies=[ex.gold_strategy for ex in scored],
        hypotheses=[r["response"] for r in records],
        references=[ex.gold_response for ex in scored],
        bertscore_model=bertscore_model,
        bertscore_layers=bertscore_layers,
    )
    train = build_examples(load_split(data_dir, "train"))
    baselines = offline_predictors(train, [], BASELINES)
    gold = [ex.gold_strategy for ex in scored]
    base_scores = {n: accuracy(p.predict(scored), gold) for n, p in baselines.items()}
    backbone = predictor.model
    rows = [_row(bank_label, bank_label, backbone, report.values)]
    rows += [_row(n, "-", "offline", {"acc": s}) for n, s in base_scores.items()]
    return {
        "predictor": "agent",
        "bank": bank_label,
        "backbone": backbone,
        "split": split,
        "dialogues": dialogues,
        "turns": len(scored),
        "turns_requested": len(examples),
        "errored": len(errors),
        "errors": errors[:20],
        "complete": len(scored) == len(examples),
        "resumed": len(examples) - len(todo),
        "acc": report.values["acc"],
        "metrics": report.values,
        "unavailable": report.unavailable,
        "baselines": base_scores,
        "rows": rows,
    }
