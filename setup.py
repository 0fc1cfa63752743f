"""Copies the repository's schema/, prompts/, safety/, lint/ and esc-skills.toml into the wheel.

They stay at the top of the repository (the source of truth that people edit, review and
link to); a wheel gets a copy under esc_skills/_resources/ so an installed tool finds them
with importlib.resources (esc_skills/resources.py). A build step is more robust than a
symlink (lost on Windows and by some sdist tools) or a second committed copy (drifts). An
editable install skips the copy: it reads the repository folders, so edits are live.
"""

from __future__ import annotations

import shutil
from pathlib import Path

from setuptools import setup
from setuptools.command.build_py import build_py

ROOT = Path(__file__).resolve().parent
FOLDERS = ("schema", "prompts", "safety", "lint")
FILES = ("esc-skills.toml",)


class BuildPyWithResources(build_py):
    """build_py that also copies the shared resources into esc_skills/_resources/."""

    def run(self) -> None:
        super().run()
        if getattr(self, "editable_mode", False):
            return
        target = Path(self.build_lib) / "esc_skills" / "_resources"
        shutil.rmtree(target, ignore_errors=True)
        for folder in FOLDERS:
            source = ROOT / folder
            if not source.is_dir():
                raise SystemExit(f"{source}: missing; build from a checkout or an sdist")
            shutil.copytree(source, target / folder)
        for name in FILES:
            shutil.copy2(ROOT / name, target / name)


setup(cmdclass={"build_py": BuildPyWithResources})
