"""Load and save skills: ``skills/<name>/SKILL.md`` folders with YAML frontmatter."""

from __future__ import annotations

import json
import os
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml

from esc_skills import atomic
from esc_skills.errors import DataError
from esc_skills.names import NAME_RE
from esc_skills.sections import split_body

SKILL_FILE = "SKILL.md"
SECTIONS = (
    "Overview",
    "When to use",
    "Recommended actions",
    "Pitfalls to avoid",
    "Expected outcomes",
    "Risks and escalation",
    "Examples",
)


@dataclass
class Skill:
    """One skill: frontmatter fields, markdown body and where it came from."""

    name: str
    description: str
    body: str
    metadata: dict[str, str] = field(default_factory=dict)
    license: str | None = None
    compatibility: str | None = None
    path: Path | None = None  # the skill folder
    source_text: str | None = None  # the SKILL.md text as loaded, to keep unchanged saves exact

    def sections(self) -> dict[str, str]:
        """The body's H2 sections, title -> content (stripped); code fences are not split."""
        return split_body(self.body).by_title()

    def labels(self, key: str) -> list[str]:
        """A comma-separated ``esc-*`` metadata value as a list."""
        return [v.strip() for v in self.metadata.get(key, "").split(",") if v.strip()]

    def frontmatter(self) -> dict[str, Any]:
        """Frontmatter in canonical key order, without empty optional keys."""
        data: dict[str, Any] = {"name": self.name, "description": self.description}
        if self.license:
            data["license"] = self.license
        if self.compatibility:
            data["compatibility"] = self.compatibility
        if self.metadata:
            data["metadata"] = {str(k): str(v) for k, v in self.metadata.items()}
        return data


def _optional_str(value: object) -> str | None:
    return None if value is None else str(value)


def load_skill(folder: str | os.PathLike[str]) -> Skill:
    """Read ``folder/SKILL.md``; raise DataError naming the file when it cannot be parsed."""
    import frontmatter  # imported here so `esc-skills lint` (which reads SECTIONS) stays light

    path = Path(folder) / SKILL_FILE
    try:
        text = path.read_text(encoding="utf-8")
        post = frontmatter.loads(text)
    except (OSError, UnicodeDecodeError, yaml.YAMLError) as exc:
        raise DataError(f"{path}: cannot read skill: {exc}") from exc
    meta = post.metadata
    raw_metadata = meta.get("metadata") or {}
    return Skill(
        name=str(meta.get("name", "")),
        description=str(meta.get("description", "")),
        body=post.content,
        metadata={str(k): str(v) for k, v in raw_metadata.items()}
        if isinstance(raw_metadata, dict)
        else {},
        license=_optional_str(meta.get("license")),
        compatibility=_optional_str(meta.get("compatibility")),
        path=Path(folder),
        source_text=text,
    )


def load_bank(root: str | os.PathLike[str]) -> list[Skill]:
    """Load every ``<root>/<name>/SKILL.md``, sorted by folder name."""
    root = Path(root)
    if not root.is_dir():
        raise DataError(f"{root}: not a directory of skills")
    return [load_skill(d) for d in sorted(root.iterdir()) if (d / SKILL_FILE).is_file()]


def _quoted(value: object) -> str:
    """A double-quoted YAML scalar (a JSON string is one)."""
    return json.dumps(str(value), ensure_ascii=False)


def render_skill(skill: Skill) -> str:
    """SKILL.md text: block-style frontmatter in the bank's house style, then the body.

    Written by hand rather than by yaml.dump so generated skills look like the
    hand-written ones (double-quoted values) and parse under strictyaml.
    """
    lines = []
    for key, value in skill.frontmatter().items():
        if isinstance(value, dict):
            lines.append(f"{key}:")
            lines += [f"  {k}: {_quoted(v)}" for k, v in value.items()]
        elif key == "name" and NAME_RE.match(value) and not value.isdigit():
            lines.append(f"name: {value}")
        else:
            lines.append(f"{key}: {_quoted(value)}")
    head = "\n".join(lines)
    return f"---\n{head}\n---\n\n{skill.body.strip()}\n"


def save_skill(skill: Skill, folder: str | os.PathLike[str]) -> Path:
    """Write SKILL.md atomically; an unchanged skill keeps its exact bytes."""
    folder = Path(folder)
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / SKILL_FILE
    if skill.source_text is not None and path.exists():
        original = load_skill(folder)
        if original.frontmatter() == skill.frontmatter() and original.body == skill.body:
            return path  # nothing changed: keep the author's formatting
    atomic.write_text(path, render_skill(skill))
    return path
