"""Edge cases of the lint engine that the example folders do not show."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from esc_skills.errors import UserError
from esc_skills.lint import RULES, lint_paths, lint_skill
from esc_skills.lint.engine import run_lint

POSITIVE = Path(__file__).parent / "positive"


@pytest.fixture
def skill(tmp_path: Path) -> Path:
    dest = tmp_path / "grief-companioning"
    shutil.copytree(POSITIVE / "grief-companioning", dest)
    return dest


def _edit(skill: Path, old: str, new: str) -> None:
    path = skill / "SKILL.md"
    text = path.read_text(encoding="utf-8")
    assert old in text
    path.write_text(text.replace(old, new, 1), encoding="utf-8")


def test_trailing_spaces_after_closing_dashes_are_fine(skill: Path) -> None:
    _edit(skill, "---\n\n# Grief", "---   \n\n# Grief")
    assert lint_skill(skill) == []


def test_trailing_characters_after_opening_dashes(skill: Path) -> None:
    _edit(skill, "---\nname:", "--- \nname:")
    (finding,) = lint_skill(skill)
    assert (finding.rule, finding.line, finding.col) == ("ESC100", 1, 4)


def test_same_skill_twice_is_checked_once(skill: Path) -> None:
    findings, checked = run_lint([skill, skill / "SKILL.md", skill / "references/evidence.json"])
    assert findings == [] and checked == 1


def test_bank_readme_and_hidden_folders_are_ignored(tmp_path: Path) -> None:
    bank = tmp_path / "skills"
    shutil.copytree(POSITIVE, bank)
    (bank / "README.md").write_text("# index\n")
    (bank / ".cache").mkdir()
    assert lint_paths([bank]) == []


def test_file_outside_any_skill_is_a_usage_error(tmp_path: Path) -> None:
    (tmp_path / "notes.md").write_text("hi\n")
    with pytest.raises(UserError, match="not inside a skill folder"):
        lint_paths([tmp_path / "notes.md"])


def test_every_rule_has_a_unique_name_and_summary() -> None:
    names = [r.name for r in RULES.values()]
    assert len(names) == len(set(names))
    assert all(r.summary and r.id.startswith("ESC") and len(r.id) == 6 for r in RULES.values())


def test_unknown_esc_key_with_typo_still_reports_missing_required(skill: Path) -> None:
    _edit(skill, "  esc-origin:", "  esc-orign:")
    rules = sorted(f.rule for f in lint_skill(skill))
    assert rules == ["ESC301", "ESC305"]


def test_multiline_plain_description_is_fine(skill: Path) -> None:
    text = (skill / "SKILL.md").read_text(encoding="utf-8")
    line = next(ln for ln in text.splitlines() if ln.startswith("description:"))
    _edit(
        skill,
        line,
        "description: Accompanies a grieving seeker and makes room for the\n"
        "  story. Use when a seeker talks about a death or loss.",
    )
    assert lint_skill(skill) == []


def test_near_duplicate_rule_ignores_distinct_skills_and_flags_copies(tmp_path: Path) -> None:
    bank = tmp_path / "skills"
    shutil.copytree(POSITIVE, bank)
    assert [f.rule for f in lint_paths([bank])] == []
    copy = bank / "grief-companioning-two"
    shutil.copytree(bank / "grief-companioning", copy)
    _edit(copy, "name: grief-companioning", "name: grief-companioning-two")
    (copy / "references" / "evidence.json").unlink()
    findings = lint_paths([bank])
    assert [f.rule for f in findings] == ["ESC702"]
    assert "grief-companioning" in findings[0].message and "1.00" in findings[0].message


def test_lint_skill_refuses_a_bank() -> None:
    with pytest.raises(UserError, match="not a skill folder"):
        lint_skill(POSITIVE)


def test_every_rule_is_documented() -> None:
    from esc_skills.paths import REPO_ROOT

    docs = (REPO_ROOT / "docs" / "bank-and-lint.md").read_text(encoding="utf-8")
    missing = [r for r in RULES if f"| {r} | `{RULES[r].name}` |" not in docs]
    assert not missing, f"document {missing} in docs/bank-and-lint.md"


def test_metadata_keys_must_be_strings(skill: Path) -> None:
    _edit(skill, '  esc-version: "1"\n', '  esc-version: "1"\n  2024: "year"\n')
    (finding,) = lint_skill(skill)
    assert (finding.rule, finding.line) == ("ESC121", 7)


@pytest.mark.parametrize("kind", ["dangling", "fifo", "folder"])
def test_skill_md_that_is_not_a_regular_file_is_a_usage_error(tmp_path: Path, kind: str) -> None:
    # A dangling symlink, a FIFO or a folder named SKILL.md: one clear line, never a traceback.
    import os

    folder = tmp_path / "odd"
    folder.mkdir()
    skill_md = folder / "SKILL.md"
    if kind == "dangling":
        skill_md.symlink_to(tmp_path / "nowhere")
    elif kind == "fifo":
        os.mkfifo(skill_md)
    else:
        skill_md.mkdir()
    expected = {"dangling": "dangling symlink", "fifo": "not a regular file", "folder": "folder"}
    for path in (folder, skill_md) if kind != "folder" else (folder,):
        with pytest.raises(UserError, match=expected[kind]):
            lint_paths([path])


@pytest.mark.parametrize("name", ["notes.md", "notes.markdown", "data.jsonl", "table.csv"])
def test_every_text_file_the_safety_rules_read_is_checked_for_encoding(
    skill: Path, name: str
) -> None:
    (skill / "references" / name).write_bytes(b"caf\xe9 \xff\n")
    (skill / "references" / f"bom-{name}").write_bytes(b"\xef\xbb\xbfplain text\n")
    rules = {(f.path.name, f.rule) for f in lint_skill(skill)}
    assert (name, "ESC401") in rules and (f"bom-{name}", "ESC402") in rules
