"""A native crash in the embedded model becomes one line naming the cause and the fix."""

from __future__ import annotations

import asyncio
import os
import re
import signal
import subprocess
import sys
from pathlib import Path

import pytest

from esc_skills.config import BackendConfig
from esc_skills.llm import factory
from esc_skills.llm.errors import LLMError
from esc_skills.llm.probe import (
    PORTABLE_CMAKE_ARGS,
    explain_exit,
    first_call,
    first_call_in_child,
)
from esc_skills.llm.types import BaseBackend, LLMRequest, LLMResponse

REPO = Path(__file__).resolve().parents[2]
SUICIDE = "import os, signal, sys; sys.stdin.read(); os.kill(os.getpid(), signal.{})"
# A stand-in llama_cpp whose first use dies of a real SIGSEGV, as an AMX build does.
CRASHING_LLAMA = (
    "import os, signal\n\n\ndef __getattr__(name):\n    os.kill(os.getpid(), signal.SIGSEGV)\n"
)


def _assert_explains(line: str, signame: str) -> None:
    assert "\n" not in line
    assert signame in line and "AMX" in line
    assert "bash scripts/bootstrap.sh" in line and PORTABLE_CMAKE_ARGS in line


@pytest.mark.parametrize("signame", ["SIGSEGV", "SIGILL", "SIGBUS"])
def test_a_real_crash_signal_is_explained(signame: str) -> None:
    proc = subprocess.run([sys.executable, "-c", SUICIDE.format(signame)], input="", text=True)
    assert proc.returncode == -getattr(signal, signame)
    line = explain_exit(proc.returncode, "the first call to local/smollm2")
    assert line is not None and line.startswith("the first call to local/smollm2 crashed")
    _assert_explains(line, signame)


def test_normal_exits_and_other_signals_are_not_blamed_on_llama_cpp() -> None:
    assert explain_exit(0, "x") is None and explain_exit(1, "x") is None
    killed = explain_exit(-signal.SIGKILL, "x")
    assert killed is not None and "AMX" not in killed and "SIGKILL" in killed


def test_first_call_in_child_survives_the_child_crashing() -> None:
    probe = first_call_in_child(
        BackendConfig(name="local", type="local"),
        "local/smollm2",
        timeout=30,
        command=[sys.executable, "-c", SUICIDE.format("SIGSEGV")],
    )
    assert not probe.ok and probe.crashed
    _assert_explains(probe.detail, "SIGSEGV")


def _cli(args: list[str], tmp_path: Path) -> subprocess.CompletedProcess[str]:
    fake = tmp_path / "fake-site"
    (fake / "llama_cpp").mkdir(parents=True)
    (fake / "llama_cpp" / "__init__.py").write_text(CRASHING_LLAMA)
    path = os.pathsep.join(filter(None, [str(fake), os.environ.get("PYTHONPATH")]))
    return subprocess.run(
        [sys.executable, "-c", "from esc_skills.cli.main import cli; cli()", *args],
        cwd=tmp_path,
        capture_output=True,
        text=True,
        env={**os.environ, "PYTHONPATH": path},
        timeout=120,
    )


def test_backends_check_reports_a_crashing_local_model(tmp_path: Path) -> None:
    model = tmp_path / "tiny.gguf"
    model.write_bytes(b"GGUF")
    proc = _cli(["backends", "check", "--model", f"local/{model}"], tmp_path)
    assert proc.returncode == 1, proc.stdout + proc.stderr  # the command itself survived
    (line,) = [x for x in proc.stdout.splitlines() if x.startswith("FAILED")]
    _assert_explains(line, "SIGSEGV")
    assert "Traceback" not in proc.stderr


def test_demo_explains_a_crashing_local_model_before_any_step(tmp_path: Path) -> None:
    model = tmp_path / "tiny.gguf"
    model.write_bytes(b"GGUF")
    args = ["demo", "--model", f"local/{model}", "--data-dir", str(tmp_path), "--out", "out"]
    proc = _cli(args, tmp_path)
    assert proc.returncode == 2, proc.stdout + proc.stderr
    (line,) = proc.stderr.strip().splitlines()
    assert line.startswith("error: ")
    _assert_explains(line, "SIGSEGV")
    assert "Lint the bank" not in proc.stdout  # failed before running the pipeline


def test_portable_flags_match_the_bootstrap_script() -> None:
    script = (REPO / "scripts" / "bootstrap.sh").read_text(encoding="utf-8")
    x86 = script[script.index("x86_64 | amd64)") :]
    x86 = x86[: x86.index(";;")]
    flags: list[str] = []
    for value in re.findall(r'LLAMA_CMAKE="([^"]*)"', x86):
        flags += [f for f in value.split() if f != "$LLAMA_CMAKE"]
    assert flags == PORTABLE_CMAKE_ARGS.split()


@pytest.mark.slow
def test_installed_llama_cpp_has_no_amx_path() -> None:
    llama_cpp = pytest.importorskip("llama_cpp")
    info = llama_cpp.llama_print_system_info()
    text = info.decode() if isinstance(info, bytes) else str(info)
    assert "CPU" in text, text
    assert not re.search(r"AMX\w*\s*=\s*1", text), f"AMX enabled in this build: {text}"


class _FailingBackend(BaseBackend):
    """Refuses every call and records whether it was closed."""

    name = "flaky"

    def __init__(self) -> None:
        self.closed = False

    async def complete(self, request: LLMRequest) -> LLMResponse:
        raise LLMError("refused")

    async def aclose(self) -> None:
        self.closed = True


def test_a_failed_first_call_still_closes_its_backend(monkeypatch: pytest.MonkeyPatch) -> None:
    backend = _FailingBackend()
    monkeypatch.setattr(factory, "build_backend", lambda cfg: backend)
    ok, detail = asyncio.run(first_call(BackendConfig(name="flaky", type="fake"), "flaky/m", 5.0))
    assert not ok and "refused" in detail
    assert backend.closed
