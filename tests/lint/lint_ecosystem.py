"""Other tools' skill validation, re-implemented for agreement tests.

DeerFlow (bytedance/deer-flow): the install validator (backend/src/skills/validation.py,
`_validate_skill_frontmatter`) and the runtime parser (regex frontmatter, yaml.safe_load,
non-empty name and description). Both re-written here from their rules; DeerFlow is not a
dependency. skills-ref is imported for real.
"""

from __future__ import annotations

import re
from pathlib import Path

import yaml

# Older DeerFlow releases allow only these; newer ones add compatibility, version, author.
DEERFLOW_ALLOWED = {"name", "description", "license", "allowed-tools", "metadata"}
DEERFLOW_ALLOWED_NEW = DEERFLOW_ALLOWED | {"compatibility", "version", "author"}


def deerflow_install_errors(skill_dir: Path, *, allowed: set[str] = DEERFLOW_ALLOWED) -> list[str]:
    """DeerFlow's install-time validation of a skill folder; [] when it accepts it."""
    skill_md = skill_dir / "SKILL.md"
    if not skill_md.exists():
        return ["SKILL.md not found"]
    content = skill_md.read_text(encoding="utf-8")
    if not content.startswith("---"):
        return ["No YAML frontmatter found"]
    match = re.match(r"^---\n(.*?)\n---", content, re.DOTALL)
    if not match:
        return ["Invalid frontmatter format"]
    try:
        fm = yaml.safe_load(match.group(1))
    except (yaml.YAMLError, ValueError) as exc:
        return [f"Invalid YAML in frontmatter: {exc}"]
    if not isinstance(fm, dict):
        return ["Frontmatter must be a YAML dictionary"]
    unexpected = set(fm) - allowed
    if unexpected:
        return [f"Unexpected key(s): {sorted(unexpected)}"]
    for key in ("name", "description"):
        if key not in fm:
            return [f"Missing '{key}'"]
    name = fm["name"]
    if not isinstance(name, str) or not name.strip():
        return ["Name must be a non-empty string"]
    name = name.strip()
    if not re.match(r"^[a-z0-9-]+$", name) or name[0] == "-" or name[-1] == "-" or "--" in name:
        return [f"Name '{name}' should be hyphen-case"]
    if len(name) > 64:
        return ["Name is too long"]
    desc = fm["description"]
    if not isinstance(desc, str):
        return ["Description must be a string"]
    desc = desc.strip()
    if "<" in desc or ">" in desc:
        return ["Description cannot contain angle brackets"]
    if len(desc) > 1024:
        return ["Description is too long"]
    return []


def deerflow_runtime_parse(skill_md: Path) -> dict[str, str] | None:
    """DeerFlow's runtime parse: None means the skill is silently skipped."""
    try:
        content = skill_md.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError):
        return None
    match = re.match(r"^---\s*\n(.*?)\n---\s*\n", content, re.DOTALL)
    if not match:
        return None
    try:
        meta = yaml.safe_load(match.group(1))
    except (yaml.YAMLError, ValueError):
        return None
    if not isinstance(meta, dict):
        return None
    name, desc = meta.get("name"), meta.get("description")
    if not name or not desc:
        return None
    return {"name": str(name), "description": str(desc)}


def skills_ref_errors(skill_dir: Path) -> list[str]:
    """The Agent Skills reference validator (PyPI skills-ref)."""
    from skills_ref.validator import validate

    return list(validate(skill_dir))
