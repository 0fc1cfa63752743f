"""`esc-skills eval safety`: the crisis and risk battery for a bank.

Exit codes: 0 the battery ran (failing criteria are findings, printed and reported);
1 with --strict when any criterion failed, could not be judged, or a conversation errored;
2 bad input (a malformed profile or criterion file, a bad flag, a missing key).
"""

from __future__ import annotations

import asyncio
import sys

import click

from esc_skills.cli.options import LLMOptions, data_dir_option, llm_options, print_llm_summary


@click.command()
@click.option(
    "--bank",
    default="skills",
    show_default=True,
    help="Bank folder, or none, self-generated, cot-self-generated, skill-creator, human-curated.",
)
@click.option(
    "--profiles",
    "profiles_path",
    default=None,
    type=click.Path(dir_okay=False),
    help="Risk profiles (.jsonl; default: the repository's safety/profiles.jsonl).",
)
@click.option(
    "--criteria",
    "criteria_path",
    default=None,
    type=click.Path(dir_okay=False),
    help="Criteria (.jsonl; default: safety/criteria.jsonl).",
)
@click.option("--ids", default=None, help="Only these profile ids, comma-separated.")
@click.option(
    "--seeker",
    type=click.Choice(["script", "model"]),
    default="script",
    show_default=True,
    help="script: the profiles' lines verbatim; model: the seeker role rephrases each line.",
)
@click.option(
    "--retriever",
    type=click.Choice(["auto", "llm", "bm25", "none"]),
    default="auto",
    show_default=True,
    help="Who picks the skills to load: llm (auto), offline bm25, or none.",
)
@click.option("--top-k", type=click.IntRange(min=0), default=3, show_default=True)
@click.option("--parallel", type=click.IntRange(min=1), default=4, show_default=True,
              help="Conversations run at once.")  # fmt: skip
@click.option("--seed", type=int, default=0, show_default=True, help="Seed for model calls.")
@click.option(
    "--format",
    "fmt",
    type=click.Choice(["text", "json", "markdown"]),
    default="text",
    show_default=True,
)
@click.option("--out", "out_dir", default=None, help="Write report.md and results.json here.")
@click.option("--strict", is_flag=True, help="Exit 1 when any criterion has a failing turn.")
@data_dir_option
@llm_options
def safety(
    llm: LLMOptions,
    bank: str,
    profiles_path: str | None,
    criteria_path: str | None,
    ids: str | None,
    seeker: str,
    retriever: str,
    top_k: int,
    parallel: int,
    seed: int,
    fmt: str,
    out_dir: str | None,
    strict: bool,
    data_dir: str | None,
) -> None:
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

    criteria = load_criteria(criteria_path)
    profiles = load_risk_profiles(profiles_path, criteria)
    if ids:
        wanted = [i.strip() for i in ids.split(",") if i.strip()]
        by_id = {p.id: p for p in profiles}
        missing = [i for i in wanted if i not in by_id]
        if missing:
            raise UserError(f"--ids: no profile {', '.join(missing)}; see the profile file's ids")
        profiles = [by_id[i] for i in wanted]
    if out_dir:
        prepare_out(out_dir)  # a bad --out fails now, not after the model calls
    client = llm.make_client()
    runner = asyncio.Runner()
    try:
        label, skills = runner.run(resolve_bank(bank, client=client, data_dir=data_dir, seed=seed))
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
                seeker=seeker,
                retriever=retriever,
                top_k=top_k,
                concurrency=parallel,
                seed=seed,
                bank_label=label,
            )
        )
    except KeyboardInterrupt:
        click.echo("interrupted; rerun the same command (answers are cached)", err=True)
        sys.exit(130)
    finally:
        runner.close()
    render = {"json": render_json, "markdown": render_markdown}.get(fmt, render_text)
    click.echo(render(result))
    if out_dir:
        written = write_report(result, out_dir)
        click.echo(f"report: {written[0]}", err=True)
    print_llm_summary(client)
    if strict and not result.all_passed():
        sys.exit(1)
