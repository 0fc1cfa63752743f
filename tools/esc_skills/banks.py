"""Which folder a bank argument means: one resolver for every command and library caller.

A bank is named by a folder, by ``skills`` / ``bank`` (./skills when it exists, else the
repository's bank: works from any directory), by a folder-backed baseline of the baseline
registry (``human-curated``), or by ``none`` (no skills). Generated baselines
(self-generated, …) need a model and are built by ``esc_skills.sage.baselines``.
"""

from __future__ import annotations

import os
from pathlib import Path
from typing import TYPE_CHECKING

from esc_skills.errors import DataError

if TYPE_CHECKING:
    from esc_skills.bank import Skill

DEFAULT_NAMES = ("skills", "bank")


def default_bank() -> Path:
    """./skills when it exists, else the repository's (or installed package's) skills/."""
    local = Path("skills")
    if local.is_dir():
        return local
    from esc_skills.paths import SKILLS_DIR

    return SKILLS_DIR


def bank_folder(spec: str | os.PathLike[str] | None, *, flag: str = "--bank") -> Path | None:
    """The folder a bank argument means; None for ``none``; DataError when there is none."""
    if spec is None or (str(spec) in DEFAULT_NAMES and not Path(spec).is_dir()):
        return default_bank()
    text = str(spec)
    if text == "none":
        return None
    from esc_skills.sage.baselines import BASELINE_REGISTRY

    baseline = BASELINE_REGISTRY.get(text)
    if baseline is not None:
        if baseline.folder is None:
            raise DataError(
                f"{flag} {text}: a generated baseline; it needs a model (simulate, eval esconv "
                "--predictor agent, experiment), not a folder"
            )
        return baseline.folder
    folder = Path(spec)
    if not folder.is_dir():
        raise DataError(
            f"{flag} {text}: no such bank folder (not a directory of skills nor one of "
            f"none, {', '.join(BASELINE_REGISTRY)}); pass a folder of <name>/SKILL.md such as "
            "skills/"
        )
    return folder


def load_named_bank(spec: str, *, flag: str = "--bank") -> tuple[str, list[Skill]]:
    """(label, skills) of a bank that needs no model: a folder, skills, human-curated, none."""
    from esc_skills.bank import load_bank
    from esc_skills.sage.baselines import BASELINE_REGISTRY

    folder = bank_folder(spec, flag=flag)
    if folder is None:
        return "none", []
    # A registry baseline keeps its name; a folder is labelled by its own name.
    label = spec if spec in BASELINE_REGISTRY else folder.resolve().name
    return label, load_bank(folder) if folder.is_dir() else []
