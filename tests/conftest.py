"""Shared fixtures: the shared data directory, a scripted fake model, an isolated HOME."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from esc_skills.llm import FakeBackend, LLMClient
from esc_skills.paths import DEFAULT_DATA_DIR, REPO_ROOT


def pytest_addoption(parser: pytest.Parser) -> None:
    parser.addoption("--runapi", action="store_true", help="run tests that call real model APIs")


def pytest_collection_modifyitems(config: pytest.Config, items: list[pytest.Item]) -> None:
    if config.getoption("--runapi"):
        return
    skip = pytest.mark.skip(reason="needs --runapi and a real API key")
    for item in items:
        if "runapi" in item.keywords:
            item.add_marker(skip)


@pytest.fixture(autouse=True)
def _isolated_home(
    tmp_path_factory: pytest.TempPathFactory, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Keep tests away from the real home directory and git identity."""
    home = tmp_path_factory.mktemp("home")
    monkeypatch.setenv("HOME", str(home))
    monkeypatch.setenv("GIT_AUTHOR_NAME", "ESC Tests")
    monkeypatch.setenv("GIT_AUTHOR_EMAIL", "tests@example.invalid")
    monkeypatch.setenv("GIT_COMMITTER_NAME", "ESC Tests")
    monkeypatch.setenv("GIT_COMMITTER_EMAIL", "tests@example.invalid")
    monkeypatch.setenv("GIT_CONFIG_NOSYSTEM", "1")
    for key in list(os.environ):
        user_override = key.startswith("ESC_SKILLS_") and key != "ESC_SKILLS_DATA_DIR"
        if key.endswith("_API_KEY") or user_override:
            monkeypatch.delenv(key)


@pytest.fixture(scope="session")
def data_dir() -> Path:
    """The shared third-party data (ESConv, FailedESConv, profiles, SAGE logs)."""
    path = Path(os.environ.get("ESC_SKILLS_DATA_DIR", DEFAULT_DATA_DIR))
    if not path.is_dir():
        pytest.skip(f"shared data not found at {path}")
    return path


@pytest.fixture
def repo_root() -> Path:
    """The repository checkout under test."""
    return REPO_ROOT


@pytest.fixture
def fake_backend() -> FakeBackend:
    """A fake backend with no script: minimal schema-valid answers, echoed text."""
    return FakeBackend()


@pytest.fixture
def fake_client(fake_backend: FakeBackend) -> LLMClient:
    """A client that routes every role to ``fake_backend``."""
    return LLMClient.with_backend(fake_backend)
