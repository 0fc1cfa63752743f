"""Dialogue data: ESConv (HF and original formats), FailedESConv, users' own JSON lines."""

from esc_skills.data.esconv import (
    load_esconv,
    load_esconv_original,
    load_failed_esconv,
    load_source,
    load_user_dialogues,
    normalize_strategy,
)
from esc_skills.data.types import Dialogue, LoadReport, Turn

__all__ = [
    "Dialogue",
    "LoadReport",
    "Turn",
    "load_esconv",
    "load_esconv_original",
    "load_failed_esconv",
    "load_source",
    "load_user_dialogues",
    "normalize_strategy",
]
