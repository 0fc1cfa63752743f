"""Per-run and per-role accounting: calls, cache hits, retries, tokens and estimated cost."""

from __future__ import annotations

from collections.abc import Mapping
from contextvars import ContextVar
from dataclasses import asdict, dataclass, field
from typing import TypedDict, cast

from esc_skills.backend_types import BACKEND_TYPES
from esc_skills.config import Price
from esc_skills.counters import Counters
from esc_skills.llm.types import Usage

# Backends that cost nothing to call.
LOCAL_QUALITY_NOTE = (
    "note: local/* models (SmolLM2-135M by default) are smoke quality: they prove the "
    "pipeline runs, not that the skills work; use a real model for results"
)


def is_smoke_model(model: str) -> bool:
    """Whether ``model`` is the embedded smoke-quality model (any ``local/`` model)."""
    return model.startswith("local/")


@dataclass
class RoleStats(Counters):
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

    @property
    def hit_rate(self) -> float:
        """Share of requests answered from the cache."""
        total = self.calls + self.cache_hits
        return self.cache_hits / total if total else 0.0


class RoleUsage(TypedDict):
    """One role's (or the total's) counters as JSON, with the hit rate."""

    calls: int
    cache_hits: int
    errors: int
    retries: int
    schema_reasks: int
    input_tokens: int
    output_tokens: int
    cached_tokens: int
    cost: float
    unpriced_calls: int
    models: list[str]
    hit_rate: float


class UsageReport(TypedDict):
    """What a client's calls cost: the total, each role, and the smoke-model note if due."""

    total: RoleUsage
    roles: dict[str, RoleUsage]
    local_quality_note: str | None


# The share of one unit of work (a SAGE conversation runs in its own asyncio task, hence its
# own copy of this variable): every record_* call also lands there, so a conversation's
# usage counts exactly what the run summary counts (see esc_skills.sage.usage).
CURRENT_SHARE: ContextVar[RoleStats | None] = ContextVar("esc_skills_usage_share", default=None)


class Accounting:
    """Collects what every call of one client cost; printable as a run summary."""

    def __init__(self, prices: Mapping[str, Price] | None = None) -> None:
        self.prices = dict(prices or {})
        self.roles: dict[str, RoleStats] = {}

    def _role(self, role: str, model: str) -> RoleStats:
        stats = self.roles.setdefault(role, RoleStats())
        stats.models.add(model)
        return stats

    def _targets(self, role: str, model: str) -> list[RoleStats]:
        """The role's counters, plus the current unit of work's share when one is open."""
        targets = [self._role(role, model)]
        share = CURRENT_SHARE.get()
        if share is not None:
            share.models.add(model)
            targets.append(share)
        return targets

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
        cost = self.cost_of(model, usage)
        for stats in self._targets(role, model):
            stats.calls += 1
            stats.input_tokens += usage.input_tokens
            stats.output_tokens += usage.output_tokens
            stats.cached_tokens += usage.cached_tokens
            if cost is None:
                stats.unpriced_calls += 1
            else:
                stats.cost += cost
        return cost

    def record_hit(self, role: str, model: str) -> None:
        """A request answered from the cache (no tokens, no cost)."""
        for stats in self._targets(role, model):
            stats.cache_hits += 1

    def record_retry(self, role: str, model: str) -> None:
        """A transient failure that is being retried."""
        for stats in self._targets(role, model):
            stats.retries += 1

    def record_reask(self, role: str, model: str) -> None:
        """An answer that failed its schema and is asked again."""
        for stats in self._targets(role, model):
            stats.schema_reasks += 1

    def record_error(self, role: str, model: str) -> None:
        """A call that failed for good."""
        for stats in self._targets(role, model):
            stats.errors += 1

    def total(self) -> RoleStats:
        """All roles together."""
        total = RoleStats()
        for stats in self.roles.values():
            total.add(stats)
        return total

    def to_dict(self) -> UsageReport:
        """JSON-ready summary: ``{"total": {...}, "roles": {role: {...}}}``."""

        def one(stats: RoleStats) -> RoleUsage:
            data = asdict(stats)
            data["models"] = sorted(stats.models)
            data["cost"] = round(stats.cost, 6)
            data["hit_rate"] = round(stats.hit_rate, 4)
            return cast(RoleUsage, data)  # RoleStats' fields and the hit rate

        return {
            "total": one(self.total()),
            "roles": {role: one(s) for role, s in sorted(self.roles.items())},
            "local_quality_note": LOCAL_QUALITY_NOTE if self.uses_local() else None,
        }

    def uses_local(self) -> bool:
        """Whether any call went to the embedded local model."""
        return any(is_smoke_model(m) for s in self.roles.values() for m in s.models)

    def summary(self) -> str:
        """The usage table (one row per role, then the total), then the quality note if due."""
        rows = [(role, ",".join(sorted(s.models)), s) for role, s in sorted(self.roles.items())]
        lines = [usage_table(rows, total=self.total())]
        if self.uses_local():
            lines.append(LOCAL_QUALITY_NOTE)
        return "\n".join(lines)


# Column title, and what it shows of a RoleStats. "model calls" are requests that reached a
# backend, re-asks included; a cache hit is an answer read from the response cache instead.
_COLUMNS: tuple[tuple[str, str], ...] = (
    ("model calls", "calls"),
    ("re-asks", "schema_reasks"),
    ("retries", "retries"),
    ("failed", "errors"),
    ("cache hits", "cache_hits"),
    ("prompt tokens", "input_tokens"),
    ("reused", "cached_tokens"),
    ("output tokens", "output_tokens"),
)
USAGE_LEGEND = (
    "model calls include re-asks (answers that failed a check, asked again); cache hits came\n"
    "from the response cache; reused prompt tokens came from a prefix cache, not evaluated"
)


def usage_table(rows: list[tuple[str, str, RoleStats]], *, total: RoleStats | None = None) -> str:
    """``LLM usage`` as an aligned table: a row per (name, model, counters), the total, a legend."""
    head = ["LLM usage", "model", *(title for title, _ in _COLUMNS), "est. cost"]
    every = [*rows, ("total", "", total)] if total is not None else rows
    body = [
        [name, model, *(f"{getattr(s, field):,}" for _, field in _COLUMNS), f"${s.cost:.4f}"]
        for name, model, s in every
    ]
    widths = [max(len(row[i]) for row in [head, *body]) for i in range(len(head))]

    def line(cells: list[str]) -> str:
        left = [cells[i].ljust(widths[i]) for i in range(2)]
        right = [cells[i].rjust(widths[i]) for i in range(2, len(cells))]
        return "  ".join(left + right).rstrip()

    lines = [line(head), *(line(row) for row in body)]
    unpriced = sum(s.unpriced_calls for _, _, s in rows)
    if unpriced:
        lines.append(f"est. cost leaves out {unpriced} call(s) to models without a price")
    lines.append(USAGE_LEGEND)
    return "\n".join(lines)
