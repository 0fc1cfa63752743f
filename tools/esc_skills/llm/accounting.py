"""Per-run and per-role accounting: calls, cache hits, retries, tokens and estimated cost."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import asdict, dataclass, field
from typing import Any

from esc_skills.backend_types import BACKEND_TYPES
from esc_skills.config import Price
from esc_skills.llm.types import Usage

# Backends that cost nothing to call.
LOCAL_QUALITY_NOTE = (
    "note: local/* models (SmolLM2-135M by default) are smoke quality: they prove the "
    "pipeline runs, not that the skills work; use a real model for results"
)


@dataclass
class RoleStats:
    """Counters of one role (or of a whole run)."""

    calls: int = 0  # requests that reached a backend
    cache_hits: int = 0
    errors: int = 0  # calls that failed for good
    retries: int = 0
    schema_reasks: int = 0
    input_tokens: int = 0
    output_tokens: int = 0
    cached_tokens: int = 0
    cost: float = 0.0
    unpriced_calls: int = 0  # calls to a paid model without a price in the config
    models: set[str] = field(default_factory=set)

    def add(self, other: RoleStats) -> None:
        """Fold ``other`` into this one."""
        for name in (
            "calls", "cache_hits", "errors", "retries", "schema_reasks", "input_tokens",
            "output_tokens", "cached_tokens", "cost", "unpriced_calls",
        ):  # fmt: skip
            setattr(self, name, getattr(self, name) + getattr(other, name))
        self.models |= other.models

    @property
    def hit_rate(self) -> float:
        """Share of requests answered from the cache."""
        total = self.calls + self.cache_hits
        return self.cache_hits / total if total else 0.0


class Accounting:
    """Collects what every call of one client cost; printable as a run summary."""

    def __init__(self, prices: Mapping[str, Price] | None = None) -> None:
        self.prices = dict(prices or {})
        self.roles: dict[str, RoleStats] = {}

    def _role(self, role: str, model: str) -> RoleStats:
        stats = self.roles.setdefault(role, RoleStats())
        stats.models.add(model)
        return stats

    def cost_of(self, model: str, usage: Usage) -> float | None:
        """Estimated US dollars of one call, or None when the model has no price."""
        kind = BACKEND_TYPES.get(model.split("/", 1)[0])
        if kind is not None and kind.free:
            return 0.0
        price = self.prices.get(model)
        if price is None:
            return None
        cached_price = price.input if price.cached_input is None else price.cached_input
        fresh = max(0, usage.input_tokens - usage.cached_tokens)
        return (
            fresh * price.input
            + usage.cached_tokens * cached_price
            + usage.output_tokens * price.output
        ) / 1_000_000

    def record_call(self, role: str, model: str, usage: Usage) -> float | None:
        """A request answered by a backend; returns its estimated cost (None: no price)."""
        stats = self._role(role, model)
        stats.calls += 1
        stats.input_tokens += usage.input_tokens
        stats.output_tokens += usage.output_tokens
        stats.cached_tokens += usage.cached_tokens
        cost = self.cost_of(model, usage)
        if cost is None:
            stats.unpriced_calls += 1
        else:
            stats.cost += cost
        return cost

    def record_hit(self, role: str, model: str) -> None:
        """A request answered from the cache (no tokens, no cost)."""
        self._role(role, model).cache_hits += 1

    def record_retry(self, role: str, model: str) -> None:
        """A transient failure that is being retried."""
        self._role(role, model).retries += 1

    def record_reask(self, role: str, model: str) -> None:
        """An answer that failed its schema and is asked again."""
        self._role(role, model).schema_reasks += 1

    def record_error(self, role: str, model: str) -> None:
        """A call that failed for good."""
        self._role(role, model).errors += 1

    def total(self) -> RoleStats:
        """All roles together."""
        total = RoleStats()
        for stats in self.roles.values():
            total.add(stats)
        return total

    def to_dict(self) -> dict[str, Any]:
        """JSON-ready summary: ``{"total": {...}, "roles": {role: {...}}}``."""

        def one(stats: RoleStats) -> dict[str, Any]:
            data = asdict(stats)
            data["models"] = sorted(stats.models)
            data["cost"] = round(stats.cost, 6)
            data["hit_rate"] = round(stats.hit_rate, 4)
            return data

        return {
            "total": one(self.total()),
            "roles": {role: one(s) for role, s in sorted(self.roles.items())},
            "local_quality_note": LOCAL_QUALITY_NOTE if self.uses_local() else None,
        }

    def uses_local(self) -> bool:
        """Whether any call went to the embedded local model."""
        return any(m.startswith("local/") for s in self.roles.values() for m in s.models)

    def summary(self) -> str:
        """A few human lines: totals, then one line per role, then the quality note if due."""
        total = self.total()
        lines = [f"LLM: {_line(total)}"]
        for role, stats in sorted(self.roles.items()):
            lines.append(f"  {role:<10} {','.join(sorted(stats.models))}: {_line(stats)}")
        if self.uses_local():
            lines.append(LOCAL_QUALITY_NOTE)
        return "\n".join(lines)


def _line(s: RoleStats) -> str:
    cost = f"${s.cost:.4f}"
    if s.unpriced_calls:
        cost += f" (+{s.unpriced_calls} calls without a price)"
    text = (
        f"{s.calls} calls, {s.cache_hits} cache hits ({s.hit_rate:.0%}), "
        f"tokens in {s.input_tokens} / out {s.output_tokens} / cached {s.cached_tokens}, "
        f"est. cost {cost}"
    )
    if s.retries or s.schema_reasks or s.errors:
        text += f", {s.retries} retries, {s.schema_reasks} re-asks, {s.errors} failed"
    return text
