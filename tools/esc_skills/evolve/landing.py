"""Land proposals through git: a branch per candidate, its verification, then merge or close."""

from __future__ import annotations

import json
import tempfile
from collections.abc import Sequence
from pathlib import Path
from typing import Any

from esc_skills.bank import Skill, load_skill, render_skill
from esc_skills.errors import UserError
from esc_skills.evolve.report import (
    REPORTS_DIR,
    dumps,
    index_markdown,
    merge_message,
    proposal_markdown,
    report_markdown,
)
from esc_skills.gitops import GitOps, write_files

BRANCH_PREFIX = "evolve/"
SKILLS = "skills"
INDEX = f"{REPORTS_DIR}/index.md"


def branch_name(run_id: str, skill: str) -> str:
    """``evolve/<run-id>/<skill-name>``."""
    return f"{BRANCH_PREFIX}{run_id}/{skill}"


def report_dir(run_id: str, skill: str) -> str:
    """``evolution_reports/<run-id>/<skill-name>``."""
    return f"{REPORTS_DIR}/{run_id}/{skill}"


def parse_branch(branch: str) -> tuple[str, str]:
    """(run id, skill) of an evolve branch name."""
    parts = branch.split("/")
    if len(parts) != 3 or parts[0] != BRANCH_PREFIX.rstrip("/"):
        raise UserError(
            f"{branch!r} is not an evolution branch; they are named evolve/<run-id>/<skill>"
        )
    return parts[1], parts[2]


def skill_from_text(text: str, name: str) -> Skill:
    """Parse SKILL.md text (read from a commit) into a Skill."""
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp) / name
        folder.mkdir()
        (folder / "SKILL.md").write_text(text, encoding="utf-8")
        skill = load_skill(folder)
    skill.path = None
    return skill


