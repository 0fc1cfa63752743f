"""The GitHub side of evolution, through the `gh` command: pull requests and dispatches.

`publish` opens one pull request per proposal branch and starts its verification workflow
(events made with the job token start no workflow, so verification is dispatched). Settling
through a pull request merges it with the verified head commit (``--match-head-commit``), so
branch protection and required checks hold, or closes it with the report as a comment.
"""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import tempfile
from typing import TypedDict

from esc_skills.errors import ConfigError, UserError
from esc_skills.evolve.landing import (
    Landing,
    LeftForPerson,
    closed_ref,
    parse_branch,
    report_dir,
)
from esc_skills.evolve.report import merge_message
from esc_skills.gitops import crash_point

WORKFLOW = "verify.yml"


class PullRequest(TypedDict):
    """The fields ``gh pr list --json number,url,baseRefName`` gives of one pull request."""

    number: int
    url: str
    baseRefName: str  # gh's own JSON key


class GitHub:
    """A thin, checked wrapper over the `gh` commands evolution uses."""

    def __init__(self, gh: str = "gh") -> None:
        found = shutil.which(gh)
        if not found:
            raise ConfigError(
                f"`{gh}` (the GitHub CLI) is not on PATH; install it (https://cli.github.com) "
                "and set GH_TOKEN, or settle without --github"
            )
        self.gh = found

    def _run(self, *args: str) -> str:
        try:
            done = subprocess.run(
                [self.gh, *args], capture_output=True, text=True, check=False, timeout=300
            )
        except subprocess.TimeoutExpired:
            raise UserError(f"`gh {' '.join(args[:3])}` timed out; rerun the command") from None
        if done.returncode != 0:
            said = " ".join((done.stderr or done.stdout).split())[:240]
            raise UserError(
                f"`gh {' '.join(args[:3])}` failed ({said}); check GH_TOKEN and the job's "
                "permissions (contents, pull-requests, actions: write), then rerun"
            )
        return done.stdout.strip()

    def open_pr(self, branch: str) -> PullRequest | None:
        """The open pull request whose head is ``branch``, if any."""
        out = self._run(
            "pr", "list", "--head", branch, "--state", "open", "--json", "number,url,baseRefName"
        )
        rows = json.loads(out or "[]")
        return rows[0] if rows else None

    def create_pr(self, base: str, branch: str, title: str, body: str) -> str:
        """Open a pull request; its URL."""
        with tempfile.NamedTemporaryFile("w", suffix=".md", delete=False, encoding="utf-8") as f:
            f.write(body)
        try:
            return self._run(
                "pr", "create", "--base", base, "--head", branch, "--title", title,
                "--body-file", f.name,
            )  # fmt: skip
        finally:
            os.unlink(f.name)

    def dispatch(self, workflow: str, branch: str) -> None:
        """Start ``workflow`` for ``branch`` (workflow_dispatch with input branch)."""
        self._run("workflow", "run", workflow, "--ref", branch, "-f", f"branch={branch}")

    def merge(self, number: int, head: str, subject: str, body: str) -> None:
        """Merge a pull request, only if its head is still ``head``."""
        self._run(
            "pr", "merge", str(number), "--merge", "--match-head-commit", head,
            "--subject", subject, "--body", body,
        )  # fmt: skip

    def comment(self, number: int, body: str) -> None:
        """Add a comment to a pull request."""
        self._run("pr", "comment", str(number), "--body", body)

    def close(self, number: int, comment: str) -> None:
        """Close a pull request with a comment."""
        self._run("pr", "close", str(number), "--comment", comment)


def publish(landing: Landing, gh: GitHub, workflow: str = WORKFLOW) -> list[tuple[str, str]]:
    """One pull request per proposal branch on the remote, and its verification dispatched."""
    ops = landing.ops
    ops.fetch()
    out = []
    for branch in landing.run_branches():
        remote_tip = ops.remote_tip(branch)
        if not remote_tip:
            out.append((branch, "left: not on the remote yet; rerun `evolve propose`"))
            continue
        run_id, name = parse_branch(branch)
        pr = gh.open_pr(branch)
        if pr is None:
            body = ops.read(remote_tip, f"{report_dir(run_id, name)}/proposal.md")
            url = gh.create_pr(
                landing.base, branch, f"Evolve: {run_id}/{name}", body or f"Proposal {branch}"
            )
            said = f"pull request opened ({url})"
        else:
            said = f"pull request #{pr['number']} open"
        crash_point("publish:opened")
        if _verified(landing, branch):
            out.append((branch, said + "; verified already"))
            continue
        gh.dispatch(workflow, branch)
        out.append((branch, said + f"; {workflow} started"))
    return out


def _verified(landing: Landing, branch: str) -> bool:
    """Whether the branch holds a record that still fits; unknown without the seal key."""
    try:
        return landing.verified(branch) is not None
    except ConfigError:  # no key in this job: let the verify workflow (which has it) decide
        return False


def settle_pr(landing: Landing, gh: GitHub, branch: str, *, leave_accepted: bool = False) -> str:
    """Settle a branch through its pull request: merge with the verified head, or close."""
    from esc_skills.evolve.settle import checked, keep_closed

    found = checked(landing, branch)
    if isinstance(found, str):
        return found  # already settled: only the cleanup was left
    rec, tip, _ = found
    pr = gh.open_pr(branch)
    if (
        pr is None
        and rec["decision"] != "accepted"
        and landing.ops.has_ref(closed_ref(rec["run_id"], rec["skill"])) == tip
    ):  # closed before a crash: only the branch is left to delete
        landing.ops.delete_branch(branch)
        return "already closed"
    if pr is None:
        raise LeftForPerson(
            f"{branch} has no open pull request; open it with `esc-skills evolve publish`, "
            "or settle without --github"
        )
    report = landing.ops.read(tip, f"{report_dir(rec['run_id'], rec['skill'])}/report.md") or ""
    if rec["decision"] == "accepted":
        if leave_accepted:
            gh.comment(pr["number"], report + "\nVerified and accepted: waiting for a person.")
            return "accepted, left for approval"
        subject, _, body = merge_message(rec).partition("\n\n")
        gh.merge(pr["number"], tip, subject, body)
        crash_point("settle:published")
        landing.ops.fetch()
        landing.ops.delete_branch(branch)
        return f"merged (pull request #{pr['number']})"
    ref = keep_closed(landing, branch, tip)
    gh.close(pr["number"], report + f"\nThe proposal's commits are kept at `{ref}`.")
    crash_point("settle:published")
    landing.ops.delete_branch(branch)
    return f"closed (pull request #{pr['number']})"
