"""The repository handle every git step goes through, and the errors git steps raise."""

from __future__ import annotations

import os
from pathlib import Path

import git

from esc_skills.errors import UserError

REMOTE = "origin"
_IDENTITY = {"name": "esc-skills evolve", "email": "esc-skills@users.noreply.invalid"}


class GitOpsError(UserError):
    """A git step that cannot go on; the message says which and how to fix it."""


def said(exc: git.GitCommandError, limit: int = 200) -> str:
    """What git said on stderr, hints dropped, on one line."""
    lines = [line.strip() for line in str(exc.stderr or exc).strip(" '\n").splitlines()]
    kept = [
        line.removeprefix("stderr: '")
        for line in lines
        if line and not line.startswith(("hint:", "To ", "error: failed to push"))
    ]
    text = "; ".join(kept).strip(" ';")
    return text if len(text) <= limit else text[: limit - 3] + "..."


class MergeConflict(GitOpsError):
    """Two lines of work change the same lines; the caller names the way out."""

    def __init__(self, files: list[str]) -> None:
        super().__init__(f"conflicting files: {', '.join(files[:5]) or 'unknown'}")
        self.files = files


class RepoBase:
    """One repository: the user's checkout plus, when present, its ``origin`` remote."""

    def __init__(self, path: str | os.PathLike[str] = ".", *, remote: str = REMOTE) -> None:
        try:
            self.repo = git.Repo(path, search_parent_directories=True)
        except (git.InvalidGitRepositoryError, git.NoSuchPathError):
            raise GitOpsError(
                f"{Path(path).resolve()} is not inside a git repository; evolution lands its "
                "proposals as branches, so run it in a clone of the skill bank (`git init` first)"
            ) from None
        if self.repo.bare:
            raise GitOpsError(f"{path} is a bare repository; run evolve in a clone of it")
        self.root = Path(self.repo.working_tree_dir or path).resolve()
        self.remote = remote if remote in [r.name for r in self.repo.remotes] else None
        self._env = self._identity_env()
        self._active: set[Path] = set()  # worktrees this process is using now

    # -- state -------------------------------------------------------------------------
    def _identity_env(self) -> dict[str, str]:
        """A fallback author for machines without a git identity (CI runners)."""
        env: dict[str, str] = {}
        reader = self.repo.config_reader()
        for key, fallback in _IDENTITY.items():
            if not reader.has_option("user", key):
                for who in ("AUTHOR", "COMMITTER"):
                    env.setdefault(
                        f"GIT_{who}_{key.upper()}",
                        os.environ.get(f"GIT_{who}_{key.upper()}", fallback),
                    )
        return env

    def _git(self, repo: git.Repo, *args: str) -> str:
        with repo.git.custom_environment(**self._env):
            out: str = repo.git.execute(["git", *args])
            return out

    def dirty_paths(self) -> list[str]:
        """Tracked files with staged or unstaged changes in the user's checkout."""
        staged = (
            [d.a_path for d in self.repo.index.diff("HEAD")] if self.repo.head.is_valid() else []
        )
        unstaged = [d.a_path for d in self.repo.index.diff(None)]
        return sorted({p for p in staged + unstaged if p})

    def ensure_clean(self) -> None:
        """Refuse to evolve on top of uncommitted changes."""
        dirty = self.dirty_paths()
        if dirty:
            shown = ", ".join(dirty[:5]) + (f" and {len(dirty) - 5} more" if len(dirty) > 5 else "")
            raise GitOpsError(
                f"{self.root}: the working tree has uncommitted changes ({shown}); evolution "
                "lands commits on the base branch, so commit or stash them first and rerun"
            )

    def current_branch(self) -> str | None:
        """The branch checked out in the user's tree, or None when HEAD is detached."""
        return None if self.repo.head.is_detached else self.repo.active_branch.name

    def fetch(self) -> None:
        """Bring the remote's branches up to date (pruning deleted ones)."""
        if self.remote:
            self._git(self.repo, "fetch", "--prune", "--quiet", self.remote)

    def _rev(self, ref: str) -> str | None:
        try:
            return str(self.repo.commit(ref).hexsha)
        except (git.BadName, ValueError, git.GitCommandError):
            return None

    def is_ancestor(self, older: str, newer: str) -> bool:
        """True when ``older`` is reachable from ``newer``."""
        try:
            self._git(self.repo, "merge-base", "--is-ancestor", older, newer)
            return True
        except git.GitCommandError:
            return False
