"""Per-skill checks of a large bank in worker processes, one per core, in the bank's order.

The per-skill rules look at one skill folder each, so a bank's skills can be checked side
by side; what comes back is small (the findings and a :class:`BankEntry` for the bank
rules), not the parsed documents. Workers are forked, so they start with the rules and
compiled patterns already loaded. Small banks, one core, platforms without ``fork`` and
processes that run other threads (forking those is unsafe) are checked in this process.
"""

from __future__ import annotations

import multiprocessing
import threading
from collections.abc import Callable, Sequence
from concurrent.futures import ProcessPoolExecutor
from pathlib import Path

from esc_skills.lint.document import SkillDoc
from esc_skills.lint.model import Emit
from esc_skills.lint.rules_bank import BankEntry
from esc_skills.machine import cores

# Below this many skills per worker, starting and feeding a process costs more than it saves.
SKILLS_PER_WORKER = 100
MAX_WORKERS = 8
Emitted = tuple[str, Path, int, int, str]  # the arguments of one emit() call
Checker = Callable[[Path, Emit], SkillDoc]


def auto_jobs(skills: int) -> int:
    """Workers worth starting for ``skills`` skills on this machine (1: none)."""
    return max(1, min(cores(), MAX_WORKERS, skills // SKILLS_PER_WORKER))


def _can_fork() -> bool:
    return "fork" in multiprocessing.get_all_start_methods() and threading.active_count() == 1


_checker: Checker | None = None  # set in the parent before forking; workers inherit it


def _check_one(folder: Path) -> tuple[list[Emitted], BankEntry]:
    assert _checker is not None
    emitted: list[Emitted] = []
    doc = _checker(folder, lambda *args: emitted.append(args))
    return emitted, BankEntry.of(doc)


def check_all(
    folders: Sequence[Path], check: Checker, jobs: int
) -> list[tuple[list[Emitted], BankEntry]]:
    """What ``check`` emits for each folder and its bank entry, in ``folders``' order."""
    global _checker
    _checker = check
    try:
        if jobs <= 1 or len(folders) < 2 * SKILLS_PER_WORKER or not _can_fork():
            return [_check_one(folder) for folder in folders]
        context = multiprocessing.get_context("fork")
        chunk = max(1, len(folders) // (jobs * 4))
        with ProcessPoolExecutor(jobs, mp_context=context) as pool:
            return list(pool.map(_check_one, folders, chunksize=chunk))
    finally:
        _checker = None
