"""Speed and robustness of the LLM layer (figures, not tests).

1. 200 calls with 100 ms simulated latency at concurrency 16, against the ideal
   ceil(200/16) x 0.1 s: through an in-process fake and through the openai backend
   talking HTTP to a loopback server.
2. The same 200 structured calls with 20% injected faults (429 with retry-after, 500,
   timeouts, invalid JSON): results must equal the fault-free run.
3. A second identical run on the same cache makes 0 backend calls.

Run: /work/venv/bin/python benchmarks/bench_llm.py
"""

from __future__ import annotations

import asyncio
import contextlib
import hashlib
import json
import math
import subprocess
import sys
import tempfile
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
from esc_skills.config import BackendConfig  # noqa: E402
from esc_skills.llm import LLMClient, RoleSettings  # noqa: E402
from esc_skills.llm.cache import ResponseCache  # noqa: E402
from esc_skills.llm.errors import Secret, TransientError  # noqa: E402
from esc_skills.llm.limits import Limiter  # noqa: E402
from esc_skills.llm.openai_backend import OpenAIBackend  # noqa: E402
from esc_skills.llm.retry import RetryPolicy  # noqa: E402
from esc_skills.llm.types import BaseBackend, LLMRequest, LLMResponse  # noqa: E402

CALLS, LATENCY, CONCURRENCY, FAULT_RATE = 200, 0.1, 16, 0.2
IDEAL = math.ceil(CALLS / CONCURRENCY) * LATENCY
SCHEMA = {
    "type": "object",
    "properties": {
        "emotion": {"type": "integer", "minimum": 0, "maximum": 100},
        "label": {"type": "string"},
    },
    "required": ["emotion", "label"],
}
FAULTS = ("429", "500", "timeout", "invalid-json")


def answer_for(prompt: str) -> dict[str, Any]:
    """The deterministic 'model': depends only on the original prompt."""
    digest = int(hashlib.sha256(prompt.encode()).hexdigest(), 16)
    return {"emotion": digest % 101, "label": f"L{digest % 7}"}


def first_user(request: LLMRequest) -> str:
    return next(m.content for m in request.messages if m.role == "user")


class FaultyBackend(BaseBackend):
    """Answers after ``latency``; the first attempt of 20% of prompts fails in one of 4 ways."""

    name = "fake"

    def __init__(self, latency: float, fault_rate: float) -> None:
        self.latency = latency
        self.fault_rate = fault_rate
        self.calls = 0
        self.injected: dict[str, int] = dict.fromkeys(FAULTS, 0)
        self._seen: set[str] = set()

    def _fault(self, request: LLMRequest) -> str | None:
        prompt = first_user(request)
        digest = int(hashlib.sha256(b"fault" + prompt.encode()).hexdigest(), 16)
        if prompt in self._seen or (digest % 1000) >= self.fault_rate * 1000:
            return None
        self._seen.add(prompt)
        return FAULTS[digest % len(FAULTS)]

    async def complete(self, request: LLMRequest) -> LLMResponse:
        self.calls += 1
        fault = self._fault(request)
        if fault is not None:
            self.injected[fault] += 1
        if fault == "429":
            raise TransientError("HTTP 429 (injected)", retry_after=0.05)
        if fault == "500":
            await asyncio.sleep(self.latency / 2)
            raise TransientError("HTTP 500 (injected)")
        if fault == "timeout":
            await asyncio.sleep(10)  # the client's per-call timeout cuts this short
        await asyncio.sleep(self.latency)
        text = (
            "{not json" if fault == "invalid-json" else json.dumps(answer_for(first_user(request)))
        )
        return LLMResponse(text=text, model=request.model)


