"""Every skill our lint accepts is accepted by skills-ref and by DeerFlow's rules."""

from __future__ import annotations

import os
import random
import shutil
from pathlib import Path

import pytest

from esc_skills.lint import has_errors, lint_paths
from esc_skills.paths import REPO_ROOT
from tests.export.deerflow_real import load_deerflow

from .lint_ecosystem import (
    DEERFLOW_ALLOWED_NEW,
    deerflow_install_errors,
    deerflow_runtime_parse,
    skills_ref_errors,
)
from .lint_generate import write_generated_bank

HERE = Path(__file__).parent
POSITIVE = sorted(
    p for p in (HERE / "positive").iterdir() if p.is_dir() and not p.name.startswith(".")
)
FUZZ_CASES = int(os.environ.get("ESC_LINT_FUZZ_CASES", "150"))
NEGATIVE_SKILLS = sorted(p for p in (HERE / "negative").iterdir() if (p / "SKILL.md").is_file())


def _real_deerflow_accepts(skill: Path) -> bool:
    """DeerFlow's own validator and parser (the deerflow-kernel wheel) accept the folder."""
    deerflow = load_deerflow()
    ok, _, name = deerflow.validation._validate_skill_frontmatter(skill)
    parsed = deerflow.parser.parse_skill_file(skill / "SKILL.md", "public")
    return bool(ok) and name == skill.name and parsed is not None and parsed.name == skill.name


def _assert_accepted_everywhere(skill: Path) -> None:
    assert skills_ref_errors(skill) == []
    # The re-implementation keeps an older, stricter DeerFlow release's rules; the real
    # current code must accept the skill too.
    assert deerflow_install_errors(skill) == []
    parsed = deerflow_runtime_parse(skill / "SKILL.md")
    assert parsed is not None and parsed["name"] == skill.name
    assert _real_deerflow_accepts(skill)


@pytest.mark.parametrize("skill", POSITIVE, ids=[p.name for p in POSITIVE])
def test_positive_skills_pass_the_ecosystem(skill: Path) -> None:
    assert not has_errors(lint_paths([skill]))
    _assert_accepted_everywhere(skill)


def test_generated_skills_pass_the_ecosystem(tmp_path: Path) -> None:
    bank = tmp_path / "bank"
    write_generated_bank(bank, 40, seed=7)
    assert lint_paths([bank]) == []
    for skill in sorted(bank.iterdir()):
        _assert_accepted_everywhere(skill)


def _rejected_elsewhere(case: Path) -> bool:
    try:
        return (
            bool(skills_ref_errors(case))
            or bool(deerflow_install_errors(case, allowed=DEERFLOW_ALLOWED_NEW))
            or deerflow_runtime_parse(case / "SKILL.md") is None
        )
    except (UnicodeDecodeError, ValueError):  # skills-ref raises on non-UTF-8
        return True


def test_skills_the_ecosystem_rejects_are_lint_errors() -> None:
    # The converse on the negative corpus: whatever skills-ref or DeerFlow reject, we reject.
    rejected = [case for case in NEGATIVE_SKILLS if _rejected_elsewhere(case)]
    assert len(rejected) >= 15
    for case in rejected:
        assert has_errors(lint_paths([case])), case.name


def test_random_mutations_never_pass_lint_but_fail_elsewhere(tmp_path: Path) -> None:
    # Fuzz the frontmatter of a valid skill: lint must never accept what others reject.
    source = (HERE / "positive" / "grief-companioning" / "SKILL.md").read_text(encoding="utf-8")
    head, body = source.split("\n---\n", 1)
    pieces = [": ", " #", "[", "{", "<", "---", '"', "'", "\t", "- ", "&a ", "*a", "!!int ", "\n"]
    rng = random.Random(11)
    for i in range(FUZZ_CASES):
        lines = head.split("\n")
        at = rng.randrange(1, len(lines))
        pos = rng.randrange(0, len(lines[at]) + 1)
        lines[at] = lines[at][:pos] + rng.choice(pieces) + lines[at][pos:]
        folder = tmp_path / f"m{i}" / "grief-companioning"
        shutil.copytree(HERE / "positive" / "grief-companioning", folder)
        (folder / "SKILL.md").write_text("\n".join(lines) + "\n---\n" + body, encoding="utf-8")
        if has_errors(lint_paths([folder])):
            continue
        assert skills_ref_errors(folder) == [], lines[at]
        assert deerflow_install_errors(folder) == [], lines[at]
        assert deerflow_runtime_parse(folder / "SKILL.md") is not None, lines[at]
        assert _real_deerflow_accepts(folder), lines[at]


SHIPPED = sorted(
    p
    for root in (REPO_ROOT / "skills", REPO_ROOT / "baselines" / "human-curated")
    for p in root.iterdir()
    if (p / "SKILL.md").is_file()
)


@pytest.mark.parametrize("skill", SHIPPED, ids=[f"{p.parent.name}/{p.name}" for p in SHIPPED])
def test_shipped_skills_pass_the_ecosystem(skill: Path) -> None:
    _assert_accepted_everywhere(skill)
