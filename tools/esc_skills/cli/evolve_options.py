"""The option bundles of `esc-skills evolve`: where it works, how it plans, how it checks."""

from __future__ import annotations

import os
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

import click

from esc_skills.agent.retrievers import RETRIEVER_CHOICES
from esc_skills.cli.command import bundle
from esc_skills.cli.options import FiniteFloatRange, data_dir_option
from esc_skills.cli.params import (
    agent_retriever_help,
    choice_option,
    count_option,
    language_option,
    max_rounds_option,
    profiles_option,
    repo_option,
    retriever_option,
    seed_option,
    top_k_option,
)
from esc_skills.errors import UserError

if TYPE_CHECKING:
    from esc_skills.evolve.verify import SageSimulator
    from esc_skills.llm.client import LLMClient

Pairs = list[tuple[str, str]]


@dataclass(frozen=True)
class Where:
    """Which repository, base branch, state directory and run."""

    repo: str
    base: str | None
    state_dir: str | None
    run_id: str | None
    publish_base: bool

    def open(
        self,
        traces: tuple[str, ...] = (),
        analyzer: str = "llm",
        *,
        require_clean: bool = True,
        lands: bool = True,
        **knobs: Any,
    ) -> Any:
        """The landing (lock held, dirty trees refused, remote fetched) and the run's settings.

        Only steps that land commits need a clean tree; analysis reads the bank at the
        base branch's tip and writes nothing to the tree, so it runs beside a user's edits.
        Steps that land on the base also refuse local base commits the remote lacks.
        """
        from esc_skills.evolve.landing import Landing
        from esc_skills.evolve.lock import exclusive
        from esc_skills.evolve.loop import Settings, run_id_for
        from esc_skills.gitops import GitOps

        ops = GitOps(self.repo)
        ctx = click.get_current_context()
        ctx.with_resource(exclusive(ops, ctx.command_path))
        if require_clean:
            ops.ensure_clean()
        ops.fetch()
        base = self.base or ops.current_branch()
        if not base:
            raise UserError("HEAD is detached; pass --base BRANCH (the branch holding skills/)")
        landing = Landing(ops, base)
        if lands:
            landing.check_published(self.publish_base)
        run_id = self.run_id or (run_id_for(traces, analyzer) if traces else "")
        root = Path(self.state_dir) if self.state_dir else ops.state_dir()
        settings = Settings(run_id=run_id, base=base, state_root=root, analyzer=analyzer, **knobs)
        return landing, settings


where_options = bundle(Where, "where", [
    repo_option(),
    click.option("--base", default=None,
                 help="Branch proposals start from and merge into [default: the current one]."),
    click.option("--state-dir", default=None, type=click.Path(file_okay=False),
                 help="Uncommitted working files [default: .git/esc-evolve/state]."),
    click.option("--run-id", default=None,
                 help="The run to work on [default: derived from the input conversations]."),
    click.option("--publish-base", is_flag=True,
                 help="Push local base commits the remote lacks (refused without this flag)."),
])  # fmt: skip


@dataclass(frozen=True)
class Plan:
    """How conversations become candidates (the flags of propose and run)."""

    analyzer: str
    max_refine: int
    max_new: int
    n_profiles: int
    seed: int


def analyzer_option() -> Any:
    """--analyzer: who reads the conversations (offline: no model)."""
    return choice_option("--analyzer", choices=("llm", "offline"),
                         help="offline: emotion trajectories and thoughts, no model.")  # fmt: skip


plan_options = bundle(Plan, "plan", [
    analyzer_option(),
    count_option("--max-refine", default=9, minimum=0),
    count_option("--max-new", default=12, minimum=0),
    count_option("--verify-profiles", "n_profiles", default=15,
                 help="Challenging profiles per candidate."),
    seed_option(),
])  # fmt: skip


VETO_ENV = "ESC_SKILLS_EVOLVE_VETO"


@dataclass(frozen=True)
class Check:
    """How verification simulates and decides (the flags of verify and run)."""

    profiles: str | None
    data_dir: str | None
    max_rounds: int
    language: str
    retriever: str
    top_k: int
    max_attempts: int
    min_improvement: float
    require_no_new_failures: bool
    require_ci_above_zero: bool
    regression_profiles: int
    regression_margin: float
    vetoes: tuple[str, ...]

    def rule(self) -> Any:
        """The acceptance rule these flags ask for (unknown vetoes are refused here)."""
        from esc_skills.evolve import gates
        from esc_skills.evolve.decide import Rule

        # Default: the safety battery (ESC_SKILLS_EVOLVE_VETO can name others); "none" turns
        # every veto off. An empty variable (an unset GitHub variable) keeps the default.
        names = self.vetoes or tuple(os.environ.get(VETO_ENV, "").split()) or ("safety",)
        vetoes = () if "none" in names else tuple(dict.fromkeys(names))
        for name in vetoes:
            gates.veto(name)
        # By name, not position: the flags that are Rule's fields become the rule.
        return Rule.from_dict({**vars(self), "vetoes": vetoes})

    def simulator(
        self, client: LLMClient, concurrency: int | None, source: str | None = None
    ) -> SageSimulator:
        """The SAGE simulator over the chosen profiles (``source`` when --profiles is unset)."""
        from esc_skills.data.profiles import SOURCES, load_profiles
        from esc_skills.evolve.verify import SageSimulator
        from esc_skills.paths import resolve_data_dir

        chosen = self.profiles or source or "sage"
        known = chosen in SOURCES
        where = resolve_data_dir(self.data_dir) if known else Path(chosen)
        return SageSimulator(
            client, load_profiles(where, chosen if known else "file"), source=chosen,
            max_rounds=self.max_rounds, concurrency=concurrency or 4,
            language=None if self.language == "profile" else self.language,
            retriever="llm" if self.retriever == "auto" else self.retriever, top_k=self.top_k,
        )  # fmt: skip


check_options = bundle(Check, "check", [
    profiles_option("sage, rlver or a .jsonl profile file: where verification profiles live "
                    "[default: the source the proposal records, else sage].", default=None),
    data_dir_option,
    max_rounds_option(),
    language_option(),
    retriever_option(agent_retriever_help(RETRIEVER_CHOICES), choices=RETRIEVER_CHOICES),
    top_k_option(),
    count_option("--max-attempts", default=3, help="Candidate versions tried before a rejection."),
    click.option("--min-improvement", type=FiniteFloatRange(), default=0.0, show_default=True,
                 help="The mean final emotion must rise by more than this."),
    click.option("--require-no-new-failures", is_flag=True,
                 help="Gate: reject a version that makes a profile end below 10."),
    click.option("--require-ci-above-zero", is_flag=True,
                 help="Gate: the paired bootstrap 95% CI's lower bound must be above 0."),
    count_option("--regression-profiles", default=0, minimum=0,
                 help="Gate: also run N profiles the candidate was not aimed at (15 is a good "
                      "size; 0 = off) ..."),
    click.option("--regression-margin", type=FiniteFloatRange(min=0), default=0.0,
                 show_default=True,
                 help="... on which the mean may drop by at most this."),
    click.option("--veto", "vetoes", multiple=True,
                 help="A veto gate that can reject any attempt whatever its scores [default: "
                      "safety, the crisis and risk battery on base and candidate, or "
                      "$ESC_SKILLS_EVOLVE_VETO]; none = no veto."),
])  # fmt: skip

traces_argument = click.argument(
    "traces", nargs=-1, required=True, type=click.Path(dir_okay=False, exists=True)
)
branch_option = click.option(
    "--branch", "branches", multiple=True, help="An evolve/<run>/<skill> branch; repeatable."
)
