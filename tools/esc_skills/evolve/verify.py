"""Verify a candidate on its challenging profiles: baseline once, attempts until decided."""

from __future__ import annotations

import hashlib
import json
import logging
from collections.abc import Awaitable, Callable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Protocol

from esc_skills.bank import Skill, render_skill
from esc_skills.data.profiles import Profile
from esc_skills.data.traces import Trace
from esc_skills.errors import UserError
from esc_skills.evolve import decide as rules
from esc_skills.evolve import gates
from esc_skills.evolve.conversations import goal_of, temperament
from esc_skills.evolve.records import (
    Attempt,
    Baseline,
    Interval,
    Judged,
    Pair,
    SimulationSettings,
)
from esc_skills.llm import LLMClient

log = logging.getLogger(__name__)

# Builds attempt N's version from what attempt N-1 taught: a note and its conversations.
Regenerate = Callable[[int, str, Sequence[Trace]], Awaitable[Skill | None]]


class Simulator(Protocol):
    """Runs one bank on some profiles; resumes from ``out`` (finished profiles are skipped)."""

    def signature(self) -> str:
        """Everything besides bank, profiles and seed that changes the outcome (models, rounds)."""
        ...

    async def run(
        self, profile_ids: Sequence[str], skills: Sequence[Skill], *, out: Path, seed: int
    ) -> list[Trace]:
        """The traces of these profiles talking with an agent that uses ``skills``."""
        ...


class SageSimulator:
    """The SAGE runner with the skill-using agent (esc_skills.sage / esc_skills.agent)."""

    def __init__(
        self,
        client: LLMClient,
        profiles: Sequence[Profile],
        *,
        max_rounds: int = 10,
        concurrency: int = 4,
        language: str | None = None,
        retriever: str = "bm25",
        top_k: int = 3,
        source: str = "file",
    ) -> None:
        self.source = source  # where the profiles came from (a source name, or a file)
        self.client = client
        self.retriever = retriever  # bm25, llm or none (esc_skills.agent.retrieval)
        self.top_k = top_k
        self.profiles = {p.id: p for p in profiles}
        self.max_rounds = max_rounds
        self.concurrency = concurrency
        self.language = language

    def signature(self) -> str:
        """Models of the agent and seeker roles, rounds, language and retrieval."""
        agent, seeker = (self.client.settings_for(r) for r in ("agent", "seeker"))
        return json.dumps(
            [
                agent.model,
                agent.temperature,
                seeker.model,
                seeker.temperature,
                self.max_rounds,
                self.language,
                self.retriever,
                self.top_k,
            ]
        )

    def describe(self) -> SimulationSettings:
        """The outcome-changing simulation settings, for the verification record."""
        return {
            "profile_source": self.source,
            "max_rounds": self.max_rounds,
            "language": self.language,
            "retriever": self.retriever,
            "top_k": self.top_k,
        }

    async def run(
        self, profile_ids: Sequence[str], skills: Sequence[Skill], *, out: Path, seed: int
    ) -> list[Trace]:
        """Simulate with H5's runner; finished profiles in ``out`` are not run again."""
        from esc_skills.agent.agent import SupportAgent
        from esc_skills.agent.retrieval import make_ranker
        from esc_skills.sage.runner import run_conversations

        missing = [p for p in profile_ids if p not in self.profiles]
        if missing:
            raise UserError(
                f"profiles {', '.join(missing[:3])} are not in the profile file; pass "
                "--profiles with the file the analysed conversations came from"
            )
        ranker = make_ranker(self.retriever, list(skills), self.client)
        agent = SupportAgent(self.client, list(skills), retriever=ranker, top_k=self.top_k)
        out.parent.mkdir(parents=True, exist_ok=True)
        return await run_conversations(
            [self.profiles[p] for p in profile_ids],
            agent=agent,
            client=self.client,
            out=out,
            max_rounds=self.max_rounds,
            concurrency=self.concurrency,
            language=self.language,
            seed=seed,
            bank_label="evolve",
            progress=False,
        )


@dataclass
class Verification:
    """Everything verification.json records about one candidate."""

    decision: str  # "accepted" | "rejected"
    reason: str
    baseline: Baseline
    attempts: list[Attempt]
    best_attempt: int
    paired: list[Pair]
    ci: Interval
    best_skill: Skill
    versions: list[Skill] = field(default_factory=list)


