"""The red-team corpus (tests/lint/redteam/*.jsonl) and how a case is put into a clean skill.

Each line: {"id", "half" ("A" developed against, "B" held out), "category", "section",
"text", "rule" (unsafe only)}. ``section`` is an H2 title of the seed skill, or
"references" for a linked references/guide.md. Shared by test_lint_redteam.py and
benchmarks/bench_redteam.py.
"""

from __future__ import annotations

import json
import shutil
from dataclasses import dataclass
from pathlib import Path

HERE = Path(__file__).parent
REDTEAM = HERE / "redteam"
SEED = HERE / "positive" / "grief-companioning"


@dataclass(frozen=True)
class Case:
    """One red-team sentence and where it goes."""

    id: str
    half: str
    category: str
    section: str
    text: str
    rule: str | None = None


def load(kind: str) -> list[Case]:
    """The ``unsafe`` or ``safe`` cases, in file order."""
    path = REDTEAM / f"{kind}.jsonl"
    out = []
    for n, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
        if line.strip():
            rec = json.loads(line)
            try:
                out.append(Case(**rec))
            except TypeError as exc:
                raise ValueError(f"{path}:{n}: {exc}") from None
    return out


def plant(case: Case, root: Path) -> Path:
    """A copy of the clean seed skill under ``root`` with the case's text inserted."""
    folder = root / case.id / "grief-companioning"
    shutil.copytree(SEED, folder)
    skill_md = folder / "SKILL.md"
    source = skill_md.read_text(encoding="utf-8")
    if case.section == "references":
        (folder / "references").mkdir(exist_ok=True)
        (folder / "references" / "guide.md").write_text(
            f"# Guide\n\n{case.text}\n", encoding="utf-8"
        )
        source = source.replace(
            "## Examples\n", "See [the guide](references/guide.md).\n\n## Examples\n", 1
        )
    else:
        heading = f"## {case.section}\n\n"
        if heading not in source:
            raise ValueError(f"{case.id}: the seed skill has no section '{case.section}'")
        source = source.replace(heading, heading + case.text + "\n\n", 1)
    skill_md.write_text(source, encoding="utf-8")
    return folder


def rules_found(case: Case, root: Path) -> set[str]:
    """Rule ids lint reports for the seed skill with ``case`` planted in it."""
    from esc_skills.lint import lint_paths

    return {f.rule for f in lint_paths([plant(case, root)])}
