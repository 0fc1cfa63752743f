"""Commands that never call the embedded model work without llama-cpp-python installed."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

REPO = Path(__file__).resolve().parents[2]
# Replaces the standard path finder with one that cannot see llama_cpp, so the child behaves
# exactly as if the package were not installed (find_spec is None, import fails).
HIDE_LLAMA = """
import importlib.util, sys
from importlib.machinery import PathFinder

class NoLlama(PathFinder):
    @classmethod
    def find_spec(cls, name, path=None, target=None):
        if name.partition(".")[0] == "llama_cpp":
            return None
        return super().find_spec(name, path, target)

sys.meta_path[:] = [NoLlama if f is PathFinder else f for f in sys.meta_path]
assert importlib.util.find_spec("llama_cpp") is None
"""
RUN_TESTS = "import pytest; sys.exit(pytest.main(sys.argv[1:]))"


def test_replay_tests_pass_without_llama_cpp() -> None:
    tests = str(REPO / "tests" / "llm" / "test_replay.py")
    proc = subprocess.run(
        [sys.executable, "-c", HIDE_LLAMA + RUN_TESTS, "-q", "-p", "no:cacheprovider", tests],
        cwd=REPO,
        capture_output=True,
        text=True,
        env={**os.environ},
        timeout=300,
    )
    assert proc.returncode == 0, proc.stdout[-3000:] + proc.stderr[-3000:]
    assert " passed" in proc.stdout and "skipped" not in proc.stdout


def test_the_local_backend_still_says_how_to_install_it() -> None:
    code = (
        HIDE_LLAMA
        + "from esc_skills.llm.factory import make_client\n"
        + "from esc_skills.errors import UserError\n"
        + "try:\n"
        + "    make_client(model='local/smollm2', no_cache=True, roles=['agent'])\n"
        + "except UserError as exc:\n"
        + "    print(exc)\n"
    )
    proc = subprocess.run(
        [sys.executable, "-c", code], cwd=REPO, capture_output=True, text=True, timeout=120
    )
    assert proc.returncode == 0, proc.stderr
    assert "llama-cpp-python" in proc.stdout and "pip install" in proc.stdout
