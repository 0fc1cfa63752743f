"""Land proposals through git: a branch per candidate, its verification, then merge or close.

Three rules hold throughout: what merges is exactly what was verified (binding.py), nothing a
person wrote is deleted or force-moved (closed proposals stay reachable under
``refs/evolve/closed/...``; branches with commits the tool did not write are left to a
person), and local commits the remote does not have are never published by accident.
"""

from __future__ import annotations

import json
import tempfile
from collections.abc import Sequence
from pathlib import Path
from typing import cast

from esc_skills.bank import Skill, load_skill, render_skill
from esc_skills.errors import UserError
from esc_skills.evolve import binding
from esc_skills.evolve.records import Proposal, VerificationRecord
from esc_skills.evolve.report import REPORTS_DIR, dumps, proposal_markdown, report_markdown
from esc_skills.gitops import GitOps, MergeConflict, crash_point, write_files

BRANCH_PREFIX = "evolve/"
CLOSED_PREFIX = "refs/evolve/closed/"
SKILLS = "skills"
INDEX = f"{REPORTS_DIR}/index.md"


class LeftForPerson(UserError):
    """A proposal the tool will not settle on its own; the message says why and what to do."""


def branch_name(run_id: str, skill: str) -> str:
    """``evolve/<run-id>/<skill-name>``."""
    return f"{BRANCH_PREFIX}{run_id}/{skill}"


def report_dir(run_id: str, skill: str) -> str:
    """``evolution_reports/<run-id>/<skill-name>``."""
    return f"{REPORTS_DIR}/{run_id}/{skill}"


def closed_ref(run_id: str, skill: str) -> str:
    """Where a closed proposal's commits are kept: ``refs/evolve/closed/<run>/<skill>``."""
    return f"{CLOSED_PREFIX}{run_id}/{skill}"


