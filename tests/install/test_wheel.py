"""The wheel works wherever it is installed: a fresh virtual environment, another directory.

A non-editable install has no repository around it, so this catches any resource (schema,
prompt, taxonomy, default config) that is still read from the checkout.
"""

from __future__ import annotations

import shutil
import subprocess
import sys
import tomllib
import zipfile
from pathlib import Path

import pytest

from .conftest import CACHE_ENV, REPO, clean_env, run

pytestmark = pytest.mark.slow

# What `lint` and `export` import. The lint hook stays light on purpose; if this test fails
# with "No module named", either keep the new import off the lint path or add it here.
LINT_DEPS = ("click", "pyyaml")


def _requirements(names: tuple[str, ...]) -> list[str]:
    """The pyproject requirement strings (with their version bounds) of these packages."""
    declared = tomllib.loads((REPO / "pyproject.toml").read_text("utf-8"))["project"]
    found = [r for r in declared["dependencies"] if r.split(">")[0].split("=")[0] in names]
    assert len(found) == len(names), f"{names} are not all runtime dependencies: {found}"
    return found


@pytest.fixture(scope="module")
def venv(wheel: Path, tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A fresh virtual environment (no system site-packages) with the wheel installed."""
    root = tmp_path_factory.mktemp("venv")
    # --without-pip and the outer pip's --python: seconds faster than ensurepip.
    run([sys.executable, "-m", "venv", "--without-pip", str(root)], root)
    python = root / "bin" / "python"
    pip = [sys.executable, "-m", "pip", "--python", str(python), "install", "-q"]
    run([*pip, "--no-deps", str(wheel)], root, CACHE_ENV)
    run([*pip, *_requirements(LINT_DEPS)], root, CACHE_ENV)
    return root


def test_wheel_ships_the_resources(wheel: Path) -> None:
    with zipfile.ZipFile(wheel) as archive:
        names = set(archive.namelist())
    for folder in ("schema", "prompts", "lint"):
        for source in sorted((REPO / folder).iterdir()):
            assert f"esc_skills/_resources/{folder}/{source.name}" in names
    assert "esc_skills/_resources/esc-skills.toml" in names


def test_installed_package_lints_and_exports_from_elsewhere(venv: Path, tmp_path: Path) -> None:
    work = tmp_path / "elsewhere"
    shutil.copytree(REPO / "skills", work / "bank")
    exe = str(venv / "bin" / "esc-skills")
    probe = "import esc_skills.resources as r; print(r.schema_file('iu.schema.json'))"
    where = run([str(venv / "bin" / "python"), "-c", probe], work).strip()
    assert where.startswith(str(venv)) and "_resources" in where, where

    out = run([exe, "lint", "--strict", "bank"], work)
    assert "no findings" in out
    out = run([exe, "export", "--target", "claude-code", "--bank", "bank", "dest"], work)
    exported = sorted(p.parent.name for p in (work / "dest/.claude/skills").glob("*/SKILL.md"))
    assert exported == sorted(p.parent.name for p in (REPO / "skills").glob("*/SKILL.md"))


def test_installed_lint_still_reports_errors(venv: Path, tmp_path: Path) -> None:
    skill = tmp_path / "bank" / "some-skill"
    shutil.copytree(REPO / "skills" / "crisis-safety-response", skill)
    proc = subprocess.run(
        [str(venv / "bin" / "esc-skills"), "lint", "bank"],
        cwd=tmp_path,
        capture_output=True,
        text=True,
        env=clean_env(),
    )
    assert proc.returncode == 1, proc.stdout + proc.stderr
    assert "ESC108" in proc.stdout
