"""Dialogue records shared by every loader: one speaker vocabulary, one turn shape."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any, Literal

Speaker = Literal["seeker", "supporter"]


@dataclass(frozen=True)
class Turn:
    """One utterance; ``index`` is its position in the source dialog list."""

    index: int
    speaker: Speaker
    text: str
    strategy: str | None = None  # one of ESConv's 8 labels, supporter turns only
    feedback: int | None = None  # seeker's 1-5 rating of the last support, where recorded


@dataclass
class Dialogue:
    """One support conversation with its scenario fields."""

    id: str
    source: str  # "esconv" | "failed-esconv" | "user"
    turns: list[Turn]
    situation: str = ""
    problem_type: str = ""
    emotion_type: str = ""
    experience_type: str = ""
    survey: dict[str, Any] = field(default_factory=dict)
    split: str | None = None

    def seeker_turns(self) -> list[Turn]:
        """The seeker's utterances in order."""
        return [t for t in self.turns if t.speaker == "seeker"]

    def supporter_turns(self) -> list[Turn]:
        """The supporter's utterances in order."""
        return [t for t in self.turns if t.speaker == "supporter"]


@dataclass
class LoadReport:
    """Records skipped while loading: file, line and reason, so nothing is dropped silently."""

    skips: list[tuple[str, int, str]] = field(default_factory=list)
    loaded: int = 0

    def skip(self, file: str, line: int, reason: str) -> None:
        """Note one skipped record."""
        self.skips.append((file, line, reason))

    def reasons(self) -> dict[str, int]:
        """How many records were skipped per reason."""
        out: dict[str, int] = {}
        for _, _, reason in self.skips:
            key = reason.split(":", 1)[0]
            out[key] = out.get(key, 0) + 1
        return out

    def summary(self) -> str:
        """One line: loaded and skipped counts with reasons."""
        if not self.skips:
            return f"{self.loaded} dialogues loaded, 0 skipped"
        why = ", ".join(f"{n} {r}" for r, n in sorted(self.reasons().items()))
        return f"{self.loaded} dialogues loaded, {len(self.skips)} skipped ({why})"
