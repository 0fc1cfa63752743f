"""Several llama.cpp contexts over one model, so concurrent calls run side by side.

llama.cpp releases the GIL while it computes, so calls in different contexts run in
parallel threads. On a 2-core machine two one-thread contexts read prompts faster in total
than one two-thread context (its threads meet at a barrier after every operation of a
small model) and generate twice as fast; a SAGE run always has calls from several
conversations waiting. Contexts are made on first need: a lone caller makes one.
"""

from __future__ import annotations

import threading
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from typing import Generic, TypeVar

T = TypeVar("T")


class ContextPool(Generic[T]):
    """Up to ``size`` contexts made by ``make``; each call borrows one for its duration."""

    def __init__(self, make: Callable[[], T], size: int) -> None:
        self.size = max(1, size)
        self._make = make
        self._free: list[T] = []
        self._made = 0
        self._changed = threading.Condition()

    @property
    def made(self) -> int:
        """How many contexts exist."""
        return self._made

    @contextmanager
    def borrow(self) -> Iterator[T]:
        """A context no other call is using; waits while all ``size`` are busy."""
        with self._changed:
            while not self._free and self._made >= self.size:
                self._changed.wait()
            # The most recently returned context first: it likely still holds the prompt
            # prefix of the conversation that just ran, which the prefix cache can skip.
            item = self._free.pop() if self._free else None
            if item is None:
                self._made += 1
        if item is None:
            try:
                item = self._make()
            except BaseException:
                with self._changed:
                    self._made -= 1
                    self._changed.notify()
                raise
        try:
            yield item
        finally:
            with self._changed:
                self._free.append(item)
                self._changed.notify()


class CoreShare:
    """The machine's cores, shared out among the calls running, one evaluation step at a time.

    A step (one batch of prompt tokens, or one generated token) takes an equal share of the
    cores among the calls running now, and waits while earlier steps hold them: a lone call
    reads its prompt on every core, two calls on half each, and threads never outnumber
    cores (on a 2-core machine a two-thread and a one-thread context side by side read
    prompts at 276 tokens/s together, two one-thread contexts at 400). llama.cpp's results
    do not depend on the thread count, so neither do the answers.
    """

    def __init__(self, total: int) -> None:
        self.total = max(1, total)
        self._free = self.total
        self._calls = 0
        self._changed = threading.Condition()

    @contextmanager
    def running(self) -> Iterator[None]:
        """Count a call as running for the duration of the block."""
        with self._changed:
            self._calls += 1
        try:
            yield
        finally:
            with self._changed:
                self._calls -= 1
                self._changed.notify_all()

    def share(self) -> int:
        """Cores per running call now."""
        with self._changed:
            return max(1, self.total // max(1, self._calls))

    @contextmanager
    def step(self, wanted: int) -> Iterator[int]:
        """Hold ``wanted`` cores (at most all of them) for one step; yields how many."""
        wanted = max(1, min(wanted, self.total))
        with self._changed:
            while self._free < wanted:
                self._changed.wait()
            self._free -= wanted
        try:
            yield wanted
        finally:
            with self._changed:
                self._free += wanted
                self._changed.notify_all()
