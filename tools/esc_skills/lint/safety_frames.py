"""The frames of every unsafe-guidance rule, in a fixed order (the prefilter plans are keyed
by it), built from the word lists in safety_lexicon and safety_lexicon_risk."""

from __future__ import annotations

from esc_skills.lint.safety_frame import (
    CONFIDENTIAL,
    CONFRONTATION,
    DIAGNOSE,
    DISCOURAGE,
    HUMAN,
    MEDICATION,
    METHOD,
    MINIMISE,
    OUTCOME,
    Frame,
)
from esc_skills.lint.safety_frames_clinical import CLINICAL_FRAMES
from esc_skills.lint.safety_frames_help import HELP_FRAMES
from esc_skills.lint.safety_frames_promises import PROMISE_FRAMES
from esc_skills.lint.safety_frames_risk import RISK_FRAMES

FRAMES: tuple[Frame, ...] = (*CLINICAL_FRAMES, *PROMISE_FRAMES, *HELP_FRAMES, *RISK_FRAMES)
__all__ = [
    "CONFIDENTIAL",
    "CONFRONTATION",
    "DIAGNOSE",
    "DISCOURAGE",
    "FRAMES",
    "HUMAN",
    "MEDICATION",
    "METHOD",
    "MINIMISE",
    "OUTCOME",
    "Frame",
]
