"""Atomic file writes: a reader sees the old file or the new one, never a half-written one.

Every write goes to a temporary file in the target's folder (so the final rename stays on
one file system), is flushed and fsynced, and then replaces the target with ``os.replace``.
On any failure, KeyboardInterrupt included, the temporary file is removed and the target is
left as it was. An existing target keeps its permission bits; a new file gets the mode the
process umask gives (0666 & ~umask), as ``open()`` would, not mkstemp's private 0600.
"""

from __future__ import annotations

import contextlib
import json
import os
import shutil
import stat
from collections.abc import Iterable, Iterator
from pathlib import Path
from typing import IO, Any, BinaryIO, TextIO, cast

StrPath = str | os.PathLike[str]
_NEW_FILE_MODE = 0o666  # the kernel applies the umask to this, exactly as for open()


def _target(path: StrPath) -> Path:
    # Write through a symlink to the file it names, so the link itself survives.
    path = Path(path)
    return Path(os.path.realpath(path)) if path.is_symlink() else path


def _create_temp(target: Path) -> tuple[int, Path]:
    flags = os.O_WRONLY | os.O_CREAT | os.O_EXCL | getattr(os, "O_CLOEXEC", 0)
    while True:
        tmp = target.with_name(f".{target.name}.{os.urandom(4).hex()}.tmp")
        try:
            return os.open(tmp, flags, _NEW_FILE_MODE), tmp
        except FileExistsError:  # a leftover with the same random name: pick another
            continue


@contextlib.contextmanager
def _atomic(path: StrPath, mode: str) -> Iterator[tuple[IO[Any], Path]]:
    target = _target(path)
    target.parent.mkdir(parents=True, exist_ok=True)
    try:
        keep_mode: int | None = stat.S_IMODE(os.stat(target).st_mode)
    except FileNotFoundError:
        keep_mode = None
    fd, tmp = _create_temp(target)
    handle: IO[Any] | None = None
    try:
        if keep_mode is not None and hasattr(os, "fchmod"):  # no fchmod on Windows < 3.13
            os.fchmod(fd, keep_mode)
        if mode == "w":
            handle = os.fdopen(fd, "w", encoding="utf-8", newline="\n")
        else:
            handle = os.fdopen(fd, "wb")
        with handle:
            yield handle, tmp
            handle.flush()
            os.fsync(handle.fileno())
        os.replace(tmp, target)
    except BaseException:
        if handle is None:
            os.close(fd)  # fdopen never took ownership of the descriptor
        with contextlib.suppress(FileNotFoundError):
            tmp.unlink()
        raise


@contextlib.contextmanager
def open_text(path: StrPath) -> Iterator[TextIO]:
    """A UTF-8 text handle (``\\n`` line ends everywhere) whose clean close replaces ``path``.

    Missing parent folders are created. Use it to stream a large file; for a string in
    memory, ``write_text`` is simpler.
    """
    with _atomic(path, "w") as (handle, _):
        yield cast(TextIO, handle)


@contextlib.contextmanager
def open_binary(path: StrPath) -> Iterator[BinaryIO]:
    """A binary handle whose clean close replaces ``path`` (for zips, images, downloads)."""
    with _atomic(path, "wb") as (handle, _):
        yield cast(BinaryIO, handle)


@contextlib.contextmanager
def staged_path(path: StrPath) -> Iterator[Path]:
    """A temporary file name beside ``path`` for writers that only take a name (C libraries).

    When the block ends without error the file is fsynced and replaces ``path``; otherwise
    it is removed and ``path`` is left as it was.
    """
    with _atomic(path, "wb") as (_, tmp):
        yield tmp


def write_bytes(path: StrPath, data: bytes) -> None:
    """Replace ``path`` with ``data`` atomically."""
    with open_binary(path) as handle:
        handle.write(data)


def write_text(path: StrPath, text: str) -> None:
    """Replace ``path`` with ``text`` (UTF-8, line ends as given) atomically."""
    write_bytes(path, text.encode("utf-8"))


def write_json(
    path: StrPath, data: Any, *, indent: int | None = 2, sort_keys: bool = False
) -> None:
    """Replace ``path`` with ``data`` as UTF-8 JSON and a final newline, atomically."""
    text = json.dumps(data, indent=indent, ensure_ascii=False, sort_keys=sort_keys)
    write_text(path, text + "\n")


def write_json_lines(path: StrPath, records: Iterable[Any]) -> None:
    """Replace ``path`` with one compact JSON value per line, atomically."""
    with open_text(path) as handle:
        for record in records:
            handle.write(json.dumps(record, ensure_ascii=False) + "\n")


def replace_dir(staged: StrPath, dest: StrPath) -> None:
    """Move the finished folder ``staged`` to ``dest``, replacing any folder there.

    ``staged`` must sit on the same file system as ``dest`` (stage it in a sibling temp
    folder). The old folder is moved aside first and removed last, so a failure part-way
    leaves the old or the new folder in place, never a mix of both.
    """
    staged, dest = Path(staged), Path(dest)
    old = None
    if dest.exists():
        old = dest.with_name(f".{dest.name}.old-{os.urandom(4).hex()}")
        os.replace(dest, old)
    try:
        os.replace(staged, dest)
    except BaseException:
        if old is not None:
            os.replace(old, dest)  # put the old folder back
        raise
    if old is not None:
        shutil.rmtree(old, ignore_errors=True)
