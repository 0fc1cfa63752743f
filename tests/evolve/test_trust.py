"""What merges is what was verified; nothing a person wrote is lost or published by accident."""

from __future__ import annotations

import asyncio
import json
from pathlib import Path

import pytest

from esc_skills.errors import UserError
from esc_skills.evolve.landing import Landing
from esc_skills.evolve.settle import reject, settle
from esc_skills.gitops import GitOps

from .helpers import BAD, GOOD, build_loop, git
from .test_landing_e2e import propose, setup

REFINE = "exam-stress-coaching"
BRANCH = f"evolve/r1/{REFINE}"
NEW_SKILL = (Path(__file__).parent / "helpers.py").read_text().split('EXAM_SKILL = """')[1]
NEW_SKILL = NEW_SKILL.split('"""')[0].replace("exam-stress-coaching", "calm-breathing-support")


def person_clone(tmp_path: Path, origin: Path, branch: str) -> Path:
    """A reviewer's own clone, on ``branch``."""
    other = tmp_path / "person"
    git(tmp_path, "clone", "--quiet", str(origin), str(other))
    git(other, "config", "user.name", "A Reviewer")
    git(other, "config", "user.email", "reviewer@example.invalid")
    git(other, "switch", "--quiet", branch)
    return other


def person_commit(clone: Path, path: str, text: str | None, message: str) -> str:
    """Commit and push a change as a person would."""
    target = clone / path
    if text is None:
        git(clone, "rm", "--quiet", "-r", path)
    else:
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_text(text, encoding="utf-8")
        git(clone, "add", "-A")
    git(clone, "commit", "--quiet", "-m", message)
    git(clone, "push", "--quiet", "origin", "HEAD")
    return git(clone, "rev-parse", "HEAD")


def verified(tmp_path: Path, marker: str = GOOD, **settings: object):
    work, origin, loop, _ = setup(tmp_path, {REFINE: marker}, max_new=0, **settings)
    propose(loop, tmp_path)
    asyncio.run(loop.verify())
    return work, origin, loop


def test_commit_pushed_after_verification_is_never_merged(tmp_path: Path) -> None:
    _work, origin, loop = verified(tmp_path)
    clone = person_clone(tmp_path, origin, BRANCH)
    bad = person_commit(clone, f"skills/{REFINE}", None, "drop the skill")
    main = git(origin, "rev-parse", "main")
    [(branch, outcome)] = loop.settle()
    assert branch == BRANCH and outcome.startswith("left: ")
    assert "evolve did not write" in outcome and bad[:10] in outcome
    assert git(origin, "rev-parse", "main") == main  # nothing merged
    assert git(origin, "rev-parse", BRANCH) == bad  # nothing deleted or moved
    with pytest.raises(UserError, match="left for a person"):
        settle(loop.landing, BRANCH)
    assert "left for a person" in loop.landing.state_of(BRANCH)
    # The person closes it: every commit, theirs included, stays reachable.
    assert reject(loop.landing, BRANCH, "not this way") == "rejected"
    assert git(origin, "rev-parse", f"refs/evolve/closed/r1/{REFINE}") == bad
    assert git(origin, "show", f"main:skills/{REFINE}/SKILL.md")  # the skill is still there


def test_a_record_the_tool_did_not_seal_is_refused(tmp_path: Path) -> None:
    _work, origin, loop = verified(tmp_path, BAD)
    clone = person_clone(tmp_path, origin, BRANCH)
    path = f"evolution_reports/r1/{REFINE}/verification.json"
    rec = json.loads((clone / path).read_text())
    rec["decision"] = "accepted"  # an edited record, committed as if by the tool
    person_commit(clone, path, json.dumps(rec), "evolve(r1): verify\n\nEvolve-Step: verify")
    main = git(origin, "rev-parse", "main")
    with pytest.raises(UserError, match="not produced by esc-skills"):
        settle(loop.landing, BRANCH)
    assert git(origin, "rev-parse", "main") == main


