"""Per-conversation LLM usage: the run's own accounting, shared out by conversation.

The client's :class:`~esc_skills.llm.accounting.Accounting` books every model call, cache
hit, re-ask and failure; inside :func:`conversation_usage` it also books them into the
conversation's own counters. A trace's ``usage`` therefore counts exactly what the run's
usage table counts, and the two always add up.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator, Mapping
from contextlib import contextmanager
from typing import Any, TypedDict

from esc_skills.llm.accounting import CURRENT_SHARE, RoleStats, usage_table

# The counters a trace's usage object holds, besides cost_usd (older traces hold only
# calls, cache_hits, input_tokens and output_tokens; the others then read as 0).
USAGE_KEYS = (
    "calls",
    "schema_reasks",
    "retries",
    "errors",
    "cache_hits",
    "input_tokens",
    "cached_tokens",
    "output_tokens",
)


class UsageSummary(TypedDict):
    """A trace's (or a run's) ``usage`` object: the counters, then the estimated cost."""

    calls: int
    schema_reasks: int
    retries: int
    errors: int
    cache_hits: int
    input_tokens: int
    cached_tokens: int
    output_tokens: int
    cost_usd: float | None  # None when no call had a known price


@contextmanager
def conversation_usage() -> Iterator[RoleStats]:
    """Counters of every LLM call made inside the block (and in tasks it starts)."""
    share = RoleStats()
    token = CURRENT_SHARE.set(share)
    try:
        yield share
    finally:
        CURRENT_SHARE.reset(token)


def usage_dict(stats: RoleStats) -> UsageSummary:
    """The trace's ``usage`` object; cost_usd is None when no call had a known price."""
    unknown = stats.calls > 0 and stats.unpriced_calls == stats.calls
    return {
        "calls": stats.calls,
        "schema_reasks": stats.schema_reasks,
        "retries": stats.retries,
        "errors": stats.errors,
        "cache_hits": stats.cache_hits,
        "input_tokens": stats.input_tokens,
        "cached_tokens": stats.cached_tokens,
        "output_tokens": stats.output_tokens,
        "cost_usd": None if unknown else round(stats.cost, 6),
    }


def total_usage(usages: Iterable[Mapping[str, Any]]) -> UsageSummary:
    """The sum of several usage objects (cost_usd stays None unless some cost is known).

    The objects come from trace files, old ones included: a missing counter reads as 0.
    """
    total = RoleStats()
    cost: float | None = None
    for usage in usages:
        for key in USAGE_KEYS:
            setattr(total, key, getattr(total, key) + int(usage.get(key) or 0))
        if usage.get("cost_usd") is not None:
            cost = (cost or 0.0) + float(usage["cost_usd"])
    summary = usage_dict(total)
    summary["cost_usd"] = cost
    return summary


def usage_text(usage: Mapping[str, Any], *, name: str = "total", model: str = "") -> str:
    """A usage object as the same table the run summary prints."""
    stats = RoleStats()
    for key in USAGE_KEYS:
        setattr(stats, key, int(usage.get(key) or 0))
    stats.cost = float(usage.get("cost_usd") or 0.0)
    return usage_table([(name, model, stats)])
