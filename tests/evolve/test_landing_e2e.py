"""End to end on the fake backend, in real git repositories with a bare origin."""

from __future__ import annotations

import asyncio
import json
import subprocess
import sys
import time
from pathlib import Path
from typing import Any

import pytest

from esc_skills.errors import UserError
from esc_skills.evolve.conversations import load_conversations
from esc_skills.evolve.loop import Evolution
from esc_skills.gitops import GitOps
from esc_skills.paths import REPO_ROOT

from .helpers import BAD, GOOD, UNSAFE, build_loop, git, make_repo, write_profiles, write_traces_for

REFINE = "exam-stress-coaching"
NEW = "practical-advice-support"


def setup(tmp_path: Path, markers: dict[str, str], **settings: Any):
    work, origin = make_repo(tmp_path)
    ids = write_profiles(tmp_path / "profiles.jsonl")
    write_traces_for(tmp_path / "traces.jsonl", ids)
    loop, backend = build_loop(tmp_path, markers, **settings)
    return work, origin, loop, backend


def propose(loop: Evolution, tmp_path: Path) -> list[tuple[str, str]]:
    traces = load_conversations([tmp_path / "traces.jsonl"])
    bank = loop.landing.base_bank(loop.landing.base_tip())

    async def go() -> list[tuple[str, str]]:
        reports = await loop.analyse(traces, bank)
        return await loop.propose(traces, reports, bank)

    return asyncio.run(go())


def test_propose_creates_branches_on_origin(tmp_path: Path) -> None:
    work, origin, loop, _ = setup(tmp_path, {REFINE: GOOD, NEW: GOOD})
    head = git(work, "rev-parse", "HEAD")
    outcomes = dict(propose(loop, tmp_path))
    assert outcomes == {REFINE: "created", NEW: "created"}
    remote = git(origin, "branch", "--list", "evolve/*").split()
    assert sorted(remote) == sorted([f"evolve/r1/{NEW}", f"evolve/r1/{REFINE}"])
    shown = git(origin, "show", f"evolve/r1/{REFINE}:evolution_reports/r1/{REFINE}/proposal.md")
    assert "Refine skill" in shown
    assert GOOD in git(origin, "show", f"evolve/r1/{REFINE}:skills/{REFINE}/SKILL.md")
    # The user's checkout, index and base are untouched; a rerun creates nothing new.
    assert git(work, "rev-parse", "HEAD") == head and git(work, "status", "--porcelain") == ""
    assert git(origin, "rev-parse", "main") == head
    again = dict(propose(loop, tmp_path))
    assert again == {REFINE: "exists", NEW: "exists"}
    assert git(origin, "rev-list", "--count", f"evolve/r1/{REFINE}") == "2"


def test_better_candidate_is_merged_with_report(tmp_path: Path) -> None:
    work, origin, loop, _ = setup(tmp_path, {REFINE: GOOD, NEW: GOOD}, max_new=0)
    propose(loop, tmp_path)
    verified = asyncio.run(loop.verify())
    assert verified == [(f"evolve/r1/{REFINE}", "accepted")]
    assert loop.settle() == [(f"evolve/r1/{REFINE}", "merged")]
    message = git(origin, "log", "-1", "--format=%B", "main")
    assert f"accept refine skill {REFINE}" in message and "avg final emotion" in message
    assert len(git(origin, "log", "-1", "--format=%P", "main").split()) == 2  # a merge commit
    rec = json.loads(git(origin, "show", f"main:evolution_reports/r1/{REFINE}/verification.json"))
    assert rec["decision"] == "accepted" and rec["attempts"][0]["all_success"]
    assert len(rec["attempts"]) == 1  # decided at once: no further attempts run
    assert GOOD in git(origin, "show", f"main:skills/{REFINE}/SKILL.md")
    assert f"| r1 | `{REFINE}` | refine | accepted" in git(
        origin, "show", "main:evolution_reports/index.md"
    )
    assert git(origin, "branch", "--list", "evolve/*") == ""
    # The user's clean checkout of main was fast-forwarded, never left dirty.
    assert git(work, "rev-parse", "HEAD") == git(origin, "rev-parse", "main")
    assert git(work, "status", "--porcelain") == ""


