"""`esc-skills mine`: discover skills from support dialogues (IUs, prototypes, clusters)."""

from __future__ import annotations

import json
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any, cast

import click

from esc_skills.cli.command import Option, subcommand
from esc_skills.cli.options import LLMOptions, data_dir_option, llm_options, print_llm_summary
from esc_skills.cli.params import (
    allow_errors_option,
    bank_option,
    choice_option,
    count_option,
    out_option,
    run_dir_option,
)

if TYPE_CHECKING:
    from esc_skills.mine.pipeline import MineOptions
    from esc_skills.mine.records import IU, IUSummary, MiningSummary

_SOURCES_HELP = (
    "Sources to mine (repeatable): esconv-train, esconv-valid, esconv-test, failed-esconv, "
    "esconv-json, or a path to a JSON-lines file of your own dialogues. "
    "Default: esconv-train and failed-esconv."
)


def _err(msg: str) -> None:
    click.echo(msg, err=True)


@dataclass(frozen=True)
class MineRunOptions:
    """The flags of `esc-skills mine run` and `mine annotate`."""

    out: str
    data_dir: str | None
    sources: tuple[str, ...]
    add: tuple[str, ...]
    annotator: str
    min_size: int
    clusters: int
    force: bool
    allow_errors: bool
    llm: LLMOptions
    as_json: bool = False  # `mine annotate` has no --json

    def pipeline(self) -> MineOptions:
        """The pipeline's settings (an llm annotator's client is built here)."""
        from esc_skills.mine.pipeline import DEFAULT_SOURCES, MineOptions
        from esc_skills.paths import resolve_data_dir

        given = self.sources
        chosen = list(given or DEFAULT_SOURCES) + [s for s in self.add if s not in given]
        client = self.llm.make_client() if self.annotator == "llm" else None
        return MineOptions(
            data_dir=resolve_data_dir(self.data_dir),
            out=Path(self.out),
            sources=tuple(dict.fromkeys(chosen)),
            annotator=self.annotator,
            min_size=self.min_size,
            n_clusters=self.clusters,
            force=self.force,
            llm_client=client,
            log=_err,
        )


def _run_json(path: Path, key: str) -> dict[str, Any]:
    """A JSON file of a run folder, or a DataError naming it (missing, damaged, foreign)."""
    from esc_skills.errors import DataError
    from esc_skills.jsonl import read_json

    fix = "rerun `esc-skills mine run` for that folder"
    if not path.exists():
        raise DataError(f"--run: {path} not found; is this a `mine run` folder? {fix}")
    data = read_json(path, what="it", fix=fix)
    if not isinstance(data, dict) or key not in data:
        raise DataError(f"{path}: not written by `mine run` (no {key!r}); {fix}")
    return data


def _run_ius(path: Path) -> list[IU]:
    """The IUs of a run's ius.jsonl, or a DataError naming it."""
    from esc_skills.errors import DataError
    from esc_skills.mine.ius import read_ius

    try:
        rows = list(read_ius(path))
    except FileNotFoundError:
        raise DataError(f"--run: {path} not found; rerun `esc-skills mine run`") from None
    except (OSError, UnicodeDecodeError, ValueError, RecursionError) as exc:
        raise DataError(f"{path}: cannot read it ({exc}); rerun `esc-skills mine run`") from None
    if not all(isinstance(r, dict) and "key" in r for r in rows):
        raise DataError(f"{path}: not IUs written by `mine run`; rerun `esc-skills mine run`")
    return rows


def _llm_summary(opts: MineOptions, summary: IUSummary, allow_errors: bool) -> None:
    """Print the model accounting; then fail truthfully when dialogues went unannotated."""
    from esc_skills.cli.failures import check_unit_errors

    if opts.llm_client is not None:
        print_llm_summary(opts.llm_client)
    failed = int(summary.get("skip_reasons", {}).get("not annotated", 0))
    reason = "the annotator returned no labels (see the log above)"
    check_unit_errors(
        "dialogues", summary["dialogues"], [reason], allow_errors=allow_errors, count=failed
    )


