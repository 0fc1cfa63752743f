"""Settle proposals: merge exactly what was verified, or close keeping every commit reachable."""

from __future__ import annotations

import json
from collections.abc import Sequence

from esc_skills.errors import UserError
from esc_skills.evolve import binding
from esc_skills.evolve.decide import Rule
from esc_skills.evolve.landing import (
    INDEX,
    SKILLS,
    Landing,
    LeftForPerson,
    _shown,
    closed_ref,
    parse_branch,
    report_dir,
)
from esc_skills.evolve.records import Proposal, VerificationRecord
from esc_skills.evolve.report import (
    dumps,
    index_markdown,
    merge_message,
    proposal_markdown,
    record,
    report_markdown,
)
from esc_skills.gitops import MergeConflict, crash_point

LEAVES = ("proposal.md", "proposal.json", "verification.json", "report.md")


def _kept_note(ref: str, tip: str, remote: str | None) -> str:
    fetch = f"git fetch {remote} {ref}:{ref}" if remote else f"git log {ref}"
    return (
        f"\nThe proposal's commits are kept at `{ref}` (tip {tip[:12]}); get them with `{fetch}`.\n"
    )


def checked(landing: Landing, branch: str) -> str | tuple[VerificationRecord, str, str]:
    """(record, tip, base tip) of a branch that may be settled now, or "already ..." when done.

    Raises LeftForPerson with the reason and the fix when the branch is not the tool's to
    settle: no verification, commits a person wrote, a record that does not fit.
    """
    ops = landing.ops
    ops.fetch()  # decide on what the remote holds now, not on what was fetched earlier
    run_id, name = parse_branch(branch)
    tip = ops.tip(branch)
    base_tip = landing.base_tip()
    done = landing.decision_on(base_tip, run_id, name)
    kept = ops.has_ref(closed_ref(run_id, name))
    if tip is None:
        if done or kept:
            return "already " + ("merged" if done and done["decision"] == "accepted" else "closed")
        raise UserError(
            f"--branch {branch} does not exist here or on {ops.remote or 'this repository'}; "
            "list the open ones with `esc-skills evolve status`"
        )
    if done:  # landed before a crash: only the cleanup is left, if nothing new came since
        if ops.is_ancestor(tip, base_tip) or kept == tip:
            ops.delete_branch(branch)
            return "already " + ("merged" if done["decision"] == "accepted" else "closed")
        raise LeftForPerson(
            f"{branch} has commits after its proposal was settled on {landing.base}; left for "
            "a person: look at them and delete the branch by hand"
        )
    rec = landing.decision_on(tip, run_id, name)
    if rec is None:
        raise LeftForPerson(
            f"{branch} has no verification yet; run "
            f"`esc-skills evolve verify --branch {branch}` first"
        )
    foreign = landing.foreign_commits(tip, base_tip)
    if foreign:
        raise LeftForPerson(
            f"{branch} holds commits evolve did not write ({_shown(foreign)}); left for a "
            "person: merge or close it by hand, or close it keeping every commit with "
            f"`esc-skills evolve reject --branch {branch}`"
        )
    found = binding.blocking(ops, rec, tip, base_tip, binding.seal_key(ops))
    if found:
        kind, why = found
        fix = (
            f"verify it again with `esc-skills evolve verify --branch {branch}`"
            if kind != "forged"
            else "the record is ignored; verify it with "
            f"`esc-skills evolve verify --branch {branch}` or close it with "
            f"`esc-skills evolve reject --branch {branch}`"
        )
        raise LeftForPerson(f"{branch} was not settled: {why}; {fix}")
    return rec, tip, base_tip


def settle(landing: Landing, branch: str) -> str:
    """Merge an accepted, still valid branch into the base, or close a rejected one."""
    found = checked(landing, branch)
    if isinstance(found, str):
        return found
    rec, tip, base_tip = found
    if rec["decision"] == "accepted":
        return _merge(landing, branch, rec, tip, base_tip)
    return close(landing, branch, rec, tip, base_tip)


def keep_closed(landing: Landing, branch: str, tip: str) -> str:
    """Keep a closing proposal's commits under refs/evolve/closed/ (here and on the remote)."""
    ref = closed_ref(*parse_branch(branch))
    landing.ops.keep_ref(ref, tip)
    crash_point("settle:kept")
    return ref


def _merge(landing: Landing, branch: str, rec: VerificationRecord, tip: str, base_tip: str) -> str:
    ops = landing.ops
    index = index_markdown([*landing.records(base_tip), rec])
    try:
        new = ops.merge_commit(
            base_tip, tip, merge_message(rec) + binding.trailer("merge"), {INDEX: index}
        )
    except MergeConflict as exc:
        raise LeftForPerson(
            f"{branch} conflicts with {landing.base} ({', '.join(exc.files[:3])}); resolve it "
            f"on the branch by hand, or close it with `esc-skills evolve reject --branch {branch}`"
        ) from None
    if binding.content_at(ops, new) != rec["binding"]["candidate_content"]:
        raise LeftForPerson(
            f"merging {branch} would not give the verified bank; verify it again with "
            f"`esc-skills evolve verify --branch {branch}`"
        )
    ops.publish_base(landing.base, new, base_tip)
    crash_point("settle:published")
    ops.delete_branch(branch)
    return "merged"


