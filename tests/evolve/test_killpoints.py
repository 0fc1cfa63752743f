"""A crash at every step of the loop, then one rerun: the same end state as no crash at all."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

from esc_skills.gitops import CRASH_ENV
from esc_skills.paths import REPO_ROOT

from .helpers import git, make_repo, write_profiles, write_traces_for

# Each point, and at which of its hits the process dies (worktree cleanup happens in
# propose, verify and settle: the 1st, 3rd and last of 6 worktrees).
POINTS = [
    "propose:branch-created",  # the branch exists, nothing committed on it yet
    "propose:committed",  # committed, not pushed
    "before-worktree-cleanup@1",  # pushed? no: committed in a worktree not yet removed
    "verify:committed",  # the verification commit exists locally, not pushed
    "before-worktree-cleanup@3",
    "settle:kept",  # a rejected proposal's commits are kept, the base not yet moved
    "settle:published",  # the base moved, the branch not yet deleted
    "before-worktree-cleanup@6",
]


@pytest.fixture(autouse=True)
def _deterministic(monkeypatch: pytest.MonkeyPatch) -> None:
    """Fixed dates and key, so two runs that do the same things make the same commits."""
    for who in ("AUTHOR", "COMMITTER"):
        monkeypatch.setenv(f"GIT_{who}_DATE", "2026-01-01T00:00:00Z")
        monkeypatch.setenv(f"GIT_{who}_NAME", "t")
        monkeypatch.setenv(f"GIT_{who}_EMAIL", "t@example.invalid")
    monkeypatch.setenv("ESC_SKILLS_EVOLVE_KEY", "test-key")
    monkeypatch.delenv(CRASH_ENV, raising=False)


def _repo(tmp: Path) -> tuple[Path, Path]:
    tmp.mkdir(parents=True, exist_ok=True)
    work, origin = make_repo(tmp)
    ids = write_profiles(tmp / "profiles.jsonl")
    write_traces_for(tmp / "traces.jsonl", ids)
    return work, origin


def _child(tmp: Path, crash: str | None) -> subprocess.CompletedProcess[str]:
    env = dict(os.environ)
    env.pop(CRASH_ENV, None)
    if crash:
        env[CRASH_ENV] = crash
    env["PYTHONPATH"] = os.pathsep.join([str(REPO_ROOT), str(REPO_ROOT / "tools")])
    return subprocess.run(
        [sys.executable, "-m", "tests.evolve.killpoint_child", str(tmp)],
        cwd=REPO_ROOT,
        env=env,
        capture_output=True,
        text=True,
        check=False,
        timeout=120,
    )


def _state(work: Path, origin: Path) -> dict[str, object]:
    """Everything that must converge: every ref on origin and locally, and no worktrees."""
    return {
        "origin": git(origin, "for-each-ref", "--format=%(refname) %(objectname)"),
        "local": git(work, "for-each-ref", "--format=%(refname) %(objectname)", "refs/heads"),
        "worktrees": git(work, "worktree", "list", "--porcelain").count("worktree "),
        "dirty": git(work, "status", "--porcelain"),
    }


@pytest.fixture(scope="module")
def reference(tmp_path_factory: pytest.TempPathFactory) -> dict[str, object]:
    """The end state of an uninterrupted run."""
    with pytest.MonkeyPatch.context() as mp:
        _deterministic.__wrapped__(mp)  # type: ignore[attr-defined]
        tmp = tmp_path_factory.mktemp("reference")
        work, origin = _repo(tmp)
        done = _child(tmp, None)
        assert done.returncode == 0, done.stderr
        return _state(work, origin)


@pytest.mark.parametrize("point", POINTS)
def test_one_rerun_after_a_crash_converges(
    point: str, tmp_path: Path, reference: dict[str, object]
) -> None:
    work, origin = _repo(tmp_path)
    crashed = _child(tmp_path, point)
    assert crashed.returncode == 86, f"never reached {point}: {crashed.stderr[-2000:]}"
    rerun = _child(tmp_path, None)
    assert rerun.returncode == 0, rerun.stderr[-2000:]
    assert _state(work, origin) == reference
