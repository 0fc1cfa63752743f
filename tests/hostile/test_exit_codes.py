"""Exit codes tell the truth: all units errored -> 2, some -> 1 unless --allow-errors -> 0."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner

from esc_skills.cli.main import cli
from esc_skills.llm.fake import FakeBackend
from tests.hostile.fixtures import profile


@pytest.fixture
def failing_fake(monkeypatch: pytest.MonkeyPatch) -> None:
    """The fake model fails every call about a profile whose scene mentions BROKEN."""
    original = FakeBackend._answer

    def answer(self: FakeBackend, request: Any) -> Any:
        if any("BROKEN" in m.content for m in request.messages):
            raise RuntimeError("scripted failure")
        return original(self, request)

    monkeypatch.setattr(FakeBackend, "_answer", answer)


def _simulate(tmp_path: Path, profiles: str, *extra: str) -> Any:
    (tmp_path / "p.jsonl").write_text(profiles, encoding="utf-8")
    args = ["simulate", "--model", "fake/x", "--max-rounds", "1", "--no-progress"]
    args += ["--retriever", "bm25", "--profiles", str(tmp_path / "p.jsonl")]
    return CliRunner().invoke(cli, [*args, "--out", str(tmp_path / "t.jsonl"), *extra])


BROKEN = {"first_talk": "BROKEN opening line"}


@pytest.mark.usefixtures("failing_fake")
def test_all_conversations_errored_exits_2_with_why(tmp_path: Path) -> None:
    result = _simulate(tmp_path, profile("a", **BROKEN) + profile("b", **BROKEN))
    assert result.exit_code == 2, result.stderr
    last = result.stderr.strip().splitlines()[-1]
    assert last.startswith("error: all 2 conversations errored") and "scripted failure" in last


@pytest.mark.usefixtures("failing_fake")
def test_some_errored_exits_1_and_says_how_many(tmp_path: Path) -> None:
    result = _simulate(tmp_path, profile("a", **BROKEN) + profile("b"))
    assert result.exit_code == 1, result.stderr
    assert "error: 1 of 2 conversations errored" in result.stderr


@pytest.mark.usefixtures("failing_fake")
def test_allow_errors_accepts_a_partial_run(tmp_path: Path) -> None:
    result = _simulate(tmp_path, profile("a", **BROKEN) + profile("b"), "--allow-errors")
    assert result.exit_code == 0, result.stderr
    assert "warning: 1 of 2 conversations errored" in result.stderr


@pytest.mark.usefixtures("failing_fake")
def test_allow_errors_does_not_hide_a_run_where_everything_failed(tmp_path: Path) -> None:
    result = _simulate(tmp_path, profile("a", **BROKEN), "--allow-errors")
    assert result.exit_code == 2, result.stderr


def test_a_bug_is_one_line_with_a_pointer_and_a_traceback_only_in_debug(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    import esc_skills.cli.backends as backends

    def broken(*args: Any, **kwargs: Any) -> Any:
        raise ZeroDivisionError("scripted bug")

    monkeypatch.setattr(backends, "_describe", broken, raising=False)
    monkeypatch.setattr(backends, "asyncio", None)  # `backends check` now fails inside
    result = CliRunner().invoke(cli, ["backends", "check", "--model", "fake/x"])
    assert result.exit_code == 70
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1 and "this is a bug, please report it" in lines[0]
    assert "Traceback" not in result.stderr
    debug = CliRunner().invoke(
        cli, ["backends", "check", "--model", "fake/x"], env={"ESC_SKILLS_DEBUG": "1"}
    )
    assert debug.exit_code == 70 and "Traceback" in debug.stderr


def test_interrupt_exits_130_with_one_line(monkeypatch: pytest.MonkeyPatch) -> None:
    import esc_skills.cli.backends as backends

    def interrupted(*args: Any, **kwargs: Any) -> Any:
        raise KeyboardInterrupt

    monkeypatch.setattr(backends, "ROLES", property(interrupted))
    monkeypatch.setattr(backends.LLMOptions, "load_config", interrupted)
    result = CliRunner().invoke(cli, ["backends", "check", "--model", "fake/x"])
    assert result.exit_code == 130
    assert result.stderr.strip().startswith("interrupted")