def _min_size_option() -> Option:
    return count_option("--min-size", default=5, help="Drop prototypes with fewer key IUs.")


def _clusters_option(*decls: str, help: str) -> Option:
    return count_option(*decls, default=27, maximum=10_000, help=help)


_PIPELINE_OPTIONS: list[Option] = [
    data_dir_option,
    out_option("Run directory.", required=True, type=click.Path(file_okay=False)),
    click.option("--source", "sources", multiple=True, help=_SOURCES_HELP),
    click.option("--add", multiple=True, help="Add a source to the defaults (repeatable)."),
    choice_option("--annotator", choices=("heuristic", "llm"), help="Who labels the dialogues."),
    _min_size_option(),
    _clusters_option("--clusters", help="Number of clusters (candidate skills)."),
    click.option("--force", is_flag=True,
                 help="Recompute every stage even when its inputs are unchanged."),
    allow_errors_option("dialogues", "llm annotator"),
    llm_options,
]  # fmt: skip


@click.group()
def mine() -> None:
    """Mine Intervention Units from dialogues and induce prototypes, clusters and skills."""


@subcommand(mine, "run", MineRunOptions, [
    *_PIPELINE_OPTIONS,
    click.option("--json", "as_json", is_flag=True,
                 help="Print summary.json instead of the table."),
])  # fmt: skip
def run_mine(opts: MineRunOptions) -> None:
    """Run the whole pipeline: annotate, IUs, prototypes, clusters, summary and report."""
    from esc_skills.mine.pipeline import run_pipeline
    from esc_skills.mine.report import comparison_rows, print_report

    pipeline = opts.pipeline()
    summary = run_pipeline(pipeline)
    if opts.as_json:
        click.echo(json.dumps(summary, indent=2))
    else:
        print_report(comparison_rows(summary))
        if summary["skipped"]:
            _err(
                f"{summary['skipped']} records skipped: {summary['skip_reasons']} "
                "(see summary.json)"
            )
        click.echo(
            f"wrote {pipeline.out}/summary.json, ius.jsonl, prototypes.json, clusters.json, "
            "report.md"
        )
    _llm_summary(pipeline, summary, opts.allow_errors)


@subcommand(mine, "annotate", MineRunOptions, _PIPELINE_OPTIONS)
def run_annotate(opts: MineRunOptions) -> None:
    """Annotate and build IUs only (the first stages of `mine run`); resumable."""
    from esc_skills.mine.pipeline import run_ius

    pipeline = opts.pipeline()
    summary = run_ius(pipeline)
    click.echo(
        f"{summary['ius']} IUs ({summary['key_ius']} key) from {summary['dialogues']} dialogues"
    )
    _llm_summary(pipeline, summary, opts.allow_errors)


@dataclass(frozen=True)
class RunFolderOptions:
    """The flags of `mine report`; the base of the commands that rework one run folder."""

    run_dir: str


@dataclass(frozen=True)
class PrototypesOptions(RunFolderOptions):
    """The flags of `mine prototypes`."""

    min_size: int


@subcommand(mine, "prototypes", PrototypesOptions, [run_dir_option(), _min_size_option()])
def run_prototypes(opts: PrototypesOptions) -> None:
    """Rebuild prototypes.json of a run from its ius.jsonl with another minimum size."""
    from esc_skills import atomic
    from esc_skills.mine.prototypes import build_prototypes

    run = Path(opts.run_dir)
    rows = _run_ius(run / "ius.jsonl")
    protos = build_prototypes(rows, min_size=opts.min_size)
    atomic.write_json(run / "prototypes.json", protos)
    click.echo(
        f"{len(protos['prototypes'])} prototypes (min size {opts.min_size}) -> "
        f"{run}/prototypes.json"
    )


@dataclass(frozen=True)
class ClustersOptions(RunFolderOptions):
    """The flags of `mine clusters`."""

    n: int


