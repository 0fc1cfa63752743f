"""Cue-phrase matching and VADER valence shared by the heuristic annotator's rules."""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass, field
from functools import lru_cache
from typing import Any

from esc_skills.taxonomy import Label

WORD = re.compile(r"[a-z']+")


def norm(text: str) -> str:
    """Lower-cased text with typographic apostrophes made plain (what cues are matched on)."""
    return text.lower().replace("\u2019", "'").replace("\u2018", "'")


@lru_cache(maxsize=512)
def _cue_regex(cues: tuple[str, ...]) -> re.Pattern[str] | None:
    if not cues:
        return None
    alts = "|".join(re.escape(norm(c)) for c in sorted(cues, key=len, reverse=True))
    return re.compile(rf"(?<![a-z])(?:{alts})(?![a-z])")


def cue_hits(text: str, cues: Iterable[str]) -> int:
    """Number of cue-phrase occurrences in ``text`` (already lower-cased)."""
    rx = _cue_regex(tuple(cues))
    return len(rx.findall(text)) if rx else 0


def cue_score(text: str, cues: Iterable[str]) -> tuple[int, int]:
    """(hits, matched characters): more hits win, then longer (more specific) phrases."""
    rx = _cue_regex(tuple(cues))
    if rx is None:
        return 0, 0
    found = rx.findall(text)
    return len(found), sum(len(f) for f in found)


def best_label(
    text: str, labels: Iterable[Label], extra: dict[str, tuple[str, ...]] | None = None
) -> str | None:
    """The label whose cues score highest in ``text`` (ties: the first), or None with no hit."""
    best, best_score = None, (0, 0)
    for label in labels:
        score = cue_score(text, label.cues + ((extra or {}).get(label.id, ())))
        if score > best_score:
            best, best_score = label.id, score
    return best


@dataclass
class Valence:
    """VADER compound scores, loaded lazily (cheap import) and memoised per text."""

    _analyzer: Any = None
    _memo: dict[str, float] = field(default_factory=dict)

    def __call__(self, text: str) -> float:
        if not text:
            return 0.0
        hit = self._memo.get(text)
        if hit is not None:
            return hit
        if self._analyzer is None:
            from vaderSentiment.vaderSentiment import SentimentIntensityAnalyzer

            self._analyzer = SentimentIntensityAnalyzer()
        if len(self._memo) > 200_000:
            self._memo.clear()
        value = self._memo[text] = float(self._analyzer.polarity_scores(text)["compound"])
        return value


VALENCE = Valence()
