"""`esc-skills evolve`: analyse conversations, propose skills on branches, verify, settle."""

from __future__ import annotations

import asyncio
import json
from dataclasses import dataclass
from typing import Any

import click

from esc_skills.cli.command import command, subcommand
from esc_skills.cli.evolve_branches import (
    PublishOptions,
    RejectOptions,
    SettleOptions,
    VerifyOptions,
    echo_pairs,
    run_publish,
    run_reject,
    run_settle,
    run_verify,
)
from esc_skills.cli.evolve_options import (
    Check,
    Pairs,
    Plan,
    Where,
    analyzer_option,
    branch_option,
    check_options,
    plan_options,
    traces_argument,
    where_options,
)
from esc_skills.cli.options import LLMOptions, llm_options, print_llm_summary
from esc_skills.cli.params import profiles_option, repo_option
from esc_skills.errors import UserError


@click.group()
def evolve() -> None:
    """Evolve the bank: analyse, propose branches, verify on 15 profiles, merge or close."""


@dataclass(frozen=True)
class OnConversations:
    """The conversation files a command reads, where it works and the models it calls."""

    traces: tuple[str, ...]
    where: Where
    llm: LLMOptions


@dataclass(frozen=True)
class AnalyseOptions(OnConversations):
    """The flags of `evolve analyse`."""

    analyzer: str


@subcommand(evolve, "analyse", AnalyseOptions, [
    traces_argument, analyzer_option(), where_options, llm_options,
])  # fmt: skip
def run_analyse(opts: AnalyseOptions) -> None:
    """Write one report per conversation (our traces or SAGE logs) and print what they say."""
    from esc_skills.evolve.aggregate import aggregate, group_summary
    from esc_skills.evolve.conversations import load_conversations
    from esc_skills.evolve.loop import Evolution

    traces = opts.traces
    landing, settings = opts.where.open(traces, opts.analyzer, require_clean=False, lands=False)
    client = None if opts.analyzer == "offline" else opts.llm.make_client()
    bank = landing.base_bank(landing.base_tip())
    loop = Evolution(landing, settings, client=client)
    reports = asyncio.run(loop.analyse(load_conversations(traces), bank))
    click.echo(
        f"run {settings.run_id}: {len(reports)} conversation(s) analysed -> "
        f"{settings.state_dir / 'analyses.json'}"
    )
    click.echo("seeker groups, worst first (temperament, goal: mean final, failures/n):")
    for row in group_summary(reports)[:8]:
        click.echo(
            f"  {row['main_cha']}, {row['goal']}: {row['mean_final']} "
            f"({row['failures']}/{row['conversations']})"
        )
    click.echo("candidates (kind skill: frequency x impact = score):")
    for cand in aggregate(reports, bank=[s.name for s in bank]):
        click.echo(f"  {cand.kind} {cand.skill}: {cand.frequency} x {cand.impact} = {cand.score}")
    if client is not None:
        print_llm_summary(client)


async def _propose(loop: Any, traces: tuple[str, ...]) -> Pairs:
    from esc_skills.evolve.conversations import load_conversations

    conversations = load_conversations(traces)
    bank = loop.landing.base_bank(loop.landing.base_tip())
    reports = await loop.analyse(conversations, bank)
    pairs: Pairs = await loop.propose(conversations, reports, bank)
    return pairs


@dataclass(frozen=True)
class ProposeOptions(OnConversations):
    """The flags of `evolve propose`."""

    plan: Plan
    profile_source: str | None


@subcommand(evolve, "propose", ProposeOptions, [
    traces_argument, plan_options, where_options, llm_options,
    profiles_option("Where the conversations' profiles live (sage, rlver or a .jsonl file); "
                    "recorded in the proposal so verification uses the same.",
                    default=None, dest="profile_source"),
])  # fmt: skip
def run_propose(opts: ProposeOptions) -> None:
    """Analyse, aggregate, generate candidates and push one branch evolve/<run>/<skill> each."""
    from esc_skills.evolve.loop import Evolution

    plan = opts.plan
    landing, settings = opts.where.open(opts.traces, plan.analyzer, max_refine=plan.max_refine,
                                        max_new=plan.max_new, n_profiles=plan.n_profiles,
                                        seed=plan.seed,
                                        profile_source=opts.profile_source)  # fmt: skip
    client = opts.llm.make_client()
    loop = Evolution(landing, settings, client=client)
    echo_pairs(f"run {settings.run_id}: candidates", asyncio.run(_propose(loop, opts.traces)))
    print_llm_summary(client)


@dataclass(frozen=True)
class RunOptions(OnConversations):
    """The flags of `evolve run`."""

    plan: Plan
    check: Check


@subcommand(evolve, "run", RunOptions, [
    traces_argument, plan_options, check_options, where_options, llm_options,
])  # fmt: skip
def run_run(opts: RunOptions) -> None:
    """The whole loop locally: analyse, aggregate, generate, verify and settle (resumable)."""
    from esc_skills.evolve.loop import Evolution

    plan, check, traces = opts.plan, opts.check, opts.traces
    landing, settings = opts.where.open(traces, plan.analyzer, max_refine=plan.max_refine,
                                        max_new=plan.max_new, n_profiles=plan.n_profiles,
                                        seed=plan.seed, rule=check.rule(),
                                        profile_source=check.profiles)  # fmt: skip
    client = opts.llm.make_client()
    sim = check.simulator(client, opts.llm.concurrency)
    loop = Evolution(landing, settings, client=client, simulator=sim)

    async def go() -> tuple[Pairs, Pairs, Pairs]:
        proposed = await _propose(loop, traces)
        return (proposed, *await loop.verify_and_settle())

    proposed, verified, settled = asyncio.run(go())
    echo_pairs(f"run {settings.run_id}: candidates", proposed)
    echo_pairs("verified", verified)
    echo_pairs(f"settled into {landing.base}", settled)
    print_llm_summary(client)


