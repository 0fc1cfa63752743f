"""`esc-skills evolve`: analyse conversations, propose skills on branches, verify, settle."""

from __future__ import annotations

import asyncio
import json
from typing import Any

import click

from esc_skills.cli.evolve_options import (
    Check,
    Pairs,
    Plan,
    Where,
    branch_option,
    check_options,
    plan_options,
    traces_argument,
    where_options,
)
from esc_skills.cli.options import LLMOptions, llm_options, print_llm_summary
from esc_skills.errors import UserError


def _echo(title: str, pairs: Pairs) -> None:
    click.echo(f"{title}: {len(pairs)}")
    for name, outcome in pairs:
        click.echo(f"  {name}: {outcome}")


@click.group()
def evolve() -> None:
    """Evolve the bank: analyse, propose branches, verify on 15 profiles, merge or close."""


@evolve.command()
@traces_argument
@click.option("--analyzer", type=click.Choice(["llm", "offline"]), default="llm", show_default=True)
@where_options
@llm_options
def analyse(llm: LLMOptions, where: Where, traces: tuple[str, ...], analyzer: str) -> None:
    """Write one report per conversation (our traces or SAGE logs) and print what they say."""
    from esc_skills.evolve.aggregate import aggregate, group_summary
    from esc_skills.evolve.conversations import load_conversations
    from esc_skills.evolve.loop import Evolution

    landing, settings = where.open(traces, analyzer, require_clean=False, lands=False)
    client = None if analyzer == "offline" else llm.make_client()
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


@evolve.command()
@traces_argument
@plan_options
@where_options
@llm_options
@click.option(
    "--profiles",
    "profile_source",
    default=None,
    help="Where the conversations' profiles live (sage, rlver or a .jsonl file); "
    "recorded in the proposal so verification uses the same.",
)
def propose(
    llm: LLMOptions, where: Where, plan: Plan, traces: tuple[str, ...], profile_source: str | None
) -> None:
    """Analyse, aggregate, generate candidates and push one branch evolve/<run>/<skill> each."""
    from esc_skills.evolve.loop import Evolution

    landing, settings = where.open(traces, plan.analyzer, max_refine=plan.max_refine,
                                   max_new=plan.max_new, n_profiles=plan.n_profiles,
                                   seed=plan.seed, profile_source=profile_source)  # fmt: skip
    client = llm.make_client()
    loop = Evolution(landing, settings, client=client)
    _echo(f"run {settings.run_id}: candidates", asyncio.run(_propose(loop, traces)))
    print_llm_summary(client)


@evolve.command()
@branch_option
@click.option(
    "--shard",
    default=None,
    metavar="K/N",
    help="Only pre-run shard K of N of the profiles into --state-dir; commits nothing.",
)
@click.option(
    "--merge-shards",
    multiple=True,
    type=click.Path(file_okay=False),
    help="A shard's --state-dir to take conversations from, then verify; repeatable.",
)
@check_options
@where_options
@llm_options
def verify(
    llm: LLMOptions,
    where: Where,
    check: Check,
    branches: tuple[str, ...],
    shard: str | None,
    merge_shards: tuple[str, ...],
) -> None:
    """Verify proposals on their profiles; commit verification.json + report.md to each branch."""
    from esc_skills.evolve.landing import parse_branch
    from esc_skills.evolve.loop import Evolution
    from esc_skills.evolve.shards import find_shards, parse_shard
    from esc_skills.evolve.shards import merge_shards as take_shards

    for branch in branches:
        parse_branch(branch)
    part = parse_shard(shard) if shard else None
    if part and merge_shards:
        raise UserError("--shard and --merge-shards go to different runs: shards first, then merge")
    landing, settings = where.open(rule=check.rule(), lands=False)
    chosen = list(branches) or landing.run_branches(where.run_id)
    if not chosen:
        raise UserError("no evolve/* branches to verify; run `esc-skills evolve propose` first")
    client = llm.make_client()
    sim = check.simulator(client, llm.concurrency, _recorded_source(landing, chosen))
    loop = Evolution(landing, settings, client=client, simulator=sim)
    if merge_shards:
        added = take_shards(merge_shards, settings.state_root)
        click.echo(f"merged {added} conversation(s) from {len(find_shards(merge_shards))} shard(s)")
    pairs = asyncio.run(loop.verify(chosen, shard=part))
    _report("verified" if part is None else f"shard {shard}", pairs, explicit=bool(branches))
    _fail_if_left(pairs, explicit=bool(branches))  # one line, before the accounting
    print_llm_summary(client)


