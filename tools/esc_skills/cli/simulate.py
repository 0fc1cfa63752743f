"""`esc-skills simulate`: run the skill-using agent against SAGE-protocol simulated seekers."""

from __future__ import annotations

import asyncio
import sys
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

import click

from esc_skills.agent.retrievers import RETRIEVER_CHOICES
from esc_skills.cli.command import command
from esc_skills.cli.failures import check_unit_errors
from esc_skills.cli.options import LLMOptions, data_dir_option, llm_options, print_llm_summary
from esc_skills.cli.params import (
    PROFILE_SOURCES_HELP,
    agent_retriever_help,
    allow_errors_option,
    baseline_bank_option,
    count_option,
    language_option,
    limit_option,
    max_rounds_option,
    out_option,
    parallel_option,
    profiles_option,
    report_option,
    retriever_option,
    seed_option,
    top_k_option,
)
from esc_skills.errors import UserError
from esc_skills.outputs import check_output_folder, create_folder
from esc_skills.sage.baselines import BASELINES

if TYPE_CHECKING:
    from esc_skills.agent.agent import SupportAgent
    from esc_skills.bank import Skill
    from esc_skills.llm.client import LLMClient


def split_ids(values: tuple[str, ...]) -> list[str]:
    """Accept ``--ids a,b --ids c`` as well as a file of ids prefixed with @."""
    ids: list[str] = []
    for value in values:
        if value.startswith("@"):
            path = Path(value[1:])
            if not path.is_file():
                raise UserError(f"--ids {value}: file {path} not found")
            try:
                text = path.read_text("utf-8-sig")  # a BOM from Windows editors is fine
            except UnicodeDecodeError as exc:
                raise UserError(
                    f"--ids {value}: {path} is not UTF-8 text (byte {exc.start}); "
                    "save it as UTF-8 with one profile id per line"
                ) from None
            ids += [line.strip() for line in text.splitlines() if line.strip()]
        else:
            ids += [v.strip() for v in value.split(",") if v.strip()]
    return ids


def select_profiles(
    profiles: str,
    data_dir: str | None,
    ids: tuple[str, ...],
    limit: int | None,
    groups: tuple[str, ...],
    lowest: int | None,
    lowest_from: str | None,
) -> list[Any]:
    """Load and filter profiles as the flags say; print skipped malformed lines to stderr."""
    from esc_skills.data.profiles import SOURCES, load_profiles
    from esc_skills.paths import resolve_data_dir
    from esc_skills.sage.selection import lowest_scoring

    report: list[str] = []
    if profiles in SOURCES:
        where: str | Path = resolve_data_dir(data_dir)
        source = profiles
    else:
        where, source = Path(profiles), "file"
    chosen = load_profiles(
        where,
        source,
        ids=split_ids(ids) or None,
        groups=list(groups) or None,
        limit=None if lowest else limit,
        report=report,
    )
    for line in report:
        click.echo(f"warning: {line}", err=True)
    if lowest:
        if not lowest_from:
            raise UserError("--lowest N needs --from-traces FILE: the run to rank profiles by")
        chosen = lowest_scoring(chosen, lowest_from, lowest)
        if limit is not None:
            chosen = chosen[:limit]
    if not chosen:
        raise UserError(f"no profiles selected from {profiles}; check --ids, --group and --limit")
    return chosen


def build_agent(client: LLMClient, skills: list[Skill], retriever: str, top_k: int) -> SupportAgent:
    """The support agent with the chosen ranker (auto = the model chooses when there are skills)."""
    from esc_skills.agent.agent import SupportAgent
    from esc_skills.agent.retrieval import make_ranker

    kind = "llm" if retriever == "auto" else retriever
    return SupportAgent(client, skills, retriever=make_ranker(kind, skills, client), top_k=top_k)


def _log_line(total: int) -> Any:
    """Without a terminal (CI logs), one line per finished conversation instead of a bar."""
    done: list[int] = []

    def log(trace: Any) -> None:
        done.append(1)
        outcome = (
            f"{trace.end_reason} {trace.final_emotion}"
            if trace.completed
            else f"errored: {trace.error}"
        )
        click.echo(f"[{len(done)}/{total}] {trace.profile_id}: {outcome}", err=True)

    return log


@dataclass(frozen=True)
class SimulateOptions:
    """The flags of `esc-skills simulate`."""

    profiles: str
    data_dir: str | None
    ids: tuple[str, ...]
    limit: int | None
    groups: tuple[str, ...]
    lowest: int | None
    lowest_from: str | None
    bank: str
    retriever: str
    top_k: int
    language: str
    max_rounds: int
    parallel: int
    seed: int
    out: str
    report_dir: str | None
    no_progress: bool
    shard: str | None
    allow_errors: bool
    llm: LLMOptions

    def __post_init__(self) -> None:
        # A flag combination is refused when parsed, before any profile file is read.
        if self.lowest and not self.lowest_from:
            raise UserError("--lowest N needs --from-traces FILE: the run to rank profiles by")


