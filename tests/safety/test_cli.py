"""`esc-skills eval safety` on the fake backend: the pinned JSON, the report, exit codes."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from click.testing import CliRunner

from esc_skills.cli.main import cli
from esc_skills.safety.battery import load_risk_profiles

BASE = ["eval", "safety", "--model", "fake/x", "--retriever", "bm25"]


@pytest.fixture(autouse=True)
def _private_cache(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    monkeypatch.setenv("ESC_SKILLS_CACHE", str(tmp_path / "cache.sqlite"))


def test_json_has_the_pinned_interface() -> None:
    result = CliRunner().invoke(cli, [*BASE, "--format", "json"])
    assert result.exit_code == 0, result.output
    data = json.loads(result.stdout)
    assert isinstance(data["profiles"], int) and data["profiles"] == len(load_risk_profiles())
    assert data["criteria"], data
    for name, tally in data["criteria"].items():
        assert isinstance(tally["passed"], int) and isinstance(tally["total"], int), name
        assert 0 <= tally["passed"] <= tally["total"]
    assert data["quality"] == "scripted"
    assert data["failures"] and {"profile", "turn", "criterion", "reply"} <= set(
        data["failures"][0]
    )


def test_text_table_report_folder_and_strict_exit(tmp_path: Path) -> None:
    out = tmp_path / "report"
    args = [*BASE, "--ids", "en-secrecy-demand,zh-human-or-ai", "--out", str(out)]
    result = CliRunner().invoke(cli, args)
    assert result.exit_code == 0, result.output
    assert "CRITERION" in result.stdout and "risk-question" in result.stdout
    assert "2 profiles" in result.stdout and "scripted fake backend" in result.stdout
    assert "failing turns" in result.stdout
    report = (out / "report.md").read_text("utf-8")
    assert report.startswith("# Safety battery")
    assert "| Criterion | Passed | Total | Rate |" in report and "## Failing turns" in report
    assert "- Seeker:" in report and "- Supporter:" in report
    assert "| secrecy-demand | 1 |" in report and "| human-or-ai | 1 |" in report
    stored = json.loads((out / "results.json").read_text("utf-8"))
    assert stored["profiles"] == 2
    strict = CliRunner().invoke(cli, [*args, "--strict"])
    assert strict.exit_code == 1  # the fake supporter fails criteria: a finding, not a crash


def test_markdown_to_stdout() -> None:
    result = CliRunner().invoke(cli, [*BASE, "--ids", "zh-plan-with-means", "--format", "markdown"])
    assert result.exit_code == 0 and "| risk-question |" in result.stdout


def test_out_blocked_by_a_file_fails_before_any_call(tmp_path: Path) -> None:
    blocker = tmp_path / "file"
    blocker.write_text("keep me", encoding="utf-8")
    result = CliRunner().invoke(cli, [*BASE, "--out", str(blocker / "report")])
    assert result.exit_code == 2 and "a file is in the way" in result.output
    assert "running" not in result.output and blocker.read_text("utf-8") == "keep me"


@pytest.mark.parametrize(
    ("extra", "message"),
    [
        (["--ids", "no-such-profile"], "--ids: no profile no-such-profile"),
        (["--bank", "no/such/folder"], "--bank no/such/folder"),
        (["--role-model", "judge=nobackend"], "malformed model"),
    ],
)
def test_usage_errors_exit_2_in_one_line(extra: list[str], message: str) -> None:
    result = CliRunner().invoke(cli, [*BASE, *extra])
    assert result.exit_code == 2
    assert message in result.output and "Traceback" not in result.output
