"""Crash points: where the kill-point tests make an evolve command die, as a kill -9 would."""

from __future__ import annotations

import os

CRASH_ENV = "ESC_SKILLS_EVOLVE_CRASH_AT"
_HITS: dict[str, int] = {}


def crash_point(name: str) -> None:
    """Die here, at once and without cleanup, when $ESC_SKILLS_EVOLVE_CRASH_AT names ``name``.

    ``name@N`` dies at the Nth time the point is reached in this process.
    The kill-point tests use it to prove every step survives a crash at that point.
    """
    wanted = os.environ.get(CRASH_ENV, "")
    point, _, nth = wanted.partition("@")
    if point != name:
        return
    _HITS[name] = _HITS.get(name, 0) + 1
    if _HITS[name] == (int(nth) if nth.isdigit() else 1):
        os._exit(86)
