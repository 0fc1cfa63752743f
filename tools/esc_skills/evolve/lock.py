"""One lock per repository, so two evolve commands never work on the same branches at once."""

from __future__ import annotations

import json
import os
import socket
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from esc_skills.errors import UserError
from esc_skills.gitops import GitOps


class LockHeld(UserError):
    """Another evolve command holds the repository's lock."""


def _alive(pid: int) -> bool:
    """Whether a process with this id exists on this machine."""
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True  # it exists, it is just someone else's
    return True


def _holder(path: Path) -> dict[str, object] | None:
    """Who holds the lock (None when the file is gone or unreadable half-written)."""
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except (FileNotFoundError, json.JSONDecodeError, UnicodeDecodeError):
        return None
    return data if isinstance(data, dict) else None


def _stale(holder: dict[str, object] | None, path: Path) -> bool:
    """A lock whose process is dead (on this host), or a file left half-written long ago."""
    if holder is None:
        try:
            return time.time() - path.stat().st_mtime > 10
        except FileNotFoundError:
            return True
    pid = holder.get("pid")
    if holder.get("host") != socket.gethostname() or not isinstance(pid, int):
        return False  # another machine's process: only a person can tell whether it died
    return not _alive(pid)


@contextmanager
def repository_lock(git_dir: Path, command: str) -> Iterator[None]:
    """Hold ``<git dir>/esc-evolve/lock`` for the duration; a dead holder's lock is taken over."""
    path = git_dir / "esc-evolve" / "lock"
    path.parent.mkdir(parents=True, exist_ok=True)
    me = {
        "pid": os.getpid(),
        "host": socket.gethostname(),
        "since": time.strftime("%Y-%m-%dT%H:%M:%SZ", time.gmtime()),
        "command": command,
    }
    for _ in range(3):
        try:
            fd = os.open(path, os.O_CREAT | os.O_EXCL | os.O_WRONLY, 0o644)
        except FileExistsError:
            holder = _holder(path)
            if _stale(holder, path):
                # Rename first so that two recoverers cannot both delete a fresh lock.
                grave = path.with_name(f"lock.stale-{os.getpid()}")
                try:
                    os.replace(path, grave)
                    grave.unlink()
                except FileNotFoundError:
                    pass
                continue
            who = holder or {}
            raise LockHeld(
                f"another evolve command is running (pid {who.get('pid', '?')}, "
                f"`{who.get('command', '?')}`, since {who.get('since', '?')}); wait for it to "
                f"finish, or if that process is gone delete {path} and rerun"
            ) from None
        with os.fdopen(fd, "w", encoding="utf-8") as handle:
            json.dump(me, handle)
        break
    else:
        raise LockHeld(f"could not take the evolve lock {path}; rerun the command")
    try:
        yield
    finally:
        if (_holder(path) or {}).get("pid") == os.getpid():
            path.unlink(missing_ok=True)


@contextmanager
def exclusive(ops: GitOps, command: str) -> Iterator[None]:
    """Hold the repository's lock and start clean: worktrees left by a killed run are removed."""
    with repository_lock(Path(ops.repo.common_dir), command):
        ops.clear_worktrees()  # we hold the lock, so no live evolve command is using one
        yield
