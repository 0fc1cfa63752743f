"""Per-conversation accounting: a client proxy that books each call to the running conversation."""

from __future__ import annotations

import contextvars
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from esc_skills.llm import LLMResponse


@dataclass
class Meter:
    """Calls, cache hits, tokens and (when the backend reports it) cost of one conversation."""

    calls: int = 0
    cache_hits: int = 0
    input_tokens: int = 0
    output_tokens: int = 0
    cost_usd: float | None = None

    def add(self, response: LLMResponse) -> None:
        """Book one response."""
        self.calls += 1
        self.cache_hits += int(bool(response.cached))
        self.input_tokens += response.usage.input_tokens
        self.output_tokens += response.usage.output_tokens
        cost = getattr(response, "cost_usd", None)
        if cost is None:
            cost = getattr(response, "cost", None)
        if isinstance(cost, int | float) and not response.cached:
            self.cost_usd = (self.cost_usd or 0.0) + float(cost)

    def to_dict(self) -> dict[str, Any]:
        """The trace's ``usage`` object."""
        return {
            "calls": self.calls,
            "cache_hits": self.cache_hits,
            "input_tokens": self.input_tokens,
            "output_tokens": self.output_tokens,
            "cost_usd": None if self.cost_usd is None else round(self.cost_usd, 6),
        }


# Each conversation runs in its own asyncio task, hence its own copy of this variable.
CURRENT_METER: contextvars.ContextVar[Meter | None] = contextvars.ContextVar(
    "esc_skills_sage_meter", default=None
)


class MeteredClient:
    """Wraps an LLMClient; every completed call is added to the current conversation's Meter."""

    def __init__(self, inner: Any) -> None:
        self._inner = inner.unwrap() if isinstance(inner, MeteredClient) else inner

    def unwrap(self) -> Any:
        """The wrapped client."""
        return self._inner

    def __getattr__(self, name: str) -> Any:
        return getattr(self._inner, name)

    async def complete(self, role: str, messages: Sequence[Any], **kwargs: Any) -> LLMResponse:
        """Delegate the call, then book it."""
        response: LLMResponse = await self._inner.complete(role, messages, **kwargs)
        meter = CURRENT_METER.get()
        if meter is not None:
            meter.add(response)
        return response
