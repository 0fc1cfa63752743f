"""Where the shipped resources (schemas, prompts), the default bank and the user's data live."""

from __future__ import annotations

import os
from pathlib import Path

from esc_skills import resources
from esc_skills.errors import DataError

# The repository root when running from a checkout; None for an installed package.
CHECKOUT_ROOT = resources.checkout_root()
# Kept for callers and tests that work inside a checkout; an installed package has no
# repository, so this is then the working directory (where `skills/` is looked for).
REPO_ROOT = CHECKOUT_ROOT or Path.cwd()
SCHEMA_DIR = resources.resource_dir("schema")
PROMPTS_DIR = resources.resource_dir("prompts")
TAXONOMY_PATH = resources.taxonomy_file()
# The bank and the human-curated baseline are content, not package data: a checkout uses
# its own folders from any working directory, an installed tool the ones under the cwd.
SKILLS_DIR = REPO_ROOT / "skills" if CHECKOUT_ROOT else Path("skills")
BASELINES_DIR = REPO_ROOT / "baselines" if CHECKOUT_ROOT else Path("baselines")
DATA_DIR_ENV = "ESC_SKILLS_DATA_DIR"
# A clone sits beside shared/ in this project's CI; an installed tool keeps downloads in the
# user's data folder. Users pass --data-dir or set the variable.
DEFAULT_DATA_DIR = (
    CHECKOUT_ROOT.parent / "shared" / "data"
    if CHECKOUT_ROOT
    else Path(os.environ.get("XDG_DATA_HOME") or Path.home() / ".local" / "share")
    / "esc-skills"
    / "data"
)


def user_cache_dir() -> Path | None:
    """esc-skills' folder in the user's cache ($XDG_CACHE_HOME or ~/.cache); None without a home."""
    base = os.environ.get("XDG_CACHE_HOME")
    if not base:
        try:
            base = str(Path.home() / ".cache")
        except RuntimeError:  # no home folder (a bare container user)
            return None
    return Path(base) / "esc-skills"


def schema_path(name: str) -> Path:
    """Return the path of a shipped JSON Schema, e.g. ``iu.schema.json``."""
    return resources.schema_file(name)


def prompt_path(name: str) -> Path:
    """Return the path of a shipped prompt template."""
    return resources.prompt_file(name)


def resolve_data_dir(flag: str | os.PathLike[str] | None = None) -> Path:
    """Pick the data directory: the flag, else $ESC_SKILLS_DATA_DIR, else the default."""
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
