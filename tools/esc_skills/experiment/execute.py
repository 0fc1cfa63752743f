"""Run every cell of an experiment, resumably, through the shared runner and LLM cache.

Each cell writes into its own folder under the experiment's ``out``: SAGE cells append
traces to ``traces.jsonl`` (a rerun simulates only the profiles not yet finished), ESConv
cells append to ``predictions.jsonl`` and write ``result.json``. Generated baselines are
saved in the cell's ``bank/`` and reused. A ``--budget`` stops cleanly before the first
cell whose estimate would pass it; rerunning the same command resumes.
"""

from __future__ import annotations

import json
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any

from esc_skills import atomic
from esc_skills.bank import Skill, load_bank
from esc_skills.config import Config
from esc_skills.errors import UserError
from esc_skills.experiment.estimate import CellEstimate
from esc_skills.experiment.plan import Cell, Experiment
from esc_skills.llm import LLMClient

if TYPE_CHECKING:  # the runners import on use; only their result types are named here
    from esc_skills.data.traces import Trace
    from esc_skills.esconv_eval.records import EvalResult
    from esc_skills.safety.result import BatteryJSON


class BudgetReached(UserError):
    """The next cell would pass the budget; finished cells are kept for a resume."""

    exit_code = 3


@dataclass
class CellOutcome:
    """What one cell produced."""

    cell: Cell
    folder: Path
    label: str
    traces: list[Trace] = field(default_factory=list)
    esconv: EvalResult | None = None
    safety: BatteryJSON | None = None


async def resolve_cell_bank(
    cell: Cell, client: LLMClient, folder: Path, data_dir: Path
) -> tuple[str, list[Skill]]:
    """The cell's label and skills: a named baseline, a folder, or FOLDER@REVISION."""
    from esc_skills.sage.baselines import resolve_bank

    spec = cell.bank
    if "@" in spec:
        from esc_skills.gitops import export_tree

        path, _, revision = spec.partition("@")
        target = folder / "bank-at-revision"
        if not target.is_dir():
            export_tree(path, revision, target)
        return spec, load_bank(target)
    return await resolve_bank(
        spec, client=client, out_dir=folder / "bank", data_dir=data_dir, seed=cell.run_seed
    )


async def _run_sage(
    exp: Experiment, cell: Cell, client: LLMClient, profiles: list[Any], folder: Path, data: Path
) -> CellOutcome:
    from esc_skills.cli.simulate import build_agent
    from esc_skills.sage.runner import run_conversations

    label, skills = await resolve_cell_bank(cell, client, folder, data)
    settings = exp.sage
    agent = build_agent(client, skills, settings.retriever, settings.top_k)
    traces = await run_conversations(
        profiles,
        agent=agent,
        client=client,
        out=folder / "traces.jsonl",
        max_rounds=settings.max_rounds,
        language=None if settings.language == "profile" else settings.language,
        seed=cell.run_seed,
        bank_label=label,
    )
    return CellOutcome(cell, folder, label, traces=traces)


async def _run_esconv(
    exp: Experiment, cell: Cell, client: LLMClient, folder: Path, data: Path
) -> CellOutcome:
    from esc_skills.esconv_eval.agent import AgentPredictor
    from esc_skills.esconv_eval.runner import evaluate_agent
    from esc_skills.taxonomy import load_taxonomy

    label, skills = await resolve_cell_bank(cell, client, folder, data)
    predictor = AgentPredictor(
        client,
        skills,
        strategies=load_taxonomy().esconv_strategies,
        top_k=exp.esconv.top_k,
        history_utterances=exp.esconv.history,
    )
    if exp.esconv.batch:
        from esc_skills.esconv_eval.batch import prefetch_responses

        await prefetch_responses(
            predictor, data, out=folder, split=exp.esconv.split, limit=exp.esconv.limit
        )
    result = await evaluate_agent(
        data,
        predictor=predictor,
        bank_label=label,
        out=folder,
        split=exp.esconv.split,
        limit=exp.esconv.limit,
    )
    atomic.write_text(
        folder / "result.json", json.dumps(result, indent=2, ensure_ascii=False) + "\n"
    )
    return CellOutcome(cell, folder, label, esconv=result)


async def _run_safety(
    exp: Experiment, cell: Cell, client: LLMClient, folder: Path, data: Path
) -> CellOutcome:
    from esc_skills.safety.runner import run_battery

    saved = folder / "safety.json"
    label, skills = await resolve_cell_bank(cell, client, folder, data)
    if saved.is_file():  # a finished battery is not paid for twice
        return CellOutcome(cell, folder, label, safety=json.loads(saved.read_text("utf-8")))
    # The battery's seeker is scripted; its retriever is the offline one, so banks differ
    # only in what they teach the agent.
    result = await run_battery(skills, client, seed=cell.run_seed, bank_label=label)
    data_out = result.to_dict()
    atomic.write_json(saved, data_out)
    return CellOutcome(cell, folder, label, safety=data_out)


def spent(clients: dict[str, LLMClient]) -> float:
    """Dollars spent so far by every backbone's client."""
    return sum(c.accounting.total().cost for c in clients.values())


async def run_cells(
    exp: Experiment,
    cells: list[Cell],
    *,
    clients: dict[str, LLMClient],
    profiles: list[Any],
    data_dir: Path,
    estimates: dict[str, CellEstimate],
    budget: float | None = None,
    on_cell: Callable[[Cell, str], None] | None = None,
) -> list[CellOutcome]:
    """Run cells one after another (each runs its own work in parallel); stop at the budget."""
    outcomes = []
    for cell in cells:
        estimate = estimates[cell.slug]
        cost = estimate.cost_usd
        if budget is not None and cost is not None and spent(clients) + cost > budget:
            raise BudgetReached(
                f"stopped before cell {cell.slug}: spent ${spent(clients):.2f}, its estimate "
                f"${estimate.cost_usd:.2f} would pass --budget ${budget:.2f}; finished cells "
                "are saved: rerun with a higher --budget to resume"
            )
        folder = exp.out / cell.slug
        folder.mkdir(parents=True, exist_ok=True)
        client = clients[cell.backbone.name]
        if on_cell:
            on_cell(cell, "start")
        if cell.level == "sage":
            outcome = await _run_sage(exp, cell, client, profiles, folder, data_dir)
        elif cell.level == "safety":
            outcome = await _run_safety(exp, cell, client, folder, data_dir)
        else:
            outcome = await _run_esconv(exp, cell, client, folder, data_dir)
        outcomes.append(outcome)
        if on_cell:
            on_cell(cell, "done")
    return outcomes


def backbone_configs(exp: Experiment, base: Config) -> dict[str, Config]:
    """One resolved configuration per backbone (the file's settings, its role models)."""
    return {b.name: base.with_overrides(role_models=b.role_models()) for b in exp.backbones}
