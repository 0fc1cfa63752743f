"""A frame of unsafe guidance, the rule ids the frames report, and shared fragments."""

from __future__ import annotations

from dataclasses import dataclass

from esc_skills.lint.lazyre import LazyPattern
from esc_skills.lint.safety_lexicon import OBJ_PRON, QUANT

DIAGNOSE, MEDICATION, CONFIDENTIAL, OUTCOME, DISCOURAGE = (
    "ESC601",
    "ESC602",
    "ESC603",
    "ESC604",
    "ESC605",
)
METHOD, MINIMISE, CONFRONTATION, HUMAN = "ESC606", "ESC607", "ESC608", "ESC609"
B = r"\b"
QTY = rf"(?:(?:{QUANT})\s+){{0,4}}"
TO_OBJ = rf"(?:{OBJ_PRON}\s+)?(?:that\s+)?"


@dataclass(frozen=True)
class Frame:
    """One shape of unsafe text: its pattern and what else must hold in the sentence."""

    rule: str
    pattern: LazyPattern
    cue: LazyPattern | None = None  # must also occur in the sentence
    needs: LazyPattern | None = None  # must occur in the sentence, not prohibited
    advisory: bool = False  # skip descriptive clauses ("if they take ...")
    statement: bool = False  # a bare outcome statement (fine in Expected outcomes)
    professional_ok: bool = False  # "a doctor can diagnose" / "only a GP should prescribe"
    asked: bool = False  # the seeker's question is part of the frame ("if they ask ..., say")
    unless: LazyPattern | None = None  # in the sentence, it is another act (exempt)


def lazy(pattern: str) -> LazyPattern:
    """A frame's pattern, compiled when a rule first needs it."""
    return LazyPattern(pattern)