@contextlib.contextmanager
def loopback_process(latency: float) -> Iterator[str]:
    """Start tests/llm/loopback.py's server in a child process; yield its URL."""
    code = (
        "import sys, time; sys.path.insert(0, sys.argv[1]); from loopback import LoopbackServer\n"
        "with LoopbackServer(latency=float(sys.argv[2])) as s:\n"
        "    print(s.url, flush=True); time.sleep(3600)\n"
    )
    proc = subprocess.Popen(
        [sys.executable, "-c", code, str(ROOT / "tests" / "llm"), str(latency)],
        stdout=subprocess.PIPE,
        text=True,
    )
    try:
        assert proc.stdout is not None
        yield proc.stdout.readline().strip()
    finally:
        proc.terminate()
        proc.wait()


def client_for(backend: Any, *, cache: Path | None, model: str = "fake/bench") -> LLMClient:
    name = model.split("/", 1)[0]
    return LLMClient(
        roles={"annotator": RoleSettings(model, max_tokens=64)},
        backends={name: backend},
        cache=ResponseCache(cache) if cache else None,
        limiters={name: Limiter(CONCURRENCY)},
        retry=RetryPolicy(max_retries=5, base_delay=0.05, max_delay=0.5),
        timeouts={name: 0.5},
    )


async def run(client: LLMClient, schema: dict[str, Any] | None = SCHEMA) -> tuple[float, list[Any]]:
    start = time.perf_counter()
    results = await asyncio.gather(
        *(
            client.complete(
                "annotator", [{"role": "user", "content": f"utterance #{i}"}], schema=schema
            )
            for i in range(CALLS)
        )
    )
    return time.perf_counter() - start, [r.data if schema else r.text for r in results]


async def main() -> None:
    print(f"ideal: ceil({CALLS}/{CONCURRENCY}) x {LATENCY}s = {IDEAL:.2f}s")
    print()
    print("1. throughput, no cache, no faults")
    fake = FaultyBackend(LATENCY, 0.0)
    elapsed, clean = await run(client_for(fake, cache=None))
    print(f"   fake backend:    {elapsed:.3f}s = {elapsed / IDEAL:.2f}x ideal ({fake.calls} calls)")

    # The server runs in its own process so that it does not share our interpreter lock.
    with loopback_process(LATENCY) as url:
        cfg = BackendConfig(name="openai", type="openai", base_url=url, timeout=30)
        http = OpenAIBackend(cfg, Secret("sk-bench"))
        client = client_for(http, cache=None, model="openai/bench")
        await run(client, schema=None)  # warm the connection pool, as a long run would be
        elapsed, _ = await run(client, schema=None)
        await http.aclose()
        print(f"   openai over HTTP: {elapsed:.3f}s = {elapsed / IDEAL:.2f}x ideal "
              "(loopback server in a separate process)")  # fmt: skip
    print()

    print(f"2. {FAULT_RATE:.0%} injected faults ({', '.join(FAULTS)}), no cache")
    faulty = FaultyBackend(LATENCY, FAULT_RATE)
    client = client_for(faulty, cache=None)
    elapsed, noisy = await run(client)
    stats = client.accounting.total()
    print(f"   injected: {faulty.injected} on {sum(faulty.injected.values())} of {CALLS} prompts")
    print(
        f"   {elapsed:.3f}s, {faulty.calls} backend calls, {stats.retries} retries, "
        f"{stats.schema_reasks} schema re-asks, {stats.errors} failed"
    )
    print(f"   results identical to the fault-free run: {noisy == clean}")
    print()

    print("3. cache: the same run twice on one SQLite cache")
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / "cache.sqlite"
        first = FaultyBackend(LATENCY, 0.0)
        t1, one = await run(client_for(first, cache=path))
        second = FaultyBackend(LATENCY, 0.0)
        again = client_for(second, cache=path)
        t2, two = await run(again)
        total = again.accounting.total()
        print(f"   first run:  {t1:.3f}s, {first.calls} backend calls")
        print(
            f"   second run: {t2:.3f}s, {second.calls} backend calls, "
            f"{total.cache_hits} cache hits, identical: {one == two == clean}"
        )


if __name__ == "__main__":
    asyncio.run(main())
