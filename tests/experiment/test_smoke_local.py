"""experiments/smoke.toml end to end on the embedded model (slow: real llama.cpp calls)."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from click.testing import CliRunner

from esc_skills.cli.main import cli

pytest.importorskip("llama_cpp")
REPO = Path(__file__).parents[2]


@pytest.mark.slow
def test_smoke_experiment_runs_offline_and_says_smoke(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("ESC_SKILLS_CACHE", str(tmp_path / "cache.sqlite"))
    out = tmp_path / "smoke"
    args = ["experiment", str(REPO / "experiments" / "smoke.toml"), "--out", str(out)]
    result = CliRunner().invoke(cli, args)
    assert result.exit_code == 0, result.output
    results = json.loads((out / "results.json").read_text())
    assert results["smoke"] is True and {r["bank"] for r in results["sage"]} == {"none", "skills"}
    assert "SMOKE QUALITY" in (out / "report.md").read_text()
    assert "SMOKE QUALITY" in (out / "report.html").read_text()
    # A rerun resumes from the cells' files: nothing left to do.
    again = CliRunner().invoke(cli, [*args, "--dry-run", "--format", "json"])
    summary = json.loads(again.stdout)
    assert summary["covered_units"] == summary["units"]