def test_a_hand_written_record_without_a_seal_is_refused(tmp_path: Path) -> None:
    _work, origin, loop, _ = setup(tmp_path, {REFINE: GOOD}, max_new=0)
    propose(loop, tmp_path)
    clone = person_clone(tmp_path, origin, BRANCH)
    record = {"run_id": "r1", "skill": REFINE, "kind": "refine", "decision": "accepted"}
    person_commit(
        clone,
        f"evolution_reports/r1/{REFINE}/verification.json",
        json.dumps(record),
        "evolve(r1): verify\n\nEvolve-Step: verify",
    )
    with pytest.raises(UserError, match="no binding or seal"):
        settle(loop.landing, BRANCH)
    # verify does not trust it either: it measures the branch and seals its own record.
    assert asyncio.run(loop.verify()) == [(BRANCH, "accepted")]
    assert settle(loop.landing, BRANCH) == "merged"


def test_verification_is_bound_to_content_base_and_settings(tmp_path: Path) -> None:
    _work, origin, _loop = verified(tmp_path)
    rec = json.loads(
        git(origin, "show", f"{BRANCH}:evolution_reports/r1/{REFINE}/verification.json")
    )
    bind = rec["binding"]
    tip = git(origin, "rev-parse", BRANCH)
    assert bind["candidate_commit"] == git(origin, "rev-parse", f"{BRANCH}^")
    assert bind["candidate_trees"]["skills"] == git(origin, "rev-parse", f"{tip}:skills")
    assert bind["base_commit"] == git(origin, "rev-parse", "main")
    assert rec["seal"].startswith("hmac-sha256:")
    settings = rec["settings"]
    assert settings["simulation"]["max_rounds"] == 8 and settings["simulation"]["top_k"] == 3
    assert settings["simulation"]["retriever"] == "bm25"
    assert settings["profiles"] == rec["profiles"] and settings["seed"] == 0
    assert settings["roles"]["agent"]["model"] and len(settings["prompts_digest"]) == 64
    assert settings["tool_version"]


def test_a_base_whose_bank_changed_is_reverified_before_merging(tmp_path: Path) -> None:
    _work, origin, loop = verified(tmp_path)
    clone = person_clone(tmp_path, origin, "main")
    person_commit(clone, "skills/calm-breathing-support/SKILL.md", NEW_SKILL, "add a skill")
    main = git(origin, "rev-parse", "main")
    [(_, outcome)] = loop.settle()
    assert outcome.startswith("left: ") and "base's bank changed" in outcome
    assert git(origin, "rev-parse", "main") == main
    # Verify again: the base is merged into the branch and the merged result is measured.
    assert asyncio.run(loop.verify()) == [(BRANCH, "accepted")]
    rec = json.loads(
        git(origin, "show", f"{BRANCH}:evolution_reports/r1/{REFINE}/verification.json")
    )
    assert rec["binding"]["base_commit"] == main
    assert loop.settle() == [(BRANCH, "merged")]
    assert git(origin, "show", "main:skills/calm-breathing-support/SKILL.md")


def test_a_base_moved_without_bank_change_still_merges(tmp_path: Path) -> None:
    _work, origin, loop = verified(tmp_path)
    clone = person_clone(tmp_path, origin, "main")
    person_commit(clone, "README.md", "a bank, described\n", "docs")
    assert loop.settle() == [(BRANCH, "merged")]
    assert git(origin, "show", "main:README.md") == "a bank, described"


def test_two_refinements_of_one_skill_then_a_conflict_is_rejected_cleanly(tmp_path: Path) -> None:
    _work, origin, loop = verified(tmp_path)
    loop2, _ = build_loop(tmp_path, {REFINE: GOOD.replace("GOOD", "GOOD2")}, run_id="r2", max_new=0)
    # A second run refines the same skill differently, against the same base.
    propose(loop2, tmp_path)
    assert asyncio.run(loop2.verify()) == [(f"evolve/r2/{REFINE}", "accepted")]
    assert loop.settle() == [(BRANCH, "merged")]
    [(_, outcome)] = loop2.settle()
    assert "base's bank changed" in outcome  # never merged on the old baseline
    [(_, outcome)] = asyncio.run(loop2.verify())
    assert outcome.startswith("left: ") and "evolve reject --branch evolve/r2/" in outcome
    tip = git(origin, "rev-parse", f"evolve/r2/{REFINE}")
    assert reject(loop2.landing, f"evolve/r2/{REFINE}", "conflicts with r1") == "rejected"
    assert git(origin, "rev-parse", f"refs/evolve/closed/r2/{REFINE}") == tip
    report = git(origin, "show", f"main:evolution_reports/r2/{REFINE}/report.md")
    assert (
        "closed by hand: conflicts with r1" in report
        and f"refs/evolve/closed/r2/{REFINE}" in report
    )


