"""A committed copy of the working tree, and a wheel built from it, shared by the install tests.

The copy (tracked plus untracked, not ignored files) stands for "a local clone of the
repository": pre-commit installs hook repositories from git, and building outside the
checkout keeps build/ and *.egg-info out of it while other tests run.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[2]
# Read at import, before the autouse fixture points HOME at a temporary folder, so pip
# and pre-commit reuse the machine's caches instead of downloading everything again.
CACHE_ENV = {
    "PIP_CACHE_DIR": os.environ.get("PIP_CACHE_DIR") or str(Path.home() / ".cache" / "pip"),
    # Byte-compiling every installed file (numpy, scipy, ...) is much of an install's time;
    # Python compiles the few modules a hook imports when it first imports them.
    "PIP_NO_COMPILE": "1",
}
GIT_ID = {
    "GIT_AUTHOR_NAME": "ESC Tests",
    "GIT_AUTHOR_EMAIL": "tests@example.invalid",
    "GIT_COMMITTER_NAME": "ESC Tests",
    "GIT_COMMITTER_EMAIL": "tests@example.invalid",
    "GIT_CONFIG_NOSYSTEM": "1",
}


def clean_env(extra: dict[str, str] | None = None) -> dict[str, str]:
    """The environment without anything that could import the checkout's code instead."""
    env = {k: v for k, v in os.environ.items() if k not in ("PYTHONPATH", "PYTHONHOME")}
    return {**env, **(extra or {})}


def run(args: list[str], cwd: Path, env: dict[str, str] | None = None) -> str:
    """Run a command; fail the test with its output when it fails."""
    proc = subprocess.run(args, cwd=cwd, capture_output=True, text=True, env=clean_env(env))
    if proc.returncode != 0:
        pytest.fail(f"{' '.join(args)} exited {proc.returncode}:\n{proc.stdout}\n{proc.stderr}")
    return proc.stdout + proc.stderr


def git_commit_all(repo: Path, message: str) -> None:
    """Stage everything in ``repo`` and commit it."""
    run(["git", "add", "-A"], repo, GIT_ID)
    run(["git", "commit", "-q", "--no-verify", "-m", message], repo, GIT_ID)


@pytest.fixture(scope="session")
def source_clone(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The working tree as it is now, committed in a fresh git repository."""
    if shutil.which("git") is None or not (REPO / ".git").exists():
        pytest.skip("needs git and a git checkout of esc-skills")
    listed = subprocess.run(
        ["git", "ls-files", "-z", "--cached", "--others", "--exclude-standard"],
        cwd=REPO,
        capture_output=True,
        check=True,
    ).stdout.decode("utf-8")
    dest = tmp_path_factory.mktemp("esc-skills-clone")
    for rel in filter(None, listed.split("\0")):
        source = REPO / rel
        if source.is_file():  # deleted but still tracked files are skipped
            (dest / rel).parent.mkdir(parents=True, exist_ok=True)
            shutil.copy2(source, dest / rel)
    run(["git", "init", "-q", "-b", "main"], dest, GIT_ID)
    git_commit_all(dest, "snapshot of the working tree")
    return dest


@pytest.fixture(scope="session")
def wheel(source_clone: Path, tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The esc-skills wheel, built the way pip builds it (isolated build environment)."""
    out = tmp_path_factory.mktemp("wheel")
    run(
        [sys.executable, "-m", "pip", "wheel", "--no-deps", "-q", "-w", str(out), "."],
        source_clone,
        CACHE_ENV,
    )
    (built,) = out.glob("esc_skills-*.whl")
    return built
