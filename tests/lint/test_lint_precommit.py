"""The pre-commit hooks: the exported hook's files pattern and the local config."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
import yaml

from esc_skills.paths import REPO_ROOT

HOOKS = yaml.safe_load((REPO_ROOT / ".pre-commit-hooks.yaml").read_text(encoding="utf-8"))
CONFIG = yaml.safe_load((REPO_ROOT / ".pre-commit-config.yaml").read_text(encoding="utf-8"))
LINT_HOOK = next(h for h in HOOKS if h["id"] == "esc-skills-lint")

MUST_MATCH = [
    "skills/grief-companioning/SKILL.md",
    "SKILL.md",
    "baselines/human-curated/active-listening/SKILL.md",
    ".claude/skills/my-skill/SKILL.md",
    "skills/grief-companioning/references/evidence.json",
    "skills/grief-companioning/references/notes.md",
    "vendor/skills/x/references/deep/file.md",
]
MUST_NOT_MATCH = [
    "skills/README.md",
    "README.md",
    "SKILL.md.bak",
    "skills/grief/skill.md",
    "docs/SKILL.md.txt",
    "tools/esc_skills/lint/engine.py",
    "references/evidence.json",
    "skills/references/evidence.json",
    "myskills/x/references/a.md",
]


@pytest.mark.parametrize("path", MUST_MATCH)
def test_hook_files_pattern_matches(path: str) -> None:
    # pre-commit applies `files` with re.search to repository-relative paths.
    assert re.search(LINT_HOOK["files"], path)


@pytest.mark.parametrize("path", MUST_NOT_MATCH)
def test_hook_files_pattern_does_not_match(path: str) -> None:
    assert not re.search(LINT_HOOK["files"], path)


def test_exported_hook_shape() -> None:
    assert LINT_HOOK["language"] == "python"
    assert LINT_HOOK["entry"] == "esc-skills lint"
    assert LINT_HOOK["pass_filenames"] is True
    ids = {h["id"] for h in HOOKS}
    assert {"esc-skills-lint", "esc-skills-bank-index"} <= ids


def test_local_config_uses_only_local_hooks() -> None:
    assert all(repo["repo"] == "local" for repo in CONFIG["repos"])
    hooks = {h["id"]: h for repo in CONFIG["repos"] for h in repo["hooks"]}
    assert {"ruff", "ruff-format", "esc-skills-lint"} <= set(hooks)
    assert hooks["esc-skills-lint"]["files"] == LINT_HOOK["files"]


def test_hook_entry_lints_the_files_pre_commit_passes(tmp_path: Path) -> None:
    # What pre-commit runs: the entry plus the matching changed files.
    from click.testing import CliRunner

    from esc_skills.cli.main import cli

    positive = Path(__file__).parent / "positive"
    files = [
        positive / "grief-companioning" / "SKILL.md",
        positive / "grief-companioning" / "references" / "evidence.json",
        positive / "crisis-safety-check" / "references" / "safety-plan.md",
    ]
    result = CliRunner().invoke(cli, ["lint", *map(str, files)])
    assert result.exit_code == 0, result.output
    assert "2 skills checked" in result.output


def test_pre_commit_accepts_both_files() -> None:
    import shutil
    import subprocess
    import sys

    exe = shutil.which("pre-commit", path=str(Path(sys.executable).parent))
    if exe is None:
        pytest.skip("pre-commit is not installed")
    for command, name in (
        ("validate-manifest", ".pre-commit-hooks.yaml"),
        ("validate-config", ".pre-commit-config.yaml"),
    ):
        proc = subprocess.run([exe, command, str(REPO_ROOT / name)], capture_output=True, text=True)
        assert proc.returncode == 0, proc.stdout + proc.stderr
