"""`esc-skills evolve`: analyse conversations, propose skills on branches, verify, settle."""

from __future__ import annotations

import asyncio
import functools
import json
from collections.abc import Callable
from dataclasses import dataclass, fields
from pathlib import Path
from typing import Any, TypeVar, cast

import click

from esc_skills.cli.options import FiniteFloatRange, LLMOptions, llm_options, print_llm_summary
from esc_skills.errors import UserError

F = TypeVar("F", bound=Callable[..., Any])
Pairs = list[tuple[str, str]]


def _bundle(cls: type, name: str, options: list[Callable[[Any], Any]]) -> Callable[[F], F]:
    """A decorator adding ``options`` and passing them to the command as one ``cls`` object."""

    def decorate(func: F) -> F:
        @functools.wraps(func)
        def wrapper(*args: Any, **kwargs: Any) -> Any:
            kwargs[name] = cls(**{f.name: kwargs.pop(f.name) for f in fields(cls)})
            return func(*args, **kwargs)

        wrapped: Any = wrapper
        for option in reversed(options):
            wrapped = option(wrapped)
        return cast(F, wrapped)

    return decorate


@dataclass(frozen=True)
class Where:
    """Which repository, base branch, state directory and run."""

    repo: str
    base: str | None
    state_dir: str | None
    run_id: str | None

    def open(
        self,
        traces: tuple[str, ...] = (),
        analyzer: str = "llm",
        *,
        require_clean: bool = True,
        **knobs: Any,
    ) -> Any:
        """The landing (dirty trees refused, remote fetched) and the run's settings.

        Only steps that land commits need a clean tree; analysis reads the bank at the
        base branch's tip and writes nothing to the tree, so it runs beside a user's edits.
        """
        from esc_skills.evolve.landing import Landing
        from esc_skills.evolve.loop import Settings, run_id_for
        from esc_skills.gitops import GitOps

        ops = GitOps(self.repo)
        if require_clean:
            ops.ensure_clean()
        ops.fetch()
        base = self.base or ops.current_branch()
        if not base:
            raise UserError("HEAD is detached; pass --base BRANCH (the branch holding skills/)")
        run_id = self.run_id or (run_id_for(traces, analyzer) if traces else "")
        root = Path(self.state_dir) if self.state_dir else ops.state_dir()
        settings = Settings(run_id=run_id, base=base, state_root=root, analyzer=analyzer, **knobs)
        return Landing(ops, base), settings


where_options = _bundle(Where, "where", [
    click.option("--repo", default=".", show_default=True, type=click.Path(file_okay=False),
                 help="The bank's git repository (work happens in temporary worktrees)."),
    click.option("--base", default=None,
                 help="Branch proposals start from and merge into [default: the current one]."),
    click.option("--state-dir", default=None, type=click.Path(file_okay=False),
                 help="Uncommitted working files [default: .git/esc-evolve/state]."),
    click.option("--run-id", default=None,
                 help="The run to work on [default: derived from the input conversations]."),
])  # fmt: skip


@dataclass(frozen=True)
class Plan:
    """How conversations become candidates (the flags of propose and run)."""

    analyzer: str
    max_refine: int
    max_new: int
    n_profiles: int
    seed: int


plan_options = _bundle(Plan, "plan", [
    click.option("--analyzer", type=click.Choice(["llm", "offline"]), default="llm",
                 show_default=True, help="offline: emotion trajectories and thoughts, no model."),
    click.option("--max-refine", type=click.IntRange(min=0), default=9, show_default=True),
    click.option("--max-new", type=click.IntRange(min=0), default=12, show_default=True),
    click.option("--verify-profiles", "n_profiles", type=click.IntRange(min=1), default=15,
                 show_default=True, help="Challenging profiles per candidate."),
    click.option("--seed", type=int, default=0, show_default=True),
])  # fmt: skip


@dataclass(frozen=True)
class Check:
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
            client, load_profiles(where, self.profiles if known else "file"),
            max_rounds=self.max_rounds, concurrency=concurrency or 4,
            language=None if self.language == "profile" else self.language,
            retriever="llm" if self.retriever == "auto" else self.retriever, top_k=self.top_k,
        )  # fmt: skip


