"""A folder as it was at a revision, written out (e.g. an evolved bank for an experiment)."""

from __future__ import annotations

import os
import shutil
from pathlib import Path

import git

from esc_skills import atomic
from esc_skills.gitops.base import GitOpsError


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