@evolve.command()
@branch_option
@click.option(
    "--github",
    "via_github",
    is_flag=True,
    help="Settle through each branch's pull request with `gh` (merge with the "
    "verified head commit, or close with the report) instead of pushing.",
)
@click.option(
    "--leave-accepted",
    is_flag=True,
    envvar="ESC_SKILLS_EVOLVE_LEAVE_ACCEPTED",
    help="With --github: comment on accepted pull requests and leave them for a "
    "person to approve and merge.",
)
@where_options
def settle(where: Where, branches: tuple[str, ...], via_github: bool, leave_accepted: bool) -> None:
    """Merge accepted branches into the base (scores in the message); close rejected ones."""
    from esc_skills.evolve.landing import parse_branch
    from esc_skills.evolve.loop import Evolution

    for branch in branches:
        parse_branch(branch)
    landing, settings = where.open()
    chosen = list(branches) or landing.run_branches(where.run_id)
    if via_github:
        from esc_skills.evolve.github import GitHub, settle_pr
        from esc_skills.evolve.landing import LeftForPerson

        gh = GitHub()
        pairs: Pairs = []
        for branch in chosen:
            try:
                pairs.append(
                    (branch, settle_pr(landing, gh, branch, leave_accepted=leave_accepted))
                )
            except LeftForPerson as exc:
                pairs.append((branch, f"left: {exc}"))
    else:
        pairs = Evolution(landing, settings, client=None).settle(chosen)
    _report(f"settled into {landing.base}", pairs, explicit=bool(branches))
    _fail_if_left(pairs, explicit=bool(branches))


@evolve.command()
@click.option(
    "--workflow",
    default="verify.yml",
    show_default=True,
    help="The workflow dispatched to verify each branch.",
)
@where_options
def publish(where: Where, workflow: str) -> None:
    """Open one pull request per proposal branch and dispatch its verification (GitHub)."""
    from esc_skills.evolve.github import GitHub
    from esc_skills.evolve.github import publish as open_all

    landing, _ = where.open(lands=False)
    _echo(f"published against {landing.base}", open_all(landing, GitHub(), workflow))


@evolve.command()
@click.option(
    "--branch",
    "branches",
    multiple=True,
    required=True,
    help="The evolve/<run>/<skill> branch to close; repeatable.",
)
@click.option(
    "--reason",
    default="rejected by a person",
    show_default=True,
    help="Why, recorded in the report.",
)
@where_options
def reject(where: Where, branches: tuple[str, ...], reason: str) -> None:
    """Close proposals by hand (e.g. after a conflict), keeping their commits reachable."""
    from esc_skills.evolve.landing import parse_branch
    from esc_skills.evolve.settle import reject as close_by_hand

    for branch in branches:
        parse_branch(branch)
    landing, _ = where.open()
    _echo(f"closed on {landing.base}", [(b, close_by_hand(landing, b, reason)) for b in branches])


def _recorded_source(landing: Any, branches: list[str]) -> str | None:
    """The profile source the proposals record (they must agree to be verified together)."""
    sources = set()
    for branch in branches:
        try:
            proposal, _, _ = landing.proposal_of(branch)
        except UserError:
            continue  # verify reports this branch itself
        if proposal.get("profile_source"):
            sources.add(str(proposal["profile_source"]))
    if len(sources) > 1:
        raise UserError(
            f"the branches record different profile sources ({', '.join(sorted(sources))}); "
            "verify them one --branch at a time, or pass --profiles"
        )
    return sources.pop() if sources else None


def _report(title: str, pairs: Pairs, *, explicit: bool) -> None:
    """Print outcomes; a branch named on the command line that was left ends as an error."""
    left = explicit and any(o.startswith("left: ") for _, o in pairs)
    shown = [(b, o) for b, o in pairs if not o.startswith("left: ")] if left else pairs
    if shown or not left:
        _echo(title, shown)


