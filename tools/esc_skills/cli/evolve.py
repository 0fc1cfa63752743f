"""`esc-skills evolve`: analyse conversations, propose skills on branches, verify, settle."""

from __future__ import annotations

import asyncio
import functools
import json
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any, TypeVar, cast

import click

from esc_skills.cli.options import LLMOptions, llm_options, print_llm_summary
from esc_skills.errors import UserError

F = TypeVar("F", bound=Callable[..., Any])


def _repo_options(func: F) -> F:
    """--repo, --base, --state-dir, --run-id: where the loop reads and lands."""
    for option in reversed(
        [
            click.option(
                "--repo",
                default=".",
                show_default=True,
                type=click.Path(file_okay=False),
                help="The bank's git repository (work happens in temporary worktrees).",
            ),
            click.option(
                "--base",
                default=None,
                help="Branch proposals start from and merge into [default: the current one].",
            ),
            click.option(
                "--state-dir",
                default=None,
                type=click.Path(file_okay=False),
                help="Uncommitted working files [default: .git/esc-evolve/state].",
            ),
            click.option(
                "--run-id",
                default=None,
                help="The run to work on [default: derived from the input conversations].",
            ),
        ]
    ):
        func = option(func)
    return func


@dataclass(frozen=True)
class VerifyOptions:
    """How verification simulates and decides (the flags of verify and run)."""

    profiles: str
    data_dir: str | None
    max_rounds: int
    language: str
    retriever: str
    top_k: int
    max_attempts: int
    min_improvement: float
    require_no_new_failures: bool

    def rule(self) -> Any:
        """The acceptance rule these flags ask for."""
        from esc_skills.evolve.decide import Rule

        return Rule(self.max_attempts, self.min_improvement, self.require_no_new_failures)

    def simulator(self, client: Any, concurrency: int | None) -> Any:
        """The SAGE simulator over the chosen profiles."""
        from esc_skills.data.profiles import SOURCES, load_profiles
        from esc_skills.evolve.verify import SageSimulator
        from esc_skills.paths import resolve_data_dir

        known = self.profiles in SOURCES
        where = resolve_data_dir(self.data_dir) if known else Path(self.profiles)
        return SageSimulator(
            client,
            load_profiles(where, self.profiles if known else "file"),
            max_rounds=self.max_rounds,
            concurrency=concurrency or 4,
            language=None if self.language == "profile" else self.language,
            retriever="llm" if self.retriever == "auto" else self.retriever,
            top_k=self.top_k,
        )


def _verify_options(func: F) -> F:
    """Add the simulation and acceptance flags; pass ``check: VerifyOptions``."""

    @functools.wraps(func)
    def wrapper(*args: Any, **kwargs: Any) -> Any:
        names = VerifyOptions.__dataclass_fields__
        kwargs["check"] = VerifyOptions(**{k: kwargs.pop(k) for k in list(names)})
        return func(*args, **kwargs)

    options = [
        click.option(
            "--profiles",
            default="sage",
            show_default=True,
            help="sage, rlver or a .jsonl profile file: where verification profiles live.",
        ),
        click.option("--data-dir", default=None, help="Data directory ($ESC_SKILLS_DATA_DIR)."),
        click.option("--max-rounds", type=click.IntRange(min=1), default=10, show_default=True),
        click.option(
            "--language",
            type=click.Choice(["profile", "zh", "en"]),
            default="profile",
            show_default=True,
            help="The simulated seeker's language.",
        ),
        click.option(
            "--retriever",
            type=click.Choice(["auto", "llm", "bm25", "none"]),
            default="auto",
            show_default=True,
            help="How the agent picks skills (auto: the model chooses, as in `simulate`).",
        ),
        click.option("--top-k", type=click.IntRange(min=0), default=3, show_default=True),
        click.option(
            "--max-attempts",
            type=click.IntRange(min=1),
            default=3,
            show_default=True,
            help="Candidate versions tried before a rejection.",
        ),
        click.option(
            "--min-improvement",
            type=float,
            default=0.0,
            show_default=True,
            help="The mean final emotion must rise by more than this.",
        ),
        click.option(
            "--require-no-new-failures",
            is_flag=True,
            help="Also reject a version that makes a profile end below 10.",
        ),
    ]
    wrapped: Any = wrapper
    for option in reversed(options):
        wrapped = option(wrapped)
    return cast(F, wrapped)


def _landing(repo: str, base: str | None) -> Any:
    from esc_skills.evolve.landing import Landing
    from esc_skills.gitops import GitOps

    ops = GitOps(repo)
    ops.ensure_clean()
    ops.fetch()
    chosen = base or ops.current_branch()
    if not chosen:
        raise UserError("HEAD is detached; pass --base BRANCH (the branch holding skills/)")
    return Landing(ops, chosen)


