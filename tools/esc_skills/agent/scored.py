"""What an explaining ranker returns: each skill with its score and why it was chosen."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from esc_skills.bank import Skill


@dataclass
class Scored:
    """One routed skill: its score (higher is better) and the evidence behind it.

    ``why`` maps a kind of evidence to short strings, e.g. ``{"risk": ["burden"],
    "cues": ["academic-pressure: exam"], "terms": ["exam", "parents"]}``.
    """

    skill: Skill
    score: float
    why: dict[str, list[str]] = field(default_factory=dict)

    def as_json(self) -> dict[str, Any]:
        """The pinned route JSON item: name and score first, then the explanation."""
        return {"name": self.skill.name, "score": round(self.score, 4), "why": self.why}
