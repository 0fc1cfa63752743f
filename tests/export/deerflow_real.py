"""DeerFlow's own skill code (the `deerflow-kernel` wheel), loaded for tests.

`scripts/bootstrap.sh` installs `deerflow-kernel` without its dependencies (it pulls in
LangChain, LangGraph and web services that skill loading never touches). Its installer
imports the LLM security scanner, whose model factory lives in a module the wheel's skill
code does not need: that one factory is replaced by a moderation model that allows, and its
app config by the one setting the scanner reads. Everything else — parsing, frontmatter
validation, archive extraction, storage, extensions_config.json — is DeerFlow's own code.
"""

from __future__ import annotations

import os
import sys
import types
from dataclasses import dataclass
from pathlib import Path
from types import ModuleType, SimpleNamespace
from typing import Any

import pytest


@dataclass
class _AllowingModel:
    """Stands in for DeerFlow's moderation model: every scanned file is allowed."""

    scanned: list[str]

    async def ainvoke(self, messages: list[dict[str, str]], **_: Any) -> SimpleNamespace:
        self.scanned.append(messages[-1]["content"].splitlines()[0])
        return SimpleNamespace(content='{"decision": "allow", "reason": "test moderator"}')


@dataclass
class DeerFlow:
    """Handles on DeerFlow's real modules."""

    storage_class: Any
    parser: ModuleType
    validation: ModuleType
    scanned: list[str]


def load_deerflow() -> DeerFlow:
    """Import DeerFlow's skill modules, or skip (fail under CI) when the wheel is missing."""
    try:
        import deerflow  # noqa: F401
    except ImportError:
        if os.environ.get("CI"):
            pytest.fail("deerflow-kernel is not installed; scripts/bootstrap.sh installs it")
        pytest.skip("deerflow-kernel not installed (scripts/bootstrap.sh installs it)")
    scanned: list[str] = []
    if "deerflow.models" not in sys.modules:
        models = types.ModuleType("deerflow.models")
        models.create_chat_model = lambda **_: _AllowingModel(scanned)  # type: ignore[attr-defined]
        sys.modules["deerflow.models"] = models
    from deerflow.skills import parser, security_scanner, validation
    from deerflow.skills.storage.local_skill_storage import LocalSkillStorage

    model = _AllowingModel(scanned)
    security_scanner.create_chat_model = lambda **_: model  # type: ignore[attr-defined]
    security_scanner.get_app_config = lambda: SimpleNamespace(  # type: ignore[attr-defined]
        skill_evolution=SimpleNamespace(moderation_model_name=None)
    )
    return DeerFlow(LocalSkillStorage, parser, validation, model.scanned)


def load_skills(df: DeerFlow, skills_root: Path, extensions: Path | None) -> list[Any]:
    """DeerFlow's skill listing for a skills root, with its extensions_config.json."""
    old = os.environ.get("DEER_FLOW_EXTENSIONS_CONFIG_PATH")
    if extensions is not None:
        os.environ["DEER_FLOW_EXTENSIONS_CONFIG_PATH"] = str(extensions)
    try:
        return list(df.storage_class(host_path=str(skills_root)).load_skills())
    finally:
        if old is None:
            os.environ.pop("DEER_FLOW_EXTENSIONS_CONFIG_PATH", None)
        else:
            os.environ["DEER_FLOW_EXTENSIONS_CONFIG_PATH"] = old
