"""Backoff, retry-after, limiter concurrency and rpm, cancellation, per-call timeouts, cost."""

from __future__ import annotations

import asyncio
import random
import time

import pytest

from esc_skills.config import Price
from esc_skills.llm import FakeBackend, LLMClient, LLMError, RoleSettings
from esc_skills.llm.accounting import Accounting
from esc_skills.llm.errors import TransientError
from esc_skills.llm.limits import Limiter
from esc_skills.llm.retry import RetryPolicy, parse_retry_after, with_retries
from esc_skills.llm.types import LLMRequest, LLMResponse, Usage


def test_backoff_grows_with_jitter_and_retry_after_wins() -> None:
    policy = RetryPolicy(base_delay=1.0, max_delay=8.0)
    rng = random.Random(1)
    ceilings = [1, 2, 4, 8, 8]
    for attempt, ceiling in enumerate(ceilings):
        delays = [policy.delay(attempt, None, rng) for _ in range(200)]
        assert min(delays) >= 0 and max(delays) <= ceiling
        assert max(delays) > ceiling * 0.8  # full jitter spreads over the whole window
    assert policy.delay(0, 3.5, rng) == 3.5
    assert RetryPolicy(max_retry_after=10).delay(0, 3600, rng) == 10


def test_parse_retry_after() -> None:
    assert parse_retry_after("2") == 2.0
    assert parse_retry_after("0.25") == 0.25
    assert parse_retry_after("garbage") is None
    assert parse_retry_after("Wed, 21 Oct 2015 07:28:00 GMT") == 0.0  # a date in the past
    assert parse_retry_after(None) is None


async def test_with_retries_sleeps_and_gives_up() -> None:
    slept: list[float] = []

    async def sleep(seconds: float) -> None:
        slept.append(seconds)

    calls = 0

    async def flaky() -> str:
        nonlocal calls
        calls += 1
        if calls < 3:
            raise TransientError("busy", retry_after=0.5)
        return "done"

    assert await with_retries(flaky, RetryPolicy(max_retries=5), sleep=sleep) == "done"
    assert slept == [0.5, 0.5]

    async def always() -> str:
        raise TransientError("down")

    with pytest.raises(TransientError):
        await with_retries(always, RetryPolicy(max_retries=2, base_delay=0), sleep=sleep)


async def test_limiter_caps_concurrency_and_survives_cancellation() -> None:
    limiter = Limiter(3)

    async def work() -> None:
        async with limiter.slot():
            await asyncio.sleep(0.02)

    await asyncio.gather(*(work() for _ in range(12)))
    assert limiter.peak == 3 and limiter.in_flight == 0
    # Cancel tasks while some hold slots and others wait: no slot is lost.
    tasks = [asyncio.create_task(work()) for _ in range(6)]
    await asyncio.sleep(0.005)
    for task in tasks:
        task.cancel()
    await asyncio.gather(*tasks, return_exceptions=True)
    assert limiter.in_flight == 0
    start = time.monotonic()
    await asyncio.gather(*(work() for _ in range(3)))
    assert time.monotonic() - start < 0.2  # all three slots are free again


async def test_rpm_limit_spaces_requests() -> None:
    now = [0.0]
    limiter = Limiter(10, rpm=60, clock=lambda: now[0])  # one per second after a burst of 60
    for _ in range(60):
        async with limiter.slot():
            pass
    bucket = limiter._requests
    assert bucket is not None and bucket.wait_time(1) == pytest.approx(1.0)
    now[0] += 1.0
    assert bucket.wait_time(1) == 0


async def test_per_call_timeout_then_success() -> None:
    attempts = 0

    async def slow_then_fast(request: LLMRequest) -> LLMResponse:
        nonlocal attempts
        attempts += 1
        await asyncio.sleep(1.0 if attempts == 1 else 0)
        return LLMResponse(text="ok")

    backend = FakeBackend()
    backend.complete = slow_then_fast  # type: ignore[method-assign]
    client = LLMClient(
        roles={"agent": RoleSettings("fake/t")},
        backends={"fake": backend},
        timeouts={"fake": 0.05},
        retry=RetryPolicy(base_delay=0.0),
    )
    resp = await client.complete("agent", [{"role": "user", "content": "x"}])
    assert resp.text == "ok" and attempts == 2
    assert client.accounting.roles["agent"].retries == 1


async def test_permanent_failure_is_not_retried_and_counted() -> None:
    async def broken(request: LLMRequest) -> LLMResponse:
        raise LLMError("HTTP 400: bad request")

    backend = FakeBackend()
    backend.complete = broken  # type: ignore[method-assign]
    client = LLMClient.with_backend(backend)
    with pytest.raises(LLMError, match="400"):
        await client.complete("agent", [{"role": "user", "content": "x"}])
    assert client.accounting.roles["agent"].errors == 1


def test_cost_from_price_table() -> None:
    acc = Accounting({"anthropic/claude": Price(input=3.0, output=15.0, cached_input=0.3)})
    acc.record_call("agent", "anthropic/claude", Usage(1_000_000, 100_000, 500_000))
    acc.record_call("seeker", "openai/unpriced", Usage(10, 10))
    acc.record_call("annotator", "local/smollm2", Usage(10, 10))
    acc.record_hit("agent", "anthropic/claude")
    # 500k fresh input at $3/M + 500k cached at $0.3/M + 100k output at $15/M.
    assert acc.roles["agent"].cost == pytest.approx(1.5 + 0.15 + 1.5)
    assert acc.roles["seeker"].unpriced_calls == 1 and acc.roles["annotator"].cost == 0
    data = acc.to_dict()
    assert data["total"]["calls"] == 3 and data["total"]["cache_hits"] == 1
    assert data["local_quality_note"] and "smoke quality" in acc.summary()
    assert "without a price" in acc.summary()


def test_client_survives_several_event_loops() -> None:
    client = LLMClient(
        roles={"agent": RoleSettings("fake/t")},
        backends={"fake": FakeBackend(latency=0.01)},
        limiters={"fake": Limiter(2)},
    )

    async def batch() -> None:
        await asyncio.gather(
            *(client.complete("agent", [{"role": "user", "content": str(i)}]) for i in range(6))
        )

    for _ in range(3):  # contended semaphores in three different loops
        asyncio.run(batch())
    assert client.accounting.total().calls == 18