def parse_branch(branch: str) -> tuple[str, str]:
    """(run id, skill) of an evolve branch name."""
    parts = branch.split("/")
    if len(parts) != 3 or parts[0] != BRANCH_PREFIX.rstrip("/") or not all(parts):
        raise UserError(
            f"--branch {branch!r} is not an evolution branch; they are named "
            "evolve/<run-id>/<skill> (list them with `esc-skills evolve status`)"
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


def _shown(rows: list[dict[str, str]]) -> str:
    return ", ".join(f"{r['sha'][:10]} by {r['author']}" for r in rows[:3]) + (
        f" and {len(rows) - 3} more" if len(rows) > 3 else ""
    )


class Landing:
    """The git side of one base branch: propose, record verification, settle."""

    def __init__(self, ops: GitOps, base: str) -> None:
        self.ops = ops
        self.base = base

    # -- reading -----------------------------------------------------------------------
    def base_tip(self) -> str:
        """The base branch's newest commit: the remote's tip when there is a remote."""
        tip = self.ops.remote_tip(self.base)
        if tip is None:
            where = f" on {self.ops.remote}" if self.ops.remote else ""
            raise UserError(
                f"--base {self.base!r} does not exist{where}; pass --base with an existing "
                "branch (the one holding skills/), pushed to the remote"
            )
        return tip

    def check_published(self, publish: bool = False) -> None:
        """Refuse when the local base has commits the remote lacks (or push them on purpose)."""
        extra = self.ops.unpublished(self.base)
        if not extra:
            return
        if publish:
            self.ops.push_branch(self.base)
            return
        raise UserError(
            f"{self.base} has {len(extra)} local commit(s) that {self.ops.remote} does not have "
            f"({extra[0]}); evolution starts from and lands on {self.ops.remote}/{self.base} and "
            "never publishes them: push them yourself, or pass --publish-base to push them now"
        )

    def decision_on(self, ref: str, run_id: str, skill: str) -> VerificationRecord | None:
        """The verification record committed at ``ref`` for a candidate, if any.

        What git holds is not validated here: callers read ``decision`` and check the seal
        (binding.problem) before they trust anything else in it.
        """
        text = self.ops.read(ref, f"{report_dir(run_id, skill)}/verification.json")
        if not text:
            return None
        try:
            data = json.loads(text)
        except json.JSONDecodeError:
            # A stand-in with only decision and reason: it has no seal, so it never settles.
            return cast(
                VerificationRecord,
                {"decision": "unreadable", "reason": "verification.json is not JSON"},
            )
        return cast(VerificationRecord, data) if isinstance(data, dict) else None

    def records(self, ref: str) -> list[VerificationRecord]:
        """Every decision recorded under evolution_reports/ at ``ref``."""
        out = []
        for run_id in self.ops.list_dir(ref, REPORTS_DIR):
            for skill in self.ops.list_dir(ref, f"{REPORTS_DIR}/{run_id}"):
                rec = self.decision_on(ref, run_id, skill)
                if rec and "run_id" in rec:
                    out.append(rec)
        return out

    def run_branches(self, run_id: str | None = None) -> list[str]:
        """Evolution branches (of one run, or all), local or on the remote."""
        prefix = BRANCH_PREFIX + (f"{run_id}/" if run_id else "")
        return [b for b in self.ops.branches(prefix) if b.count("/") == 2]

    def foreign_commits(self, tip: str, base_tip: str) -> list[dict[str, str]]:
        """Commits on a branch (not on the base) that the tool did not write."""
        return [
            c for c in self.ops.commits(base_tip, tip) if not binding.is_tool_commit(c["message"])
        ]

    def ensure_pushed(self, branch: str) -> None:
        """Send a local branch to the remote (finishes a push that a crash interrupted)."""
        local, remote = self.ops.local_tip(branch), self.ops.remote_tip(branch)
        if local and local != remote and (remote is None or self.ops.is_ancestor(remote, local)):
            self.ops.push_branch(branch)

    def settled(self, run_id: str, skill: str) -> bool:
        """Whether a candidate was decided: recorded on the base, or closed and kept."""
        return bool(
            self.decision_on(self.base_tip(), run_id, skill)
            or self.ops.has_ref(closed_ref(run_id, skill))
        )

    def has_proposal(self, branch: str) -> bool:
        """Whether the branch exists and holds its proposal (not just an empty crash leftover)."""
        run_id, name = parse_branch(branch)
        tip = self.ops.tip(branch)
        return (
            bool(tip)
            and self.ops.read(tip or "", f"{report_dir(run_id, name)}/proposal.json") is not None
        )

    def proposal_of(self, branch: str) -> tuple[Proposal, Skill, str]:
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

    def bank_at(self, commit: str) -> list[Skill]:
        """The bank as it is at a commit."""
        bank = []
        for name in self.ops.list_dir(commit, SKILLS):
            text = self.ops.read(commit, f"{SKILLS}/{name}/SKILL.md")
            if text is not None:
                bank.append(skill_from_text(text, name))
        return bank

    base_bank = bank_at  # the name the callers that read the base use

    def state_of(self, branch: str) -> str:
        """One line on where a branch stands and who acts next (for `evolve status`)."""
        run_id, name = parse_branch(branch)
        tip, base_tip = self.ops.tip(branch), self.base_tip()
        if tip is None:
            return "gone"
        if self.ops.read(tip, f"{report_dir(run_id, name)}/proposal.json") is None:
            return "not made by `evolve propose` (no proposal.json): left for a person"
        foreign = self.foreign_commits(tip, base_tip)
        if foreign:
            return (
                f"holds {len(foreign)} commit(s) evolve did not write ({_shown(foreign)}): "
                "left for a person"
            )
        rec = self.decision_on(tip, run_id, name)
        if rec is None:
            return "proposed, not verified"
        found = binding.blocking(self.ops, rec, tip, base_tip, binding.seal_key(self.ops))
        if found:
            return f"recorded {rec.get('decision')}, but {found[1]}: verify again"
        return f"verified: {rec['decision']}, ready to settle"

    # -- propose -----------------------------------------------------------------------
    def propose(self, proposal: Proposal, skill: Skill) -> str:
        """Create the candidate's branch with the skill and its proposal (once)."""
        run_id, name = proposal["run_id"], proposal["skill"]
        branch = branch_name(run_id, name)
        if self.settled(run_id, name):
            return "settled"
        tip = self.ops.tip(branch)
        if tip and self.ops.read(tip, f"{report_dir(run_id, name)}/proposal.json") is not None:
            self.ensure_pushed(branch)
            return "exists"
        if tip and self.ops.commits(proposal["base"], tip):
            raise LeftForPerson(
                f"branch {branch} exists with commits but no proposal; it was not made by "
                "`esc-skills evolve propose`: rename or delete it, then rerun"
            )
        # Absent, or an empty branch a crash left before the first commit: (re)create it.
        folder = report_dir(run_id, name)
        with self.ops.worktree(proposal["base"], branch=branch) as wt:
            crash_point("propose:branch-created")
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
                "decides whether it is merged." + binding.trailer("propose"),
            )
        crash_point("propose:committed")
        self.ops.push_branch(branch)
        return "created"

    def settle(self, branch: str) -> str:
        """Merge or close one branch (esc_skills.evolve.settle.settle)."""
        from esc_skills.evolve.settle import settle

        return settle(self, branch)

    def reject(self, branch: str, reason: str = "rejected by a person") -> str:
        """Close one proposal by hand, keeping its commits (esc_skills.evolve.settle.reject)."""
        from esc_skills.evolve.settle import reject

        return reject(self, branch, reason)

    def record_drops(
        self, run_id: str, drops: Sequence[tuple[Proposal, VerificationRecord]]
    ) -> str | None:
        """Commit dropped candidates' reports (esc_skills.evolve.settle.record_drops)."""
        from esc_skills.evolve.settle import record_drops

        return record_drops(self, run_id, drops)

    # -- verify ------------------------------------------------------------------------
    def verified(self, branch: str) -> VerificationRecord | None:
        """The branch's record when it is still valid for its tip and the base, else None."""
        run_id, name = parse_branch(branch)
        tip = self.ops.tip(branch)
        rec = self.decision_on(tip, run_id, name) if tip else None
        if not rec or not tip:
            return None
        key = binding.seal_key(self.ops)
        return None if binding.blocking(self.ops, rec, tip, self.base_tip(), key) else rec

    def update_from_base(self, branch: str) -> str:
        """Bring the base's changed bank into the branch (a merge commit on it); its new tip."""
        run_id, name = parse_branch(branch)
        tip, base_tip = self.ops.tip(branch), self.base_tip()
        assert tip is not None
        fork = self.ops.merge_base(tip, base_tip)
        if fork is None or binding.content_at(self.ops, fork) == binding.content_at(
            self.ops, base_tip
        ):
            return tip  # the base's bank is what the branch started from
        try:
            new = self.ops.merge_commit(
                base_tip,
                tip,
                f"evolve({run_id}): update {name} from {self.base}\n\nThe base's bank changed "
                "since the proposal; verification measures the merged result."
                + binding.trailer("update"),
                {},
                branch=branch,
            )
        except MergeConflict as exc:
            raise LeftForPerson(
                f"{branch} conflicts with {self.base} ({', '.join(exc.files[:3])}) after the "
                f"base changed; resolve it on the branch by hand, or close it with "
                f"`esc-skills evolve reject --branch {branch}`"
            ) from None
        self.ops.push_branch(branch)
        return new

    def record_verification(
        self, branch: str, rec: VerificationRecord, best: Skill, *, started: str, base_tip: str
    ) -> str:
        """Commit the sealed verification.json, report.md and the best version to the branch."""
        run_id, name = parse_branch(branch)
        tip = self.ops.tip(branch)
        if tip != started:
            raise LeftForPerson(
                f"branch {branch} moved while it was being verified ({started[:10]} -> "
                f"{(tip or 'deleted')[:10]}); rerun `esc-skills evolve verify --branch {branch}`"
            )
        folder = report_dir(run_id, name)
        with self.ops.worktree(tip, branch=branch) as wt:
            if rec["decision"] == "accepted":
                write_files(wt, {f"{SKILLS}/{name}/SKILL.md": render_skill(best)})
            trees = {n: self.ops.staged_tree(wt, n) for n in binding.CONTENT}
            rec["binding"] = {
                "candidate_commit": tip,
                "candidate_content": binding.content_digest(trees),
                "candidate_trees": trees,
                "base_commit": base_tip,
                "base_content": binding.content_at(self.ops, base_tip),
            }
            rec["seal"] = binding.seal(rec, binding.seal_key(self.ops))
            write_files(
                wt,
                {
                    f"{folder}/verification.json": dumps(rec),
                    f"{folder}/report.md": report_markdown(rec),
                },
            )
            self.ops.commit_all(
                wt,
                f"evolve({run_id}): verify {name}: {rec['decision']}\n\n{rec['reason']}."
                + binding.trailer("verify"),
            )
        crash_point("verify:committed")
        self.ops.push_branch(branch)
        return "committed"
