"""The `esc-skills evolve` commands through the real CLI, the fake backend and real git."""

from __future__ import annotations

import json
import re
from pathlib import Path

from click.testing import CliRunner

from esc_skills.cli.main import cli

from .helpers import git, make_repo, write_profiles, write_traces_for


def _invoke(*args: str) -> tuple[int, str]:
    result = CliRunner().invoke(cli, list(args), catch_exceptions=False)
    return result.exit_code, result.output


def test_run_whole_loop_then_status(tmp_path: Path) -> None:
    work, origin = make_repo(tmp_path)
    ids = write_profiles(tmp_path / "profiles.jsonl")
    write_traces_for(tmp_path / "traces.jsonl", ids)
    traces = str(tmp_path / "traces.jsonl")
    code, out = _invoke("evolve", "analyse", traces, "--analyzer", "offline", "--repo", str(work))
    assert code == 0, out
    assert "refine exam-stress-coaching: 3 x" in out and "new practical-advice-support" in out
    # The unscripted fake model: every candidate scores like the bank, so all are rejected.
    code, out = _invoke(
        "evolve",
        "run",
        traces,
        "--analyzer",
        "offline",
        "--model",
        "fake/x",
        "--no-cache",
        "--profiles",
        str(tmp_path / "profiles.jsonl"),
        "--max-rounds",
        "2",
        "--repo",
        str(work),
        "--run-id",
        "cli1",
    )
    assert code == 0, out
    assert "exam-stress-coaching: created" in out
    assert "evolve/cli1/exam-stress-coaching: rejected" in out
    assert "evolve/cli1/practical-advice-support: closed" in out
    # The usage table's generator row: 6 model calls (2 candidates x 3 versions).
    assert re.search(r"^generator\s+fake/x\s+6\s", out, re.MULTILINE), out
    # State stays inside .git: the user's tree has no new files at all.
    assert git(work, "status", "--porcelain", "--untracked-files=all") == ""
    rec = json.loads(
        git(origin, "show", "main:evolution_reports/cli1/exam-stress-coaching/verification.json")
    )
    assert rec["decision"] == "rejected" and [a["improvement"] for a in rec["attempts"]] == [0] * 3
    assert git(origin, "branch", "--list", "evolve/*") == ""
    code, out = _invoke("evolve", "status", "--repo", str(work))
    assert code == 0 and "decisions on main: 2" in out and "cli1/exam-stress-coaching" in out
    assert "open branches: 0" in out


def test_dirty_tree_refused_on_the_command_line(tmp_path: Path) -> None:
    work, _ = make_repo(tmp_path)
    (work / "skills" / "exam-stress-coaching" / "SKILL.md").write_text("changed", "utf-8")
    code, out = _invoke("evolve", "settle", "--repo", str(work))
    assert code == 2
    assert "error:" in out and "uncommitted changes (skills/exam-stress-coaching/SKILL.md)" in out


def test_analyse_runs_beside_uncommitted_edits(tmp_path: Path) -> None:
    # Analysis reads the bank at the base branch's tip and commits nothing, so a user's
    # edits in progress neither block it nor change what it reads.
    work, _ = make_repo(tmp_path)
    ids = write_profiles(tmp_path / "profiles.jsonl")
    write_traces_for(tmp_path / "traces.jsonl", ids)
    edited = work / "skills" / "exam-stress-coaching" / "SKILL.md"
    edited.write_text("work in progress", "utf-8")
    state = tmp_path / "state"
    code, out = _invoke(
        "evolve", "analyse", str(tmp_path / "traces.jsonl"), "--analyzer", "offline",
        "--repo", str(work), "--state-dir", str(state),
    )  # fmt: skip
    assert code == 0, out
    assert "refine exam-stress-coaching: 3 x" in out
    assert edited.read_text("utf-8") == "work in progress"
    assert git(work, "status", "--porcelain") == "M skills/exam-stress-coaching/SKILL.md"


def test_verify_without_branches_says_what_to_do(tmp_path: Path) -> None:
    work, _ = make_repo(tmp_path)
    write_profiles(tmp_path / "profiles.jsonl")
    code, out = _invoke(
        "evolve",
        "verify",
        "--model",
        "fake/x",
        "--no-cache",
        "--profiles",
        str(tmp_path / "profiles.jsonl"),
        "--repo",
        str(work),
    )
    assert code == 2 and "run `esc-skills evolve propose` first" in out
