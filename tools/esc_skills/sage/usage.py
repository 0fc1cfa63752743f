"""Per-conversation LLM usage: the run's own accounting, shared out by conversation.

The client's :class:`~esc_skills.llm.accounting.Accounting` books every model call, cache
hit, re-ask and failure; inside :func:`conversation_usage` it also books them into the
conversation's own counters. A trace's ``usage`` therefore counts exactly what the run's
usage table counts, and the two always add up.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator, Mapping
from contextlib import contextmanager
from typing import Any

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


@contextmanager
def conversation_usage() -> Iterator[RoleStats]:
    """Counters of every LLM call made inside the block (and in tasks it starts)."""
    share = RoleStats()
    token = CURRENT_SHARE.set(share)
    try:
        yield share
    finally:
        CURRENT_SHARE.reset(token)


def usage_dict(stats: RoleStats) -> dict[str, Any]:
    """The trace's ``usage`` object; cost_usd is None when no call had a known price."""
    data: dict[str, Any] = {key: getattr(stats, key) for key in USAGE_KEYS}
    unknown = stats.calls > 0 and stats.unpriced_calls == stats.calls
    data["cost_usd"] = None if unknown else round(stats.cost, 6)
    return data


def total_usage(usages: Iterable[Mapping[str, Any]]) -> dict[str, Any]:
    """The sum of several usage objects (cost_usd stays None unless some cost is known)."""
    total: dict[str, Any] = dict.fromkeys(USAGE_KEYS, 0)
    total["cost_usd"] = None
    for usage in usages:
        for key in USAGE_KEYS:
            total[key] += int(usage.get(key) or 0)
        if usage.get("cost_usd") is not None:
            total["cost_usd"] = (total["cost_usd"] or 0.0) + float(usage["cost_usd"])
    return total


def usage_text(usage: Mapping[str, Any], *, name: str = "total", model: str = "") -> str:
    """A usage object as the same table the run summary prints."""
    stats = RoleStats()
    for key in USAGE_KEYS:
        setattr(stats, key, int(usage.get(key) or 0))
    stats.cost = float(usage.get("cost_usd") or 0.0)
    return usage_table([(name, model, stats)])
