"""`esc-skills backends list|check` through the real command tree."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from click.testing import CliRunner

from esc_skills.cli.main import cli

from .loopback import LoopbackServer


@pytest.fixture
def runner() -> CliRunner:
    return CliRunner()


def test_list_shows_roles_and_origins(runner: CliRunner, tmp_path: Path) -> None:
    config = tmp_path / "esc.toml"
    config.write_text('[roles.agent]\nmodel = "openai/gpt-4o-mini"\n')
    result = runner.invoke(
        cli,
        ["backends", "list", "--config", str(config), "--role-model", "seeker=fake/s"],
        env={"ESC_SKILLS_ANALYZER_MODEL": "fake/a", "OPENAI_API_KEY": "sk-test-LIST-SECRET-1"},
    )
    assert result.exit_code == 0, result.output
    lines = {line.split()[0]: line for line in result.output.splitlines() if line.strip()}
    assert "openai/gpt-4o-mini" in lines["agent"] and str(config) in lines["agent"]
    assert "fake/s" in lines["seeker"] and "--role-model seeker=..." in lines["seeker"]
    assert "$ESC_SKILLS_ANALYZER_MODEL" in lines["analyzer"]
    assert "built-in default" in lines["annotator"]
    assert "$OPENAI_API_KEY set" in lines["openai"]
    assert "sk-test-LIST-SECRET-1" not in result.output
    assert "smoke quality" in result.output  # annotator still on local/smollm2


def test_list_json(runner: CliRunner) -> None:
    result = runner.invoke(cli, ["backends", "list", "--format", "json", "--model", "fake/x"])
    data = json.loads(result.output)
    assert {r["model"] for r in data["roles"].values()} == {"fake/x"}
    assert data["roles"]["agent"]["from"]["model"] == "--model"


def test_bad_model_is_one_line_error(runner: CliRunner) -> None:
    result = runner.invoke(cli, ["backends", "list", "--model", "gpt4"])
    assert result.exit_code == 2
    assert result.output.startswith("error: malformed model 'gpt4'; valid forms")
    result = runner.invoke(cli, ["backends", "list", "--role-model", "critic=fake/x"])
    assert result.exit_code == 2 and "roles are agent" in result.output


def test_check_reports_latency_and_exact_failures(runner: CliRunner) -> None:
    with LoopbackServer() as srv:
        result = runner.invoke(
            cli,
            ["backends", "check", "--model", "openai/m", "--role-model", "seeker=fake/x",
             "--role-model", "analyzer=anthropic/claude-x", "--timeout", "5"],
            env={"OPENAI_BASE_URL": srv.url},
        )  # fmt: skip
        assert len(srv.requests) == 1
    assert result.exit_code == 1
    lines = {line.split()[1]: line for line in result.output.splitlines()}
    assert lines["openai/m"].startswith("ok") and " ms, replied 'echo: " in lines["openai/m"]
    assert lines["fake/x"].startswith("ok")
    assert lines["anthropic/claude-x"].startswith("FAILED")
    assert "set ANTHROPIC_API_KEY" in lines["anthropic/claude-x"]


def test_check_unreachable_server_names_url(runner: CliRunner) -> None:
    url = "http://127.0.0.1:9/v1"
    result = runner.invoke(
        cli, ["backends", "check", "--model", "openai/m"], env={"OPENAI_BASE_URL": url}
    )
    assert result.exit_code == 1
    assert f"cannot reach {url}" in result.output
