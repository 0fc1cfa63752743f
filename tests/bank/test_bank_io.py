"""Bank I/O: load/save round trips keep bytes; written YAML is block style and strictyaml-safe."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
import strictyaml

from esc_skills.bank import SECTIONS, Skill, load_bank, load_skill, render_skill, save_skill
from esc_skills.lint import lint_paths
from tests.helpers import copy_positive_bank
from tests.lint.lint_generate import write_generated_bank


@pytest.fixture
def bank(tmp_path: Path) -> Path:
    return copy_positive_bank(tmp_path / "skills")


def test_unchanged_skills_keep_their_bytes(bank: Path) -> None:
    for folder in sorted(bank.iterdir()):
        before = (folder / "SKILL.md").read_bytes()
        skill = load_skill(folder)
        save_skill(skill, folder)
        assert (folder / "SKILL.md").read_bytes() == before, folder.name


def test_unchanged_skill_saved_elsewhere_round_trips(bank: Path, tmp_path: Path) -> None:
    skill = load_skill(bank / "grief-companioning")
    out = tmp_path / "copy" / "grief-companioning"
    save_skill(skill, out)
    again = load_skill(out)
    assert (again.name, again.description, again.metadata) == (
        skill.name,
        skill.description,
        skill.metadata,
    )
    assert again.body.strip() == skill.body.strip()


def test_changed_skill_is_rewritten_block_style_and_lints_clean(bank: Path) -> None:
    folder = bank / "work-overwhelm-prioritizing"
    skill = load_skill(folder)
    skill.description = "Sorts an overwhelming load: reflect, then plan # now. Use when stuck."
    skill.metadata["esc-origin"] = "refined"
    save_skill(skill, folder)
    text = (folder / "SKILL.md").read_text(encoding="utf-8")
    head = text.split("---\n")[1]
    assert "{" not in head and "[" not in head  # block style only
    parsed = strictyaml.load(head).data
    assert parsed["description"] == skill.description
    assert parsed["metadata"]["esc-origin"] == "refined"
    assert parsed["metadata"]["esc-version"] == "1"  # still a string
    assert lint_paths([folder]) == []
    assert not list(folder.glob(".SKILL.*.tmp"))  # atomic write left nothing behind


def test_render_is_strictyaml_safe_for_awkward_values(tmp_path: Path) -> None:
    awkward = ["yes", "1", "null", "a: b", "x # y", "'quoted'", '"dq"', "- dash", "~", "é ü"]
    for i, value in enumerate(awkward):
        skill = Skill(
            name=f"skill-{i}",
            description=f"Use when {value}",
            body="## Overview\n\nText.\n",
            metadata={"esc-version": "1", "esc-origin": value},
        )
        head = render_skill(skill).split("---\n")[1]
        data = strictyaml.load(head).data
        assert data["metadata"]["esc-origin"] == value
        assert data["description"] == f"Use when {value}"


def test_sections_and_labels(bank: Path) -> None:
    skill = load_skill(bank / "crisis-safety-check")
    assert list(skill.sections()) == list(SECTIONS)
    assert skill.labels("esc-seeker-states") == ["crisis", "hopelessness"]


def test_load_bank_sorted_and_generated_round_trip(tmp_path: Path) -> None:
    write_generated_bank(tmp_path / "gen", 12, seed=3)
    skills = load_bank(tmp_path / "gen")
    assert [s.name for s in skills] == sorted(s.name for s in skills)
    for skill in skills:
        assert skill.path is not None
        before = (skill.path / "SKILL.md").read_bytes()
        save_skill(skill, skill.path)
        assert (skill.path / "SKILL.md").read_bytes() == before
        # a rendered copy of the same skill also lints clean
        out = tmp_path / "rendered" / skill.name
        out.mkdir(parents=True)
        (out / "SKILL.md").write_text(render_skill(skill), encoding="utf-8")
        shutil.copytree(skill.path / "references", out / "references")
        assert lint_paths([out]) == []
