"""The repository lock and the one-line refusals of the evolve commands (real CLI, real git)."""

from __future__ import annotations

import json
import os
import socket
import subprocess
import sys
from pathlib import Path

import pytest
from click.testing import CliRunner

from esc_skills.cli.main import cli

from .helpers import git, make_repo, write_profiles


def _invoke(*args: str) -> tuple[int, str]:
    result = CliRunner().invoke(cli, list(args), catch_exceptions=False)
    return result.exit_code, result.output


def _lock(work: Path, pid: int) -> Path:
    path = work / ".git" / "esc-evolve" / "lock"
    path.parent.mkdir(parents=True, exist_ok=True)
    holder = {"pid": pid, "host": socket.gethostname(), "since": "2026-01-01T00:00:00Z",
              "command": "esc-skills evolve verify"}  # fmt: skip
    path.write_text(json.dumps(holder), encoding="utf-8")
    return path


def test_a_held_lock_refuses_with_who_holds_it(tmp_path: Path) -> None:
    work, _origin = make_repo(tmp_path)
    sleeper = subprocess.Popen([sys.executable, "-c", "import time; time.sleep(60)"])
    try:
        lock = _lock(work, sleeper.pid)
        code, out = _invoke("evolve", "settle", "--repo", str(work))
        assert code == 2, out
        assert f"another evolve command is running (pid {sleeper.pid}" in out
        assert "since 2026-01-01T00:00:00Z" in out and "Traceback" not in out
        assert lock.exists()  # someone else's lock is left alone
    finally:
        sleeper.kill()
        sleeper.wait()
    # The holder died without cleaning up: the next command recovers the stale lock.
    code, out = _invoke("evolve", "settle", "--repo", str(work))
    assert code == 0, out
    assert not lock.exists()  # and releases its own
    assert "settled into main: 0" in out


def test_the_lock_is_released_on_an_error(tmp_path: Path) -> None:
    work, _ = make_repo(tmp_path)
    code, out = _invoke("evolve", "settle", "--repo", str(work), "--branch", "evolve/r1/nope")
    assert code == 2 and "evolve/r1/nope does not exist" in out
    assert not (work / ".git" / "esc-evolve" / "lock").exists()
    assert os.getpid()  # this process never held it afterwards


def test_bad_branch_names_and_foreign_branches_are_one_line(tmp_path: Path) -> None:
    work, origin = make_repo(tmp_path)
    code, out = _invoke("evolve", "settle", "--repo", str(work), "--branch", "main")
    assert code == 2 and "--branch 'main' is not an evolution branch" in out
    assert out.count("\n") == 1
    git(work, "switch", "--quiet", "-c", "evolve/r9/by-hand")
    (work / "x.txt").write_text("x", encoding="utf-8")
    git(work, "add", "x.txt")
    git(work, "commit", "--quiet", "-m", "by hand")
    git(work, "push", "--quiet", "origin", "evolve/r9/by-hand")
    git(work, "switch", "--quiet", "main")
    tip = git(origin, "rev-parse", "evolve/r9/by-hand")
    code, out = _invoke("evolve", "settle", "--repo", str(work), "--branch", "evolve/r9/by-hand")
    assert code == 2 and "no verification yet" in out
    code, out = _invoke("evolve", "reject", "--repo", str(work), "--branch", "evolve/r9/by-hand")
    assert code == 2 and "was not made by `esc-skills evolve propose`" in out
    assert git(origin, "rev-parse", "evolve/r9/by-hand") == tip  # untouched
    code, out = _invoke("evolve", "status", "--repo", str(work))
    assert "evolve/r9/by-hand: not made by `evolve propose`" in out and "left for a person" in out
    # Verifying every branch reports this one and goes on; naming it is an error (exit 2).
    write_profiles(tmp_path / "profiles.jsonl")
    args = ["evolve", "verify", "--repo", str(work), "--model", "fake/x", "--no-cache",
            "--profiles", str(tmp_path / "profiles.jsonl")]  # fmt: skip
    code, out = _invoke(*args)
    assert code == 0 and "evolve/r9/by-hand: left: branch evolve/r9/by-hand has no" in out
    code, out = _invoke(*args, "--branch", "evolve/r9/by-hand")
    assert code == 2 and out.startswith("error: branch evolve/r9/by-hand has no proposal.json")
    assert git(origin, "rev-parse", "evolve/r9/by-hand") == tip


