"""Run a GitHub Actions workflow's jobs locally, the way a runner would, against a bare origin.

Each job gets a fresh clone of the origin (actions/checkout), the environment Actions gives
(GITHUB_* variables, RUNNER_TEMP, the workflow, job and step ``env:`` with their ``${{ }}``
expressions evaluated against github / inputs / vars / secrets / runner / env), and its
``run:`` steps executed in order with ``bash --noprofile --norc -eo pipefail``. setup-python
and actions/cache are no-ops (the cache keys are recorded). Steps named in ``skip`` (those
that need the network: installing, fetching data) are recorded as skipped, never silently.
"""

from __future__ import annotations

import fnmatch
import itertools
import os
import re
import shutil
import subprocess
import sys
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml

from esc_skills.paths import REPO_ROOT

WORKFLOWS = REPO_ROOT / ".github" / "workflows"
_EXPR = re.compile(r"\$\{\{\s*(.*?)\s*\}\}")


def load(name: str) -> dict[str, Any]:
    """A workflow file as data (PyYAML reads a bare `on:` as True)."""
    raw: dict[Any, Any] = yaml.safe_load((WORKFLOWS / name).read_text(encoding="utf-8"))
    if True in raw:
        raw["on"] = raw.pop(True)
    return {str(k): v for k, v in raw.items()}


def _lookup(path: str, ctx: dict[str, Any]) -> Any:
    value: Any = ctx
    for part in path.split("."):
        if not isinstance(value, dict) or part not in value:
            return ""
        value = value[part]
    return value


def evaluate(expr: str, ctx: dict[str, Any]) -> Any:
    """The subset of the Actions expression language the workflows use."""
    expr = expr.strip()
    call = re.fullmatch(r"startsWith\((.*),\s*'([^']*)'\)", expr)
    if call:
        return str(evaluate(call.group(1), ctx)).startswith(call.group(2))
    parts = re.split(r"\s*\|\|\s*", expr)
    if len(parts) > 1:
        value: Any = ""
        for part in parts:
            value = evaluate(part, ctx)
            if value:
                return value
        return value
    if expr.startswith("hashFiles("):
        return "files-hash"
    if expr.startswith("'") and expr.endswith("'"):
        return expr[1:-1]
    if re.fullmatch(r"[A-Za-z_][\w.-]*", expr):
        return _lookup(expr, ctx)
    raise ValueError(f"expression not supported by the harness: {expr}")


def substitute(text: str, ctx: dict[str, Any]) -> str:
    """A string with each ``${{ expr }}`` replaced by its value."""
    return _EXPR.sub(lambda m: str(evaluate(m.group(1), ctx)), text)


@dataclass
class StepResult:
    """What happened to one step."""

    job: str
    name: str
    status: str  # "ok", "failed", "skipped" (by the harness), "no-op" (an action)
    output: str = ""