def test_rejected_proposal_keeps_its_commits_and_a_persons_fix(tmp_path: Path) -> None:
    _work, origin, loop = verified(tmp_path, BAD)
    tip = git(origin, "rev-parse", BRANCH)
    assert loop.settle() == [(BRANCH, "closed")]
    ref = f"refs/evolve/closed/r1/{REFINE}"
    assert git(origin, "rev-parse", ref) == tip
    assert ref in git(origin, "show", f"main:evolution_reports/r1/{REFINE}/report.md")
    # A reviewer's fix on a rejected branch is never deleted: settle leaves it, reject keeps it.
    (tmp_path / "second").mkdir()
    _work2, origin2, loop2 = verified(tmp_path / "second", BAD)
    clone = person_clone(tmp_path / "second", origin2, BRANCH)
    fix = person_commit(clone, "NOTES.md", "my fix\n", "reviewer fix")
    [(_, outcome)] = loop2.settle()
    assert "left for a person" in outcome and git(origin2, "rev-parse", BRANCH) == fix
    assert reject(loop2.landing, BRANCH, "superseded by the reviewer") == "rejected"
    assert git(origin2, "rev-parse", ref) == fix
    assert git(origin2, "branch", "--list", "evolve/*") == ""


def test_local_base_commits_are_never_published(tmp_path: Path) -> None:
    work, origin, loop, _ = setup(tmp_path, {REFINE: GOOD}, max_new=0)
    (work / "PRIVATE.md").write_text("mine\n", encoding="utf-8")
    git(work, "add", "PRIVATE.md")
    git(work, "commit", "--quiet", "-m", "private")
    landing = Landing(GitOps(work), "main")
    with pytest.raises(UserError, match=r"1 local commit.*--publish-base"):
        landing.check_published()
    propose(loop, tmp_path)
    asyncio.run(loop.verify())
    loop.settle()
    assert "PRIVATE.md" not in git(origin, "ls-tree", "-r", "--name-only", "main")
    assert "PRIVATE" not in git(origin, "log", "--all", "--format=%s")
    assert git(work, "log", "-1", "--format=%s", "main") == "private"  # kept, unpublished


def test_publish_base_pushes_local_commits_on_purpose(tmp_path: Path) -> None:
    work, origin, _loop, _ = setup(tmp_path, {REFINE: GOOD}, max_new=0)
    (work / "PRIVATE.md").write_text("mine\n", encoding="utf-8")
    git(work, "add", "PRIVATE.md")
    git(work, "commit", "--quiet", "-m", "private")
    Landing(GitOps(work), "main").check_published(publish=True)
    assert "PRIVATE.md" in git(origin, "ls-tree", "--name-only", "refs/heads/main")


def test_settle_all_settles_the_verified_and_reports_the_rest(tmp_path: Path) -> None:
    _work, _origin, loop, _ = setup(tmp_path, {REFINE: GOOD, "practical-advice-support": GOOD})
    propose(loop, tmp_path)
    asyncio.run(loop.verify([BRANCH]))
    out = dict(loop.settle())
    assert out[BRANCH] == "merged"
    assert out["evolve/r1/practical-advice-support"].startswith("left: ")
    assert "evolve verify --branch" in out["evolve/r1/practical-advice-support"]


def test_a_remote_refusing_the_push_changes_nothing(tmp_path: Path) -> None:
    _work, origin, loop = verified(tmp_path)
    hook = origin / "hooks" / "pre-receive"
    hook.write_text("#!/bin/sh\necho 'protected branch' >&2\nexit 1\n", encoding="utf-8")
    hook.chmod(0o755)
    main, tip = git(origin, "rev-parse", "main"), git(origin, "rev-parse", BRANCH)
    with pytest.raises(
        UserError, match=r"origin refused moving main \(remote: protected branch; .*rejected"
    ):
        settle(loop.landing, BRANCH)
    assert git(origin, "rev-parse", "main") == main and git(origin, "rev-parse", BRANCH) == tip
    hook.unlink()
    assert settle(loop.landing, BRANCH) == "merged"
