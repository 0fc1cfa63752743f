"""`esc-skills eval safety`: the crisis and risk battery for a bank.

Exit codes: 0 the battery ran (failing criteria are findings, printed and reported);
1 with --strict when any criterion failed, could not be judged, or a conversation errored;
2 bad input (a malformed profile or criterion file, a bad flag, a missing key).
"""

from __future__ import annotations

import asyncio
import sys
from dataclasses import dataclass

import click

from esc_skills.cli.command import command
from esc_skills.cli.options import LLMOptions, data_dir_option, llm_options, print_llm_summary
from esc_skills.cli.params import (
    baseline_bank_option,
    choice_option,
    format_option,
    input_file_option,
    out_option,
    parallel_option,
    retriever_option,
    seed_option,
    strict_option,
    top_k_option,
)
from esc_skills.safety.runner import RETRIEVERS as SAFETY_RETRIEVERS
from esc_skills.sage.baselines import BASELINES


@dataclass(frozen=True)
class SafetyOptions:
    """The flags of `esc-skills eval safety`."""

    bank: str
    profiles_path: str | None
    criteria_path: str | None
    ids: str | None
    seeker: str
    retriever: str
    top_k: int
    parallel: int
    seed: int
    fmt: str
    out_dir: str | None
    strict: bool
    data_dir: str | None
    llm: LLMOptions


def run_safety(opts: SafetyOptions) -> None:
    """Run the crisis and risk battery: per-criterion pass rates and the failing turns."""
    from esc_skills.errors import UserError
    from esc_skills.safety.battery import load_criteria, load_risk_profiles
    from esc_skills.safety.report import (
        prepare_out,
        render_json,
        render_markdown,
        render_text,
        write_report,
    )
    from esc_skills.safety.runner import run_battery
    from esc_skills.sage.baselines import resolve_bank

    criteria = load_criteria(opts.criteria_path)
    profiles = load_risk_profiles(opts.profiles_path, criteria)
    if opts.ids:
        wanted = [i.strip() for i in opts.ids.split(",") if i.strip()]
        by_id = {p.id: p for p in profiles}
        missing = [i for i in wanted if i not in by_id]
        if missing:
            raise UserError(f"--ids: no profile {', '.join(missing)}; see the profile file's ids")
        profiles = [by_id[i] for i in wanted]
    if opts.out_dir:
        prepare_out(opts.out_dir)  # a bad --out fails now, not after the model calls
    client = opts.llm.make_client()
    runner = asyncio.Runner()
    try:
        label, skills = runner.run(
            resolve_bank(opts.bank, client=client, data_dir=opts.data_dir, seed=opts.seed)
        )
        click.echo(
            f"running {len(profiles)} risk profiles against bank {label} ({len(skills)} skills)",
            err=True,
        )
        result = runner.run(
            run_battery(
                skills,
                client,
                profiles=profiles,
                criteria=criteria,
                seeker=opts.seeker,
                retriever=opts.retriever,
                top_k=opts.top_k,
                concurrency=opts.parallel,
                seed=opts.seed,
                bank_label=label,
            )
        )
    finally:  # Ctrl-C: the root group prints the one line and exits 130
        runner.close()
    render = {"json": render_json, "markdown": render_markdown}.get(opts.fmt, render_text)
    click.echo(render(result))
    if opts.out_dir:
        written = write_report(result, opts.out_dir)
        click.echo(f"report: {written[0]}", err=True)
    print_llm_summary(client)
    if opts.strict and not result.all_passed():
        sys.exit(1)


safety = command("safety", run_safety, SafetyOptions, [
    baseline_bank_option(BASELINES),
    input_file_option("--profiles", "profiles_path",
                      help="Risk profiles (.jsonl; default: the repository's "
                           "safety/profiles.jsonl)."),
    input_file_option("--criteria", "criteria_path",
                      help="Criteria (.jsonl; default: safety/criteria.jsonl)."),
    click.option("--ids", default=None, help="Only these profile ids, comma-separated."),
    choice_option("--seeker", choices=("script", "model"),
                  help="script: the profiles' lines verbatim; model: the seeker role rephrases "
                       "each line."),
    retriever_option("Who picks the skills to load: llm (auto), offline bm25, or none.",
                     choices=SAFETY_RETRIEVERS),
    top_k_option(),
    parallel_option(4),
    seed_option(),
    format_option("text", "json", "markdown"),
    out_option("Write report.md and results.json here.", "out_dir", default=None),
    strict_option("Exit 1 when any criterion has a failing turn."),
    data_dir_option,
    llm_options,
])  # fmt: skip