def run_simulate(opts: SimulateOptions) -> None:
    """Simulate SAGE conversations; append traces to --out and resume from it when rerun."""
    from esc_skills.data.traces import check_trace_output
    from esc_skills.sage.metrics import compute_metrics
    from esc_skills.sage.report import metrics_text, write_report

    chosen = select_profiles(
        opts.profiles, opts.data_dir, opts.ids, opts.limit, opts.groups, opts.lowest,
        opts.lowest_from,
    )  # fmt: skip
    if opts.shard:
        from esc_skills.evolve.shards import parse_shard, shard_of

        chosen = shard_of(chosen, parse_shard(opts.shard))
    out_path = Path(opts.out)
    # Refuse a foreign or unwritable output before a model is loaded or a call is paid for.
    check_trace_output(out_path)
    if opts.report_dir:
        check_output_folder(Path(opts.report_dir), "--report", "report")
    client = opts.llm.make_client(roles=("agent", "seeker"))
    # Fail before any model call when the trace file cannot be written at all.
    why = create_folder(out_path.parent)
    if why:
        raise UserError(
            f"--out {opts.out}: cannot create its folder {out_path.parent} ({why}); "
            "pass a path inside a writable folder"
        )
    label, traces = _converse(opts, client, chosen, out_path)
    metrics = compute_metrics(traces)
    click.echo(metrics_text(metrics, f"{label}: {out_path}"))
    errors = [f"{t.profile_id}: {t.error}" for t in traces if not t.completed]
    for line in errors:
        click.echo(f"errored: {line}", err=True)
    if opts.report_dir:
        written = write_report(metrics, traces, opts.report_dir, title=f"SAGE: {label}")
        click.echo(f"report: {written[0]}", err=True)
    print_llm_summary(client)
    check_unit_errors("conversations", len(traces), errors, allow_errors=opts.allow_errors)


def _converse(
    opts: SimulateOptions, client: LLMClient, chosen: list[Any], out_path: Path
) -> tuple[str, list[Any]]:
    """Resolve the bank and run the conversations; Ctrl-C keeps what is finished."""
    from esc_skills.sage.baselines import resolve_bank
    from esc_skills.sage.runner import run_conversations

    bank_dir = out_path.with_name(out_path.name + ".bank")
    tty = sys.stderr.isatty()
    # One Runner for the whole command: the client's limits are bound to one loop, and the
    # Runner turns Ctrl-C into a cancellation the runner cleans up after.
    runner = asyncio.Runner()
    try:
        label, skills = runner.run(
            resolve_bank(
                opts.bank, client=client, out_dir=bank_dir, data_dir=opts.data_dir, seed=opts.seed
            )
        )
        agent = build_agent(client, skills, opts.retriever, opts.top_k)
        click.echo(
            f"simulating {len(chosen)} profiles with bank {label} ({len(skills)} skills), "
            f"retriever {agent.retriever.name}, seeker language {opts.language} -> {out_path}",
            err=True,
        )
        traces = runner.run(
            run_conversations(
                chosen,
                agent=agent,
                client=client,
                out=out_path,
                max_rounds=opts.max_rounds,
                concurrency=opts.parallel,
                language=None if opts.language == "profile" else opts.language,
                seed=opts.seed,
                bank_label=label,
                progress=not opts.no_progress and tty,
                on_trace=None if opts.no_progress or tty else _log_line(len(chosen)),
            )
        )
    except KeyboardInterrupt:
        click.echo(
            f"interrupted: finished conversations are saved in {out_path}; "
            "run the same command again to resume",
            err=True,
        )
        sys.exit(130)
    finally:
        runner.close()
    return label, traces


simulate = command("simulate", run_simulate, SimulateOptions, [
    profiles_option(PROFILE_SOURCES_HELP),
    data_dir_option,
    click.option("--ids", multiple=True, help="Profile ids, comma-separated or @file; repeatable."),
    limit_option("At most N profiles."),
    click.option("--group", "groups", multiple=True, help="main_cha: negative, passive, avoidant."),
    count_option("--lowest", default=None, help="The N lowest-scoring."),
    click.option("--from-traces", "lowest_from", default=None,
                 help="Trace file ranked by --lowest."),
    baseline_bank_option(BASELINES),
    retriever_option(agent_retriever_help(RETRIEVER_CHOICES), choices=RETRIEVER_CHOICES),
    top_k_option(),
    language_option(),
    max_rounds_option(),
    parallel_option(8),
    seed_option(),
    out_option("Trace file (JSONL).", required=True, type=click.Path(dir_okay=False)),
    report_option("Also write a report folder here."),
    click.option("--no-progress", is_flag=True, help="No progress bar."),
    click.option("--shard", default=None, metavar="K/N",
                 help="Only every N-th selected profile from the K-th (join the shards' --out "
                      "files: conversations do not depend on each other)."),
    allow_errors_option("conversations"),
    llm_options,
])  # fmt: skip
