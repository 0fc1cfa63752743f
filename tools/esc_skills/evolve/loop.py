"""The evolution loop: analyse -> aggregate -> generate -> propose -> verify -> settle.

State that is not committed (analyses, generated candidates, verification traces, the
baseline cache) lives in ``.esc-skills/evolve/``; everything that is decided lands in git.
Every step checks what is already done, so rerunning the same command resumes.
"""

from __future__ import annotations

import hashlib
import json
import os
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from esc_skills import atomic
from esc_skills.bank import Skill, render_skill
from esc_skills.data.traces import Trace
from esc_skills.errors import ConfigError, DataError, UserError
from esc_skills.evolve import binding
from esc_skills.evolve.aggregate import MAX_NEW, MAX_REFINE, VERIFY_PROFILES, Candidate, aggregate
from esc_skills.evolve.analyse_llm import analyse_all
from esc_skills.evolve.analyse_offline import analyse_offline
from esc_skills.evolve.decide import Rule
from esc_skills.evolve.generate import MAX_TRIES, Evidence, Generation, generate_skill
from esc_skills.evolve.landing import (
    Landing,
    LeftForPerson,
    branch_name,
    parse_branch,
    skill_from_text,
)
from esc_skills.evolve.records import AnalysisReport, Proposal, VerificationRecord
from esc_skills.evolve.report import record
from esc_skills.evolve.settle import record_drops, settle_all
from esc_skills.evolve.shards import run_shard
from esc_skills.evolve.verify import Regenerate, Simulator, verify_candidate, with_candidate
from esc_skills.llm import LLMClient


@dataclass
class Settings:
    """Knobs of one evolution run (defaults follow the paper)."""

    run_id: str
    base: str = "main"
    state_root: Path = Path(".esc-skills/evolve")
    seed: int = 0
    analyzer: str = "llm"  # "llm" | "offline"
    max_refine: int = MAX_REFINE
    max_new: int = MAX_NEW
    n_profiles: int = VERIFY_PROFILES
    max_tries: int = MAX_TRIES
    rule: Rule = field(default_factory=Rule)
    concurrency: int = 4
    profile_source: str | None = None  # sage, rlver or a profile file: recorded in proposals

    @property
    def state_dir(self) -> Path:
        """This run's working files."""
        return self.state_root / self.run_id


def run_id_for(paths: Sequence[str | os.PathLike[str]], analyzer: str) -> str:
    """A run id derived from the input conversations, so the same inputs resume the same run."""
    h = hashlib.sha256(analyzer.encode())
    for path in sorted(str(p) for p in paths):
        h.update(Path(path).read_bytes())
    return f"r{h.hexdigest()[:10]}"


def _read_json(path: Path) -> Any:
    return json.loads(path.read_text(encoding="utf-8")) if path.exists() else None


