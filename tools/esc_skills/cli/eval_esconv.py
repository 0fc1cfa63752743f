"""`esc-skills eval esconv`: response-level evaluation on the ESConv test split."""

from __future__ import annotations

import asyncio
import json
import re
from collections.abc import Mapping
from pathlib import Path
from typing import TYPE_CHECKING, Any

import click

from esc_skills.cli.options import LLMOptions, data_dir_option, llm_options, print_llm_summary
from esc_skills.errors import ConfigError
from esc_skills.esconv_eval.predictors import OFFLINE_PREDICTORS

if TYPE_CHECKING:
    from esc_skills.esconv_eval.records import EvalResult
from esc_skills.paths import SKILLS_DIR, resolve_data_dir

# The offline predictors come from their registry; "agent" asks the model.
PREDICTORS = (*OFFLINE_PREDICTORS, "agent")


def _emit(result: Mapping[str, object], fmt: str, markdown: str) -> None:
    if fmt == "json":
        click.echo(json.dumps(result, indent=2, ensure_ascii=False))
    else:
        click.echo(markdown, nl=False)


def _save(out: Path, result: EvalResult, markdown: str) -> None:
    from esc_skills import atomic
    from esc_skills.esconv_eval.runner import RESULTS, TABLE

    atomic.write_json(out / RESULTS, result)
    atomic.write_text(out / TABLE, markdown)


def _check_out(out: Path) -> None:
    """Refuse an --out folder whose output files were not written by `eval esconv` (untouched)."""
    from esc_skills.errors import DataError
    from esc_skills.esconv_eval.runner import PREDICTIONS, RESULTS, TABLE
    from esc_skills.esconv_eval.table import load_result
    from esc_skills.jsonl import read_json_lines

    def refuse(name: str, why: str) -> DataError:
        return DataError(
            f"--out {out}: {out / name} was not written by `eval esconv` ({why}); it was left "
            "untouched: pass a new or empty folder"
        )

    from esc_skills.outputs import check_output_folder

    check_output_folder(out, "--out")
    if (out / PREDICTIONS).exists():
        for line in read_json_lines(out / PREDICTIONS, what="predictions file"):
            torn = line.error == "json" and line.last  # an interrupted append: resumed
            if not torn and not (isinstance(line.data, dict) and "key" in line.data):
                raise refuse(PREDICTIONS, f"line {line.number}: {line.detail or 'no key'}")
    if (out / RESULTS).exists():
        try:
            load_result(out / RESULTS)
        except DataError as exc:
            raise refuse(RESULTS, str(exc)) from None
    elif (out / TABLE).exists():
        raise refuse(TABLE, f"there is no {RESULTS} beside it")


def _offline_bank(spec: str) -> tuple[str, list[Any]]:
    from esc_skills.banks import load_named_bank

    return load_named_bank(spec)


def _run_agent(
    llm: LLMOptions,
    *,
    data_dir: Path,
    bank: str,
    split: str,
    limit: int | None,
    out: Path | None,
    top_k: int,
    history: int | None,
    bertscore_model: str | None,
    bertscore_layers: int | None,
    batch: bool = False,
) -> EvalResult:
    from esc_skills.esconv_eval.agent import AgentPredictor
    from esc_skills.esconv_eval.runner import evaluate_agent
    from esc_skills.sage.baselines import resolve_bank
    from esc_skills.taxonomy import load_taxonomy

    client = llm.make_client(roles=("agent",))
    model = client.settings_for("agent").model
    if out is None:
        slug = re.sub(r"[^A-Za-z0-9._-]+", "-", f"{Path(bank).name or bank}-{model}")
        out = Path("runs") / "esconv" / slug
        click.echo(f"predictions: {out} (pass --out to choose; rerun to resume)", err=True)

    def progress(done: int, total: int) -> None:
        if done % 100 == 0 or done == total:
            click.echo(f"  {done}/{total} turns", err=True)

    async def go() -> EvalResult:
        label, skills = await resolve_bank(
            bank, client=client, out_dir=out / "bank", data_dir=data_dir
        )
        predictor = AgentPredictor(
            client,
            skills,
            strategies=load_taxonomy().esconv_strategies,
            top_k=top_k,
            history_utterances=history,
        )
        if batch:
            from esc_skills.esconv_eval.batch import prefetch_responses

            report = await prefetch_responses(
                predictor, data_dir, out=out, split=split, limit=limit,
                log=lambda line: click.echo(line, err=True),
            )  # fmt: skip
            click.echo(
                f"batch: {report.succeeded} answers from {len(report.batches)} batch(es), "
                f"{report.cached} already cached, {len(report.failed)} to ask directly",
                err=True,
            )
        return await evaluate_agent(
            data_dir,
            predictor=predictor,
            bank_label=label,
            out=out,
            split=split,
            limit=limit,
            concurrency=llm.concurrency or 8,
            bertscore_model=bertscore_model,
            bertscore_layers=bertscore_layers,
            progress=progress,
        )

    result = asyncio.run(go())
    result["usage"] = client.accounting.to_dict()
    result["out"] = str(out)
    print_llm_summary(client)
    return result


