"""Publishing: pushes, kept refs, branch deletion and the final move of the base branch."""

from __future__ import annotations

import git

from esc_skills.gitops.base import REMOTE, GitOpsError, said
from esc_skills.gitops.worktrees import Worktrees


class GitOps(Worktrees):
    """Every git operation of the project on one repository (see ``esc_skills.gitops``)."""

    def _push(self, *refspecs: str) -> None:
        """Push refspecs to the remote; a refusal becomes one line naming the fix."""
        try:
            self._git(self.repo, "push", "--quiet", self.remote or REMOTE, *refspecs)
        except git.GitCommandError as exc:
            raise GitOpsError(
                f"{self.remote} refused the push of {', '.join(refspecs)} ({said(exc)}); nothing "
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
                        f"({said(exc)}); delete it by "
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
                    f"({said(exc)}); someone else moved it "
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