@dataclass(frozen=True)
class PreflightOptions:
    """The flags of `evolve preflight`."""

    repo: str
    base: str
    branch: str | None
    seal: bool


@subcommand(evolve, "preflight", PreflightOptions, [
    repo_option(),
    click.option("--base", required=True, help="The base branch, which must exist on origin."),
    click.option("--branch", default=None, help="An evolve/<run>/<skill> branch that must exist."),
    click.option("--seal", is_flag=True,
                 help="Also require $ESC_SKILLS_EVOLVE_KEY (the seal key)."),
])  # fmt: skip
def run_preflight(opts: PreflightOptions) -> None:
    """Check what a CI job needs before it spends anything: model, base, branch, seal key."""
    import os

    from esc_skills.evolve.binding import KEY_ENV
    from esc_skills.evolve.landing import Landing, parse_branch
    from esc_skills.gitops import GitOps

    if not os.environ.get("ESC_SKILLS_MODEL", "").strip():
        raise UserError(
            "$ESC_SKILLS_MODEL is empty: set the repository variable ESC_SKILLS_MODEL "
            "(Settings > Secrets and variables > Actions > Variables), e.g. "
            "anthropic/claude-sonnet-4-5; the embedded local model is not installed on runners"
        )
    base, branch = opts.base, opts.branch
    if opts.seal and not os.environ.get(KEY_ENV, "").strip():
        raise UserError(
            f"${KEY_ENV} is empty: add the secret {KEY_ENV} (any long random string) to the "
            "`evolution` environment; verify and settle run in separate jobs and must share it"
        )
    ops = GitOps(opts.repo)
    landing = Landing(ops, base)
    tip = landing.base_tip()
    if branch is not None:
        parse_branch(branch)
        if ops.tip(branch) is None:
            raise UserError(f"--branch {branch} does not exist on {ops.remote or 'this clone'}")
    click.echo(f"ready: base {base} at {tip[:12]}" + (f", branch {branch}" if branch else ""))


@dataclass(frozen=True)
class StatusOptions:
    """The flags of `evolve status`."""

    as_json: bool
    repo: str
    base: str | None


@subcommand(evolve, "status", StatusOptions, [
    click.option("--json", "as_json", is_flag=True, help="Print JSON instead of text."),
    repo_option(),
    click.option("--base", default=None, help="The base branch [default: the current one]."),
])  # fmt: skip
def run_status(opts: StatusOptions) -> None:
    """List open evolve/* branches and every decision recorded on the base."""
    from esc_skills.evolve.landing import Landing
    from esc_skills.gitops import GitOps

    ops = GitOps(opts.repo)
    ops.fetch()
    landing = Landing(ops, opts.base or ops.current_branch() or "main")
    tip = landing.base_tip()
    open_rows = []
    for branch in landing.run_branches():
        open_rows.append({"branch": branch, "state": landing.state_of(branch)})
    keys = ("run_id", "skill", "kind", "decision", "reason")
    decided = [{k: r.get(k) for k in keys} for r in landing.records(tip)]
    if opts.as_json:
        click.echo(json.dumps({"base": landing.base, "open": open_rows, "decided": decided},
                              indent=2))  # fmt: skip
        return
    click.echo(f"open branches: {len(open_rows)}")
    for row in open_rows:
        click.echo(f"  {row['branch']}: {row['state']}")
    click.echo(f"decisions on {landing.base}: {len(decided)}")
    for d in sorted(decided, key=lambda d: (d["run_id"], d["skill"])):
        click.echo(f"  {d['run_id']}/{d['skill']} ({d['kind']}): {d['decision']} - {d['reason']}")


# The branch commands run in cli/evolve_branches.py; their flags are declared here.
command("verify", run_verify, VerifyOptions, [
    branch_option,
    click.option("--shard", default=None, metavar="K/N",
                 help="Only pre-run shard K of N of the profiles into --state-dir; commits "
                      "nothing."),
    click.option("--merge-shards", multiple=True, type=click.Path(file_okay=False),
                 help="A shard's --state-dir to take conversations from, then verify; "
                      "repeatable."),
    check_options, where_options, llm_options,
], group=evolve)  # fmt: skip


command("settle", run_settle, SettleOptions, [
    branch_option,
    click.option("--github", "via_github", is_flag=True,
                 help="Settle through each branch's pull request with `gh` (merge with the "
                      "verified head commit, or close with the report) instead of pushing."),
    click.option("--leave-accepted", is_flag=True, envvar="ESC_SKILLS_EVOLVE_LEAVE_ACCEPTED",
                 help="With --github: comment on accepted pull requests and leave them for a "
                      "person to approve and merge."),
    where_options,
], group=evolve)  # fmt: skip


command("publish", run_publish, PublishOptions, [
    click.option("--workflow", default="verify.yml", show_default=True,
                 help="The workflow dispatched to verify each branch."),
    where_options,
], group=evolve)  # fmt: skip


command("reject", run_reject, RejectOptions, [
    click.option("--branch", "branches", multiple=True, required=True,
                 help="The evolve/<run>/<skill> branch to close; repeatable."),
    click.option("--reason", default="rejected by a person", show_default=True,
                 help="Why, recorded in the report."),
    where_options,
], group=evolve)  # fmt: skip
