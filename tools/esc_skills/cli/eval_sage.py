"""`esc-skills eval sage` and `eval compare`: SAGE metrics for trace files and released logs."""

from __future__ import annotations

import json
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import click

from esc_skills.cli.command import Option, command
from esc_skills.cli.options import FiniteFloatRange
from esc_skills.cli.params import (
    choice_option,
    count_option,
    format_option,
    input_file_option,
    report_option,
    seed_option,
)
from esc_skills.errors import DataError

INPUT_FORMATS = ("auto", "trace", "sage")


def load_any(path: str, input_format: str = "auto") -> list[Any]:
    """Read our trace file or a released SAGE result log (sniffed when ``auto``)."""
    from esc_skills.data.sage_logs import import_sage_log, is_sage_log
    from esc_skills.data.traces import read_traces

    file = Path(path)
    if not file.is_file():
        raise DataError(f"{file}: trace file not found")
    # Scoring keeps going past a malformed record, says which, and never counts it.
    skipped: list[str] = []
    if input_format == "sage" or (input_format == "auto" and is_sage_log(file)):
        traces = import_sage_log(file, skipped=skipped)
    else:
        traces = read_traces(file, skipped=skipped)
    for problem in skipped:
        click.echo(f"warning: {problem}; record skipped", err=True)
    if not traces:
        first = f"; all {len(skipped)} record(s) skipped, first: {skipped[0]}" if skipped else ""
        raise DataError(f"{file}: no conversations in this file{first}")
    if skipped:
        click.echo(f"warning: {len(skipped)} record(s) of {file} skipped, not scored", err=True)
    return traces


def _input_format_option() -> Option:
    """--input-format: how a trace file is read (sniffed by default)."""
    return choice_option(
        "--input-format",
        choices=INPUT_FORMATS,
        help="trace (ours), sage (released SAGE result log) or auto-detect.",
    )


@dataclass(frozen=True)
class SageOptions:
    """The flags of `esc-skills eval sage`."""

    traces: str
    fmt: str
    input_format: str
    report_dir: str | None
    title: str | None


def run_sage(opts: SageOptions) -> None:
    """Sentient score, Success and Failure of a trace file or a released SAGE result log."""
    from esc_skills.outputs import check_output_folder
    from esc_skills.sage.metrics import compute_metrics
    from esc_skills.sage.report import render_metrics, write_report

    if opts.report_dir:
        check_output_folder(Path(opts.report_dir), "--report", "report")
    loaded = load_any(opts.traces, opts.input_format)
    metrics = compute_metrics(loaded)
    name = opts.title or Path(opts.traces).name
    click.echo(render_metrics(metrics, opts.fmt, name))
    if opts.report_dir:
        written = write_report(metrics, loaded, opts.report_dir, title=name)
        click.echo(f"report: {written[0]}", err=True)


sage = command("sage", run_sage, SageOptions, [
    input_file_option("--traces", required=True, help="Trace file."),
    format_option("text", "json", "markdown"),
    _input_format_option(),
    report_option("Write report.md, PNG, CSV, JSON here."),
    click.option("--title", default=None, help="Report title (default: the file name)."),
])  # fmt: skip


@dataclass(frozen=True)
class CompareOptions:
    """The flags of `esc-skills eval compare`."""

    a: str
    b: str
    fmt: str
    input_format: str
    resamples: int
    confidence: float
    seed: int
    plot: str | None


def run_compare(opts: CompareOptions) -> None:
    """Compare run B against run A: paired per-profile differences and a bootstrap CI."""
    from esc_skills.sage.compare import compare_runs
    from esc_skills.sage.report import comparison_markdown, comparison_text

    a, b = opts.a, opts.b
    runs = load_any(a, opts.input_format), load_any(b, opts.input_format)
    result = compare_runs(
        *runs, resamples=opts.resamples, confidence=opts.confidence, seed=opts.seed
    )
    names = Path(a).name, Path(b).name
    if names[0] == names[1]:
        names = f"A {a}", f"B {b}"
    if not result.pairs:
        raise DataError(f"{a} and {b} share no completed profile; compare runs over the same ids")
    if opts.fmt == "json":
        click.echo(json.dumps(result.to_dict(), ensure_ascii=False, indent=2))
    elif opts.fmt == "markdown":
        click.echo(comparison_markdown(result, *names))
    else:
        click.echo(comparison_text(result, *names))
    if opts.plot:
        from esc_skills.sage.plots import plot_trajectories

        plot_trajectories(dict(zip(names, runs, strict=True)), opts.plot, title="SAGE comparison")
        click.echo(f"plot: {opts.plot}", err=True)


compare = command("compare", run_compare, CompareOptions, [
    click.argument("a", type=click.Path(dir_okay=False)),
    click.argument("b", type=click.Path(dir_okay=False)),
    format_option("text", "json", "markdown"),
    _input_format_option(),
    count_option("--resamples", default=10000, minimum=100, maximum=1_000_000,
                 help="Bootstrap resamples."),
    click.option("--confidence", type=FiniteFloatRange(0.5, 0.999), default=0.95,
                 show_default=True, help="Confidence level of the interval."),
    seed_option("Bootstrap seed."),
    click.option("--plot", default=None, help="Write both runs' emotion trajectories to this PNG."),
])  # fmt: skip
