"""Every git operation of the project: branches, temporary worktrees, commits, merges, pushes.

This is the only module that imports gitpython. Work happens in temporary worktrees under
the repository's git directory, so the user's working tree and index are never used for
it; the base branch moves only in one last atomic step (a push to ``origin`` when the
repository has one, else a ref update or a fast-forward of a clean checkout).
"""

from __future__ import annotations

import os
import shutil
import tempfile
from collections.abc import Iterator, Mapping
from contextlib import contextmanager, suppress
from pathlib import Path

import git

from esc_skills import atomic
from esc_skills.crash import CRASH_ENV, crash_point
from esc_skills.errors import UserError

__all__ = ["CRASH_ENV", "GitOps", "GitOpsError", "MergeConflict", "crash_point", "write_files"]

REMOTE = "origin"
_IDENTITY = {"name": "esc-skills evolve", "email": "esc-skills@users.noreply.invalid"}


class GitOpsError(UserError):
    """A git step that cannot go on; the message says which and how to fix it."""


def _said(exc: git.GitCommandError, limit: int = 200) -> str:
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


class GitOps:
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

    def remote_tip(self, branch: str) -> str | None:
        """The remote's copy of a branch (the local one without a remote)."""
        if self.remote:
            return self._rev(f"refs/remotes/{self.remote}/{branch}")
        return self._rev(f"refs/heads/{branch}")

    def local_tip(self, branch: str) -> str | None:
        """The local branch's commit, if there is one."""
        return self._rev(f"refs/heads/{branch}")

    def unpublished(self, branch: str) -> list[str]:
        """Subjects of local commits on ``branch`` that the remote does not have."""
        local, remote = self.local_tip(branch), self.remote_tip(branch)
        if not self.remote or local is None or local == remote:
            return []
        span = f"{remote}..{local}" if remote else local
        return self._git(self.repo, "log", "--format=%h %s", span).splitlines()

    def tip(self, branch: str) -> str | None:
        """Newest commit of a branch: the remote's copy when there is one, else the local."""
        if self.remote:
            remote_tip = self._rev(f"refs/remotes/{self.remote}/{branch}")
            local_tip = self._rev(f"refs/heads/{branch}")
            if remote_tip and local_tip and self.is_ancestor(remote_tip, local_tip):
                return local_tip  # a local step not pushed yet (a crash between commit and push)
            return remote_tip or local_tip
        return self._rev(f"refs/heads/{branch}")

    def is_ancestor(self, older: str, newer: str) -> bool:
        """True when ``older`` is reachable from ``newer``."""
        try:
            self._git(self.repo, "merge-base", "--is-ancestor", older, newer)
            return True
        except git.GitCommandError:
            return False

    def branches(self, prefix: str) -> list[str]:
        """Local and remote branch names that start with ``prefix``."""
        names = {h.name for h in self.repo.heads if h.name.startswith(prefix)}
        if self.remote:
            lead = f"{self.remote}/"
            for ref in self.repo.remotes[self.remote].refs:
                name = ref.name[len(lead) :]
                if name.startswith(prefix):
                    names.add(name)
        return sorted(names)

    def read(self, ref: str, path: str) -> str | None:
        """The text of ``path`` at ``ref``, or None when it is not there."""
        try:
            blob = self.repo.commit(ref).tree / path
        except (KeyError, git.BadName, ValueError):
            return None
        data: bytes = blob.data_stream.read()
        return data.decode("utf-8")

    def list_dir(self, ref: str, path: str) -> list[str]:
        """Names directly under folder ``path`` at ``ref``."""
        try:
            tree = self.repo.commit(ref).tree / path
        except (KeyError, git.BadName, ValueError):
            return []
        if not isinstance(tree, git.Tree):
            return []
        return sorted(item.name for item in tree)

    def tree_id(self, ref: str, path: str) -> str:
        """The git tree id of folder ``path`` at ``ref`` ("" when it is not there)."""
        try:
            return self._git(self.repo, "rev-parse", "--verify", "--quiet", f"{ref}:{path}")
        except git.GitCommandError:
            return ""

    def commits(self, older: str, newer: str) -> list[dict[str, str]]:
        """Commits reachable from ``newer`` but not ``older``: sha, author, full message."""
        out = self._git(self.repo, "log", "--format=%H%x1f%an <%ae>%x1f%B%x1e", f"{older}..{newer}")
        rows = []
        for chunk in out.split("\x1e"):
            if chunk.strip():
                sha, author, body = chunk.strip("\n").split("\x1f", 2)
                rows.append({"sha": sha, "author": author, "message": body})
        return rows

    def parents(self, ref: str) -> list[str]:
        """The parent commits of ``ref``."""
        return [str(p.hexsha) for p in self.repo.commit(ref).parents]

    def log_subjects(self, ref: str, limit: int = 50) -> list[str]:
        """First lines of the newest commit messages on ``ref``."""
        return [str(c.summary) for c in self.repo.iter_commits(ref, max_count=limit)]

    def state_dir(self) -> Path:
        """Where evolution keeps uncommitted working files: inside .git, out of the tree."""
        return Path(self.repo.common_dir) / "esc-evolve" / "state"

    # -- worktrees ---------------------------------------------------------------------
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

    def merge_base(self, one: str, other: str) -> str | None:
        """The best common ancestor of two commits."""
        try:
            return self._git(self.repo, "merge-base", one, other) or None
        except git.GitCommandError:
            return None

    # -- publishing --------------------------------------------------------------------
    def _push(self, *refspecs: str) -> None:
        """Push refspecs to the remote; a refusal becomes one line naming the fix."""
        try:
            self._git(self.repo, "push", "--quiet", self.remote or REMOTE, *refspecs)
        except git.GitCommandError as exc:
            raise GitOpsError(
                f"{self.remote} refused the push of {', '.join(refspecs)} ({_said(exc)}); nothing "
                "else was changed: fix access or branch protection, or fetch and rerun"
            ) from None

    def push_branch(self, branch: str) -> None:
        """Send a local branch to the remote (no-op without one)."""
        if self.remote:
            self._push(f"refs/heads/{branch}:refs/heads/{branch}")
            self._git(
                self.repo,
                "update-ref",
                f"refs/remotes/{self.remote}/{branch}",
                f"refs/heads/{branch}",
            )

    def keep_ref(self, ref: str, commit: str) -> None:
        """Point ``ref`` (refs/...) at ``commit`` here and on the remote, so it stays reachable."""
        self._git(self.repo, "update-ref", ref, commit)
        if self.remote:
            self._push(f"+{commit}:{ref}")

    def has_ref(self, ref: str) -> str | None:
        """The commit ``ref`` points at (local, else on the remote), or None."""
        local = self._rev(ref)
        if local or not self.remote:
            return local
        try:
            out = self._git(self.repo, "ls-remote", self.remote, ref)
        except git.GitCommandError:
            return None
        return out.split()[0] if out else None

    def delete_branch(self, branch: str) -> None:
        """Remove a branch locally and on the remote; absent copies are fine."""
        if branch in [h.name for h in self.repo.heads]:
            if self.current_branch() == branch:
                raise GitOpsError(
                    f"branch {branch} is checked out in {self.root}; switch away first"
                )
            self._git(self.repo, "branch", "--quiet", "-D", branch)
        if self.remote and self._rev(f"refs/remotes/{self.remote}/{branch}"):
            try:
                self._git(self.repo, "push", "--quiet", self.remote, "--delete", branch)
            except git.GitCommandError as exc:
                if "remote ref does not exist" not in str(exc):
                    raise GitOpsError(
                        f"{self.remote} refused deleting branch {branch} "
                        f"({_said(exc)}); delete it by "
                        "hand or rerun"
                    ) from None
            self._git(self.repo, "update-ref", "-d", f"refs/remotes/{self.remote}/{branch}")

    def publish_base(self, base: str, new: str, old: str) -> None:
        """Move the base branch from ``old`` to ``new`` (a descendant), remote first."""
        if not self.is_ancestor(old, new):
            raise GitOpsError(
                f"refusing to move {base}: {new[:10]} does not descend from {old[:10]}"
            )
        if self.remote:
            try:
                self._git(self.repo, "push", "--quiet", self.remote, f"{new}:refs/heads/{base}")
            except git.GitCommandError as exc:
                raise GitOpsError(
                    f"{self.remote} refused moving {base} "
                    f"({_said(exc)}); someone else moved it "
                    "or it is protected: fetch and rerun the command, it resumes from the branches"
                ) from None
            self._git(self.repo, "update-ref", f"refs/remotes/{self.remote}/{base}", new)
        local = self._rev(f"refs/heads/{base}")
        if local is None or not self.is_ancestor(local, new):
            if self.remote:
                return  # the remote has it; the local branch went its own way
            raise GitOpsError(f"{base} moved while evolve was running; rerun the command")
        if self.current_branch() != base:
            self._git(self.repo, "update-ref", f"refs/heads/{base}", new, local)
            return
        # The user's checkout is on the base: fast-forward it, and only when it is clean.
        problem = ""
        if self.dirty_paths():
            problem = "it has uncommitted changes (commit or stash them)"
        else:
            try:
                self._git(self.repo, "merge", "--ff-only", "--quiet", new)
            except git.GitCommandError as exc:
                problem = f"git refused the fast-forward ({str(exc).strip()[-200:]})"
        if problem and not self.remote:
            # Without a remote the local branch is the only copy: stop before anything is lost.
            raise GitOpsError(
                f"cannot move {base} in {self.root}: {problem}; then rerun the same "
                "`esc-skills evolve` command, it resumes"
            )

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


