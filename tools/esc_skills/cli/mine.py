"""`esc-skills mine`: discover skills from support dialogues (IUs, prototypes, clusters)."""

from __future__ import annotations

import json
from pathlib import Path
from typing import TYPE_CHECKING, Any, cast

import click

from esc_skills.cli.options import LLMOptions, data_dir_option, llm_options, print_llm_summary

if TYPE_CHECKING:
    from esc_skills.mine.records import IUSummary, MiningSummary

_SOURCES_HELP = (
    "Sources to mine (repeatable): esconv-train, esconv-valid, esconv-test, failed-esconv, "
    "esconv-json, or a path to a JSON-lines file of your own dialogues. "
    "Default: esconv-train and failed-esconv."
)


def _err(msg: str) -> None:
    click.echo(msg, err=True)


def _options(
    data_dir: str | None,
    out: str,
    sources: tuple[str, ...],
    add: tuple[str, ...],
    annotator: str,
    min_size: int,
    clusters: int,
    force: bool,
    llm: LLMOptions | None,
) -> Any:
    from esc_skills.mine.pipeline import DEFAULT_SOURCES, MineOptions
    from esc_skills.paths import resolve_data_dir

    chosen = list(sources or DEFAULT_SOURCES) + [s for s in add if s not in (sources or ())]
    client = llm.make_client() if (annotator == "llm" and llm is not None) else None
    return MineOptions(
        data_dir=resolve_data_dir(data_dir),
        out=Path(out),
        sources=tuple(dict.fromkeys(chosen)),
        annotator=annotator,
        min_size=min_size,
        n_clusters=clusters,
        force=force,
        llm_client=client,
        log=_err,
    )


def _run_json(path: Path, key: str) -> dict[str, Any]:
    """A JSON file of a run folder, or a DataError naming it (missing, damaged, foreign)."""
    from esc_skills.errors import DataError

    fix = "rerun `esc-skills mine run` for that folder"
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except FileNotFoundError:
        raise DataError(f"--run: {path} not found; is this a `mine run` folder? {fix}") from None
    except (OSError, UnicodeDecodeError, ValueError, RecursionError) as exc:
        raise DataError(f"{path}: cannot read it ({exc}); {fix}") from None
    if not isinstance(data, dict) or key not in data:
        raise DataError(f"{path}: not written by `mine run` (no {key!r}); {fix}")
    return data


def _run_rows(path: Path, reader: Any) -> Any:
    """Rows of a run's JSON-lines file, or a DataError naming it."""
    from esc_skills.errors import DataError

    try:
        rows = list(reader(path))
    except FileNotFoundError:
        raise DataError(f"--run: {path} not found; rerun `esc-skills mine run`") from None
    except (OSError, UnicodeDecodeError, ValueError, RecursionError) as exc:
        raise DataError(f"{path}: cannot read it ({exc}); rerun `esc-skills mine run`") from None
    if not all(isinstance(r, dict) and "key" in r for r in rows):
        raise DataError(f"{path}: not IUs written by `mine run`; rerun `esc-skills mine run`")
    return rows


def _llm_summary(opts: Any, summary: IUSummary, allow_errors: bool) -> None:
    """Print the model accounting; then fail truthfully when dialogues went unannotated."""
    from esc_skills.cli.failures import check_unit_errors

    if opts.llm_client is not None:
        print_llm_summary(opts.llm_client)
    failed = int(summary.get("skip_reasons", {}).get("not annotated", 0))
    reason = "the annotator returned no labels (see the log above)"
    check_unit_errors(
        "dialogues", summary["dialogues"], [reason], allow_errors=allow_errors, count=failed
    )


def _common(f: Any) -> Any:
    for deco in reversed(
        [
            data_dir_option,
            click.option(
                "--out", required=True, type=click.Path(file_okay=False), help="Run directory."
            ),
            click.option("--source", "sources", multiple=True, help=_SOURCES_HELP),
            click.option("--add", multiple=True, help="Add a source to the defaults (repeatable)."),
            click.option(
                "--annotator",
                type=click.Choice(["heuristic", "llm"]),
                default="heuristic",
                show_default=True,
                help="Who labels the dialogues.",
            ),
            click.option(
                "--min-size",
                type=click.IntRange(min=1),
                default=5,
                show_default=True,
                help="Drop prototypes with fewer key IUs.",
            ),
            click.option(
                "--clusters",
                type=click.IntRange(min=1, max=10_000),
                default=27,
                show_default=True,
                help="Number of clusters (candidate skills).",
            ),
            click.option(
                "--force",
                is_flag=True,
                help="Recompute every stage even when its inputs are unchanged.",
            ),
            click.option(
                "--allow-errors",
                is_flag=True,
                help="llm annotator: exit 0 when some (not all) dialogues failed to annotate.",
            ),
            llm_options,
        ]
    ):
        f = deco(f)
    return f


@click.group()
def mine() -> None:
    """Mine Intervention Units from dialogues and induce prototypes, clusters and skills."""


@mine.command()
@_common
@click.option("--json", "as_json", is_flag=True, help="Print summary.json instead of the table.")
def run(as_json: bool, allow_errors: bool, **kw: Any) -> None:
    """Run the whole pipeline: annotate, IUs, prototypes, clusters, summary and report."""
    from esc_skills.mine.pipeline import run_pipeline
    from esc_skills.mine.report import comparison_rows, print_report

    opts = _options(**kw)
    summary = run_pipeline(opts)
    if as_json:
        click.echo(json.dumps(summary, indent=2))
    else:
        print_report(comparison_rows(summary))
        if summary["skipped"]:
            _err(
                f"{summary['skipped']} records skipped: {summary['skip_reasons']} "
                "(see summary.json)"
            )
        click.echo(
            f"wrote {opts.out}/summary.json, ius.jsonl, prototypes.json, clusters.json, report.md"
        )
    _llm_summary(opts, summary, allow_errors)