@click.command("esconv")
@click.option(
    "--predictor",
    type=click.Choice(PREDICTORS),
    default="router",
    show_default=True,
    help="router/skill/majority/transition need no model; agent asks the LLM agent.",
)
@data_dir_option
@click.option(
    "--bank",
    default=str(SKILLS_DIR),
    show_default="skills/",
    help="Bank folder, 'none', or a baseline: self-generated, cot-self-generated, "
    "skill-creator, human-curated.",
)
@click.option("--split", type=click.Choice(["test", "valid"]), default="test", show_default=True)
@click.option("--limit", type=click.IntRange(min=1), help="Only the first N dialogues.")
@click.option(
    "--out",
    type=click.Path(file_okay=False, path_type=Path),
    help="Write predictions.jsonl, results.json and table.md here (agent: resumes from it).",
)
@click.option(
    "--format", "fmt", type=click.Choice(["text", "json"]), default="text", show_default=True
)
@click.option(
    "--top-k",
    type=click.IntRange(min=0),
    default=3,
    show_default=True,
    help="Skills the agent loads per turn.",
)
@click.option(
    "--history",
    type=click.IntRange(min=1),
    help="Agent: only the latest N utterances in the prompt (default: the whole dialogue).",
)
@click.option(
    "--bertscore-model",
    type=click.Path(file_okay=False),
    help="Local model folder for BERTScore (otherwise reported unavailable).",
)
@click.option(
    "--bertscore-layers",
    type=click.IntRange(min=1),
    help="Layer of the BERTScore model to use (default 17, the one for roberta-large).",
)
@click.option(
    "--compare",
    nargs=2,
    type=click.Path(),
    metavar="A B",
    help="Compare two results.json files (or --out folders) instead of running.",
)
@click.option(
    "--table",
    "tables",
    multiple=True,
    type=click.Path(),
    metavar="RESULTS",
    help="Merge several results.json files (or --out folders) into one table; repeatable.",
)
@click.option(
    "--ablations",
    is_flag=True,
    help="With --predictor router, also fit router-no-skills (the router without skills).",
)
@click.option(
    "--batch",
    is_flag=True,
    help="Agent: send the turns through the provider's batch API first (about half the "
    "price; anthropic and openai backends), then score; rerun to resume a pending batch.",
)
@click.option(
    "--allow-errors",
    is_flag=True,
    help="Agent: exit 0 when some (not all) turns errored; a rerun retries them.",
)
@llm_options
def esconv(
    llm: LLMOptions,
    predictor: str,
    data_dir: str | None,
    bank: str,
    split: str,
    limit: int | None,
    out: Path | None,
    fmt: str,
    top_k: int,
    history: int | None,
    bertscore_model: str | None,
    bertscore_layers: int | None,
    compare: tuple[str, str] | None,
    tables: tuple[str, ...],
    ablations: bool,
    batch: bool,
    allow_errors: bool,
) -> None:
    """Score strategy accuracy and response metrics against ESConv's human supporters."""
    from esc_skills.esconv_eval.table import combine, load_result, render_markdown
    from esc_skills.esconv_eval.table import compare as compare_runs

    if tables:
        merged = combine([load_result(path) for path in tables])
        _emit(merged, fmt, merged["markdown"])
        return
    if compare:
        diff = compare_runs(load_result(compare[0]), load_result(compare[1]))
        _emit(diff, fmt, diff["markdown"])
        return
    if batch and predictor != "agent":
        raise ConfigError("--batch applies to --predictor agent (offline predictors call no model)")
    root = resolve_data_dir(data_dir)
    if out is not None:
        _check_out(out)  # before any model is loaded or call is paid for
    if predictor == "agent":
        result = _run_agent(
            llm,
            data_dir=root,
            bank=bank,
            split=split,
            limit=limit,
            out=out,
            top_k=top_k,
            history=history,
            bertscore_model=bertscore_model,
            bertscore_layers=bertscore_layers,
            batch=batch,
        )
        out = Path(result["out"])
    else:
        from esc_skills.esconv_eval.runner import evaluate_offline

        label, skills = _offline_bank(bank)
        result = evaluate_offline(
            root,
            predictor=predictor,
            skills=skills,
            bank_label=label,
            split=split,
            limit=limit,
            out=out,
            ablations=ablations,
        )
    markdown = render_markdown(result)
    if out is not None:
        _save(out, result, markdown)
    _emit(result, fmt, markdown)
    if result.get("errored"):
        from esc_skills.cli.failures import check_unit_errors

        check_unit_errors(
            "turns",
            int(result.get("turns_requested") or result["turns"]),
            list(result.get("errors") or []),
            allow_errors=allow_errors,
            count=int(result["errored"]),
        )