@subcommand(mine, "clusters", ClustersOptions, [
    run_dir_option(), _clusters_option("--clusters", "n", help="Number of clusters.")
])  # fmt: skip
def run_clusters(opts: ClustersOptions) -> None:
    """Recluster a run's prototypes into N clusters (clusters.json)."""
    from esc_skills import atomic
    from esc_skills.mine.clusters import build_clusters
    from esc_skills.taxonomy import load_taxonomy

    run = Path(opts.run_dir)
    protos = _run_json(run / "prototypes.json", "prototypes")["prototypes"]
    result = build_clusters(protos, load_taxonomy(), n_clusters=opts.n)
    atomic.write_json(run / "clusters.json", result)
    for c in result["clusters"]:
        click.echo(
            f"{c['id']}  {c['count']:5d} key IUs  {c['positive_rate']:.0%} positive  {c['label']}"
        )


@subcommand(mine, "report", RunFolderOptions, [run_dir_option()])
def run_report(opts: RunFolderOptions) -> None:
    """Print (and rewrite) a run's comparison with the paper's figures."""
    from esc_skills.mine.report import print_report, write_report

    run = Path(opts.run_dir)
    summary = cast("MiningSummary", _run_json(run / "summary.json", "dialogues"))
    print_report(write_report(run, summary))


@dataclass(frozen=True)
class SynthesizeOptions:
    """The flags of `esc-skills mine synthesize`."""

    run_dir: str
    out: str
    only: tuple[str, ...]
    max_attempts: int
    llm: LLMOptions


@subcommand(mine, "synthesize", SynthesizeOptions, [
    run_dir_option(),
    out_option("Candidate directory (not skills/).", required=True,
               type=click.Path(file_okay=False)),
    click.option("--cluster", "only", multiple=True, help="Only these cluster ids (e.g. C03)."),
    count_option("--max-attempts", default=2,
                 help="Model attempts per cluster before the template."),
    llm_options,
])  # fmt: skip
def run_synthesize(opts: SynthesizeOptions) -> None:
    """Write a candidate SKILL.md + references/evidence.json per cluster with the generator role."""
    import asyncio

    from esc_skills.mine.synthesize import synthesize_run

    client = opts.llm.make_client()
    results = asyncio.run(
        synthesize_run(
            Path(opts.run_dir),
            Path(opts.out),
            client,
            only=list(opts.only),
            max_attempts=opts.max_attempts,
            log=_err,
        )
    )
    print_llm_summary(client)
    for r in results:
        click.echo(f"{r['cluster']}  {r['status']:9}  {r.get('name', '')}  {r.get('reason', '')}")
    kept = sum(1 for r in results if r["status"] != "dropped")
    click.echo(f"{kept} candidates in {opts.out}, {len(results) - kept} dropped")


@dataclass(frozen=True)
class EvidenceOptions:
    """The flags of `esc-skills mine evidence`."""

    run_dir: str
    bank: str
    only: tuple[str, ...]


@subcommand(mine, "evidence", EvidenceOptions, [
    run_dir_option(),
    bank_option("Bank folder.", type=click.Path(exists=True, file_okay=False)),
    click.option("--only", multiple=True, help="Only these skills (repeatable)."),
])  # fmt: skip
def run_evidence(opts: EvidenceOptions) -> None:
    """Write skills/<name>/references/evidence.json for each skill from a mining run."""
    from esc_skills.mine.evidence import write_bank_evidence

    rows = write_bank_evidence(Path(opts.run_dir), Path(opts.bank), only=list(opts.only) or None)
    for row in rows:
        if row["status"] == "skipped":
            click.echo(f"skipped   {row['skill']:40} esc-origin curated: no mined evidence claimed")
            continue
        click.echo(
            f"{row['status']:9} {row['skill']:40} {row['prototypes']:3d} prototypes "
            f"{row['key_ius']:5d} key IUs ({row['positive']} +, {row['negative']} -)"
        )
