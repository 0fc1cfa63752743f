"""`esc-skills eval judge-drift`: compare the configured seeker judge with SAGE's released one."""

from __future__ import annotations

import asyncio
import json
from pathlib import Path

import click

from esc_skills.cli.options import LLMOptions, llm_options, print_llm_summary


@click.command("judge-drift")
@click.option(
    "--traces",
    required=True,
    type=click.Path(path_type=Path, dir_okay=False),
    help="A released SAGE result log, e.g. DATA/sage/results/gpt-4.1_result.jsonl.",
)
@click.option(
    "--sample",
    type=click.IntRange(min=1, max=10_000),
    default=40,
    show_default=True,
    help="How many judged seeker turns to re-judge (a fixed sample for a given --seed).",
)
@click.option("--seed", type=int, default=0, show_default=True, help="Sample and model seed.")
@click.option("--format", "fmt", type=click.Choice(["text", "json"]), default="text")
@llm_options
def judge_drift(traces: Path, sample: int, seed: int, fmt: str, llm: LLMOptions) -> None:
    """Re-judge turns of a released SAGE log with the seeker model; report the agreement."""
    from esc_skills.sage.judge_drift import judge_drift as run
    from esc_skills.sage.judge_drift import load_judged_turns, render_text

    turns = load_judged_turns(traces)  # a bad log is refused before any client is built
    client = llm.make_client()
    report = asyncio.run(run(client, traces.name, turns, sample=sample, seed=seed))
    model = client.config.roles["seeker"].model if client.config else "seeker"
    if fmt == "json":
        click.echo(json.dumps({**report.to_json(), "seeker_model": model}, ensure_ascii=False))
    else:
        click.echo(render_text(report, model))
        for turn in report.turns:
            if turn.error:
                click.echo(f"  failed: {turn.where}: {turn.error}", err=True)
    print_llm_summary(client)
    if report.judged == 0:
        raise SystemExit(1)