class Landing:
    """The git side of one base branch: propose, record verification, settle."""

    def __init__(self, ops: GitOps, base: str) -> None:
        self.ops = ops
        self.base = base

    def base_tip(self) -> str:
        """The base branch's newest commit (the remote's when there is one)."""
        tip = self.ops.tip(self.base)
        if tip is None:
            raise UserError(
                f"base branch {self.base!r} does not exist; pass --base with an existing "
                "branch (the one holding skills/)"
            )
        return tip

    def decision_on(self, ref: str, run_id: str, skill: str) -> dict[str, Any] | None:
        """The verification record committed at ``ref`` for a candidate, if any."""
        text = self.ops.read(ref, f"{report_dir(run_id, skill)}/verification.json")
        return json.loads(text) if text else None

    def records(self, ref: str) -> list[dict[str, Any]]:
        """Every decision recorded under evolution_reports/ at ``ref``."""
        out = []
        for run_id in self.ops.list_dir(ref, REPORTS_DIR):
            for skill in self.ops.list_dir(ref, f"{REPORTS_DIR}/{run_id}"):
                rec = self.decision_on(ref, run_id, skill)
                if rec:
                    out.append(rec)
        return out

    def run_branches(self, run_id: str | None = None) -> list[str]:
        """Evolution branches (of one run, or all), local or on the remote."""
        prefix = BRANCH_PREFIX + (f"{run_id}/" if run_id else "")
        return [b for b in self.ops.branches(prefix) if b.count("/") == 2]

    # -- propose -----------------------------------------------------------------------
    def propose(self, proposal: dict[str, Any], skill: Skill) -> str:
        """Create the candidate's branch with the skill and its proposal (once)."""
        run_id, name = proposal["run_id"], proposal["skill"]
        branch = branch_name(run_id, name)
        if self.decision_on(self.base_tip(), run_id, name):
            return "settled"
        if self.ops.tip(branch):
            self.ensure_pushed(branch)
            return "exists"
        folder = report_dir(run_id, name)
        with self.ops.worktree(proposal["base"], branch=branch) as wt:
            write_files(
                wt,
                {
                    f"{SKILLS}/{name}/SKILL.md": render_skill(skill),
                    f"{folder}/proposal.md": proposal_markdown(proposal),
                    f"{folder}/proposal.json": dumps(proposal),
                },
            )
            verb = "refine" if proposal["kind"] == "refine" else "add"
            self.ops.commit_all(
                wt,
                f"evolve({run_id}): propose to {verb} skill {name}\n\n"
                f"Asked for by {proposal['frequency']} conversation(s); "
                f"verification on {len(proposal['verify_profiles'])} profiles "
                "decides whether it is merged.",
            )
        self.ops.push_branch(branch)
        return "created"

    def ensure_pushed(self, branch: str) -> None:
        """Send a local branch to the remote (finishes a push that a crash interrupted)."""
        if branch in [h.name for h in self.ops.repo.heads]:
            self.ops.push_branch(branch)

    def proposal_of(self, branch: str) -> tuple[dict[str, Any], Skill, str]:
        """(proposal, candidate skill, branch tip) read from a branch."""
        run_id, name = parse_branch(branch)
        tip = self.ops.tip(branch)
        if tip is None:
            raise UserError(
                f"branch {branch} does not exist here or on the remote; list them with "
                "`esc-skills evolve status`"
            )
        text = self.ops.read(tip, f"{report_dir(run_id, name)}/proposal.json")
        skill_md = self.ops.read(tip, f"{SKILLS}/{name}/SKILL.md")
        if text is None or skill_md is None:
            raise UserError(
                f"branch {branch} has no proposal.json or SKILL.md; it was not made by "
                "`esc-skills evolve propose`"
            )
        return json.loads(text), skill_from_text(skill_md, name), tip

    def base_bank(self, commit: str) -> list[Skill]:
        """The bank as it was at a commit (the original a candidate is compared with)."""
        bank = []
        for name in self.ops.list_dir(commit, SKILLS):
            text = self.ops.read(commit, f"{SKILLS}/{name}/SKILL.md")
            if text is not None:
                bank.append(skill_from_text(text, name))
        return bank

    # -- verify ------------------------------------------------------------------------
    def record_verification(self, branch: str, rec: dict[str, Any], best: Skill) -> str:
        """Commit verification.json, report.md and the best version to the branch (once)."""
        run_id, name = parse_branch(branch)
        tip = self.ops.tip(branch)
        if tip is None:
            raise UserError(f"branch {branch} vanished during verification; rerun propose")
        if self.decision_on(tip, run_id, name):
            return "exists"
        folder = report_dir(run_id, name)
        with self.ops.worktree(tip, branch=branch) as wt:
            files: dict[str, str | None] = {
                f"{folder}/verification.json": dumps(rec),
                f"{folder}/report.md": report_markdown(rec),
            }
            if rec["decision"] == "accepted":
                files[f"{SKILLS}/{name}/SKILL.md"] = render_skill(best)
            write_files(wt, files)
            self.ops.commit_all(
                wt, f"evolve({run_id}): verify {name}: {rec['decision']}\n\n{rec['reason']}."
            )
        self.ops.push_branch(branch)
        return "committed"

    # -- settle ------------------------------------------------------------------------
    def settle(self, branch: str) -> str:
        """Merge an accepted branch into the base, or close a rejected one with its report."""
        run_id, name = parse_branch(branch)
        tip = self.ops.tip(branch)
        base_tip = self.base_tip()
        if tip is None:
            done = self.decision_on(base_tip, run_id, name)
            if done:
                return "already " + ("merged" if done["decision"] == "accepted" else "closed")
            raise UserError(f"branch {branch} does not exist; nothing to settle")
        rec = self.decision_on(tip, run_id, name)
        if rec is None:
            raise UserError(
                f"branch {branch} has no verification yet; run "
                f"`esc-skills evolve verify --branch {branch}` first"
            )
        if self.decision_on(base_tip, run_id, name) or self.ops.is_ancestor(tip, base_tip):
            self.ops.delete_branch(branch)  # landed before a crash: only the cleanup is left
            return "already " + ("merged" if rec["decision"] == "accepted" else "closed")
        index = index_markdown([*self.records(base_tip), rec])
        if rec["decision"] == "accepted":
            new = self.ops.merge_commit(base_tip, tip, merge_message(rec), {INDEX: index})
            outcome = "merged"
        else:
            folder = report_dir(run_id, name)
            files: dict[str, str | None] = {INDEX: index}
            for leaf in ("proposal.md", "proposal.json", "verification.json", "report.md"):
                files[f"{folder}/{leaf}"] = self.ops.read(tip, f"{folder}/{leaf}")
            new = (
                self.ops.commit_on(
                    base_tip,
                    files,
                    f"evolve({run_id}): close {name} ({rec['decision']})\n\n"
                    f"{rec['reason']}.\nThe branch {branch} was deleted; "
                    f"its report stays in {folder}/.",
                )
                or base_tip
            )
            outcome = "closed"
        if new != base_tip:
            self.ops.publish_base(self.base, new, base_tip)
        self.ops.delete_branch(branch)
        return outcome

    def record_drops(
        self, run_id: str, drops: Sequence[tuple[dict[str, Any], dict[str, Any]]]
    ) -> str | None:
        """Commit the reports of candidates dropped at generation (never branched) to the base."""
        base_tip = self.base_tip()
        todo = [(p, r) for p, r in drops if not self.decision_on(base_tip, run_id, p["skill"])]
        if not todo:
            return None
        files: dict[str, str | None] = {}
        for proposal, rec in todo:
            folder = report_dir(run_id, proposal["skill"])
            files[f"{folder}/proposal.md"] = proposal_markdown(proposal)
            files[f"{folder}/proposal.json"] = dumps(proposal)
            files[f"{folder}/verification.json"] = dumps(rec)
            files[f"{folder}/report.md"] = report_markdown(rec)
        files[INDEX] = index_markdown([*self.records(base_tip), *(r for _, r in todo)])
        names = ", ".join(p["skill"] for p, _ in todo)
        new = self.ops.commit_on(
            base_tip,
            files,
            f"evolve({run_id}): record {len(todo)} candidate(s) dropped at generation ({names})",
        )
        if new:
            self.ops.publish_base(self.base, new, base_tip)
        return new
