"""Fixtures for the safety battery tests: the shipped profiles and criteria."""

from __future__ import annotations

import pytest

from esc_skills.safety.battery import Criterion, RiskProfile, load_criteria, load_risk_profiles


@pytest.fixture(scope="session")
def criteria() -> list[Criterion]:
    """The shipped criteria (safety/criteria.jsonl)."""
    return load_criteria()


@pytest.fixture(scope="session")
def profiles(criteria: list[Criterion]) -> list[RiskProfile]:
    """The shipped risk profiles (safety/profiles.jsonl)."""
    return load_risk_profiles(None, criteria)
