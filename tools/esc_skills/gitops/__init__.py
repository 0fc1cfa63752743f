"""Every git operation of the project: branches, temporary worktrees, commits, merges, pushes.

This package is the only code that imports gitpython. Work happens in temporary worktrees
under the repository's git directory, so the user's working tree and index are never used
for it; the base branch moves only in one last atomic step (a push to ``origin`` when the
repository has one, else a ref update or a fast-forward of a clean checkout).

``GitOps`` is built in layers, one module each: ``base`` (the repository handle and
errors), ``queries`` (read-only), ``worktrees`` (temporary checkouts and commits) and
``publish`` (pushes and the base branch); ``export`` writes a folder at a revision.
"""

from __future__ import annotations

from esc_skills.crash import CRASH_ENV, crash_point
from esc_skills.gitops.base import REMOTE, GitOpsError, MergeConflict
from esc_skills.gitops.export import export_tree
from esc_skills.gitops.publish import GitOps
from esc_skills.gitops.worktrees import write_files

__all__ = [
    "CRASH_ENV",
    "REMOTE",
    "GitOps",
    "GitOpsError",
    "MergeConflict",
    "crash_point",
    "export_tree",
    "write_files",
]