def bank_digest(skills: Sequence[Skill]) -> str:
    """A digest of a bank's rendered skills (the baseline cache key's bank part)."""
    h = hashlib.sha256()
    for skill in sorted(skills, key=lambda s: s.name):
        h.update(render_skill(skill).encode("utf-8"))
    return h.hexdigest()


def with_candidate(bank: Sequence[Skill], candidate: Skill) -> list[Skill]:
    """The bank with the candidate replacing its namesake (a refinement) or added (a new skill)."""
    return sorted([s for s in bank if s.name != candidate.name] + [candidate], key=lambda s: s.name)


def _finals(
    traces: Sequence[Trace], profile_ids: Sequence[str], label: str
) -> tuple[dict[str, int], list[str]]:
    """Final emotion per profile, and the profiles whose conversation errored.

    An errored conversation (a model answer that never fit its schema) scores the last
    emotion it reached: it stopped there, and dropping it would hide a candidate's errors.
    """
    got = {t.profile_id: t for t in traces}
    lost = [p for p in profile_ids if p not in got]
    if lost:
        raise UserError(
            f"{len(lost)} {label} conversation(s) did not finish ({', '.join(lost[:3])}); "
            "rerun the same command: finished conversations are kept and only these run"
        )
    finals: dict[str, int] = {}
    errored: list[str] = []
    for pid in profile_ids:
        trace = got[pid]
        if trace.completed:
            finals[pid] = int(trace.final_emotion or 0)
            continue
        errored.append(pid)
        emotions = trace.emotions()
        finals[pid] = emotions[-1] if emotions else trace.initial_emotion
        log.warning(
            "%s conversation %s errored (%s); scored at emotion %d",
            label,
            pid,
            (trace.error or "")[:200],
            finals[pid],
        )
    return finals, errored


def worst(traces: Sequence[Trace], n: int = 2) -> list[Trace]:
    """The ``n`` completed conversations with the lowest final emotion."""
    done = [t for t in traces if t.completed]
    return sorted(done, key=lambda t: (t.final_emotion or 0, t.profile_id))[:n]


def feedback(attempt: int, traces: Sequence[Trace], result: Attempt) -> str:
    """What attempt N taught: its scores and the seekers it still failed (no transcripts)."""
    lines = [
        f"Verification attempt {attempt} of this skill: mean final emotion {result['mean']} "
        f"({result['improvement']:+} against the current bank), {result['success']} "
        f"successes, {result['failure']} failures. Seekers it still failed:"
    ]
    for trace in worst(traces, 3):
        drops = [t.index for t in trace.turns if t.change is not None and t.change < 0]
        lines.append(
            f"- a {temperament(trace)} seeker who {goal_of(trace)[1]}: ended "
            f"at {trace.final_emotion}; emotion fell after turns {drops[:5]}"
        )
    return "\n".join(lines)


def baseline_path(
    cache_dir: Path, bank: Sequence[Skill], profile_ids: Sequence[str], seed: int, sim: Simulator
) -> Path:
    """Where a bank's baseline on these profiles is kept (shared by candidates and shards)."""
    key = hashlib.sha256(
        json.dumps([bank_digest(bank), list(profile_ids), seed, sim.signature()]).encode()
    ).hexdigest()[:24]
    return cache_dir / f"baseline-{key}.jsonl"


async def _later_gates(
    judged: Judged,
    rule: rules.Rule,
    simulator: Simulator,
    aimed: Sequence[str],
    bank: Sequence[Skill],
    candidate_bank: Sequence[Skill],
    version: Skill,
    attempt_dir: Path,
    cache_dir: Path,
    seed: int,
) -> Judged:
    """The gates that cost more conversations, run only for an attempt the scores accept."""
    results = [gates.GateResult(**g) for g in judged["gates"]]
    if rule.regression_profiles:
        known = sorted(getattr(simulator, "profiles", {}) or {})
        others = [p for p in known if p not in set(aimed)][: rule.regression_profiles]
        if not others:
            raise UserError(
                f"--regression-profiles {rule.regression_profiles}: the profile source has no "
                "profiles beyond the candidate's own; pass a larger --profiles source or 0"
            )
        key = hashlib.sha256(
            json.dumps([bank_digest(bank), others, seed, simulator.signature()]).encode()
        ).hexdigest()[:24]
        base = await simulator.run(
            others, bank, out=cache_dir / f"regression-{key}.jsonl", seed=seed
        )
        cand = await simulator.run(
            others, candidate_bank, out=attempt_dir / "regression.jsonl", seed=seed
        )
        base_finals = _finals(base, others, "regression baseline")[0]
        cand_finals = _finals(cand, others, "regression")[0]
        results.append(
            gates.regression(
                rules.summary(list(base_finals.values()))["mean"],
                rules.summary(list(cand_finals.values()))["mean"],
                len(others),
                rule.regression_margin,
            )
        )
    for name in rule.vetoes:
        gate = gates.veto(name)
        results.append(
            await gate(
                gates.VetoInput(
                    bank,
                    candidate_bank,
                    version,
                    seed,
                    attempt_dir / name,
                    client=getattr(simulator, "client", None),
                    retriever=getattr(simulator, "retriever", "cues"),
                    top_k=getattr(simulator, "top_k", 3),
                )
            )
        )
    return rules.with_gates(rules.scores_of(judged), results)