def close(
    landing: Landing,
    branch: str,
    rec: VerificationRecord,
    tip: str,
    base_tip: str,
    *,
    outcome: str = "closed",
) -> str:
    """Keep the branch's commits under refs/evolve/closed/, commit the report, drop the branch."""
    ops = landing.ops
    run_id, name = parse_branch(branch)
    ref = keep_closed(landing, branch, tip)
    folder = report_dir(run_id, name)
    files: dict[str, str | None] = {
        f"{folder}/{leaf}": ops.read(tip, f"{folder}/{leaf}") for leaf in LEAVES
    }
    files[f"{folder}/verification.json"] = dumps(rec)
    files[f"{folder}/report.md"] = report_markdown(rec) + _kept_note(ref, tip, ops.remote)
    files[INDEX] = index_markdown([*landing.records(base_tip), rec])
    new = ops.commit_on(
        base_tip,
        files,
        f"evolve({run_id}): close {name} ({rec['decision']})\n\n{rec['reason']}.\n"
        f"Its commits are kept at {ref}; its report is in {folder}/." + binding.trailer("close"),
    )
    if new:
        ops.publish_base(landing.base, new, base_tip)
    crash_point("settle:published")
    ops.delete_branch(branch)
    return outcome


def reject(landing: Landing, branch: str, reason: str) -> str:
    """Close a proposal by hand (a conflict, a person's call), keeping every commit."""
    ops = landing.ops
    ops.fetch()
    run_id, name = parse_branch(branch)
    tip = ops.tip(branch)
    base_tip = landing.base_tip()
    done = landing.decision_on(base_tip, run_id, name)
    if tip is None:
        if done:
            return "already " + ("merged" if done["decision"] == "accepted" else "closed")
        raise UserError(
            f"--branch {branch} does not exist; list the open ones with `esc-skills evolve status`"
        )
    if done and ops.has_ref(closed_ref(run_id, name)) == tip:
        ops.delete_branch(branch)
        return "already closed"
    text = ops.read(tip, f"{report_dir(run_id, name)}/proposal.json")
    if text is None:  # a person may have removed the skill, but never the proposal
        raise UserError(
            f"branch {branch} has no {report_dir(run_id, name)}/proposal.json; it was not made "
            "by `esc-skills evolve propose`: delete or keep it by hand"
        )
    proposal: Proposal = json.loads(text)
    old = landing.decision_on(tip, run_id, name)
    rec = record(
        run_id=run_id,
        proposal=proposal,
        rule=_rule(proposal),
        seed=int(proposal.get("seed", 0)),
        reason=f"closed by hand: {reason}",
        models=old.get("models") if old else None,
    )
    rec["decision"] = "rejected"
    if old and old.get("decision") in ("accepted", "rejected"):
        rec["superseded"] = {"decision": old["decision"], "reason": old.get("reason", "")}
    return close(landing, branch, rec, tip, base_tip, outcome="rejected")


def _rule(proposal: Proposal) -> Rule:
    # proposal.json as git holds it: an older or newer version may have written other keys.
    return Rule.from_dict(proposal.get("rule") or {})


def record_drops(
    landing: Landing, run_id: str, drops: Sequence[tuple[Proposal, VerificationRecord]]
) -> str | None:
    """Commit the reports of candidates dropped at generation (never branched) to the base."""
    ops = landing.ops
    base_tip = landing.base_tip()
    todo = [(p, r) for p, r in drops if not landing.decision_on(base_tip, run_id, p["skill"])]
    if not todo:
        return None
    files: dict[str, str | None] = {}
    for proposal, rec in todo:
        folder = report_dir(run_id, proposal["skill"])
        files[f"{folder}/proposal.md"] = proposal_markdown(proposal)
        files[f"{folder}/proposal.json"] = dumps(proposal)
        files[f"{folder}/verification.json"] = dumps(rec)
        files[f"{folder}/report.md"] = report_markdown(rec)
    files[INDEX] = index_markdown([*landing.records(base_tip), *(r for _, r in todo)])
    names = ", ".join(p["skill"] for p, _ in todo)
    new = ops.commit_on(
        base_tip,
        files,
        f"evolve({run_id}): record {len(todo)} candidate(s) dropped at generation ({names})"
        + binding.trailer("drop"),
    )
    if new:
        ops.publish_base(landing.base, new, base_tip)
    return new


def settle_all(landing: Landing, branches: Sequence[str]) -> list[tuple[str, str]]:
    """Settle each branch; one that cannot be settled is reported, not an abort."""
    out = []
    for branch in branches:
        try:
            out.append((branch, settle(landing, branch)))
        except LeftForPerson as exc:
            out.append((branch, f"left: {exc}"))
    return out


__all__ = ["SKILLS", "close", "record_drops", "reject", "settle", "settle_all"]
