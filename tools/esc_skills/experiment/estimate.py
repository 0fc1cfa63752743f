"""Cost before you spend: calls, tokens and dollars per cell, without calling any model.

Two sources, best first:
1. recorded usage: conversations (or ESConv turns) an earlier run of the same level and
   backbone already finished carry their calls and tokens; their averages are used;
2. the protocol's limits and the real prompt sizes: the prompts are rendered with the
   bank's skills and a real profile, tokens are approximated from characters, every SAGE
   conversation is assumed to run all its rounds (an upper bound: conversations that reach
   100 or fall below 10 stop early), and each answer is assumed to be of a typical length
   (capped by the role's max_tokens).
What a cell's files already hold (finished conversations, predicted turns) costs nothing
again and is reported as covered.
"""

from __future__ import annotations

from dataclasses import asdict, dataclass
from pathlib import Path
from typing import Any

from esc_skills.config import Config
from esc_skills.data.traces import Trace, read_traces
from esc_skills.esconv_eval.runner import read_predictions
from esc_skills.experiment.plan import Cell, Experiment

# Typical answer lengths in tokens (JSON included), before the role's max_tokens cap.
TYPICAL_OUTPUT = {"agent": 160, "choose": 40, "judge": 320, "reply": 260, "esconv": 120}
# Tokens per turn of conversation text carried in later prompts.
TURN_TOKENS = {"supporter": 110, "seeker": 60}
CATALOG_TOKENS_PER_SKILL = 70  # a name and a description of up to ~300 characters
GENERATION_CALLS = {"self-generated": 1, "cot-self-generated": 1, "skill-creator": 3}


def approx_tokens(text: str) -> int:
    """Tokens of a text, roughly: a CJK character is about one token, else four characters."""
    cjk = sum(1 for ch in text if "\u3000" <= ch <= "\u9fff" or "\uff00" <= ch <= "\uffef")
    return cjk + max(0, len(text) - cjk) // 4


@dataclass
class CellEstimate:
    """The expected spend of one cell."""

    cell: str
    level: str
    bank: str
    backbone: str
    units: int  # conversations or turns
    covered: int  # already done in the cell's files
    calls: int
    input_tokens: int
    output_tokens: int
    cost_usd: float | None  # None when a model has no price in the config
    source: str  # "recorded" or "protocol"


def _price(config: Config, model: str, tokens_in: int, tokens_out: int) -> float | None:
    if model.split("/", 1)[0] in ("local", "fake", "replay"):
        return 0.0
    price = config.prices.get(model)
    if price is None:
        return None
    return (tokens_in * price.input + tokens_out * price.output) / 1_000_000


def _out(config: Config, role: str, kind: str) -> int:
    return min(TYPICAL_OUTPUT[kind], config.roles[role].max_tokens)


def _done_conversations(trace_file: Path) -> list[Trace]:
    """The finished conversations of a cell's trace file (bad lines skipped, nothing written)."""
    if not trace_file.is_file():
        return []
    return [t for t in read_traces(trace_file, skipped=[]) if t.completed]


def _recorded_per_conversation(exp: Experiment, backbone: str) -> tuple[float, float, float] | None:
    """Mean calls, input and output tokens per finished conversation of this backbone."""
    totals = [0.0, 0.0, 0.0]
    count = 0
    for trace_file in (exp.out / "sage").glob(f"*/{backbone}/*/traces.jsonl"):
        for trace in _done_conversations(trace_file):
            usage = trace.usage
            if usage.get("calls"):
                totals[0] += float(usage.get("calls", 0))
                totals[1] += float(usage.get("input_tokens", 0))
                totals[2] += float(usage.get("output_tokens", 0))
                count += 1
    return None if count == 0 else (totals[0] / count, totals[1] / count, totals[2] / count)


