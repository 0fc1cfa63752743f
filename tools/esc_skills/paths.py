"""Where the repository's resources (schemas, prompts, bank) and the user's data live."""

from __future__ import annotations

import os
from pathlib import Path

from esc_skills.errors import DataError

# The package lives in tools/esc_skills/, so the repository root is two levels up.
REPO_ROOT = Path(__file__).resolve().parents[2]
SCHEMA_DIR = REPO_ROOT / "schema"
PROMPTS_DIR = REPO_ROOT / "prompts"
SKILLS_DIR = REPO_ROOT / "skills"
BASELINES_DIR = REPO_ROOT / "baselines"
TAXONOMY_PATH = SCHEMA_DIR / "taxonomy.yaml"
DATA_DIR_ENV = "ESC_SKILLS_DATA_DIR"
# A clone sits beside shared/ in this project's CI; users pass --data-dir or set the variable.
DEFAULT_DATA_DIR = REPO_ROOT.parent / "shared" / "data"


def schema_path(name: str) -> Path:
    """Return the path of a JSON Schema shipped in schema/, e.g. ``iu.schema.json``."""
    return SCHEMA_DIR / name


def prompt_path(name: str) -> Path:
    """Return the path of a prompt template in prompts/."""
    return PROMPTS_DIR / name


def resolve_data_dir(flag: str | os.PathLike[str] | None = None) -> Path:
    """Pick the data directory: the flag, else $ESC_SKILLS_DATA_DIR, else ../shared/data."""
    if flag:
        chosen, source = Path(flag), "--data-dir"
    elif os.environ.get(DATA_DIR_ENV):
        chosen, source = Path(os.environ[DATA_DIR_ENV]), f"${DATA_DIR_ENV}"
    else:
        chosen, source = DEFAULT_DATA_DIR, "the default"
    if not chosen.is_dir():
        raise DataError(
            f"data directory {chosen} (from {source}) does not exist; pass --data-dir DIR, "
            f"set {DATA_DIR_ENV}, or run `esc-skills data fetch` to download the public files"
        )
    return chosen