def test_unpublished_base_commits_are_refused_on_the_command_line(tmp_path: Path) -> None:
    work, origin = make_repo(tmp_path)
    (work / "PRIVATE.md").write_text("mine\n", encoding="utf-8")
    git(work, "add", "PRIVATE.md")
    git(work, "commit", "--quiet", "-m", "private notes")
    code, out = _invoke("evolve", "settle", "--repo", str(work))
    assert code == 2 and "main has 1 local commit(s) that origin does not have" in out
    assert "--publish-base" in out
    assert "PRIVATE.md" not in git(origin, "ls-tree", "--name-only", "main")
    code, out = _invoke("evolve", "settle", "--repo", str(work), "--publish-base")
    assert code == 0, out
    assert "PRIVATE.md" in git(origin, "ls-tree", "--name-only", "main")


def test_preflight_names_what_a_ci_job_is_missing(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    work, _ = make_repo(tmp_path)
    monkeypatch.delenv("ESC_SKILLS_MODEL", raising=False)
    code, out = _invoke("evolve", "preflight", "--repo", str(work), "--base", "main")
    assert code == 2 and "set the repository variable ESC_SKILLS_MODEL" in out
    monkeypatch.setenv("ESC_SKILLS_MODEL", "fake/x")
    monkeypatch.delenv("ESC_SKILLS_EVOLVE_KEY", raising=False)
    code, out = _invoke("evolve", "preflight", "--repo", str(work), "--base", "main", "--seal")
    assert code == 2 and "add the secret ESC_SKILLS_EVOLVE_KEY" in out
    monkeypatch.setenv("ESC_SKILLS_EVOLVE_KEY", "k")
    code, out = _invoke("evolve", "preflight", "--repo", str(work), "--base", "nope")
    assert code == 2 and "--base 'nope' does not exist on origin" in out
    code, out = _invoke("evolve", "preflight", "--repo", str(work), "--base", "main", "--seal")
    assert code == 0 and out.startswith("ready: base main at ")
    # On a runner, sealing without the secret is refused rather than using a throwaway key.
    from esc_skills.errors import ConfigError
    from esc_skills.evolve.binding import seal_key
    from esc_skills.gitops import GitOps

    monkeypatch.delenv("ESC_SKILLS_EVOLVE_KEY")
    monkeypatch.setenv("GITHUB_ACTIONS", "true")
    with pytest.raises(ConfigError, match="ESC_SKILLS_EVOLVE_KEY is not set on this GitHub"):
        seal_key(GitOps(work))


def test_the_clone_key_is_whole_private_and_kept(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from esc_skills.evolve.binding import seal_key
    from esc_skills.gitops import GitOps

    monkeypatch.delenv("ESC_SKILLS_EVOLVE_KEY", raising=False)
    monkeypatch.delenv("GITHUB_ACTIONS", raising=False)
    work, _ = make_repo(tmp_path)
    folder = work / ".git" / "esc-evolve"
    # Killed while writing the key: no key is left behind to seal with, nor a stray file.
    real_fsync = os.fsync

    def killed(fd: int) -> None:
        raise KeyboardInterrupt

    monkeypatch.setattr(os, "fsync", killed)
    with pytest.raises(KeyboardInterrupt):
        seal_key(GitOps(work))
    assert not (folder / "key").exists() and list(folder.iterdir()) == []
    monkeypatch.setattr(os, "fsync", real_fsync)
    key = seal_key(GitOps(work))
    assert len(key) == 64 and (folder / "key").stat().st_mode & 0o777 == 0o600
    assert seal_key(GitOps(work)) == key and sorted(p.name for p in folder.iterdir()) == ["key"]
