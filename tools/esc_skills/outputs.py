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


def create_folder(folder: Path) -> str | None:
    """Create ``folder`` and its parents; None when it exists now, else why it cannot be."""
    try:
        folder.mkdir(parents=True, exist_ok=True)
    except (FileExistsError, NotADirectoryError):
        return "a file is in the way"
    except OSError as exc:
        return exc.strerror or str(exc)
    return None


def make_output_folder(folder: Path, flag: str, what: str = "output") -> Path:
    """Create an output folder, or say in one line why it cannot be (before any model call)."""
    check_output_folder(folder, flag, what)
    why = create_folder(folder)
    if why:
        raise UserError(
            f"{flag} {folder}: cannot create the {what} folder ({why}); pass a writable folder"
        )
    return folder
