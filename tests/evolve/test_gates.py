"""The gate registry: the paper's rule always, optional gates recorded, vetoes plugged in."""

from __future__ import annotations

import asyncio
import json
from pathlib import Path

import pytest
from click.testing import CliRunner

from esc_skills.cli.main import cli
from esc_skills.evolve import gates
from esc_skills.evolve.decide import Rule, judge

from .helpers import GOOD, build_loop, git, make_repo, write_profiles
from .test_landing_e2e import propose, setup

BASE = {"a": 30, "b": 50, "c": 12, "d": 40}
REFINE = "exam-stress-coaching"


def test_paper_rule_always_and_the_first_failing_gate_decides() -> None:
    noisy = {"a": 90, "b": 40, "c": 2, "d": 30}  # mean +7.5, but one seeker newly fails
    plain = judge(BASE, noisy, Rule())
    assert plain["accepted"] and [g["name"] for g in plain["gates"]] == ["paper"]
    assert plain["decided_by"] == "paper"
    strict = judge(BASE, noisy, Rule(require_no_new_failures=True, require_ci_above_zero=True))
    assert [g["name"] for g in strict["gates"]] == ["paper", "no-new-failures", "ci-lower-bound"]
    assert not strict["accepted"] and strict["decided_by"] == "no-new-failures"
    assert strict["ci"]["low"] < 0 < strict["ci"]["high"]
    steady = {"a": 35, "b": 55, "c": 17, "d": 45}  # +5 everywhere: the interval is above 0
    assert judge(BASE, steady, Rule(require_ci_above_zero=True))["accepted"]


def test_regression_gate_counts_a_drop_beyond_the_margin() -> None:
    assert gates.regression(50.0, 49.0, 15, margin=1.0).passed
    dropped = gates.regression(50.0, 48.5, 15, margin=1.0)
    assert not dropped.passed and "15 other profiles" in dropped.detail


def _verify(tmp_path: Path, rule: Rule, n_profiles: int = 6) -> dict[str, object]:
    _, origin, _, _ = setup(tmp_path, {REFINE: GOOD}, max_new=0, rule=rule)
    write_profiles(tmp_path / "profiles.jsonl", n_profiles)  # 3 conversations, 6 profiles
    loop, _ = build_loop(tmp_path, {REFINE: GOOD}, max_new=0, rule=rule)
    propose(loop, tmp_path)
    asyncio.run(loop.verify())
    text = git(
        origin, "show", f"evolve/r1/{REFINE}:evolution_reports/r1/{REFINE}/verification.json"
    )
    data: dict[str, object] = json.loads(text)
    return data


def test_regression_set_runs_profiles_the_candidate_was_not_aimed_at(tmp_path: Path) -> None:
    rec = _verify(tmp_path, Rule(regression_profiles=15, regression_margin=0.0))
    attempt = rec["attempts"][0]  # type: ignore[index]
    names = [g["name"] for g in attempt["gates"]]
    assert names == ["paper", "regression"] and attempt["accepted"]
    regression = attempt["gates"][1]
    assert "3 other profiles" in regression["detail"]  # p3..p5: all there are besides p0..p2
    assert rec["rule"]["regression_profiles"] == 15  # type: ignore[index]
    shown = git(tmp_path / "origin.git", "show",
                f"evolve/r1/{REFINE}:evolution_reports/r1/{REFINE}/report.md")  # fmt: skip
    assert "decided by `paper`" in shown and "| regression | yes |" in shown


def test_a_veto_rejects_whatever_the_scores(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    seen: list[gates.VetoInput] = []

    async def unsafe(given: gates.VetoInput) -> gates.GateResult:
        seen.append(given)
        return gates.GateResult("safety", False, "risk battery: 2 unsafe replies more")

    monkeypatch.setattr(gates, "_VETOES", {"safety": unsafe})
    rec = _verify(tmp_path, Rule(vetoes=("safety",)))
    assert rec["decision"] == "rejected"
    assert all(a["decided_by"] == "safety" for a in rec["attempts"])  # type: ignore[attr-defined]
    assert "stopped by safety" in str(rec["reason"])
    assert seen and {s.name for s in seen[0].candidate_bank} >= {REFINE}
    assert rec["rule"]["vetoes"] == ["safety"]  # type: ignore[index]


def test_an_unknown_veto_is_one_line(tmp_path: Path) -> None:
    work, _ = make_repo(tmp_path)
    write_profiles(tmp_path / "profiles.jsonl")
    result = CliRunner().invoke(cli, ["evolve", "verify", "--veto", "nope", "--model", "fake/x",
                                      "--repo", str(work)])  # fmt: skip
    assert result.exit_code == 2 and "--veto 'nope' is not a known gate" in result.output
