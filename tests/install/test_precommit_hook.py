"""The exported pre-commit hook, installed by pre-commit itself (non-editable, from git).

`pre-commit try-repo` installs this repository into its own virtual environment exactly as
a user's `.pre-commit-config.yaml` entry would, then runs the hook on a throwaway repo.
"""

from __future__ import annotations

import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from .conftest import CACHE_ENV, GIT_ID, REPO, clean_env, git_commit_all, run

pytestmark = pytest.mark.slow

CLEAN = "crisis-safety-response"


def _pre_commit() -> list[str]:
    exe = shutil.which("pre-commit", path=str(Path(sys.executable).parent))
    if exe is None:
        pytest.fail("pre-commit is not installed; it is in the dev extra: pip install -e .[dev]")
    return [exe]


def _try_repo(clone: Path, project: Path, home: Path) -> subprocess.CompletedProcess[str]:
    env = clean_env({**CACHE_ENV, **GIT_ID, "PRE_COMMIT_HOME": str(home)})
    return subprocess.run(
        [*_pre_commit(), "try-repo", str(clone), "esc-skills-lint", "--all-files"],
        cwd=project,
        capture_output=True,
        text=True,
        env=env,
    )


def test_try_repo_passes_a_clean_skill_and_fails_a_broken_one(
    source_clone: Path, tmp_path: Path
) -> None:
    project = tmp_path / "project"
    shutil.copytree(REPO / "skills" / CLEAN, project / "skills" / CLEAN)
    (project / "README.md").write_text("A repository that keeps its own skills.\n")
    run(["git", "init", "-q", "-b", "main"], project, GIT_ID)
    git_commit_all(project, "one clean skill")
    home = tmp_path / "pre-commit-home"  # one hook environment, built once, used twice

    clean = _try_repo(source_clone, project, home)
    assert clean.returncode == 0, clean.stdout + clean.stderr
    assert re.search(r"esc-skills lint\.+Passed", clean.stdout), clean.stdout

    broken = project / "skills" / "broken-skill"
    shutil.copytree(project / "skills" / CLEAN, broken)  # name no longer matches the folder
    git_commit_all(project, "a broken skill")
    failed = _try_repo(source_clone, project, home)
    assert failed.returncode == 1, failed.stdout + failed.stderr
    assert re.search(r"esc-skills lint\.+Failed", failed.stdout), failed.stdout
    assert "skills/broken-skill/SKILL.md" in failed.stdout and "ESC108" in failed.stdout
    assert f"skills/{CLEAN}/SKILL.md:" not in failed.stdout  # the clean one has no finding
