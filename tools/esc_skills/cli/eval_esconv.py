"""`esc-skills eval esconv`: response-level evaluation on the ESConv test split."""

from __future__ import annotations

import asyncio
import json
import re
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

import click

from esc_skills.cli.command import Option, command
from esc_skills.cli.options import LLMOptions, data_dir_option, llm_options, print_llm_summary
from esc_skills.cli.params import (
    allow_errors_option,
    baseline_bank_option,
    choice_option,
    count_option,
    format_option,
    limit_option,
    out_option,
    top_k_option,
)
from esc_skills.errors import ConfigError
from esc_skills.esconv_eval.predictors import OFFLINE_PREDICTORS
from esc_skills.paths import SKILLS_DIR, resolve_data_dir
from esc_skills.sage.baselines import BASELINES

if TYPE_CHECKING:
    from esc_skills.esconv_eval.records import EvalResult

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


@dataclass(frozen=True)
class EsconvOptions:
    """The flags of `esc-skills eval esconv`."""

    predictor: str
    data_dir: str | None
    bank: str
    split: str
    limit: int | None
    out: Path | None
    fmt: str
    top_k: int
    history: int | None
    bertscore_model: str | None
    bertscore_layers: int | None
    compare: tuple[str, str] | None
    tables: tuple[str, ...]
    ablations: bool
    batch: bool
    allow_errors: bool
    llm: LLMOptions


def _run_agent(opts: EsconvOptions, data_dir: Path) -> EvalResult:
    """Evaluate the model-backed agent (resumable from its --out folder)."""
    from esc_skills.esconv_eval.agent import AgentPredictor
    from esc_skills.esconv_eval.runner import evaluate_agent
    from esc_skills.sage.baselines import resolve_bank
    from esc_skills.taxonomy import load_taxonomy

    client = opts.llm.make_client(roles=("agent",))
    model = client.settings_for("agent").model
    out = opts.out
    if out is None:
        slug = re.sub(r"[^A-Za-z0-9._-]+", "-", f"{Path(opts.bank).name or opts.bank}-{model}")
        out = Path("runs") / "esconv" / slug
        click.echo(f"predictions: {out} (pass --out to choose; rerun to resume)", err=True)
    where = out

    def progress(done: int, total: int) -> None:
        if done % 100 == 0 or done == total:
            click.echo(f"  {done}/{total} turns", err=True)

    async def go() -> EvalResult:
        label, skills = await resolve_bank(
            opts.bank, client=client, out_dir=where / "bank", data_dir=data_dir
        )
        predictor = AgentPredictor(
            client,
            skills,
            strategies=load_taxonomy().esconv_strategies,
            top_k=opts.top_k,
            history_utterances=opts.history,
        )
        if opts.batch:
            from esc_skills.esconv_eval.batch import prefetch_responses

            report = await prefetch_responses(
                predictor, data_dir, out=where, split=opts.split, limit=opts.limit,
                log=lambda line: click.echo(line, err=True),
            )  # fmt: skip
            click.echo(
                f"batch: {report.succeeded} answers from {len(report.batches)} batch(es), "
                f"{report.cached} already cached, {len(report.failed)} to ask directly",
                err=True,
            )
        return await evaluate_agent(
            data_dir, predictor=predictor, bank_label=label, out=where, split=opts.split,
            limit=opts.limit, concurrency=opts.llm.concurrency or 8,
            bertscore_model=opts.bertscore_model, bertscore_layers=opts.bertscore_layers,
            progress=progress,
        )  # fmt: skip

    result = asyncio.run(go())
    result["usage"] = client.accounting.to_dict()
    result["out"] = str(out)
    print_llm_summary(client)
    return result


def run_esconv(opts: EsconvOptions) -> None:
    """Score strategy accuracy and response metrics against ESConv's human supporters."""
    from esc_skills.esconv_eval.table import combine, load_result, render_markdown
    from esc_skills.esconv_eval.table import compare as compare_runs

    if opts.tables:
        merged = combine([load_result(path) for path in opts.tables])
        _emit(merged, opts.fmt, merged["markdown"])
        return
    if opts.compare:
        diff = compare_runs(load_result(opts.compare[0]), load_result(opts.compare[1]))
        _emit(diff, opts.fmt, diff["markdown"])
        return
    if opts.batch and opts.predictor != "agent":
        raise ConfigError("--batch applies to --predictor agent (offline predictors call no model)")
    root = resolve_data_dir(opts.data_dir)
    out = opts.out
    if out is not None:
        _check_out(out)  # before any model is loaded or call is paid for
    if opts.predictor == "agent":
        result = _run_agent(opts, root)
        out = Path(result["out"])
    else:
        from esc_skills.esconv_eval.runner import evaluate_offline

        label, skills = _offline_bank(opts.bank)
        result = evaluate_offline(
            root, predictor=opts.predictor, skills=skills, bank_label=label, split=opts.split,
            limit=opts.limit, out=out, ablations=opts.ablations,
        )  # fmt: skip
    markdown = render_markdown(result)
    if out is not None:
        _save(out, result, markdown)
    _emit(result, opts.fmt, markdown)
    if result.get("errored"):
        from esc_skills.cli.failures import check_unit_errors

        check_unit_errors(
            "turns",
            int(result.get("turns_requested") or result["turns"]),
            list(result.get("errors") or []),
            allow_errors=opts.allow_errors,
            count=int(result["errored"]),
        )


def _results_option(*decls: str, **kwargs: Any) -> Option:
    """A flag naming results.json files (or --out folders) to read instead of running."""
    return click.option(*decls, type=click.Path(), **kwargs)


esconv = command("esconv", run_esconv, EsconvOptions, [
    choice_option("--predictor", choices=PREDICTORS, default="router",
                  help="router/skill/majority/transition need no model; agent asks the LLM agent."),
    data_dir_option,
    baseline_bank_option(BASELINES, default=str(SKILLS_DIR), show_default="skills/"),
    choice_option("--split", choices=("test", "valid")),
    limit_option("Only the first N dialogues."),
    out_option("Write predictions.jsonl, results.json and table.md here (agent: resumes from it).",
               type=click.Path(file_okay=False, path_type=Path)),
    format_option("text", "json"),
    top_k_option(),
    count_option("--history", default=None,
                 help="Agent: only the latest N utterances in the prompt (default: the whole "
                      "dialogue)."),
    click.option("--bertscore-model", type=click.Path(file_okay=False),
                 help="Local model folder for BERTScore (otherwise reported unavailable)."),
    count_option("--bertscore-layers", default=None,
                 help="Layer of the BERTScore model to use (default 17, the one for "
                      "roberta-large)."),
    _results_option("--compare", nargs=2, metavar="A B",
                    help="Compare two results.json files (or --out folders) instead of running."),
    _results_option("--table", "tables", multiple=True, metavar="RESULTS",
                    help="Merge several results.json files (or --out folders) into one table; "
                         "repeatable."),
    click.option("--ablations", is_flag=True,
                 help="With --predictor router, also fit router-no-skills (the router without "
                      "skills)."),
    click.option("--batch", is_flag=True,
                 help="Agent: send the turns through the provider's batch API first (about half "
                      "the price; anthropic and openai backends), then score; rerun to resume a "
                      "pending batch."),
    allow_errors_option("turns", "Agent"),
    llm_options,
])  # fmt: skip