@mine.command()
@_common
def annotate(allow_errors: bool, **kw: Any) -> None:
    """Annotate and build IUs only (the first stages of `mine run`); resumable."""
    from esc_skills.mine.pipeline import run_ius

    opts = _options(**kw)
    summary = run_ius(opts)
    click.echo(
        f"{summary['ius']} IUs ({summary['key_ius']} key) from {summary['dialogues']} dialogues"
    )
    _llm_summary(opts, summary, allow_errors)


@mine.command()
@click.option("--run", "run_dir", required=True, type=click.Path(exists=True, file_okay=False))
@click.option(
    "--min-size",
    type=click.IntRange(min=1),
    default=5,
    show_default=True,
    help="Drop prototypes with fewer key IUs.",
)
def prototypes(run_dir: str, min_size: int) -> None:
    """Rebuild prototypes.json of a run from its ius.jsonl with another minimum size."""
    from esc_skills import atomic
    from esc_skills.mine.ius import read_jsonl
    from esc_skills.mine.prototypes import build_prototypes

    run = Path(run_dir)
    protos = build_prototypes(list(_run_rows(run / "ius.jsonl", read_jsonl)), min_size=min_size)
    atomic.write_json(run / "prototypes.json", protos)
    click.echo(
        f"{len(protos['prototypes'])} prototypes (min size {min_size}) -> {run}/prototypes.json"
    )


@mine.command()
@click.option("--run", "run_dir", required=True, type=click.Path(exists=True, file_okay=False))
@click.option(
    "--clusters",
    "n",
    type=click.IntRange(min=1, max=10_000),
    default=27,
    show_default=True,
    help="Number of clusters.",
)
def clusters(run_dir: str, n: int) -> None:
    """Recluster a run's prototypes into N clusters (clusters.json)."""
    from esc_skills import atomic
    from esc_skills.mine.clusters import build_clusters
    from esc_skills.taxonomy import load_taxonomy

    run = Path(run_dir)
    protos = _run_json(run / "prototypes.json", "prototypes")["prototypes"]
    result = build_clusters(protos, load_taxonomy(), n_clusters=n)
    atomic.write_json(run / "clusters.json", result)
    for c in result["clusters"]:
        click.echo(
            f"{c['id']}  {c['count']:5d} key IUs  {c['positive_rate']:.0%} positive  {c['label']}"
        )


@mine.command()
@click.option("--run", "run_dir", required=True, type=click.Path(exists=True, file_okay=False))
def report(run_dir: str) -> None:
    """Print (and rewrite) a run's comparison with the paper's figures."""
    from esc_skills.mine.report import print_report, write_report

    run = Path(run_dir)
    summary = cast("MiningSummary", _run_json(run / "summary.json", "dialogues"))
    print_report(write_report(run, summary))


@mine.command()
@click.option("--run", "run_dir", required=True, type=click.Path(exists=True, file_okay=False))
@click.option(
    "--out",
    required=True,
    type=click.Path(file_okay=False),
    help="Candidate directory (not skills/).",
)
@click.option("--cluster", "only", multiple=True, help="Only these cluster ids (e.g. C03).")
@click.option(
    "--max-attempts",
    type=click.IntRange(min=1),
    default=2,
    show_default=True,
    help="Model attempts per cluster before the template.",
)
@llm_options
def synthesize(
    run_dir: str, out: str, only: tuple[str, ...], max_attempts: int, llm: LLMOptions
) -> None:
    """Write a candidate SKILL.md + references/evidence.json per cluster with the generator role."""
    import asyncio

    from esc_skills.mine.synthesize import synthesize_run

    client = llm.make_client()
    results = asyncio.run(
        synthesize_run(
            Path(run_dir), Path(out), client, only=list(only), max_attempts=max_attempts, log=_err
        )
    )
    print_llm_summary(client)
    for r in results:
        click.echo(f"{r['cluster']}  {r['status']:9}  {r.get('name', '')}  {r.get('reason', '')}")
    kept = sum(1 for r in results if r["status"] != "dropped")
    click.echo(f"{kept} candidates in {out}, {len(results) - kept} dropped")


@mine.command()
@click.option("--run", "run_dir", required=True, type=click.Path(exists=True, file_okay=False))
@click.option(
    "--bank", default="skills", show_default=True, type=click.Path(exists=True, file_okay=False)
)
@click.option("--only", multiple=True, help="Only these skills (repeatable).")
def evidence(run_dir: str, bank: str, only: tuple[str, ...]) -> None:
    """Write skills/<name>/references/evidence.json for each skill from a mining run."""
    from esc_skills.mine.evidence import write_bank_evidence

    for row in write_bank_evidence(Path(run_dir), Path(bank), only=list(only) or None):
        if row["status"] == "skipped":
            click.echo(f"skipped   {row['skill']:40} esc-origin curated: no mined evidence claimed")
            continue
        click.echo(
            f"{row['status']:9} {row['skill']:40} {row['prototypes']:3d} prototypes "
            f"{row['key_ius']:5d} key IUs ({row['positive']} +, {row['negative']} -)"
        )