class Estimator:
    """Estimates cells of one experiment with one resolved configuration per backbone."""

    def __init__(self, exp: Experiment, configs: dict[str, Config], profiles: list[Any]) -> None:
        self.exp = exp
        self.configs = configs
        self.profiles = profiles
        self._recorded: dict[str, tuple[float, float, float] | None] = {}

    def estimate(self, cell: Cell, skills_text: list[str], esconv_turns: int) -> CellEstimate:
        """The estimate of one cell (``skills_text``: the bank's SKILL.md texts)."""
        if cell.level == "sage":
            return self._sage(cell, skills_text)
        if cell.level == "safety":
            return self._safety(cell, skills_text)
        return self._esconv(cell, skills_text, esconv_turns)

    def _safety(self, cell: Cell, skills_text: list[str]) -> CellEstimate:
        from esc_skills.safety.battery import load_risk_profiles

        config = self.configs[cell.backbone.name]
        profiles = load_risk_profiles()
        done = (self.exp.out / cell.slug / "safety.json").is_file()
        # Scripted seekers: one agent call per scripted seeker line; about half the
        # supporter turns need the judge role (the rest are decided by rules).
        turns = 0 if done else sum(max(1, len(p.turns)) for p in profiles)
        catalog = CATALOG_TOKENS_PER_SKILL * len(skills_text)
        skill_tokens = sum(approx_tokens(t) for t in skills_text[:3])
        agent_in = turns * (
            approx_tokens(_prompt("agent_system.md")) + catalog + skill_tokens + 300
        )
        judge_calls = turns // 2
        judge_in = judge_calls * 900
        tout = turns * _out(config, "agent", "agent") + judge_calls * 150
        costs = [
            _price(config, config.roles["agent"].model, agent_in, turns * 160),
            _price(config, config.roles["judge"].model, judge_in, judge_calls * 150),
        ]
        return CellEstimate(
            cell.slug, cell.level, cell.bank, cell.backbone.name, len(profiles),
            len(profiles) if done else 0, turns + judge_calls, agent_in + judge_in, tout,
            None if None in costs else round(sum(c or 0.0 for c in costs), 4), "protocol",
        )  # fmt: skip

    def _sage(self, cell: Cell, skills_text: list[str]) -> CellEstimate:
        from esc_skills.sage.seeker import Seeker

        config = self.configs[cell.backbone.name]
        settings = self.exp.sage
        units = len(self.profiles)
        folder = self.exp.out / cell.slug
        covered = len({t.profile_id for t in _done_conversations(folder / "traces.jsonl")})
        remaining = max(0, units - covered)
        generation = GENERATION_CALLS.get(cell.bank, 0) if not (folder / "bank").is_dir() else 0
        # Every SAGE cell of a backbone shares one average: read the trace files once.
        name = cell.backbone.name
        if name not in self._recorded:
            self._recorded[name] = _recorded_per_conversation(self.exp, name)
        recorded = self._recorded[name]
        agent_model = config.roles["agent"].model
        seeker_model = config.roles["seeker"].model
        if recorded is not None:
            calls, tin, tout = (round(v * remaining) for v in recorded)
            # Recorded usage is per conversation, not per role: price it at the dearer model.
            prices = [_price(config, m, tin, tout) for m in (agent_model, seeker_model)]
            cost = None if None in prices else max(p or 0.0 for p in prices)
            return CellEstimate(
                cell.slug,
                cell.level,
                cell.bank,
                cell.backbone.name,
                units,
                covered,
                calls + generation,
                tin,
                tout,
                cost,
                "recorded",
            )
        rounds = settings.max_rounds
        top_k = settings.top_k if skills_text else 0
        skill_tokens = (
            sum(approx_tokens(t) for t in skills_text) // max(1, len(skills_text)) * top_k
        )
        # The agent's system prompt lists every skill (name and description) as a catalog.
        catalog = CATALOG_TOKENS_PER_SKILL * len(skills_text)
        agent_system = approx_tokens(_prompt("agent_system.md")) + skill_tokens + catalog
        seeker = (
            Seeker(None, self.profiles[0], language=settings.language) if self.profiles else None
        )
        seeker_system = approx_tokens(seeker._system("judge", 40)) if seeker else 600
        reply_system = approx_tokens(seeker._system("reply", 40)) if seeker else 600
        uses_chooser = settings.retriever in ("auto", "llm") and bool(skills_text)
        per_round = TURN_TOKENS["supporter"] + TURN_TOKENS["seeker"]
        agent_in = seeker_in = 0
        agent_calls = seeker_calls = 0
        for r in range(rounds):
            transcript = per_round * r + TURN_TOKENS["seeker"]
            agent_in += agent_system + transcript
            agent_calls += 1
            if uses_chooser:
                agent_in += approx_tokens(_prompt("agent_choose.md")) + 40 * len(skills_text)
                agent_in += transcript
                agent_calls += 1
            # The seeker judges every reply, then answers it unless the talk ends there.
            seeker_in += seeker_system + transcript + TURN_TOKENS["supporter"]
            seeker_calls += 1
            if r < rounds - 1:
                seeker_in += reply_system + transcript + TURN_TOKENS["supporter"]
                seeker_calls += 1
        agent_out = rounds * _out(config, "agent", "agent") + (
            rounds * _out(config, "agent", "choose") if uses_chooser else 0
        )
        seeker_out = rounds * _out(config, "seeker", "judge") + (rounds - 1) * _out(
            config, "seeker", "reply"
        )
        calls = (agent_calls + seeker_calls) * remaining + generation
        tin_agent, tin_seeker = agent_in * remaining, seeker_in * remaining
        tout_agent, tout_seeker = agent_out * remaining, seeker_out * remaining
        gen_in, gen_out = generation * 2500, generation * _out(config, "generator", "reply") * 4
        costs = [
            _price(config, agent_model, tin_agent, tout_agent),
            _price(config, seeker_model, tin_seeker, tout_seeker),
            _price(config, config.roles["generator"].model, gen_in, gen_out),
        ]
        return CellEstimate(
            cell.slug,
            cell.level,
            cell.bank,
            cell.backbone.name,
            units,
            covered,
            calls,
            tin_agent + tin_seeker + gen_in,
            tout_agent + tout_seeker + gen_out,
            None if any(c is None for c in costs) else round(sum(c or 0 for c in costs), 4),
            "protocol",
        )

    def _esconv(self, cell: Cell, skills_text: list[str], turns: int) -> CellEstimate:
        config = self.configs[cell.backbone.name]
        folder = self.exp.out / cell.slug
        predictions = folder / "predictions.jsonl"
        # read_predictions drops a torn last line and, without repair, writes nothing.
        covered = len(read_predictions(predictions))
        remaining = max(0, turns - covered)
        generation = GENERATION_CALLS.get(cell.bank, 0) if not (folder / "bank").is_dir() else 0
        top_k = self.exp.esconv.top_k if skills_text else 0
        skill_tokens = (
            sum(approx_tokens(t) for t in skills_text) // max(1, len(skills_text)) * top_k
        )
        history = self.exp.esconv.history or 8
        prompt = approx_tokens(_prompt("esconv_response.md")) + approx_tokens(
            _prompt("agent_system.md")
        )
        catalog = CATALOG_TOKENS_PER_SKILL * len(skills_text)
        per_turn_in = prompt + skill_tokens + catalog + history * 30
        tin = per_turn_in * remaining + generation * 2500
        tout = _out(config, "agent", "esconv") * remaining + generation * 1000
        model = config.roles["agent"].model
        cost = _price(config, model, tin, tout)
        return CellEstimate(
            cell.slug,
            cell.level,
            cell.bank,
            cell.backbone.name,
            turns,
            covered,
            remaining + generation,
            tin,
            tout,
            None if cost is None else round(cost, 4),
            "protocol",
        )


def _prompt(name: str) -> str:
    from esc_skills.paths import prompt_path

    return prompt_path(name).read_text(encoding="utf-8")


def totals(estimates: list[CellEstimate]) -> dict[str, Any]:
    """The pinned dry-run summary: cells, calls, tokens and cost, plus the cells."""
    costs = [e.cost_usd for e in estimates]
    return {
        "cells": len(estimates),
        "calls": sum(e.calls for e in estimates),
        "input_tokens": sum(e.input_tokens for e in estimates),
        "output_tokens": sum(e.output_tokens for e in estimates),
        "cost_usd": round(sum(c or 0.0 for c in costs), 4),
        "unpriced_cells": sum(1 for c in costs if c is None),
        "covered_units": sum(e.covered for e in estimates),
        "units": sum(e.units for e in estimates),
        "per_cell": [asdict(e) for e in estimates],
    }
