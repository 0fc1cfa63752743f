"""`esc-skills data`: download the public dialogue data and describe what a data directory holds."""

from __future__ import annotations

import os
from dataclasses import dataclass
from pathlib import Path

import click

from esc_skills.cli.command import subcommand
from esc_skills.cli.options import data_dir_option
from esc_skills.paths import DATA_DIR_ENV, DEFAULT_DATA_DIR


def _target_dir(flag: str | None) -> Path:
    if flag:
        return Path(flag)
    return Path(os.environ.get(DATA_DIR_ENV) or DEFAULT_DATA_DIR)


@click.group()
def data() -> None:
    """Fetch and inspect the data: ESConv, FailedESConv, SAGE and RLVER profiles."""


@dataclass(frozen=True)
class FetchOptions:
    """The flags of `esc-skills data fetch`."""

    names: tuple[str, ...]
    data_dir: str | None
    mirror: str | None
    allow_unpinned: bool
    force: bool


@subcommand(data, "fetch", FetchOptions, [
    click.argument("names", nargs=-1),
    data_dir_option,
    click.option("--mirror",
                 help="Base URL serving the same relative paths (e.g. a local mirror)."),
    click.option("--allow-unpinned", is_flag=True,
                 help="Also fetch files without a pinned hash."),
    click.option("--force", is_flag=True, help="Download even when a verified copy is present."),
])  # fmt: skip
def run_fetch(opts: FetchOptions) -> None:
    """Download datasets (esconv, failed-esconv [default], sage, sage-results, rlver, esconv-json).

    Every file is checked against a pinned SHA-256 before it is moved into place.
    """
    from esc_skills.data.fetch import fetch as do_fetch

    target = _target_dir(opts.data_dir)

    def show(res: object) -> None:
        click.echo(f"{res.status:10} {res.dest}  sha256={res.sha256}")  # type: ignore[attr-defined]

    results = do_fetch(
        list(opts.names),
        target,
        mirror=opts.mirror,
        allow_unpinned=opts.allow_unpinned,
        force=opts.force,
        on_file=show,
    )
    click.echo(f"{len(results)} files ready under {target}")


@dataclass(frozen=True)
class InfoOptions:
    """The flags of `esc-skills data info`."""

    data_dir: str | None


@subcommand(data, "info", InfoOptions, [data_dir_option])
def run_info(opts: InfoOptions) -> None:
    """Count dialogues, utterances and skipped records per source in a data directory."""
    from rich.console import Console
    from rich.table import Table

    from esc_skills.data import LoadReport, load_source
    from esc_skills.errors import DataError
    from esc_skills.paths import resolve_data_dir

    root = resolve_data_dir(opts.data_dir)
    table = Table(title=f"Dialogue data in {root}")
    for col in ("source", "dialogues", "utterances", "with feedback", "skipped"):
        table.add_column(col, justify="left" if col == "source" else "right")
    for name in ("esconv-train", "esconv-valid", "esconv-test", "failed-esconv", "esconv-json"):
        report = LoadReport()
        try:
            dialogues = load_source(name, root, report)
        except DataError:
            table.add_row(name, "missing", "", "", "")
            continue
        turns = sum(len(d.turns) for d in dialogues)
        fb = sum(1 for d in dialogues for t in d.turns if t.feedback is not None)
        table.add_row(name, str(len(dialogues)), str(turns), str(fb), str(len(report.skips)))
    Console().print(table)
