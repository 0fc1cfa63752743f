"""The GitHub Actions workflows: schema-valid, zizmor-clean, pinned, least privilege."""

from __future__ import annotations

import re
import shutil
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest
import yaml

from esc_skills.paths import REPO_ROOT

WORKFLOWS = REPO_ROOT / ".github" / "workflows"
NAMES = ("lint.yml", "evolve.yml", "verify.yml")


def _tool(name: str) -> str:
    found = Path(sys.executable).parent / name
    path = str(found) if found.exists() else shutil.which(name)
    if not path:
        pytest.skip(f"{name} is not installed (pip install -e '.[dev]')")
    return path


def _load(name: str) -> dict[str, Any]:
    data: dict[str, Any] = yaml.safe_load((WORKFLOWS / name).read_text(encoding="utf-8"))
    return data


def _on(data: dict[Any, Any]) -> dict[str, Any]:
    on: dict[str, Any] = data["on"] if "on" in data else data[True]  # PyYAML: a bare `on` is True
    return on


def test_workflows_match_the_github_schema() -> None:
    files = [str(WORKFLOWS / n) for n in NAMES]
    run = subprocess.run(
        [_tool("check-jsonschema"), "--builtin-schema", "vendor.github-workflows", *files],
        capture_output=True,
        text=True,
        check=False,
    )
    assert run.returncode == 0, run.stdout + run.stderr


def test_zizmor_finds_nothing() -> None:
    run = subprocess.run(
        [_tool("zizmor"), "--offline", "--persona", "auditor", str(WORKFLOWS)],
        capture_output=True,
        text=True,
        check=False,
    )
    assert run.returncode == 0, run.stdout + run.stderr
    assert "No findings to report" in run.stdout + run.stderr


@pytest.mark.parametrize("name", NAMES)
def test_actions_pinned_and_no_expansion_in_run(name: str) -> None:
    text = (WORKFLOWS / name).read_text(encoding="utf-8")
    uses = re.findall(r"uses:\s*(\S+)", text)
    assert uses and all(re.fullmatch(r"[\w.-]+/[\w.-]+@[0-9a-f]{40}", u) for u in uses), uses
    assert "pull_request_target" not in text
    for job in _load(name)["jobs"].values():
        for step in job["steps"]:
            assert "${{" not in step.get("run", ""), f"{name}: expression inside run: {step}"


# Steps that may see a secret: the ones that call models, and the ones that seal or check a
# verification record (the seal key). Nothing else, and never a whole job.
SECRET_STEPS = {
    "Simulate the current bank",
    "Simulate this shard",
    "Propose candidates on branches",
    "Require the model variable and the seal key",
    "Verify",
    "Settle",
}


@pytest.mark.parametrize("name", NAMES)
def test_least_privilege(name: str) -> None:
    data = _load(name)
    assert data["permissions"] == {}  # nothing by default; each job asks for what it needs
    assert "secrets." not in yaml.safe_dump(data.get("env"))
    for job in data["jobs"].values():
        perms = job["permissions"]
        assert set(perms.values()) <= {"read", "write"}
        assert "secrets." not in yaml.safe_dump(job.get("env"))  # never job-wide
        for step in job["steps"]:
            assert "secrets." not in yaml.safe_dump({k: v for k, v in step.items() if k != "env"})
            if "secrets." in yaml.safe_dump(step.get("env")):
                assert step["name"] in SECRET_STEPS, step["name"]
        steps = yaml.safe_dump(job["steps"])
        assert "|| true" not in steps  # failures are never swallowed
    if name == "lint.yml":
        assert data["jobs"]["lint-and-test"]["permissions"] == {"contents": "read"}


def test_triggers_and_commands() -> None:
    assert set(_on(_load("lint.yml"))) == {"pull_request", "push"}
    assert set(_on(_load("evolve.yml"))) == {"workflow_dispatch", "schedule"}
    verify = _on(_load("verify.yml"))
    assert verify["push"]["branches"] == ["evolve/**"]
    assert verify["workflow_dispatch"]["inputs"]["branch"]["required"] is True
    evolve_text = (WORKFLOWS / "evolve.yml").read_text(encoding="utf-8")
    for command in ("esc-skills evolve propose", "esc-skills evolve publish"):
        assert command in evolve_text
    verify_text = (WORKFLOWS / "verify.yml").read_text(encoding="utf-8")
    for command in ("esc-skills evolve verify", "esc-skills evolve settle --github",
                    "esc-skills lint skills/", "python -m pytest"):  # fmt: skip
        assert command in verify_text
    # The logic lives in the CLI: no step loops over branches or calls `gh pr` itself.
    for text in (evolve_text, verify_text):
        assert "for-each-ref" not in text and "gh pr" not in text


def test_settles_are_serialised_and_lint_runs_on_the_evolved_branch() -> None:
    jobs = _load("verify.yml")["jobs"]
    assert jobs["settle"]["needs"] == "verify" and jobs["verify"]["needs"] == "shard"
    assert jobs["settle"]["concurrency"]["group"] == "evolve-settle"  # no race on the base
    assert jobs["shard"]["permissions"] == {"contents": "read"}  # shards write nothing
    lint = next(
        s for s in jobs["verify"]["steps"] if s.get("name") == "Lint and test the evolved branch"
    )
    assert 'git checkout --quiet --detach "origin/$BRANCH"' in lint["run"]
    shards = jobs["shard"]["strategy"]["matrix"]["shard"]
    assert jobs["shard"]["env"]["SHARDS"] == str(len(shards))
