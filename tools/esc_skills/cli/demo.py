"""`esc-skills demo`: the most complete job that runs offline, end to end.

It chains the public commands exactly as a user would type them, so the demo
exercises the same interfaces the README documents and never a private path.
"""

from __future__ import annotations

import shlex
import time
from dataclasses import dataclass
from pathlib import Path

import click

from esc_skills.cli.command import command
from esc_skills.cli.options import data_dir_option
from esc_skills.cli.params import count_option, out_option
from esc_skills.paths import SKILLS_DIR, resolve_data_dir


@dataclass(frozen=True)
class Step:
    """One stage of the demo: a title and the esc-skills arguments that run it."""

    title: str
    args: list[str]


def plan_steps(*, data_dir: Path, out: Path, model: str, profiles: int, rounds: int) -> list[Step]:
    """The demo's stages, in pipeline order."""
    traces = out / "traces.jsonl"
    return [
        Step("Lint the bank", ["lint", str(SKILLS_DIR)]),
        Step("Check the bank index is current", ["bank", "index", "--check"]),
        Step(
            "Mine Intervention Units, prototypes and clusters (heuristic annotator)",
            ["mine", "run", "--data-dir", str(data_dir), "--out", str(out / "mine")],
        ),
        Step(
            f"Simulate {profiles} SAGE seekers against the skill-using agent ({model})",
            [
                "simulate",
                "--profiles",
                "sage",
                "--limit",
                str(profiles),
                "--max-rounds",
                str(rounds),
                "--language",
                "en",
                "--retriever",
                "cues",  # the offline default: risk first, then cues and BM25
                "--bank",
                str(SKILLS_DIR),
                "--model",
                model,
                "--data-dir",
                str(data_dir),
                "--no-progress",
                "--out",
                str(traces),
            ],
        ),
        Step(
            "Score the simulation (SAGE metrics, trajectories plot, report)",
            [
                "eval",
                "sage",
                "--traces",
                str(traces),
                "--report",
                str(out / "sage-report"),
                "--title",
                f"SAGE demo: {profiles} simulated seekers x {rounds} rounds",
            ],
        ),
        Step(
            "Score the released GPT-4.1 SAGE log with the same metrics",
            [
                "eval",
                "sage",
                "--traces",
                str(data_dir / "sage" / "results" / "gpt-4.1_result.jsonl"),
                "--report",
                str(out / "sage-gpt-4.1"),
                "--title",
                "SAGE: the released GPT-4.1 log",
            ],
        ),
        Step(
            "Offline evolution analysis of the simulated conversations",
            [
                "evolve",
                "analyse",
                str(traces),
                "--analyzer",
                "offline",
                "--state-dir",
                str(out / "evolve-state"),
            ],
        ),
        Step(
            "Export the bank for Claude Code",
            ["export", "--target", "claude-code", str(out / "export")],
        ),
        Step(
            "Export the bank for DeerFlow (skills/public + extensions_config.json)",
            ["export", "--target", "deerflow", str(out / "export")],
        ),
        Step(
            "Response-level evaluation on the ESConv test split (offline router)",
            [
                "eval",
                "esconv",
                "--predictor",
                "router",
                "--data-dir",
                str(data_dir),
                "--out",
                str(out / "esconv"),
            ],
        ),
    ]


# What a newcomer opens first, relative to --out.
OUTPUTS = (
    ("traces.jsonl", "the simulated conversations, one JSON line each"),
    ("sage-report/report.md", "their SAGE scores (with trajectories.png, metrics.json)"),
    ("sage-gpt-4.1/report.md", "the released GPT-4.1 log scored the same way"),
    ("mine/report.md", "what mining found in ESConv and FailedESConv"),
    ("evolve-state/analyses.json", "the offline evolution analysis"),
    ("export", "the bank exported for Claude Code and DeerFlow"),
    ("esconv/table.md", "the response-level ESConv evaluation"),
)


def run_step(step: Step) -> tuple[int, float]:
    """Run one step in this process; return its exit code and seconds taken."""
    from esc_skills.cli.main import cli

    started = time.perf_counter()
    try:
        cli.main(step.args, prog_name="esc-skills", standalone_mode=False)
        code = 0
    except SystemExit as exc:
        code = exc.code if isinstance(exc.code, int) else 1
    except click.ClickException as exc:
        exc.show()
        code = exc.exit_code
    return code, time.perf_counter() - started


def check_model_runs(model: str) -> None:
    """Probe an embedded model's first call in a child, so a native crash is one clear line."""
    from esc_skills.backend_types import BACKEND_TYPES
    from esc_skills.config import load_config, parse_model
    from esc_skills.llm.probe import ensure_local_model_runs

    bcfg = load_config(model=model).backend(parse_model(model)[0])
    if BACKEND_TYPES[bcfg.type].native and "cassette" not in bcfg.options:
        ensure_local_model_runs(bcfg, model)


@dataclass(frozen=True)
class DemoOptions:
    """The flags of `esc-skills demo`."""

    data_dir: str | None
    out: str
    model: str
    profiles: int
    rounds: int


def run_demo(opts: DemoOptions) -> None:
    """Run the offline pipeline: lint, mine, simulate, score, analyse, evaluate."""
    from rich.console import Console
    from rich.table import Table

    console = Console()
    model = opts.model
    out_dir = Path(opts.out)
    out_dir.mkdir(parents=True, exist_ok=True)
    steps = plan_steps(
        data_dir=resolve_data_dir(opts.data_dir),
        out=out_dir,
        model=model,
        profiles=opts.profiles,
        rounds=opts.rounds,
    )
    check_model_runs(model)
    results: list[tuple[Step, int, float]] = []
    for number, step in enumerate(steps, 1):
        console.rule(f"[bold]{number}/{len(steps)} {step.title}")
        console.print(f"$ esc-skills {shlex.join(step.args)}", style="dim")
        code, seconds = run_step(step)
        results.append((step, code, seconds))
    table = Table(title=f"esc-skills demo: outputs in {out_dir}")
    for column in ("step", "result", "seconds"):
        table.add_column(column)
    for step, code, seconds in results:
        table.add_row(step.title, "ok" if code == 0 else f"exit {code}", f"{seconds:.1f}")
    console.print(table)
    for name, what in OUTPUTS:
        if (out_dir / name).exists():
            console.print(f"  {out_dir / name}: {what}")
    if model.startswith("local/"):
        console.print(
            "Note: the embedded model is a 135M-parameter smoke-test model; its conversations "
            "prove the pipeline runs, not that the skills help. Use a real model for results."
        )
    failed = [step.title for step, code, _ in results if code != 0]
    if failed:
        raise SystemExit(1)


demo = command("demo", run_demo, DemoOptions, [
    data_dir_option,
    out_option("Folder for everything the demo writes.", type=click.Path(file_okay=False),
               default="runs/demo", show_default=True),
    click.option("--model", default="local/smollm2", show_default=True,
                 help="Model for every role."),
    count_option("--profiles", default=2, help="SAGE profiles to simulate."),
    count_option("--rounds", default=3, help="Rounds per simulated conversation."),
])  # fmt: skip
