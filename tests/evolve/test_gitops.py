"""gitops on its own: a repository without a remote, stale worktrees, the base guard."""

from __future__ import annotations

import asyncio
from pathlib import Path

import pytest

from esc_skills.errors import UserError
from esc_skills.gitops import GitOps

from .helpers import GOOD, build_loop, git, make_repo, write_profiles, write_traces_for
from .test_landing_e2e import propose

REFINE = "exam-stress-coaching"


def local_only(tmp_path: Path) -> Path:
    work, _ = make_repo(tmp_path)
    git(work, "remote", "remove", "origin")
    ids = write_profiles(tmp_path / "profiles.jsonl")
    write_traces_for(tmp_path / "traces.jsonl", ids)
    return work


def test_without_a_remote_the_local_base_gets_the_merge(tmp_path: Path) -> None:
    work = local_only(tmp_path)
    loop, _ = build_loop(tmp_path, {REFINE: GOOD}, max_new=0)
    propose(loop, tmp_path)
    assert git(work, "branch", "--list", "evolve/*").strip() == f"evolve/r1/{REFINE}"
    asyncio.run(loop.verify())
    assert loop.settle() == [(f"evolve/r1/{REFINE}", "merged")]
    assert "accept refine skill" in git(work, "log", "-1", "--format=%s", "main")
    assert GOOD in (work / "skills" / REFINE / "SKILL.md").read_text()  # clean checkout: ff
    assert git(work, "status", "--porcelain") == ""


def test_base_not_checked_out_moves_only_the_ref(tmp_path: Path) -> None:
    work = local_only(tmp_path)
    git(work, "switch", "--quiet", "-c", "elsewhere")
    loop, _ = build_loop(tmp_path, {REFINE: GOOD}, max_new=0)
    propose(loop, tmp_path)
    asyncio.run(loop.verify())
    loop.settle()
    assert git(work, "rev-parse", "HEAD") != git(work, "rev-parse", "main")
    assert GOOD not in (work / "skills" / REFINE / "SKILL.md").read_text()  # tree untouched
    assert GOOD in git(work, "show", f"main:skills/{REFINE}/SKILL.md")


def test_a_checkout_dirtied_during_the_run_stops_settle_and_keeps_the_branch(
    tmp_path: Path,
) -> None:
    work = local_only(tmp_path)
    loop, _ = build_loop(tmp_path, {REFINE: GOOD}, max_new=0)
    propose(loop, tmp_path)
    asyncio.run(loop.verify())
    head = git(work, "rev-parse", "main")
    (work / "README.md").write_text("edited meanwhile\n", encoding="utf-8")
    with pytest.raises(UserError, match=r"cannot move main.*uncommitted changes"):
        loop.settle()
    assert git(work, "rev-parse", "main") == head
    assert git(work, "branch", "--list", "evolve/*").strip() == f"evolve/r1/{REFINE}"
    git(work, "checkout", "--", "README.md")
    assert loop.settle() == [(f"evolve/r1/{REFINE}", "merged")]


def test_a_stale_worktree_from_a_killed_run_is_replaced(tmp_path: Path) -> None:
    work, _ = make_repo(tmp_path)
    ops = GitOps(work)
    base = git(work, "rev-parse", "HEAD")
    with ops.worktree(base, branch="evolve/x/y") as path:
        (path / "note.txt").write_text("half done", encoding="utf-8")
        stale = path
    # Simulate a kill: re-register a worktree at the same place, as a dead process leaves it.
    git(work, "worktree", "add", "--quiet", str(stale), "evolve/x/y")
    with ops.worktree(base, branch="evolve/x/y") as path:
        assert path == stale and not (path / "note.txt").exists()
        (path / "a.txt").write_text("a", encoding="utf-8")
        assert ops.commit_all(path, "a") is not None
    assert "a.txt" in git(work, "ls-tree", "--name-only", "evolve/x/y")
    # A detached worktree left by a killed process is cleared by the next one.
    leftover = Path(git(work, "rev-parse", "--git-common-dir"))
    leftover = (work / leftover if not leftover.is_absolute() else leftover) / "esc-evolve"
    git(
        work,
        "worktree",
        "add",
        "--quiet",
        "--detach",
        str(leftover / "worktrees" / "detached-dead"),
        base,
    )
    assert ops.commit_on(base, {"b.txt": "b"}, "b") is not None
    assert not (leftover / "worktrees" / "detached-dead").exists()
    assert git(work, "worktree", "list").count("\n") == 0  # only the user's checkout


def test_not_a_repository(tmp_path: Path) -> None:
    with pytest.raises(UserError, match="not inside a git repository"):
        GitOps(tmp_path)
