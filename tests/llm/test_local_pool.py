"""Contexts of the embedded model handed to concurrent calls, and cores shared among them."""

from __future__ import annotations

import threading
import time
from itertools import count

import pytest

from esc_skills.llm.local_pool import ContextPool, CoreShare


def test_contexts_are_made_on_first_need_and_reused_newest_first() -> None:
    made = count()
    pool = ContextPool(lambda: next(made), size=3)
    with pool.borrow() as first:
        pass
    with pool.borrow() as again:
        assert again == first  # a lone caller never makes a second context
    with pool.borrow() as a, pool.borrow() as b:
        assert {a, b} == {0, 1}
    assert pool.made == 2
    with pool.borrow() as newest:
        assert newest == a  # returned last (after b): it holds the latest prompt


def test_a_call_waits_while_every_context_is_busy() -> None:
    pool = ContextPool(object, size=1)
    order: list[str] = []
    with pool.borrow():
        waiter = threading.Thread(target=lambda: _borrow_and_log(pool, order))
        waiter.start()
        time.sleep(0.05)
        order.append("first done")
    waiter.join(timeout=5)
    assert order == ["first done", "second ran"]
    assert pool.made == 1


def _borrow_and_log(pool: ContextPool[object], order: list[str]) -> None:
    with pool.borrow():
        order.append("second ran")


def test_a_context_that_fails_to_load_frees_its_slot() -> None:
    attempts = count()

    def flaky() -> int:
        if next(attempts) == 0:
            raise RuntimeError("out of memory")
        return 7

    pool = ContextPool(flaky, size=1)
    with pytest.raises(RuntimeError), pool.borrow():
        pass
    with pool.borrow() as context:  # would wait forever if the failed slot were kept
        assert context == 7
    assert pool.made == 1


def test_cores_are_shared_equally_among_running_calls() -> None:
    cores = CoreShare(4)
    assert cores.share() == 4
    with cores.running():
        assert cores.share() == 4
        with cores.running(), cores.running():
            assert cores.share() == 1  # 4 // 3
        assert cores.share() == 4
    with cores.step(99) as held:
        assert held == 4  # never more than the machine has


def test_steps_never_hold_more_threads_than_cores() -> None:
    cores = CoreShare(2)
    lock = threading.Lock()
    held_now = 0
    peak = 0

    def call(wanted: int) -> None:
        nonlocal held_now, peak
        with cores.running():
            for _ in range(30):
                with cores.step(wanted) as held:
                    with lock:
                        held_now += held
                        peak = max(peak, held_now)
                    time.sleep(0.001)
                    with lock:
                        held_now -= held

    threads = [threading.Thread(target=call, args=(n,)) for n in (2, 1, 1, 2)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=10)
    assert not any(thread.is_alive() for thread in threads)
    assert peak == 2