class Evolution:
    """One run of the loop over one repository and base branch."""

    def __init__(
        self,
        landing: Landing,
        settings: Settings,
        *,
        client: LLMClient | None,
        simulator: Simulator | None = None,
    ) -> None:
        self.landing = landing
        self.settings = settings
        self.client = client
        self.simulator = simulator

    def _need_client(self) -> LLMClient:
        if self.client is None:
            raise ConfigError(
                "this step needs a model; pass --model BACKEND/MODEL or configure the "
                "roles in esc-skills.toml (or use --analyzer offline for analysis)"
            )
        return self.client

    def _models(self) -> dict[str, str]:
        if self.client is None:
            return {}
        return {
            r: self.client.settings_for(r).model
            for r in ("agent", "seeker", "generator")
            if r in self.client.roles
        }

    # -- analyse -----------------------------------------------------------------------
    async def analyse(self, traces: Sequence[Trace], bank: Sequence[Skill]) -> list[AnalysisReport]:
        """One report per conversation (cached in the run's state directory)."""
        path = self.settings.state_dir / "analyses.json"
        cached = _read_json(path)
        if cached is not None:
            return list(cached)
        if self.settings.analyzer == "offline":
            reports = [analyse_offline(t) for t in traces]
        else:
            reports = await analyse_all(
                traces, client=self._need_client(), bank=bank, concurrency=self.settings.concurrency
            )
        atomic.write_json(path, reports)
        return reports

    # -- propose -----------------------------------------------------------------------
    def _proposal(
        self, cand: Candidate, base: str, reports: Sequence[AnalysisReport], gen: Generation
    ) -> Proposal:
        keep = set(cand.verify_profiles[:5]) | set(cand.conversations[:2])
        return {
            "schema_version": 1,
            "run_id": self.settings.run_id,
            **cand.to_dict(),
            "base": base,
            "profile_source": self.settings.profile_source,
            "seed": self.settings.seed,
            "rule": self.settings.rule.to_dict(),
            "reports": [r for r in reports if r["profile_id"] in keep],
            "generation": {"tries": gen.tries, "problems": gen.problems},
        }

    async def propose(
        self, traces: Sequence[Trace], reports: Sequence[AnalysisReport], bank: Sequence[Skill]
    ) -> list[tuple[str, str]]:
        """Aggregate, generate each candidate and land it as a branch; (skill, outcome) pairs."""
        s = self.settings
        candidates = aggregate(
            reports,
            bank=[k.name for k in bank],
            max_refine=s.max_refine,
            max_new=s.max_new,
            n_profiles=s.n_profiles,
        )
        atomic.write_json(s.state_dir / "candidates.json", [c.to_dict() for c in candidates])
        base = self.landing.base_tip()
        by_id = {t.profile_id: t for t in traces}
        by_name = {k.name: k for k in bank}
        outcomes: list[tuple[str, str]] = []
        drops: list[tuple[Proposal, VerificationRecord]] = []
        for cand in candidates:
            if self.landing.settled(s.run_id, cand.skill):
                outcomes.append((cand.skill, "settled"))
                continue
            if self.landing.has_proposal(branch_name(s.run_id, cand.skill)):
                # a crash may have come before the push
                self.landing.ensure_pushed(branch_name(s.run_id, cand.skill))
                outcomes.append((cand.skill, "exists"))
                continue
            gen = await self._generate(cand, by_name.get(cand.skill), bank, by_id, reports)
            proposal = self._proposal(cand, base, reports, gen)
            if gen.skill is None:
                reason = f"no lint-clean version in {gen.tries} generation tries"
                drops.append(
                    (
                        proposal,
                        record(
                            run_id=s.run_id,
                            proposal=proposal,
                            rule=s.rule,
                            seed=s.seed,
                            reason=reason,
                            models=self._models(),
                        ),
                    )
                )
                outcomes.append((cand.skill, "dropped"))
                continue
            outcomes.append((cand.skill, self.landing.propose(proposal, gen.skill)))
        if drops:
            record_drops(self.landing, s.run_id, drops)
        return outcomes

    async def _generate(
        self,
        cand: Candidate,
        original: Skill | None,
        bank: Sequence[Skill],
        by_id: dict[str, Trace],
        reports: Sequence[AnalysisReport],
    ) -> Generation:
        cache = self.settings.state_dir / "generated" / cand.skill / "generation.json"
        saved = _read_json(cache)
        if saved is not None:
            skill = skill_from_text(saved["skill_md"], cand.skill) if saved["skill_md"] else None
            return Generation(skill=skill, tries=saved["tries"], problems=saved["problems"])
        conversations = [by_id[p] for p in cand.conversations[:2] if p in by_id]
        chosen = [r for r in reports if r["profile_id"] in set(cand.verify_profiles)]
        gen = await generate_skill(
            cand,
            Evidence(original, bank, conversations, chosen),
            client=self._need_client(),
            max_tries=self.settings.max_tries,
        )
        atomic.write_json(
            cache,
            {
                "skill_md": render_skill(gen.skill) if gen.skill else None,
                "tries": gen.tries,
                "problems": gen.problems,
            },
        )
        return gen

    # -- verify ------------------------------------------------------------------------
    async def verify(
        self, branches: Sequence[str] | None = None, *, shard: tuple[int, int] | None = None
    ) -> list[tuple[str, str]]:
        """Verify each branch without a valid decision; (branch, decision or "left: why").

        A record that no longer fits (the branch moved, the base's bank changed, or it was
        not the tool's) is replaced by a new verification of what the branch holds now.
        """
        done = []
        for branch in branches or self.landing.run_branches(self.settings.run_id):
            try:
                done.append((branch, await self._verify_one(branch, shard)))
            except (ConfigError, DataError):
                raise  # the setup is wrong for every branch: stop at once
            except (LeftForPerson, UserError) as exc:  # this branch only (e.g. not the tool's)
                done.append((branch, f"left: {exc}"))
        return done

    async def _verify_one(self, branch: str, shard: tuple[int, int] | None = None) -> str:
        s = self.settings
        run_id, name = parse_branch(branch)
        self.landing.ops.fetch()
        self.landing.proposal_of(branch)  # refuses branches the tool did not make
        landed = self.landing.decision_on(self.landing.base_tip(), run_id, name)
        if landed:  # settled before a crash; `settle` finishes its cleanup
            return f"already settled ({landed['decision']})"
        existing = self.landing.verified(branch)
        if existing:
            self.landing.ensure_pushed(branch)  # a crash may have come before the push
            return str(existing["decision"])
        if self.simulator is None:
            raise ConfigError(
                "verification needs profiles to simulate; pass --profiles FILE or --data-dir DIR"
            )
        if shard is None:  # a shard writes nothing to git; the merge step brings it up to date
            self.landing.update_from_base(branch)
        proposal, skill, tip = self.landing.proposal_of(branch)
        base_tip = self.landing.base_tip()
        base_bank = self.landing.bank_at(base_tip)
        rule = s.rule
        cand = Candidate(
            kind=proposal["kind"],
            skill=name,
            frequency=proposal["frequency"],
            impact=proposal["impact"],
            score=proposal["score"],
            reasons=proposal["reasons"],
            verify_profiles=proposal["verify_profiles"],
        )
        original = next((k for k in base_bank if k.name == name), None)
        regenerate = self._regenerator(cand, original, base_bank, proposal["reports"])
        # Attempts are kept per verified content: a re-verification never reuses the
        # conversations of a bank that is no longer the one being measured.
        content = binding.content_at(self.landing.ops, tip) + binding.content_at(
            self.landing.ops, base_tip
        )
        work = (
            s.state_root
            / run_id
            / "verify"
            / name
            / hashlib.sha256(content.encode()).hexdigest()[:12]
        )
        if shard is not None:
            assert self.simulator is not None
            cand_bank = with_candidate(self.landing.bank_at(tip), skill)
            return await run_shard(
                self.simulator, proposal, base_bank, cand_bank, s.state_root, work, shard
            )
        result = await verify_candidate(
            skill,
            bank=base_bank,
            candidate_bank=self.landing.bank_at(tip),
            profile_ids=proposal["verify_profiles"],
            simulator=self.simulator,
            work_dir=work,
            cache_dir=s.state_root / "baselines",
            seed=proposal["seed"],
            rule=rule,
            regenerate=regenerate,
        )
        rec = record(
            run_id=run_id,
            proposal=proposal,
            rule=rule,
            seed=proposal["seed"],
            verification=result,
            models=self._models(),
        )
        rec["settings"] = binding.recorded_settings(
            self.client, self.simulator, proposal, self.settings.rule
        )
        self.landing.record_verification(
            branch, rec, result.best_skill, started=tip, base_tip=base_tip
        )
        return str(rec["decision"])

    def _regenerator(
        self,
        cand: Candidate,
        original: Skill | None,
        bank: list[Skill],
        reports: list[AnalysisReport],
    ) -> Regenerate | None:
        """Attempt N's version: the generator again, told what attempt N-1 still failed."""
        client = self.client
        if client is None:
            return None

        async def regenerate(attempt: int, note: str, failed: Sequence[Trace]) -> Skill | None:
            gen = await generate_skill(
                cand,
                Evidence(original, bank, failed, reports, feedback=note),
                client=client,
                max_tries=self.settings.max_tries,
                attempt=attempt,
            )
            return gen.skill

        return regenerate

    async def verify_and_settle(
        self, branches: Sequence[str] | None = None, *, passes: int = 3
    ) -> tuple[list[tuple[str, str]], list[tuple[str, str]]]:
        """Verify then settle; branches made stale by a merge in this run are verified again.

        Two accepted candidates were measured against the same bank; once the first merges,
        the second's record no longer describes what would merge, so it is measured again
        against the new base (at most ``passes`` rounds).
        """
        chosen = list(branches or self.landing.run_branches(self.settings.run_id))
        verified: dict[str, str] = {}
        settled: dict[str, str] = {}
        for _ in range(passes):
            todo = [b for b in chosen if not _final(settled.get(b, ""))]
            if not todo:
                break
            verified.update(await self.verify(todo))
            settled.update(self.settle(todo))
        return list(verified.items()), list(settled.items())

    # -- settle ------------------------------------------------------------------------
    def settle(self, branches: Sequence[str] | None = None) -> list[tuple[str, str]]:
        """Merge or close every verified branch of the run; (branch, outcome or "left: why")."""
        return settle_all(
            self.landing, list(branches or self.landing.run_branches(self.settings.run_id))
        )


def _final(outcome: str) -> bool:
    """Whether a settle outcome needs no further verification in this run."""
    return bool(outcome) and not (outcome.startswith("left: ") and "verify it again" in outcome)
