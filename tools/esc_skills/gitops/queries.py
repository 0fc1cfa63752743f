"""Read-only questions about branches, refs, trees and commits."""

from __future__ import annotations

from pathlib import Path

import git

from esc_skills.gitops.base import RepoBase


class RefQueries(RepoBase):
    """Reads refs, files and history without changing anything."""

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
        local_tip = self.local_tip(branch)
        if not self.remote:
            return local_tip
        remote_tip = self.remote_tip(branch)
        if remote_tip and local_tip and self.is_ancestor(remote_tip, local_tip):
            return local_tip  # a local step not pushed yet (a crash between commit and push)
        return remote_tip or local_tip

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

    def state_dir(self) -> Path:
        """Where evolution keeps uncommitted working files: inside .git, out of the tree."""
        return Path(self.repo.common_dir) / "esc-evolve" / "state"

    def merge_base(self, one: str, other: str) -> str | None:
        """The best common ancestor of two commits."""
        try:
            return self._git(self.repo, "merge-base", one, other) or None
        except git.GitCommandError:
            return None
