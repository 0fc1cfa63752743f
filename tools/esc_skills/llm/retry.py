"""Retries with exponential backoff and full jitter; a server's retry-after wins."""

from __future__ import annotations

import asyncio
import logging
import random
from collections.abc import Awaitable, Callable
from dataclasses import dataclass
from typing import TypeVar

from esc_skills.llm.errors import TransientError

T = TypeVar("T")
log = logging.getLogger("esc_skills.llm")


@dataclass(frozen=True)
class RetryPolicy:
    """How often and how long to wait before trying a transient failure again."""

    max_retries: int = 5
    base_delay: float = 0.5
    max_delay: float = 30.0
    # A retry-after longer than this is still honoured, but capped: a run should not stall
    # for an hour because a gateway said so.
    max_retry_after: float = 120.0

    def delay(self, attempt: int, retry_after: float | None, rng: random.Random) -> float:
        """Seconds to wait before retry number ``attempt`` (0-based)."""
        if retry_after is not None and retry_after >= 0:
            return min(retry_after, self.max_retry_after)
        # Full jitter (AWS architecture blog): spreads a burst of 429s over the window.
        ceiling = min(self.max_delay, self.base_delay * (2**attempt))
        return rng.uniform(0, ceiling)


async def with_retries(
    call: Callable[[], Awaitable[T]],
    policy: RetryPolicy,
    *,
    what: str = "call",
    on_retry: Callable[[TransientError], None] | None = None,
    sleep: Callable[[float], Awaitable[None]] = asyncio.sleep,
    rng: random.Random | None = None,
) -> T:
    """Run ``call``; on TransientError wait and try again, up to ``policy.max_retries`` times."""
    rng = rng or random.Random()
    attempt = 0
    while True:
        try:
            return await call()
        except TransientError as exc:
            if attempt >= policy.max_retries:
                raise
            wait = policy.delay(attempt, exc.retry_after, rng)
            # Messages are already redacted by the backends that raise them.
            log.info(
                "%s: %s; retry %d/%d in %.2fs", what, exc, attempt + 1, policy.max_retries, wait
            )
            if on_retry is not None:
                on_retry(exc)
            attempt += 1
            await sleep(wait)


def parse_retry_after(value: str | None) -> float | None:
    """Seconds from a Retry-After (or retry-after-ms style) header; None when unusable."""
    if not value:
        return None
    try:
        return max(0.0, float(value))
    except ValueError:
        pass
    # The HTTP-date form is rare in APIs, so its imports wait until needed.
    from datetime import UTC, datetime
    from email.utils import parsedate_to_datetime

    try:
        when = parsedate_to_datetime(value)
    except (TypeError, ValueError):
        return None
    return max(0.0, (when - datetime.now(UTC)).total_seconds())