def _fail_if_left(pairs: Pairs, *, explicit: bool) -> None:
    """Branches named on the command line that could not be handled end the command with 2."""
    left = [outcome for _, outcome in pairs if outcome.startswith("left: ")]
    if explicit and left:
        raise UserError(left[0][len("left: ") :])


@evolve.command()
@traces_argument
@plan_options
@check_options
@where_options
@llm_options
def run(llm: LLMOptions, where: Where, plan: Plan, check: Check, traces: tuple[str, ...]) -> None:
    """The whole loop locally: analyse, aggregate, generate, verify and settle (resumable)."""
    from esc_skills.evolve.loop import Evolution

    landing, settings = where.open(traces, plan.analyzer, max_refine=plan.max_refine,
                                   max_new=plan.max_new, n_profiles=plan.n_profiles,
                                   seed=plan.seed, rule=check.rule(),
                                   profile_source=check.profiles)  # fmt: skip
    client = llm.make_client()
    sim = check.simulator(client, llm.concurrency)
    loop = Evolution(landing, settings, client=client, simulator=sim)

    async def go() -> tuple[Pairs, Pairs, Pairs]:
        proposed = await _propose(loop, traces)
        return (proposed, *await loop.verify_and_settle())

    proposed, verified, settled = asyncio.run(go())
    _echo(f"run {settings.run_id}: candidates", proposed)
    _echo("verified", verified)
    _echo(f"settled into {landing.base}", settled)
    print_llm_summary(client)


@evolve.command()
@click.option("--repo", default=".", show_default=True, type=click.Path(file_okay=False))
@click.option("--base", required=True, help="The base branch, which must exist on origin.")
@click.option("--branch", default=None, help="An evolve/<run>/<skill> branch that must exist.")
@click.option("--seal", is_flag=True, help="Also require $ESC_SKILLS_EVOLVE_KEY (the seal key).")
def preflight(repo: str, base: str, branch: str | None, seal: bool) -> None:
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
    if seal and not os.environ.get(KEY_ENV, "").strip():
        raise UserError(
            f"${KEY_ENV} is empty: add the secret {KEY_ENV} (any long random string) to the "
            "`evolution` environment; verify and settle run in separate jobs and must share it"
        )
    ops = GitOps(repo)
    landing = Landing(ops, base)
    tip = landing.base_tip()
    if branch is not None:
        parse_branch(branch)
        if ops.tip(branch) is None:
            raise UserError(f"--branch {branch} does not exist on {ops.remote or 'this clone'}")
    click.echo(f"ready: base {base} at {tip[:12]}" + (f", branch {branch}" if branch else ""))


@evolve.command()
@click.option("--json", "as_json", is_flag=True, help="Print JSON instead of text.")
@click.option("--repo", default=".", show_default=True, type=click.Path(file_okay=False))
@click.option("--base", default=None, help="The base branch [default: the current one].")
def status(as_json: bool, repo: str, base: str | None) -> None:
    """List open evolve/* branches and every decision recorded on the base."""
    from esc_skills.evolve.landing import Landing
    from esc_skills.gitops import GitOps

    ops = GitOps(repo)
    ops.fetch()
    landing = Landing(ops, base or ops.current_branch() or "main")
    tip = landing.base_tip()
    open_rows = []
    for branch in landing.run_branches():
        open_rows.append({"branch": branch, "state": landing.state_of(branch)})
    keys = ("run_id", "skill", "kind", "decision", "reason")
    decided = [{k: r.get(k) for k in keys} for r in landing.records(tip)]
    if as_json:
        click.echo(json.dumps({"base": landing.base, "open": open_rows, "decided": decided},
                              indent=2))  # fmt: skip
        return
    click.echo(f"open branches: {len(open_rows)}")
    for row in open_rows:
        click.echo(f"  {row['branch']}: {row['state']}")
    click.echo(f"decisions on {landing.base}: {len(decided)}")
    for d in sorted(decided, key=lambda d: (d["run_id"], d["skill"])):
        click.echo(f"  {d['run_id']}/{d['skill']} ({d['kind']}): {d['decision']} - {d['reason']}")