check_options = _bundle(Check, "check", [
    click.option("--profiles", default="sage", show_default=True,
                 help="sage, rlver or a .jsonl profile file: where verification profiles live."),
    click.option("--data-dir", default=None, help="Data directory ($ESC_SKILLS_DATA_DIR)."),
    click.option("--max-rounds", type=click.IntRange(min=1), default=10, show_default=True),
    click.option("--language", type=click.Choice(["profile", "zh", "en"]), default="profile",
                 show_default=True, help="The simulated seeker's language."),
    click.option("--retriever", type=click.Choice(["auto", "llm", "bm25", "none"]),
                 default="auto", show_default=True,
                 help="How the agent picks skills (auto: the model chooses, as in `simulate`)."),
    click.option("--top-k", type=click.IntRange(min=0), default=3, show_default=True),
    click.option("--max-attempts", type=click.IntRange(min=1), default=3, show_default=True,
                 help="Candidate versions tried before a rejection."),
    click.option("--min-improvement", type=FiniteFloatRange(), default=0.0, show_default=True,
                 help="The mean final emotion must rise by more than this."),
    click.option("--require-no-new-failures", is_flag=True,
                 help="Also reject a version that makes a profile end below 10."),
])  # fmt: skip

traces_argument = click.argument(
    "traces", nargs=-1, required=True, type=click.Path(dir_okay=False, exists=True)
)
branch_option = click.option(
    "--branch", "branches", multiple=True, help="An evolve/<run>/<skill> branch; repeatable."
)


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

    landing, settings = where.open(traces, analyzer, require_clean=False)
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
def propose(llm: LLMOptions, where: Where, plan: Plan, traces: tuple[str, ...]) -> None:
    """Analyse, aggregate, generate candidates and push one branch evolve/<run>/<skill> each."""
    from esc_skills.evolve.loop import Evolution

    landing, settings = where.open(traces, plan.analyzer, max_refine=plan.max_refine,
                                   max_new=plan.max_new, n_profiles=plan.n_profiles,
                                   seed=plan.seed)  # fmt: skip
    client = llm.make_client()
    loop = Evolution(landing, settings, client=client)
    _echo(f"run {settings.run_id}: candidates", asyncio.run(_propose(loop, traces)))
    print_llm_summary(client)


@evolve.command()
@branch_option
@check_options
@where_options
@llm_options
def verify(llm: LLMOptions, where: Where, check: Check, branches: tuple[str, ...]) -> None:
    """Verify proposals on their profiles; commit verification.json + report.md to each branch."""
    from esc_skills.evolve.loop import Evolution

    landing, settings = where.open(rule=check.rule())
    client = llm.make_client()
    sim = check.simulator(client, llm.concurrency)
    loop = Evolution(landing, settings, client=client, simulator=sim)
    chosen = list(branches) or landing.run_branches(where.run_id)
    if not chosen:
        raise UserError("no evolve/* branches to verify; run `esc-skills evolve propose` first")
    _echo("verified", asyncio.run(loop.verify(chosen)))
    print_llm_summary(client)


@evolve.command()
@branch_option
@where_options
def settle(where: Where, branches: tuple[str, ...]) -> None:
    """Merge accepted branches into the base (scores in the message); close rejected ones."""
    from esc_skills.evolve.loop import Evolution

    landing, settings = where.open()
    loop = Evolution(landing, settings, client=None)
    chosen = list(branches) or landing.run_branches(where.run_id)
    _echo(f"settled into {landing.base}", loop.settle(chosen))


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
                                   seed=plan.seed, rule=check.rule())  # fmt: skip
    client = llm.make_client()
    sim = check.simulator(client, llm.concurrency)
    loop = Evolution(landing, settings, client=client, simulator=sim)

    async def go() -> tuple[Pairs, Pairs]:
        proposed = await _propose(loop, traces)
        return proposed, await loop.verify()

    proposed, verified = asyncio.run(go())
    _echo(f"run {settings.run_id}: candidates", proposed)
    _echo("verified", verified)
    _echo(f"settled into {landing.base}", loop.settle())
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
        rec = landing.decision_on(ops.tip(branch) or tip, *parse_branch(branch))
        state = f"verified: {rec['decision']}" if rec else "proposed, not verified"
        open_rows.append({"branch": branch, "state": state})
    keys = ("run_id", "skill", "kind", "decision", "reason")
    decided = [{k: r[k] for k in keys} for r in landing.records(tip)]
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
