"""One tiny call to a model, in this process or in a child, with native crashes explained.

The embedded model runs llama.cpp inside the Python process. A llama-cpp-python compiled
natively (``-march=native``) on a recent Intel Xeon enables llama.cpp's AMX path, which
dies with SIGSEGV on the first decode; a wheel built elsewhere can also use instructions
this CPU lacks (SIGILL). Such a crash kills the process before Python can say anything, so
`backends check` and `demo` make the first local call in a child process and turn its
death by signal into one line naming the likely cause and the fix.
"""

from __future__ import annotations

import asyncio
import json
import signal
import subprocess
import sys
import time
from collections.abc import Sequence
from dataclasses import asdict
from typing import Any, NamedTuple

from esc_skills.config import BackendConfig
from esc_skills.errors import ConfigError, UserError
from esc_skills.llm.errors import LLMError

# The flags scripts/bootstrap.sh builds llama-cpp-python with on x86-64 (a test keeps the
# two equal): portable AVX2 code, no AMX path, no -march=native.
PORTABLE_CMAKE_ARGS = (
    "-DGGML_NATIVE=OFF -DGGML_AVX=ON -DGGML_AVX2=ON -DGGML_FMA=ON -DGGML_F16C=ON "
    "-DGGML_AVX512=OFF -DGGML_AMX_TILE=OFF -DGGML_AMX_INT8=OFF -DGGML_AMX_BF16=OFF"
)
REBUILD_HINT = (
    "rebuild it portably with `bash scripts/bootstrap.sh` (pip users: "
    f'CMAKE_ARGS="{PORTABLE_CMAKE_ARGS}" pip install --force-reinstall --no-cache-dir '
    "--no-binary llama-cpp-python llama-cpp-python)"
)
# Signals a native library dies of when its machine code is wrong for this CPU.
CRASH_SIGNALS = frozenset({signal.SIGSEGV, signal.SIGILL, signal.SIGBUS, signal.SIGFPE})
PROMPT = "Reply with the single word OK."


class Probe(NamedTuple):
    """What one probe call found; ``crashed`` when the child died of a signal."""

    ok: bool
    detail: str
    crashed: bool = False


class NativeCrash(ConfigError):
    """The installed llama-cpp-python crashes on this machine; the message says how to fix it."""


def explain_exit(returncode: int, what: str) -> str | None:
    """One line on why a child died of a signal (cause and fix), or None if it exited."""
    if returncode >= 0:
        return None
    try:
        sig = signal.Signals(-returncode)
    except ValueError:
        return f"{what} was killed by signal {-returncode}"
    if sig in CRASH_SIGNALS:
        return (
            f"{what} crashed with {sig.name} inside llama.cpp: the installed llama-cpp-python "
            "is most likely a native build that uses the AMX path (recent Intel Xeons) or "
            f"CPU instructions this machine lacks; {REBUILD_HINT}"
        )
    if sig == signal.SIGKILL:
        return f"{what} was killed by SIGKILL (out of memory?); lower n_ctx or free memory"
    return f"{what} was killed by {sig.name}"


async def first_call(bcfg: BackendConfig, model: str, timeout: float) -> tuple[bool, str]:
    """One tiny uncached call without retries: (ok, latency and reply | the exact failure)."""
    from esc_skills.llm.client import LLMClient, RoleSettings
    from esc_skills.llm.factory import build_backend
    from esc_skills.llm.retry import RetryPolicy

    try:
        backend = build_backend(bcfg)
    except (UserError, LLMError) as exc:
        return False, str(exc)
    client = LLMClient(
        roles={"agent": RoleSettings(model, temperature=0.0, max_tokens=8)},
        backends={bcfg.name: backend},
        retry=RetryPolicy(max_retries=0),  # report the first failure as it is
        timeouts={bcfg.name: timeout},
    )
    start = time.monotonic()
    try:
        resp = await client.complete(
            "agent", [{"role": "user", "content": PROMPT}], use_cache=False
        )
        elapsed = time.monotonic() - start
    except (UserError, LLMError) as exc:
        return False, str(exc)
    finally:  # a failed call too: `backends check` probes each backend in one process
        await client.aclose()
    reply = resp.text.strip().replace("\n", " ")[:40]
    return True, f"{elapsed * 1000:.0f} ms, replied {reply!r}"


def first_call_in_child(
    bcfg: BackendConfig,
    model: str,
    timeout: float,
    *,
    command: Sequence[str] | None = None,
) -> Probe:
    """``first_call`` in a child process, so a crash in native code is reported, not fatal.

    ``command`` replaces the child (tests use one that dies of a real signal).
    """
    settings = {k: v for k, v in asdict(bcfg).items() if k != "api_key"}
    payload = json.dumps({"backend": settings, "model": model, "timeout": timeout})
    argv = list(command or [sys.executable, "-m", "esc_skills.llm.probe"])
    try:
        proc = subprocess.run(
            argv, input=payload, capture_output=True, text=True, timeout=timeout + 60
        )
    except subprocess.TimeoutExpired:
        return Probe(False, f"no answer within {timeout + 60:g} s (loading and the first call)")
    explained = explain_exit(proc.returncode, f"the first call to {model}")
    if explained:
        return Probe(False, explained, crashed=True)
    lines = proc.stdout.strip().splitlines()
    try:
        ok, detail = json.loads(lines[-1])
        return Probe(bool(ok), str(detail))
    except (IndexError, ValueError, TypeError):
        tail = (proc.stderr.strip().splitlines() or ["no output"])[-1]
        return Probe(False, f"the probe of {model} exited {proc.returncode}: {tail}")


def ensure_local_model_runs(bcfg: BackendConfig, model: str, timeout: float = 300.0) -> None:
    """Raise NativeCrash (or ConfigError) when the first local call fails, before real work."""
    probe = first_call_in_child(bcfg, model, timeout)
    if not probe.ok:
        raise (NativeCrash if probe.crashed else ConfigError)(probe.detail)


def _main() -> None:
    """The child: read the backend settings on stdin, print [ok, detail] as JSON."""
    request: dict[str, Any] = json.loads(sys.stdin.read())
    bcfg = BackendConfig(**request["backend"])
    result = asyncio.run(first_call(bcfg, request["model"], float(request["timeout"])))
    print(json.dumps(list(result)), flush=True)


if __name__ == "__main__":
    _main()
