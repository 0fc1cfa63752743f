"""Fixtures for the SAGE tests."""

from __future__ import annotations

from pathlib import Path

import pytest

from esc_skills.data.profiles import Profile, load_profiles


@pytest.fixture(scope="session")
def sage_profiles(data_dir: Path) -> list[Profile]:
    """The 100 SAGE profiles."""
    return load_profiles(data_dir, "sage")