def _settings(landing: Any, run_id: str | None, state_dir: str | None, **kw: Any) -> Any:
    from esc_skills.evolve.loop import Settings

    root = Path(state_dir) if state_dir else landing.ops.state_dir()
    return Settings(run_id=run_id or "", base=landing.base, state_root=root, **kw)


def _echo_pairs(title: str, pairs: list[tuple[str, str]]) -> None:
    click.echo(f"{title}: {len(pairs)}")
    for name, outcome in pairs:
        click.echo(f"  {name}: {outcome}")


def _bank_at(landing: Any) -> list[Any]:
    return list(landing.base_bank(landing.base_tip()))


@click.group()
def evolve() -> None:
    """Evolve the bank: analyse, propose branches, verify on 15 profiles, merge or close."""


@evolve.command()
@click.argument("traces", nargs=-1, required=True, type=click.Path(dir_okay=False, exists=True))
@click.option("--analyzer", type=click.Choice(["llm", "offline"]), default="llm", show_default=True)
@_repo_options
@llm_options
def analyse(
    llm: LLMOptions,
    traces: tuple[str, ...],
    analyzer: str,
    repo: str,
    base: str | None,
    state_dir: str | None,
    run_id: str | None,
) -> None:
    """Write one report per conversation (our traces or SAGE logs) and print what they say."""
    from esc_skills.evolve.aggregate import aggregate, group_summary
    from esc_skills.evolve.conversations import load_conversations
    from esc_skills.evolve.loop import Evolution, run_id_for

    landing = _landing(repo, base)
    settings = _settings(
        landing, run_id or run_id_for(traces, analyzer), state_dir, analyzer=analyzer
    )
    client = None if analyzer == "offline" else llm.make_client()
    loop = Evolution(landing, settings, client=client)
    bank = _bank_at(landing)
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


@evolve.command()
@click.argument("traces", nargs=-1, required=True, type=click.Path(dir_okay=False, exists=True))
@click.option("--analyzer", type=click.Choice(["llm", "offline"]), default="llm", show_default=True)
@click.option("--max-refine", type=click.IntRange(min=0), default=9, show_default=True)
@click.option("--max-new", type=click.IntRange(min=0), default=12, show_default=True)
@click.option(
    "--verify-profiles",
    "n_profiles",
    type=click.IntRange(min=1),
    default=15,
    show_default=True,
    help="Challenging profiles per candidate.",
)
@click.option("--seed", type=int, default=0, show_default=True)
@_repo_options
@llm_options
def propose(
    llm: LLMOptions,
    traces: tuple[str, ...],
    analyzer: str,
    max_refine: int,
    max_new: int,
    n_profiles: int,
    seed: int,
    repo: str,
    base: str | None,
    state_dir: str | None,
    run_id: str | None,
) -> None:
    """Analyse, aggregate, generate candidates and push one branch evolve/<run>/<skill> each."""
    from esc_skills.evolve.conversations import load_conversations
    from esc_skills.evolve.loop import Evolution, run_id_for

    landing = _landing(repo, base)
    settings = _settings(
        landing,
        run_id or run_id_for(traces, analyzer),
        state_dir,
        analyzer=analyzer,
        max_refine=max_refine,
        max_new=max_new,
        n_profiles=n_profiles,
        seed=seed,
    )
    client = llm.make_client()
    loop = Evolution(landing, settings, client=client)
    conversations = load_conversations(traces)
    bank = _bank_at(landing)

    async def go() -> list[tuple[str, str]]:
        reports = await loop.analyse(conversations, bank)
        return await loop.propose(conversations, reports, bank)

    _echo_pairs(f"run {settings.run_id}: candidates", asyncio.run(go()))
    print_llm_summary(client)


@evolve.command()
@click.option(
    "--branch", "branches", multiple=True, help="An evolve/<run>/<skill> branch; repeatable."
)
@_verify_options
@_repo_options
@llm_options
def verify(
    llm: LLMOptions,
    check: VerifyOptions,
    branches: tuple[str, ...],
    repo: str,
    base: str | None,
    state_dir: str | None,
    run_id: str | None,
) -> None:
    """Verify proposals on their profiles; commit verification.json + report.md to each branch."""
    from esc_skills.evolve.loop import Evolution

    landing = _landing(repo, base)
    settings = _settings(landing, run_id, state_dir, rule=check.rule())
    client = llm.make_client()
    sim = check.simulator(client, llm.concurrency)
    loop = Evolution(landing, settings, client=client, simulator=sim)
    chosen = list(branches) or landing.run_branches(run_id)
    if not chosen:
        raise UserError("no evolve/* branches to verify; run `esc-skills evolve propose` first")
    _echo_pairs("verified", asyncio.run(loop.verify(chosen)))
    print_llm_summary(client)


