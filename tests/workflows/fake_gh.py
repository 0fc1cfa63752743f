"""A recording stand-in for the `gh` commands evolution uses, backed by a real bare origin.

Installed on PATH as `gh` by the workflow harness. State (pull requests, dispatches, every
call) lives in the JSON file $FAKE_GH_STATE; merges happen for real in $FAKE_GH_ORIGIN with
`git merge-tree`, as GitHub would make the merge commit.
"""

from __future__ import annotations

import itertools
import json
import os
import subprocess
import sys
from pathlib import Path
from typing import Any, cast


def _git(*args: str) -> str:
    origin = os.environ["FAKE_GH_ORIGIN"]
    env = {**os.environ, "GIT_AUTHOR_NAME": "GitHub", "GIT_AUTHOR_EMAIL": "noreply@github.com",
           "GIT_COMMITTER_NAME": "GitHub", "GIT_COMMITTER_EMAIL": "noreply@github.com"}  # fmt: skip
    done = subprocess.run(
        ["git", "--git-dir", origin, *args], capture_output=True, text=True, env=env, check=False
    )
    if done.returncode not in (0, 1) or (done.returncode == 1 and args[0] != "merge-tree"):
        sys.exit(f"fake gh: git {' '.join(args)} failed: {done.stderr}")
    return done.stdout.strip() if done.returncode == 0 else "CONFLICT " + done.stdout


def _opt(args: list[str], name: str, default: str | None = None) -> str | None:
    return args[args.index(name) + 1] if name in args else default


def _pr(state: dict[str, Any], number: str) -> dict[str, Any]:
    for pr in state["prs"]:
        if str(pr["number"]) == number or pr["head"] == number:
            return cast(dict[str, Any], pr)
    sys.exit(f"fake gh: no pull request {number}")


def main(argv: list[str]) -> None:
    """Dispatch one `gh` invocation."""
    path = Path(os.environ["FAKE_GH_STATE"])
    state = json.loads(path.read_text()) if path.exists() else {"prs": [], "dispatches": []}
    state.setdefault("calls", []).append(argv)
    head = argv[:2]
    if head == ["auth", "setup-git"]:
        pass
    elif head == ["pr", "list"]:
        branch, wanted = _opt(argv, "--head"), _opt(argv, "--state", "open")
        rows = [
            {"number": p["number"], "url": p["url"], "baseRefName": p["base"]}
            for p in state["prs"]
            if p["head"] == branch and p["state"] == wanted
        ]
        print(json.dumps(rows))
    elif head == ["pr", "create"]:
        branch, base = _opt(argv, "--head"), _opt(argv, "--base")
        if not _git("rev-parse", "--verify", "--quiet", f"refs/heads/{branch}"):
            sys.exit(f"fake gh: head branch {branch} is not on the remote")
        if any(p["head"] == branch and p["state"] == "open" for p in state["prs"]):
            sys.exit(f"fake gh: a pull request for branch {branch} already exists")
        number = len(state["prs"]) + 1
        body = Path(_opt(argv, "--body-file") or "/dev/null").read_text()
        url = f"https://github.invalid/o/r/pull/{number}"
        state["prs"].append({"number": number, "url": url, "head": branch, "base": base,
                             "title": _opt(argv, "--title"), "body": body, "state": "open",
                             "comments": []})  # fmt: skip
        print(url)
    elif head == ["workflow", "run"]:
        inputs = dict(v.split("=", 1) for k, v in itertools.pairwise(argv) if k == "-f")
        state["dispatches"].append({"workflow": argv[2], "ref": _opt(argv, "--ref"),
                                    "inputs": inputs})  # fmt: skip
    elif head == ["pr", "merge"]:
        pr = _pr(state, argv[2])
        tip = _git("rev-parse", f"refs/heads/{pr['head']}")
        if pr["state"] != "open":
            sys.exit("fake gh: pull request is not open")
        if _opt(argv, "--match-head-commit") not in (None, tip):
            sys.exit("fake gh: Head branch was modified. Review and try the merge again.")
        base_tip = _git("rev-parse", f"refs/heads/{pr['base']}")
        tree = _git("merge-tree", "--write-tree", base_tip, tip)
        if tree.startswith("CONFLICT"):
            sys.exit("fake gh: Pull request is not mergeable: the merge commit cannot be created.")
        message = f"{_opt(argv, '--subject')}\n\n{_opt(argv, '--body', '')}"
        commit = _git("commit-tree", tree.split()[0], "-p", base_tip, "-p", tip, "-m", message)
        _git("update-ref", f"refs/heads/{pr['base']}", commit, base_tip)
        pr.update(state="merged", merge_commit=commit)
    elif head == ["pr", "comment"]:
        _pr(state, argv[2])["comments"].append(_opt(argv, "--body"))
    elif head == ["pr", "close"]:
        pr = _pr(state, argv[2])
        pr["comments"].append(_opt(argv, "--comment"))
        pr["state"] = "closed"
    else:
        sys.exit(f"fake gh: unsupported command {' '.join(argv)}")
    path.write_text(json.dumps(state, indent=1))


if __name__ == "__main__":
    main(sys.argv[1:])
