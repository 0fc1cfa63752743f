"""`esc-skills experiment`: run the paper's grid from one file, with the cost known first."""

from __future__ import annotations

import asyncio
import hashlib
import json
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import click

from esc_skills.cli.command import command
from esc_skills.cli.options import FiniteFloatRange, LLMOptions, data_dir_option, llm_options
from esc_skills.cli.params import format_option, out_option


def _skill_texts(spec: str) -> list[str]:
    """SKILL.md texts of a bank as the estimate sees it (generated banks: a typical size)."""
    from esc_skills.banks import bank_folder
    from esc_skills.sage.baselines import GENERATED

    if spec in GENERATED:
        return ["x" * 1600] * 3  # a generated baseline: 1-5 short skills
    folder = bank_folder(spec.partition("@")[0])
    if folder is None:
        return []
    return [p.read_text("utf-8", "replace") for p in sorted(folder.glob("*/SKILL.md"))]


def _settings(exp: Any, configs: dict[str, Any]) -> dict[str, Any]:
    """Everything that changes the outcome, recorded in the report."""
    from esc_skills import __version__
    from esc_skills.paths import PROMPTS_DIR

    prompts = {
        p.name: hashlib.sha256(p.read_bytes()).hexdigest()[:16]
        for p in sorted(PROMPTS_DIR.glob("*.md"))
    }
    return {
        "tool_version": __version__,
        "experiment_file": str(exp.path),
        "experiment_sha256": hashlib.sha256(exp.path.read_bytes()).hexdigest()[:16],
        "levels": list(exp.levels),
        "banks": list(exp.banks),
        "seeds": list(exp.seeds),
        "repeats": exp.repeats,
        "run_seed": "seed * 100 + repeat",
        "sage": exp.sage.__dict__ | {"ids": list(exp.sage.ids)},
        "esconv": exp.esconv.__dict__,
        "backbones": {
            name: {
                role: {
                    "model": rc.model,
                    "temperature": rc.temperature,
                    "max_tokens": rc.max_tokens,
                    "seed": rc.seed,
                }
                for role, rc in cfg.roles.items()
            }
            for name, cfg in configs.items()
        },
        "prompt_sha256": prompts,
        "sage_protocol": {
            "start_emotion": 40,
            "change_clip": [-10, 10],
            "cap": 100,
            "floor": 0,
            "success": 100,
            "failure_below": 10,
        },
    }


def _print_estimate(summary: dict[str, Any]) -> None:
    click.echo(
        f"{'cell':<48} {'units':>6} {'done':>5} {'calls':>8} {'in tok':>11} "
        f"{'out tok':>10} {'cost $':>9}  source"
    )
    for cell in summary["per_cell"]:
        cost = "unpriced" if cell["cost_usd"] is None else f"{cell['cost_usd']:.2f}"
        click.echo(
            f"{cell['cell']:<48} {cell['units']:>6} {cell['covered']:>5} {cell['calls']:>8} "
            f"{cell['input_tokens']:>11,} {cell['output_tokens']:>10,} {cost:>9}  {cell['source']}"
        )
    click.echo(
        f"total: {summary['cells']} cells, {summary['calls']:,} calls, "
        f"{summary['input_tokens']:,} input and {summary['output_tokens']:,} output tokens, "
        f"${summary['cost_usd']:.2f}"
        + (f" (+ {summary['unpriced_cells']} unpriced cells)" if summary["unpriced_cells"] else "")
        + f"; already done: {summary['covered_units']} of {summary['units']} units"
    )


@dataclass(frozen=True)
class ExperimentOptions:
    """The flags of `esc-skills experiment`."""

    config_file: Path
    dry_run: bool
    budget: float | None
    out: str | None
    data_dir: str | None
    fmt: str
    llm: LLMOptions


def run_experiment(opts: ExperimentOptions) -> None:
    """Run every cell of an experiment grid resumably and write one report (md, html, json)."""
    from esc_skills.errors import UserError
    from esc_skills.experiment.estimate import Estimator, totals
    from esc_skills.experiment.execute import BudgetReached, backbone_configs, run_cells, spent
    from esc_skills.experiment.plan import load_experiment
    from esc_skills.experiment.report import SMOKE_NOTE, write_report
    from esc_skills.paths import resolve_data_dir

    config_file, budget = opts.config_file, opts.budget
    exp = load_experiment(config_file, model=opts.llm.model, out=opts.out)
    configs = backbone_configs(exp, opts.llm.load_config())
    data = resolve_data_dir(opts.data_dir)
    profiles: list[Any] = []
    if "sage" in exp.levels:
        from esc_skills.data.profiles import SOURCES, load_profiles

        where, source = (
            (data, exp.sage.profiles)
            if exp.sage.profiles in SOURCES
            else (Path(exp.sage.profiles), "file")
        )
        profiles = load_profiles(
            where, source, ids=list(exp.sage.ids) or None, limit=exp.sage.limit
        )
        if not profiles:
            raise UserError(f"{config_file}: [sage] selects no profiles; check profiles and ids")
    turns = 0
    if "esconv" in exp.levels:
        from esc_skills.esconv_eval.runner import load_examples

        turns = len(load_examples(data, exp.esconv.split, exp.esconv.limit)[0])
    cells = exp.cells()
    estimator = Estimator(exp, configs, profiles)
    texts = {bank: _skill_texts(bank) for bank in exp.banks}
    estimates = {c.slug: estimator.estimate(c, texts[c.bank], turns) for c in cells}
    summary = totals(list(estimates.values()))
    if opts.dry_run:
        if opts.fmt == "json":
            click.echo(json.dumps(summary | {"smoke": exp.smoke}))
        else:
            _print_estimate(summary)
            if exp.smoke:
                click.echo(SMOKE_NOTE)
        return
    if budget is not None:
        too_big = [e for e in estimates.values() if (e.cost_usd or 0) > budget]
        if too_big:
            raise UserError(
                f"--budget ${budget:.2f} is below the estimate of cell {too_big[0].cell} "
                f"(${too_big[0].cost_usd:.2f}); raise the budget or shrink the grid "
                "(see --dry-run)"
            )
    from esc_skills.llm.factory import make_client

    clients = {name: make_client(cfg) for name, cfg in configs.items()}

    def progress(cell: Any, state: str) -> None:
        click.echo(f"[{state}] {cell.slug}", err=True)

    try:
        outcomes = asyncio.run(
            run_cells(
                exp,
                cells,
                clients=clients,
                profiles=profiles,
                data_dir=data,
                estimates=estimates,
                budget=budget,
                on_cell=progress,
            )
        )
    except BudgetReached as exc:
        click.echo(f"budget: {exc}", err=True)
        raise
    written = write_report(exp, outcomes, _settings(exp, configs))
    click.echo(f"report: {written[0]} and {written[1].name} ({len(cells)} cells)")
    click.echo(f"spent: ${spent(clients):.4f} (estimated ${summary['cost_usd']:.2f})")
    if exp.smoke:
        click.echo(SMOKE_NOTE)
    for client in clients.values():
        click.echo(client.summary(), err=True)


experiment = command("experiment", run_experiment, ExperimentOptions, [
    click.argument("config_file", metavar="CONFIG.toml", type=click.Path(path_type=Path)),
    click.option("--dry-run", is_flag=True,
                 help="Print calls, tokens and cost per cell; call nothing."),
    click.option("--budget", type=FiniteFloatRange(min=0), default=None,
                 help="Stop before passing USD."),
    out_option("Output folder (default: the file's experiment.out).", default=None),
    data_dir_option,
    format_option("text", "json"),
    llm_options,
])  # fmt: skip
