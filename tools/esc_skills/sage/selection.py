"""Choose profiles by how an earlier run went (the challenging ones evolution verifies on)."""

from __future__ import annotations

import os

from esc_skills.data.profiles import Profile
from esc_skills.data.traces import read_traces
from esc_skills.errors import DataError


def lowest_scoring(
    profiles: list[Profile], traces_path: str | os.PathLike[str], n: int
) -> list[Profile]:
    """The ``n`` profiles with the lowest final emotion in a previous trace file."""
    scores = {t.profile_id: t.final_emotion for t in read_traces(traces_path) if t.completed}
    if not scores:
        raise DataError(f"{traces_path}: no completed conversations to rank profiles by")
    ranked = sorted(
        (p for p in profiles if p.id in scores), key=lambda p: (scores[p.id] or 0, p.id)
    )
    return ranked[:n]
