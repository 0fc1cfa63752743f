"""The evolve and verify workflows, run step by step as Actions would, against a bare origin.

A recording stand-in for `gh` (fake_gh.py) plays GitHub: pull requests, dispatches and
merges happen for real in the origin. The fake model follows a rules file: the refinement
of exam-stress-coaching helps, the new practical-advice-support skill hurts.
"""

from __future__ import annotations

import json
import shutil
from pathlib import Path
from typing import Any

import pytest

from esc_skills.paths import REPO_ROOT
from tests.evolve.helpers import BAD, GOOD, git, make_repo, write_profiles, write_rules

from .harness import Runner, StepResult, load

REFINE, NEW = "exam-stress-coaching", "practical-advice-support"


def _rules(path: Path) -> Path:
    write_rules(path, {NEW: BAD, REFINE: GOOD})
    analyzer = {"role": "analyzer", "answer": {"recommendations": [
        {"kind": "refine", "skill": REFINE, "reason": "it rushes to tips", "impact": 20},
        {"kind": "new", "skill": NEW, "reason": "practical steps are missing", "impact": 15},
    ]}}  # fmt: skip
    with path.open("a", encoding="utf-8") as handle:
        handle.write(json.dumps(analyzer) + "\n")
    return path


@pytest.fixture
def runner(tmp_path: Path) -> Runner:
    work, origin = make_repo(tmp_path)
    # The verify job lints the evolved bank, which must hold a crisis skill.
    shutil.copytree(REPO_ROOT / "skills" / "crisis-safety-response",
                    work / "skills" / "crisis-safety-response")  # fmt: skip
    git(work, "add", "-A")
    git(work, "commit", "--quiet", "-m", "crisis skill")
    git(work, "push", "--quiet", "origin", "main")
    write_profiles(tmp_path / "profiles.jsonl")
    return Runner(
        origin=origin,
        home=tmp_path / "actions",
        # The rules-file model scripts the supporter, not risk conversations: the safety veto
        # has its own end-to-end test (tests/evolve/test_safety_veto.py).
        vars={"ESC_SKILLS_MODEL": "fake/rules", "ESC_SKILLS_EVOLVE_VETO": "none"},
        secrets={"ESC_SKILLS_EVOLVE_KEY": "a-long-random-key", "ANTHROPIC_API_KEY": "sk-fake"},
        extra_env={"ESC_SKILLS_FAKE_RULES": str(_rules(tmp_path / "rules.jsonl"))},
    )


def _gh(runner: Runner) -> dict[str, Any]:
    data: dict[str, Any] = json.loads((runner.home / "gh-state.json").read_text())
    return data


def _ok(results: list[StepResult]) -> None:
    bad = [r for r in results if r.status == "failed"]
    assert not bad, f"{bad[0].job}/{bad[0].name} failed:\n{bad[0].output[-3000:]}"


