"""`esc-skills eval judge-drift`: compare the configured seeker judge with SAGE's released one."""

from __future__ import annotations

import asyncio
import json
from dataclasses import dataclass
from pathlib import Path

import click

from esc_skills.cli.command import command
from esc_skills.cli.options import LLMOptions, llm_options, print_llm_summary
from esc_skills.cli.params import count_option, format_option, seed_option


@dataclass(frozen=True)
class JudgeDriftOptions:
    """The flags of `esc-skills eval judge-drift`."""

    traces: Path
    sample: int
    seed: int
    fmt: str
    llm: LLMOptions


def run_judge_drift(opts: JudgeDriftOptions) -> None:
    """Re-judge turns of a released SAGE log with the seeker model; report the agreement."""
    from esc_skills.sage.judge_drift import judge_drift as run
    from esc_skills.sage.judge_drift import load_judged_turns, render_text

    turns = load_judged_turns(opts.traces)  # a bad log is refused before any client is built
    client = opts.llm.make_client()
    report = asyncio.run(run(client, opts.traces.name, turns, sample=opts.sample, seed=opts.seed))
    model = client.config.roles["seeker"].model if client.config else "seeker"
    if opts.fmt == "json":
        click.echo(json.dumps({**report.to_json(), "seeker_model": model}, ensure_ascii=False))
    else:
        click.echo(render_text(report, model))
        for turn in report.turns:
            if turn.error:
                click.echo(f"  failed: {turn.where}: {turn.error}", err=True)
    print_llm_summary(client)
    if report.judged == 0:
        raise SystemExit(1)


judge_drift = command("judge-drift", run_judge_drift, JudgeDriftOptions, [
    click.option("--traces", required=True, type=click.Path(path_type=Path, dir_okay=False),
                 help="A released SAGE result log, e.g. DATA/sage/results/gpt-4.1_result.jsonl."),
    count_option("--sample", default=40, maximum=10_000,
                 help="How many judged seeker turns to re-judge (a fixed sample for a given "
                      "--seed)."),
    seed_option("Sample and model seed."),
    format_option("text", "json"),
    llm_options,
])  # fmt: skip