@dataclass
class Runner:
    """Runs workflows against ``origin`` with a fake `gh` (fake_gh.py) on PATH."""

    origin: Path
    home: Path
    vars: dict[str, str] = field(default_factory=dict)
    secrets: dict[str, str] = field(default_factory=dict)
    extra_env: dict[str, str] = field(default_factory=dict)
    skip: frozenset[str] = frozenset({"Install", "Fetch the profiles"})
    cache_keys: list[str] = field(default_factory=list)
    runs: int = 0

    def _bin(self) -> Path:
        bin_dir = self.home / "bin"
        bin_dir.mkdir(parents=True, exist_ok=True)
        gh = bin_dir / "gh"
        if not gh.exists():
            fake = Path(__file__).with_name("fake_gh.py")
            gh.write_text(f"#!{sys.executable}\nimport runpy, sys\n"
                          f"runpy.run_path({str(fake)!r}, run_name='__main__')\n")  # fmt: skip
            gh.chmod(0o755)
        return bin_dir

    def context(
        self, event: str, ref: str, inputs: dict[str, str], workspace: Path, temp: Path
    ) -> dict[str, Any]:
        """The expression contexts Actions gives a job for this event."""
        payload: dict[str, Any] = {"inputs": inputs} if event == "workflow_dispatch" else {}
        if event != "schedule":  # a schedule's payload carries no repository
            payload["repository"] = {"default_branch": "main"}
        return {
            "github": {
                "event_name": event,
                "ref": f"refs/heads/{ref}",
                "ref_name": ref,
                "repository": "owner/bank",
                "token": "ghs_fake_job_token",
                "workspace": str(workspace),
                "event": payload,
            },
            "inputs": inputs if event == "workflow_dispatch" else {},
            "vars": self.vars,
            "secrets": self.secrets,
            "runner": {"temp": str(temp)},
            "matrix": {},
            "env": {},
        }

    def run(
        self,
        name: str,
        *,
        event: str,
        ref: str = "main",
        inputs: dict[str, str] | None = None,
    ) -> list[StepResult]:
        """Run every job of workflow ``name`` for one event; the steps' results in order."""
        flow = load(name)
        self.runs += 1
        inputs = {
            k: str(v.get("default", "")) for k, v in ((flow["on"].get("workflow_dispatch") or {})
                                                      .get("inputs") or {}).items()
        } | (inputs or {})  # fmt: skip
        results: list[StepResult] = []
        failed: set[str] = set()
        for job_id, job in flow["jobs"].items():
            if any(need in failed for need in _needs(job)):
                failed.add(job_id)
                continue
            for n, matrix in enumerate(_matrix(job)):
                ctx = self.context(event, ref, inputs, Path(), Path())
                ctx["matrix"] = matrix
                if not self._job(f"{job_id}-{n}", job, flow, ctx, results):
                    failed.add(job_id)
                    break
        return results

    def _job(
        self,
        where: str,
        job: dict[str, Any],
        flow: dict[str, Any],
        ctx: dict[str, Any],
        results: list[StepResult],
    ) -> bool:
        """One job (one matrix entry) in a fresh workspace; False when a step failed."""
        root = self.home / f"run{self.runs}" / where
        workspace, temp = root / "work", root / "tmp"
        temp.mkdir(parents=True, exist_ok=True)
        ctx["github"]["workspace"], ctx["runner"]["temp"] = str(workspace), str(temp)
        condition = str(job.get("if", "true")).replace("${{", "").replace("}}", "")
        if condition != "true" and not evaluate(condition, ctx):
            return True
        env = self._base_env(ctx, workspace, temp)
        for scope in (flow.get("env") or {}, job.get("env") or {}):
            for key, value in scope.items():
                env[key] = substitute(str(value), ctx)
                ctx["env"][key] = env[key]
        for step in job["steps"]:
            result = self._step(where, step, ctx, env, workspace)
            results.append(result)
            if result.status == "failed":
                return False
        return True

    def _base_env(self, ctx: dict[str, Any], workspace: Path, temp: Path) -> dict[str, str]:
        gh = ctx["github"]
        path = os.pathsep.join([str(self._bin()), str(Path(sys.executable).parent),
                                "/usr/local/bin", "/usr/bin", "/bin"])  # fmt: skip
        keep = {
            k: os.environ[k] for k in ("HOME", "LANG", "PYTHONPATH", "TMPDIR") if k in os.environ
        }
        return (
            keep
            | {
                "PATH": path,
                "CI": "true",
                "GITHUB_ACTIONS": "true",
                "GITHUB_EVENT_NAME": gh["event_name"],
                "GITHUB_REF": gh["ref"],
                "GITHUB_REF_NAME": gh["ref_name"],
                "GITHUB_REPOSITORY": gh["repository"],
                "GITHUB_WORKSPACE": str(workspace),
                "RUNNER_TEMP": str(temp),
                "FAKE_GH_STATE": str(self.home / "gh-state.json"),
                "FAKE_GH_ORIGIN": str(self.origin),
                "GIT_CONFIG_GLOBAL": str(self.home / "gitconfig"),
            }
            | self.extra_env
        )

    def _step(
        self,
        job: str,
        step: dict[str, Any],
        ctx: dict[str, Any],
        env: dict[str, str],
        workspace: Path,
    ) -> StepResult:
        name = step.get("name") or step.get("uses") or step.get("run", "").splitlines()[0]
        if "uses" in step:
            action = step["uses"].split("@")[0]
            with_ = {k: substitute(str(v), ctx) for k, v in (step.get("with") or {}).items()}
            if action == "actions/checkout":
                ref = with_.get("ref") or ctx["github"]["ref_name"]
                subprocess.run(["git", "clone", "--quiet", str(self.origin), str(workspace)],
                               check=True, env=env)  # fmt: skip
                subprocess.run(["git", "checkout", "--quiet", ref], cwd=workspace, check=True,
                               env=env)  # fmt: skip
            elif action == "actions/cache":
                self.cache_keys.append(with_["key"])
            elif action == "actions/upload-artifact":
                source = Path(with_["path"])
                if not source.is_dir() or not any(source.iterdir()):
                    return StepResult(job, name, "failed", f"no files found at {source}")
                shutil.copytree(source, self.home / f"run{self.runs}" / "artifacts" / with_["name"])
            elif action == "actions/download-artifact":
                store = self.home / f"run{self.runs}" / "artifacts"  # per workflow run
                for art in sorted(store.iterdir()) if store.is_dir() else []:
                    if fnmatch.fnmatch(art.name, with_.get("pattern", with_.get("name", "*"))):
                        shutil.copytree(art, Path(with_["path"]) / art.name)
            return StepResult(job, name, "no-op")
        if name in self.skip:
            return StepResult(job, name, "skipped")
        step_env = dict(env)
        for key, value in (step.get("env") or {}).items():
            step_env[key] = substitute(str(value), ctx)
        script = workspace.parent / "step.sh"
        script.write_text(step["run"], encoding="utf-8")
        done = subprocess.run(
            ["bash", "--noprofile", "--norc", "-eo", "pipefail", str(script)],
            cwd=workspace, env=step_env, capture_output=True, text=True, check=False,
            timeout=600,
        )  # fmt: skip
        status = "ok" if done.returncode == 0 else "failed"
        return StepResult(job, name, status, done.stdout + done.stderr)


def _matrix(job: dict[str, Any]) -> list[dict[str, Any]]:
    """The job's matrix entries (one empty entry without a matrix)."""
    axes = (job.get("strategy") or {}).get("matrix") or {}
    keys = sorted(axes)
    values = itertools.product(*(axes[k] for k in keys))
    return [dict(zip(keys, row, strict=True)) for row in values]


def _needs(job: dict[str, Any]) -> list[str]:
    needs = job.get("needs") or []
    return [needs] if isinstance(needs, str) else list(needs)