@evolve.command()
@click.option(
    "--branch", "branches", multiple=True, help="An evolve/<run>/<skill> branch; repeatable."
)
@_repo_options
def settle(
    branches: tuple[str, ...],
    repo: str,
    base: str | None,
    state_dir: str | None,
    run_id: str | None,
) -> None:
    """Merge accepted branches into the base (scores in the message); close rejected ones."""
    from esc_skills.evolve.loop import Evolution

    landing = _landing(repo, base)
    loop = Evolution(landing, _settings(landing, run_id, state_dir), client=None)
    chosen = list(branches) or landing.run_branches(run_id)
    _echo_pairs(f"settled into {landing.base}", loop.settle(chosen))


@evolve.command()
@click.argument("traces", nargs=-1, required=True, type=click.Path(dir_okay=False, exists=True))
@click.option("--analyzer", type=click.Choice(["llm", "offline"]), default="llm", show_default=True)
@click.option("--max-refine", type=click.IntRange(min=0), default=9, show_default=True)
@click.option("--max-new", type=click.IntRange(min=0), default=12, show_default=True)
@click.option(
    "--verify-profiles",
    "n_profiles",
    type=click.IntRange(min=1),
    default=15,
    show_default=True,
    help="Challenging profiles per candidate.",
)
@click.option("--seed", type=int, default=0, show_default=True)
@_verify_options
@_repo_options
@llm_options
def run(
    llm: LLMOptions,
    check: VerifyOptions,
    traces: tuple[str, ...],
    analyzer: str,
    max_refine: int,
    max_new: int,
    n_profiles: int,
    seed: int,
    repo: str,
    base: str | None,
    state_dir: str | None,
    run_id: str | None,
) -> None:
    """The whole loop locally: analyse, aggregate, generate, verify and settle (resumable)."""
    from esc_skills.evolve.conversations import load_conversations
    from esc_skills.evolve.loop import Evolution, run_id_for

    landing = _landing(repo, base)
    settings = _settings(
        landing,
        run_id or run_id_for(traces, analyzer),
        state_dir,
        analyzer=analyzer,
        max_refine=max_refine,
        max_new=max_new,
        n_profiles=n_profiles,
        seed=seed,
        rule=check.rule(),
    )
    client = llm.make_client()
    sim = check.simulator(client, llm.concurrency)
    loop = Evolution(landing, settings, client=client, simulator=sim)
    conversations = load_conversations(traces)
    bank = _bank_at(landing)

    async def go() -> tuple[list[tuple[str, str]], list[tuple[str, str]]]:
        reports = await loop.analyse(conversations, bank)
        proposed = await loop.propose(conversations, reports, bank)
        return proposed, await loop.verify()

    proposed, verified = asyncio.run(go())
    _echo_pairs(f"run {settings.run_id}: candidates", proposed)
    _echo_pairs("verified", verified)
    _echo_pairs(f"settled into {landing.base}", loop.settle())
    print_llm_summary(client)


@evolve.command()
@click.option("--json", "as_json", is_flag=True, help="Print JSON instead of text.")
@click.option("--repo", default=".", show_default=True, type=click.Path(file_okay=False))
@click.option("--base", default=None, help="The base branch [default: the current one].")
def status(as_json: bool, repo: str, base: str | None) -> None:
    """List open evolve/* branches and every decision recorded on the base."""
    from esc_skills.evolve.landing import Landing, parse_branch
    from esc_skills.gitops import GitOps

    ops = GitOps(repo)
    ops.fetch()
    landing = Landing(ops, base or ops.current_branch() or "main")
    tip = landing.base_tip()
    open_rows = []
    for branch in landing.run_branches():
        run_id, name = parse_branch(branch)
        rec = landing.decision_on(ops.tip(branch) or tip, run_id, name)
        open_rows.append(
            {
                "branch": branch,
                "state": f"verified: {rec['decision']}" if rec else "proposed, not verified",
            }
        )
    decided = [
        {
            "run_id": r["run_id"],
            "skill": r["skill"],
            "kind": r["kind"],
            "decision": r["decision"],
            "reason": r["reason"],
        }
        for r in landing.records(tip)
    ]
    if as_json:
        click.echo(
            json.dumps({"base": landing.base, "open": open_rows, "decided": decided}, indent=2)
        )
        return
    click.echo(f"open branches: {len(open_rows)}")
    for row in open_rows:
        click.echo(f"  {row['branch']}: {row['state']}")
    click.echo(f"decisions on {landing.base}: {len(decided)}")
    for d in sorted(decided, key=lambda d: (d["run_id"], d["skill"])):
        click.echo(f"  {d['run_id']}/{d['skill']} ({d['kind']}): {d['decision']} - {d['reason']}")