def test_propose_publish_verify_settle_end_to_end(runner: Runner, tmp_path: Path) -> None:
    profiles = str(tmp_path / "profiles.jsonl")
    results = runner.run("evolve.yml", event="workflow_dispatch",
                         inputs={"profiles": profiles, "limit": "3"})  # fmt: skip
    _ok(results)
    assert [r.name for r in results if r.status == "skipped"] == ["Install", "Fetch the profiles"]
    origin = runner.origin
    branches = sorted(git(origin, "branch", "--list", "evolve/*").split())
    assert len(branches) == 2 and all(b.startswith("evolve/") for b in branches)
    gh = _gh(runner)
    assert sorted(p["head"] for p in gh["prs"]) == branches  # one PR per proposal
    assert all(p["base"] == "main" and p["state"] == "open" for p in gh["prs"])
    assert all("# " in p["body"] and "skill" in p["body"] for p in gh["prs"])
    assert sorted(d["ref"] for d in gh["dispatches"]) == branches  # one verification each
    assert all(d["workflow"] == "verify.yml" and d["inputs"] == {"branch": d["ref"]}
               for d in gh["dispatches"])  # fmt: skip
    # Publishing again opens nothing new and dispatches nothing twice once verified.
    for dispatch in gh["dispatches"]:
        done = runner.run("verify.yml", event="workflow_dispatch", ref=dispatch["ref"],
                          inputs={"branch": dispatch["inputs"]["branch"]})  # fmt: skip
        _ok(done)
        shards = [r for r in done if r.name == "Simulate this shard"]
        assert [r.status for r in shards] == ["ok"] * 4  # the matrix: 4 shards by profile
        (verify,) = [r for r in done if r.name == "Verify"]
        assert "merged" in verify.output and "from 4 shard(s)" in verify.output
    gh = _gh(runner)
    by_skill = {p["head"].rsplit("/", 1)[1]: p for p in gh["prs"]}
    accepted, rejected = by_skill[REFINE], by_skill[NEW]
    assert accepted["state"] == "merged"
    message = git(origin, "log", "-1", "--format=%B", accepted["merge_commit"])
    assert f"accept refine skill {REFINE}" in message and "avg final emotion" in message
    assert git(origin, "rev-parse", "main") == accepted["merge_commit"]
    assert GOOD in git(origin, "show", f"main:skills/{REFINE}/SKILL.md")
    assert rejected["state"] == "closed"
    assert rejected["comments"] and "Rejected" in rejected["comments"][-1]
    run_id = rejected["head"].split("/")[1]
    kept = f"refs/evolve/closed/{run_id}/{NEW}"
    assert kept in rejected["comments"][-1]
    assert git(origin, "rev-parse", kept)  # its commits stay reachable
    assert git(origin, "branch", "--list", "evolve/*") == ""
    # One verification each (the new skill's was made after the refinement merged: its
    # branch was brought up to date first, and measured as it would merge).
    subjects = git(origin, "log", "--format=%s", kept, accepted["merge_commit"]).splitlines()
    assert sum(f": verify {REFINE}: accepted" in s for s in subjects) == 1
    assert sum(f": verify {NEW}: rejected" in s for s in subjects) == 1
    assert sum(f"update {NEW} from main" in s for s in subjects) == 1
    assert runner.cache_keys and all("fake/rules" in k for k in runner.cache_keys)
    # A second run on the same conversations finds everything settled: nothing new.
    before = (len(gh["prs"]), len(gh["dispatches"]))
    _ok(runner.run("evolve.yml", event="workflow_dispatch",
                   inputs={"profiles": profiles, "limit": "3"}))  # fmt: skip
    assert (len(_gh(runner)["prs"]), len(_gh(runner)["dispatches"])) == before
    assert git(origin, "branch", "--list", "evolve/*") == ""


def test_a_missing_model_variable_stops_before_anything_runs(runner: Runner) -> None:
    runner.vars = {}
    results = runner.run("evolve.yml", event="schedule")
    failed = [r for r in results if r.status == "failed"]
    assert [r.name for r in failed] == ["Require the model variable"]
    assert "set the repository variable ESC_SKILLS_MODEL" in failed[0].output
    assert "Traceback" not in failed[0].output
    assert results[-1] is failed[0]  # nothing after it ran
    assert not (runner.home / "gh-state.json").exists()


def test_base_is_the_default_branch_on_every_trigger(runner: Runner, tmp_path: Path) -> None:
    from .harness import substitute

    job = load("evolve.yml")["jobs"]["propose"]
    for event in ("schedule", "workflow_dispatch"):
        ctx = runner.context(event, "main", {}, tmp_path, tmp_path)
        assert substitute(job["env"]["BASE"], ctx) == "main", event
    verify = load("verify.yml")["jobs"]
    dispatched = {"branch": "evolve/r/s"}
    for event, inputs in (("push", {}), ("workflow_dispatch", dispatched)):
        ctx = runner.context(event, "evolve/r/s", inputs, tmp_path, tmp_path)
        for job in verify.values():
            assert substitute(job["env"]["BASE"], ctx) == "main"
            assert substitute(job["env"]["BRANCH"], ctx) == "evolve/r/s"


def test_accepted_pull_requests_can_be_left_for_a_person(runner: Runner, tmp_path: Path) -> None:
    profiles = str(tmp_path / "profiles.jsonl")
    _ok(runner.run("evolve.yml", event="workflow_dispatch",
                   inputs={"profiles": profiles, "limit": "3"}))  # fmt: skip
    runner.vars["ESC_SKILLS_EVOLVE_LEAVE_ACCEPTED"] = "true"
    branch = next(d["ref"] for d in _gh(runner)["dispatches"] if d["ref"].endswith(REFINE))
    main = git(runner.origin, "rev-parse", "main")
    _ok(runner.run("verify.yml", event="workflow_dispatch", ref=branch,
                   inputs={"branch": branch}))  # fmt: skip
    (pr,) = [p for p in _gh(runner)["prs"] if p["head"] == branch]
    assert pr["state"] == "open" and "waiting for a person" in pr["comments"][-1]
    assert git(runner.origin, "rev-parse", "main") == main  # nothing merged
    assert git(runner.origin, "rev-parse", branch)  # the branch stays for the reviewer
