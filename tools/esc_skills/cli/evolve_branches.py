"""What the `evolve` commands that act on proposal branches do: verify, settle, publish, reject.

Each takes its frozen options object; `cli/evolve.py` declares their flags and registers them.
"""

from __future__ import annotations

import asyncio
from dataclasses import dataclass
from typing import Any

import click

from esc_skills.cli.evolve_options import Check, Pairs, Where
from esc_skills.cli.options import LLMOptions, print_llm_summary
from esc_skills.errors import UserError


def echo_pairs(title: str, pairs: Pairs) -> None:
    """Print a titled count, then one `name: outcome` line per pair."""
    click.echo(f"{title}: {len(pairs)}")
    for name, outcome in pairs:
        click.echo(f"  {name}: {outcome}")


@dataclass(frozen=True)
class OnBranches:
    """The evolve/* branches a command acts on (named, else the run's) and where."""

    branches: tuple[str, ...]
    where: Where

    def __post_init__(self) -> None:
        from esc_skills.evolve.landing import parse_branch

        for branch in self.branches:
            parse_branch(branch)  # a malformed name is refused before any git work

    def chosen(self, landing: Any) -> list[str]:
        """The branches named with --branch, else every open branch of the run."""
        return list(self.branches) or list(landing.run_branches(self.where.run_id))


@dataclass(frozen=True)
class VerifyOptions(OnBranches):
    """The flags of `evolve verify`."""

    shard: str | None
    merge_shards: tuple[str, ...]
    check: Check
    llm: LLMOptions

    def __post_init__(self) -> None:
        super().__post_init__()
        if self.shard and self.merge_shards:
            raise UserError(
                "--shard and --merge-shards go to different runs: shards first, then merge"
            )


def run_verify(opts: VerifyOptions) -> None:
    """Verify proposals on their profiles; commit verification.json + report.md to each branch."""
    from esc_skills.evolve.loop import Evolution
    from esc_skills.evolve.shards import find_shards, parse_shard
    from esc_skills.evolve.shards import merge_shards as take_shards

    branches, merge_shards, llm = opts.branches, opts.merge_shards, opts.llm
    part = parse_shard(opts.shard) if opts.shard else None
    landing, settings = opts.where.open(rule=opts.check.rule(), lands=False)
    chosen = opts.chosen(landing)
    if not chosen:
        raise UserError("no evolve/* branches to verify; run `esc-skills evolve propose` first")
    client = llm.make_client()
    sim = opts.check.simulator(client, llm.concurrency, _recorded_source(landing, chosen))
    loop = Evolution(landing, settings, client=client, simulator=sim)
    if merge_shards:
        added = take_shards(merge_shards, settings.state_root)
        click.echo(f"merged {added} conversation(s) from {len(find_shards(merge_shards))} shard(s)")
    pairs = asyncio.run(loop.verify(chosen, shard=part))
    _report("verified" if part is None else f"shard {opts.shard}", pairs, explicit=bool(branches))
    _fail_if_left(pairs, explicit=bool(branches))  # one line, before the accounting
    print_llm_summary(client)


@dataclass(frozen=True)
class SettleOptions(OnBranches):
    """The flags of `evolve settle`."""

    via_github: bool
    leave_accepted: bool


def run_settle(opts: SettleOptions) -> None:
    """Merge accepted branches into the base (scores in the message); close rejected ones."""
    from esc_skills.evolve.loop import Evolution

    landing, settings = opts.where.open()
    chosen = opts.chosen(landing)
    if opts.via_github:
        from esc_skills.evolve.github import GitHub, settle_pr
        from esc_skills.evolve.landing import LeftForPerson

        gh = GitHub()
        pairs: Pairs = []
        for branch in chosen:
            try:
                pairs.append(
                    (branch, settle_pr(landing, gh, branch, leave_accepted=opts.leave_accepted))
                )
            except LeftForPerson as exc:
                pairs.append((branch, f"left: {exc}"))
    else:
        pairs = Evolution(landing, settings, client=None).settle(chosen)
    _report(f"settled into {landing.base}", pairs, explicit=bool(opts.branches))
    _fail_if_left(pairs, explicit=bool(opts.branches))


@dataclass(frozen=True)
class PublishOptions:
    """The flags of `evolve publish`."""

    workflow: str
    where: Where


def run_publish(opts: PublishOptions) -> None:
    """Open one pull request per proposal branch and dispatch its verification (GitHub)."""
    from esc_skills.evolve.github import GitHub
    from esc_skills.evolve.github import publish as open_all

    landing, _ = opts.where.open(lands=False)
    echo_pairs(f"published against {landing.base}", open_all(landing, GitHub(), opts.workflow))


@dataclass(frozen=True)
class RejectOptions(OnBranches):
    """The flags of `evolve reject` (--branch is required there)."""

    reason: str


def run_reject(opts: RejectOptions) -> None:
    """Close proposals by hand (e.g. after a conflict), keeping their commits reachable."""
    from esc_skills.evolve.settle import reject as close_by_hand

    landing, _ = opts.where.open()
    closed = [(b, close_by_hand(landing, b, opts.reason)) for b in opts.branches]
    echo_pairs(f"closed on {landing.base}", closed)


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
        echo_pairs(title, shown)


def _fail_if_left(pairs: Pairs, *, explicit: bool) -> None:
    """Branches named on the command line that could not be handled end the command with 2."""
    left = [outcome for _, outcome in pairs if outcome.startswith("left: ")]
    if explicit and left:
        raise UserError(left[0][len("left: ") :])
