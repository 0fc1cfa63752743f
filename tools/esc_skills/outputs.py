"""Checks on output paths made before any work is done (or paid for).

A path is writable when the process may write it and the user has not marked it read-only:
a file or folder without any write permission bit is treated as read-only even for root,
which the kernel would let through, so a run as root respects the same intent.
"""

from __future__ import annotations

import os
import stat
from pathlib import Path

from esc_skills.errors import UserError


def is_writable(path: Path) -> bool:
    """Whether ``path`` (an existing file or folder) may be written into."""
    try:
        mode = path.stat().st_mode
    except OSError:
        return False
    needed = os.W_OK | (os.X_OK if stat.S_ISDIR(mode) else 0)
    return os.access(path, needed) and bool(mode & 0o222)


def nearest_existing(path: Path) -> Path:
    """``path`` or its nearest existing ancestor (the folder that will hold what is created)."""
    current = path if str(path) else Path(".")
    while not current.exists() and current != current.parent:
        current = current.parent
    return current


def check_output_folder(folder: Path, flag: str, what: str = "output") -> None:
    """Refuse an output folder that is a file, sits under a file, or cannot be written."""
    current = nearest_existing(folder)
    if not current.is_dir():
        raise UserError(
            f"{flag} {folder}: cannot create the {what} folder (a file is in the way: "
            f"{current}); pass another path"
        )
    if not is_writable(current):
        raise UserError(f"{flag} {folder}: {current} is not writable; pass a writable folder")


def make_output_folder(folder: Path, flag: str, what: str = "output") -> Path:
    """Create an output folder, or say in one line why it cannot be (before any model call)."""
    check_output_folder(folder, flag, what)
    try:
        folder.mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        why = (
            "a file is in the way"
            if isinstance(exc, (FileExistsError, NotADirectoryError))
            else exc.strerror
        )
        raise UserError(
            f"{flag} {folder}: cannot create the {what} folder ({why or exc}); "
            "pass a writable folder"
        ) from exc
    return folder
