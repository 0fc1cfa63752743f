"""Temporary worktrees under the git directory, and the commits made in them."""

from __future__ import annotations

import shutil
import tempfile
from collections.abc import Iterator, Mapping
from contextlib import contextmanager, suppress
from pathlib import Path

import git

from esc_skills import atomic
from esc_skills.crash import crash_point
from esc_skills.gitops.base import GitOpsError, MergeConflict
from esc_skills.gitops.queries import RefQueries


class Worktrees(RefQueries):
    """Work happens in temporary checkouts, never in the user's tree or index."""

    def _worktree_home(self) -> Path:
        home = Path(self.repo.common_dir) / "esc-evolve" / "worktrees"
        home.mkdir(parents=True, exist_ok=True)
        return home

    def clear_worktrees(self) -> None:
        """Remove every evolve worktree (call under the repository lock: none is in use)."""
        home = self._worktree_home()
        for stale in sorted(home.iterdir()):
            if stale not in self._active:
                self._drop_worktree(stale)
        self._git(self.repo, "worktree", "prune")

    def _drop_worktree(self, path: Path) -> None:
        with suppress(git.GitCommandError):
            self._git(self.repo, "worktree", "remove", "--force", str(path))
        shutil.rmtree(path, ignore_errors=True)
        self._git(self.repo, "worktree", "prune")

    @contextmanager
    def worktree(self, start: str, *, branch: str | None = None) -> Iterator[Path]:
        """A temporary checkout of ``start`` (detached, or on ``branch`` moved to ``start``)."""
        home = self._worktree_home()
        # Worktrees a killed run left behind are found and replaced: a branch's worktree has
        # a fixed name, and detached ones not in use by this process are stale.
        for stale in home.glob("detached-*"):
            if stale not in self._active:
                self._drop_worktree(stale)
        if branch:
            if self.current_branch() == branch:
                raise GitOpsError(
                    f"branch {branch} is checked out in {self.root}; switch away first"
                )
            path = home / branch.replace("/", "--")
            self._drop_worktree(path)
            self._git(self.repo, "worktree", "add", "--quiet", "-B", branch, str(path), start)
        else:
            path = Path(tempfile.mkdtemp(prefix="detached-", dir=home))
            path.rmdir()
            self._git(self.repo, "worktree", "add", "--quiet", "--detach", str(path), start)
        self._active.add(path)
        try:
            yield path
            crash_point("before-worktree-cleanup")
        finally:
            self._active.discard(path)
            self._drop_worktree(path)

    def commit_all(self, worktree: Path, message: str) -> str | None:
        """Commit every change in a worktree; None when there was nothing to commit."""
        wt = git.Repo(worktree)
        self._git(wt, "add", "--all")
        if not self._git(wt, "status", "--porcelain"):
            return None
        self._git(wt, "commit", "--quiet", "--no-verify", "-m", message)
        return str(wt.head.commit.hexsha)

    def staged_tree(self, worktree: Path, path: str) -> str:
        """Stage everything in a worktree and return folder ``path``'s tree id ("" if absent)."""
        wt = git.Repo(worktree)
        self._git(wt, "add", "--all")
        try:
            return self._git(wt, "write-tree", f"--prefix={path}/")
        except git.GitCommandError:
            return ""

    def merge_commit(
        self,
        base_tip: str,
        branch_tip: str,
        message: str,
        extra: Mapping[str, str | None],
        *,
        branch: str | None = None,
    ) -> str:
        """A merge commit of ``branch_tip`` into ``base_tip`` that also writes ``extra`` files.

        With ``branch`` the commit is made on that branch (base merged into it), else detached.
        """
        with self.worktree(base_tip if branch is None else branch_tip, branch=branch) as path:
            wt = git.Repo(path)
            other = branch_tip if branch is None else base_tip
            try:
                self._git(wt, "merge", "--no-ff", "--no-commit", "--quiet", other)
            except git.GitCommandError:
                files = self._git(wt, "diff", "--name-only", "--diff-filter=U").split()
                raise MergeConflict(files) from None
            write_files(path, extra)
            self._git(wt, "add", "--all")
            self._git(wt, "commit", "--quiet", "--no-verify", "-m", message)
            return str(wt.head.commit.hexsha)

    def commit_on(self, start: str, files: Mapping[str, str | None], message: str) -> str | None:
        """A commit on top of ``start`` (detached) that writes or deletes ``files``."""
        with self.worktree(start) as path:
            write_files(path, files)
            return self.commit_all(path, message)


def write_files(root: Path, files: Mapping[str, str | None]) -> None:
    """Write (atomically) or delete (value None) files relative to ``root``."""
    for rel, text in files.items():
        target = root / rel
        if text is None:
            if target.is_dir():
                shutil.rmtree(target)
            elif target.exists():
                target.unlink()
            continue
        atomic.write_text(target, text)
