"""Per-backend limits: concurrent calls, requests per minute and tokens per minute."""

from __future__ import annotations

import asyncio
import time
from collections.abc import AsyncIterator, Callable
from contextlib import asynccontextmanager


class _Bucket:
    """A token bucket that refills ``per_minute`` units evenly over a minute."""

    def __init__(self, per_minute: int, clock: Callable[[], float]) -> None:
        self.capacity = float(per_minute)
        self.rate = per_minute / 60.0
        self.level = float(per_minute)
        self.clock = clock
        self.stamp = clock()

    def _refill(self) -> None:
        now = self.clock()
        self.level = min(self.capacity, self.level + (now - self.stamp) * self.rate)
        self.stamp = now

    def wait_time(self, amount: float) -> float:
        """Seconds until ``amount`` units are available (0 when they are now)."""
        self._refill()
        # A single request larger than the whole bucket waits for a full bucket, then goes.
        amount = min(amount, self.capacity)
        return 0.0 if self.level >= amount else (amount - self.level) / self.rate

    def take(self, amount: float) -> None:
        self._refill()
        self.level -= min(amount, self.capacity)


class Limiter:
    """Caps one backend: at most ``concurrency`` calls in flight, ``rpm`` and ``tpm`` per minute.

    Cancellation-safe: a task cancelled while waiting takes nothing, and one cancelled
    during its call gives its slot back.
    """

    def __init__(
        self,
        concurrency: int = 8,
        *,
        rpm: int | None = None,
        tpm: int | None = None,
        clock: Callable[[], float] = time.monotonic,
    ) -> None:
        self.concurrency = max(1, concurrency)
        self._semaphore = asyncio.Semaphore(self.concurrency)
        self._loop: asyncio.AbstractEventLoop | None = None
        self._requests = _Bucket(rpm, clock) if rpm else None
        self._tokens = _Bucket(tpm, clock) if tpm else None
        self._lock = asyncio.Lock()  # admits waiters to the buckets one at a time, in order
        self.in_flight = 0
        self.peak = 0

    @asynccontextmanager
    async def slot(self, estimated_tokens: int = 0) -> AsyncIterator[None]:
        """Hold one call slot; waits for the semaphore and for rpm/tpm budget."""
        loop = asyncio.get_running_loop()
        if loop is not self._loop:
            # asyncio primitives belong to one loop; a client reused across asyncio.run()
            # calls (several asyncio.run batches) gets fresh ones. Buckets carry over.
            self._loop = loop
            self._semaphore = asyncio.Semaphore(self.concurrency)
            self._lock = asyncio.Lock()
        async with self._semaphore:
            if self._requests or self._tokens:
                async with self._lock:
                    await self._wait_for_budget(estimated_tokens)
            self.in_flight += 1
            self.peak = max(self.peak, self.in_flight)
            try:
                yield
            finally:
                self.in_flight -= 1

    async def _wait_for_budget(self, tokens: int) -> None:
        while True:
            waits = [0.0]
            if self._requests:
                waits.append(self._requests.wait_time(1))
            if self._tokens and tokens:
                waits.append(self._tokens.wait_time(tokens))
            wait = max(waits)
            if wait <= 0:
                break
            await asyncio.sleep(wait)
        if self._requests:
            self._requests.take(1)
        if self._tokens and tokens:
            self._tokens.take(tokens)

    def record_tokens(self, estimated: int, actual: int) -> None:
        """Correct the token bucket once the real usage of a call is known."""
        if self._tokens and actual > estimated:
            self._tokens.take(actual - estimated)


def estimate_tokens(text_chars: int, max_tokens: int) -> int:
    """A cheap estimate of a call's tokens: ~4 characters per token plus the output cap."""
    return text_chars // 4 + max_tokens