def export_tree(
    folder: str, revision: str, dest: Path, *, repo_dir: str | os.PathLike[str] = "."
) -> None:
    """Write ``folder`` as it was at ``revision`` into ``dest`` (e.g. an evolved bank)."""
    try:
        repo = git.Repo(repo_dir, search_parent_directories=True)
        tree = repo.commit(revision).tree
    except (git.InvalidGitRepositoryError, git.NoSuchPathError):
        raise GitOpsError(
            f"bank {folder}@{revision}: {Path(repo_dir).resolve()} is not in a git repository"
        ) from None
    except (git.BadName, ValueError):
        raise GitOpsError(
            f"bank {folder}@{revision}: no revision {revision!r} in this repository; "
            "use a branch, tag or commit that `git log` shows"
        ) from None
    root = Path(repo.working_tree_dir or repo_dir).resolve()
    try:
        relative = Path(folder).resolve().relative_to(root).as_posix()
    except ValueError:
        raise GitOpsError(f"bank {folder}@{revision}: {folder} is outside {root}") from None
    try:
        sub = tree / relative
    except KeyError:
        raise GitOpsError(
            f"bank {folder}@{revision}: {relative} does not exist at {revision}"
        ) from None
    staging = dest.with_name(dest.name + ".partial")
    shutil.rmtree(staging, ignore_errors=True)
    for blob in sub.traverse():
        if not isinstance(blob, git.Blob):
            continue
        target = staging / Path(blob.path).relative_to(relative)
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_bytes(blob.data_stream.read())
    atomic.replace_dir(staging, dest)