def test_worse_candidate_is_closed_and_report_kept(tmp_path: Path) -> None:
    work, origin, loop, _ = setup(tmp_path, {REFINE: BAD}, max_new=0)
    propose(loop, tmp_path)
    before = git(origin, "rev-parse", "main")
    assert asyncio.run(loop.verify()) == [(f"evolve/r1/{REFINE}", "rejected")]
    assert git(origin, "rev-parse", "main") == before  # verification never touches the base
    assert loop.settle() == [(f"evolve/r1/{REFINE}", "closed")]
    assert git(origin, "branch", "--list", "evolve/*") == ""
    assert git(work, "branch", "--list", "evolve/*") == ""
    rec = json.loads(git(origin, "show", f"main:evolution_reports/r1/{REFINE}/verification.json"))
    assert rec["decision"] == "rejected" and len(rec["attempts"]) == 3
    assert all(a["improvement"] < 0 for a in rec["attempts"])
    assert BAD not in git(origin, "show", f"main:skills/{REFINE}/SKILL.md")  # rolled back
    assert "Rejected" in git(origin, "show", f"main:evolution_reports/r1/{REFINE}/report.md")
    assert "rejected" in git(origin, "show", "main:evolution_reports/index.md")
    # Settling again changes nothing.
    tip = git(origin, "rev-parse", "main")
    assert loop.settle([f"evolve/r1/{REFINE}"]) == [(f"evolve/r1/{REFINE}", "already closed")]
    assert git(origin, "rev-parse", "main") == tip


def test_dirty_tree_is_refused(tmp_path: Path) -> None:
    work, _, _, _ = setup(tmp_path, {})
    (work / "README.md").write_text("edited\n", encoding="utf-8")
    with pytest.raises(UserError, match=r"uncommitted changes \(README.md\).*commit or stash"):
        GitOps(work).ensure_clean()


def test_killed_verification_leaves_base_untouched_and_rerun_finishes(tmp_path: Path) -> None:
    work, origin, loop, _ = setup(tmp_path, {REFINE: GOOD}, max_new=0)
    propose(loop, tmp_path)
    base = git(origin, "rev-parse", "main")
    branch_tip = git(origin, "rev-parse", f"evolve/r1/{REFINE}")
    verify_dir = tmp_path / "state" / "r1" / "verify" / REFINE

    def attempt_file() -> Path:
        found = sorted(verify_dir.glob("*/attempt-1/traces.jsonl"))
        return found[0] if found else verify_dir / "none"

    child = subprocess.Popen(
        [sys.executable, "-m", "tests.evolve.helpers", str(tmp_path)],
        cwd=REPO_ROOT,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
    )
    deadline = time.monotonic() + 60
    while not (attempt_file().exists() and attempt_file().read_text().strip()):  # mid-way
        assert child.poll() is None, child.stderr.read().decode() if child.stderr else ""
        assert time.monotonic() < deadline, "the child never reached the candidate attempt"
        time.sleep(0.05)
    # A second command meanwhile is refused, naming the running one; nothing is touched.
    from click.testing import CliRunner

    from esc_skills.cli.main import cli

    second = CliRunner().invoke(cli, ["evolve", "settle", "--repo", str(work)])
    assert second.exit_code == 2
    assert f"another evolve command is running (pid {child.pid}" in second.output
    child.kill()
    child.wait()
    attempt = attempt_file()
    assert git(origin, "rev-parse", "main") == base
    assert git(origin, "rev-parse", f"evolve/r1/{REFINE}") == branch_tip
    assert git(work, "status", "--porcelain") == ""
    done = len(attempt.read_text().splitlines())
    # Rerun: finished conversations are reused, the rest run, one verification commit lands.
    loop, backend = build_loop(tmp_path, {REFINE: GOOD}, max_new=0)
    assert asyncio.run(loop.verify()) == [(f"evolve/r1/{REFINE}", "accepted")]
    assert len(attempt.read_text().splitlines()) == 3 and done < 3
    assert git(origin, "rev-list", "--count", f"{base}..evolve/r1/{REFINE}") == "2"
    assert loop.settle() == [(f"evolve/r1/{REFINE}", "merged")]
    assert git(origin, "branch", "--list", "evolve/*") == ""
    # A full rerun of every step is a no-op: no new branches, commits or model calls.
    tip = git(origin, "rev-parse", "main")
    calls = len(backend.calls)
    assert dict(propose(loop, tmp_path)) == {REFINE: "settled"}
    assert asyncio.run(loop.verify()) == [] and loop.settle() == []
    assert git(origin, "rev-parse", "main") == tip and len(backend.calls) == calls


def test_unlintable_candidate_is_dropped_with_its_reason_on_the_base(tmp_path: Path) -> None:
    _, origin, loop, backend = setup(tmp_path, {REFINE: UNSAFE}, max_new=0)
    assert propose(loop, tmp_path) == [(REFINE, "dropped")]
    assert sum(c.role == "generator" for c in backend.calls) == 3  # bounded regeneration
    assert git(origin, "branch", "--list", "evolve/*") == ""
    rec = json.loads(git(origin, "show", f"main:evolution_reports/r1/{REFINE}/verification.json"))
    assert rec["decision"] == "dropped" and "ESC604" in rec["generation"]["problems"][0]
    assert "| r1 | `exam-stress-coaching` | refine | dropped" in git(
        origin, "show", "main:evolution_reports/index.md"
    )
    tip = git(origin, "rev-parse", "main")
    assert propose(loop, tmp_path) == [(REFINE, "settled")]  # recorded once
    assert git(origin, "rev-parse", "main") == tip
