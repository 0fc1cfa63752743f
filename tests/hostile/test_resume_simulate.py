"""`simulate` interrupted by SIGINT or SIGKILL in a real process resumes to identical traces.

Ignored, by name: run_id (a resumed run keeps the first run's id), started_at/finished_at
(wall clock) and usage (token accounting of the process that wrote the line).
"""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import time
from pathlib import Path
from typing import Any

import pytest

from tests.hostile.fixtures import profile

IGNORED = ("run_id", "started_at", "finished_at", "usage")
N = 6


def _setup(tmp_path: Path) -> tuple[list[str], dict[str, str]]:
    (tmp_path / "p.jsonl").write_text(
        "".join(profile(f"p{i}", first_talk=f"opening {i}") for i in range(N)), encoding="utf-8"
    )
    # A little latency per call, so that a signal lands mid-run.
    (tmp_path / "c.toml").write_text("[backends.fake]\nlatency = 0.05\n", encoding="utf-8")
    args = [sys.executable, "-m", "esc_skills.cli.main", "simulate", "--config", "c.toml"]
    args += ["--model", "fake/x", "--profiles", "p.jsonl", "--max-rounds", "2"]
    # No cache: the reference run must not answer the interrupted one instantly.
    args += ["--parallel", "1", "--retriever", "bm25", "--no-progress", "--no-cache"]
    env = {**os.environ, "PYTHONPATH": os.pathsep.join(sys.path)}
    return args, env


def _default_sigint() -> None:
    # A suite started in the background (`nohup ... &`) ignores SIGINT, and children inherit
    # that; the run under test must react to the signal as a user's terminal would make it.
    signal.signal(signal.SIGINT, signal.SIG_DFL)


def _traces(path: Path) -> list[dict[str, Any]]:
    rows = [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines()]
    return sorted(
        ({k: v for k, v in r.items() if k not in IGNORED} for r in rows),
        key=lambda r: r["profile_id"],
    )


@pytest.mark.parametrize("sig", [signal.SIGINT, signal.SIGKILL], ids=["SIGINT", "SIGKILL"])
def test_signal_then_resume_gives_identical_traces(tmp_path: Path, sig: signal.Signals) -> None:
    args, env = _setup(tmp_path)
    subprocess.run([*args, "--out", "ref.jsonl"], cwd=tmp_path, env=env, check=True,
                   capture_output=True)  # fmt: skip
    out = tmp_path / "t.jsonl"
    proc = subprocess.Popen(
        [*args, "--out", "t.jsonl"], cwd=tmp_path, env=env, stderr=subprocess.PIPE, text=True,
        preexec_fn=_default_sigint,
    )  # fmt: skip
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline and proc.poll() is None:
        if out.exists() and out.read_text(encoding="utf-8").count("\n") >= 2:
            break
        time.sleep(0.02)
    proc.send_signal(sig)
    _, stderr = proc.communicate(timeout=60)
    assert "Traceback" not in stderr
    if sig == signal.SIGINT:
        assert proc.returncode == 130 and "interrupted" in stderr
    done = out.read_text(encoding="utf-8").count("\n")
    assert done < N, "the signal landed after the run had finished"
    subprocess.run([*args, "--out", "t.jsonl"], cwd=tmp_path, env=env, check=True,
                   capture_output=True)  # fmt: skip
    assert _traces(out) == _traces(tmp_path / "ref.jsonl")