async def verify_candidate(
    candidate: Skill,
    *,
    bank: Sequence[Skill],
    profile_ids: Sequence[str],
    simulator: Simulator,
    work_dir: Path,
    candidate_bank: Sequence[Skill] | None = None,
    cache_dir: Path,
    seed: int = 0,
    rule: rules.Rule | None = None,
    regenerate: Regenerate | None = None,
) -> Verification:
    """Run the original bank once (cached) and up to ``rule.max_attempts`` candidate versions.

    ``bank`` is the base's bank (the baseline); each version is placed into
    ``candidate_bank`` (the branch's bank, default ``bank``), so what is measured is what
    would merge.
    """
    into = bank if candidate_bank is None else candidate_bank
    rule = rule or rules.Rule()
    base_traces = await simulator.run(
        profile_ids, bank, out=baseline_path(cache_dir, bank, profile_ids, seed, simulator),
        seed=seed,
    )  # fmt: skip
    baseline, base_errored = _finals(base_traces, profile_ids, "baseline")
    attempts: list[Attempt] = []
    versions: list[Skill] = []
    by_attempt: list[dict[str, int]] = []
    note = ""
    last: Sequence[Trace] = []
    while rules.decide(attempts, rule) is None:
        number = len(attempts) + 1
        version = (
            candidate
            if number == 1
            else (await regenerate(number, note, last) if regenerate else None)
        )
        if version is None:
            break  # no new version can be made: decide on what was tried
        versions.append(version)
        (work_dir / f"attempt-{number}").mkdir(parents=True, exist_ok=True)
        (work_dir / f"attempt-{number}" / "SKILL.md").write_text(render_skill(version), "utf-8")
        traces = await simulator.run(
            profile_ids,
            with_candidate(into, version),
            out=work_dir / f"attempt-{number}" / "traces.jsonl",
            seed=seed,
        )
        finals, errored = _finals(traces, profile_ids, f"attempt {number}")
        judged = rules.judge(baseline, finals, rule, seed=seed)
        if judged["accepted"] and (rule.regression_profiles or rule.vetoes):
            judged = await _later_gates(
                judged, rule, simulator, profile_ids, bank, with_candidate(into, version),
                version, work_dir / f"attempt-{number}", cache_dir, seed,
            )  # fmt: skip
        result: Attempt = {"attempt": number, **judged, "errored": errored}
        attempts.append(result)
        by_attempt.append(finals)
        note = feedback(number, traces, result)
        last = worst(traces)
    decision = rules.decide(attempts, rule) or "rejected"
    best = rules.best_attempt(attempts)
    pairs = rules.paired(baseline, by_attempt[best - 1])
    chosen = attempts[best - 1]
    if decision == "accepted":
        why = (
            "all {n} conversations reached Success"
            if chosen["all_success"]
            else "mean final emotion rose by {imp:+} (more than {min})"
        ).format(n=len(pairs), imp=chosen["improvement"], min=rule.min_improvement)
        reason = f"attempt {best} accepted: " + why
    else:
        stopped = sorted({a["decided_by"] for a in attempts if a["decided_by"] != "paper"})
        reason = (
            f"no attempt of {len(attempts)} passed every gate; best was "
            f"{chosen['improvement']:+} (paper rule: more than {rule.min_improvement})"
            + (f"; stopped by {', '.join(stopped)}" if stopped else "")
        )
    return Verification(
        decision=decision,
        reason=reason,
        baseline={
            **rules.summary(list(baseline.values())),
            "errored": base_errored,
            "bank_digest": bank_digest(bank),
        },
        attempts=attempts,
        best_attempt=best,
        paired=pairs,
        ci=rules.bootstrap_ci([p["diff"] for p in pairs], seed=seed),
        best_skill=versions[best - 1],
        versions=versions,
    )
