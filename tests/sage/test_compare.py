"""Paired comparison of two runs with a seeded bootstrap CI."""

from __future__ import annotations

import json
from pathlib import Path

from click.testing import CliRunner

from esc_skills.cli.main import cli
from esc_skills.data.traces import Trace, write_traces
from esc_skills.sage.compare import bootstrap_ci, compare_runs


def _run(finals: dict[str, int | None]) -> list[Trace]:
    return [
        Trace(
            run_id="r",
            profile_id=pid,
            profile={"main_cha": "x", "task": "t"},
            bank="b",
            agent_model="a",
            seeker_model="s",
            language="zh",
            status="completed" if final is not None else "errored",
            end_reason="max_rounds" if final is not None else "errored",
            final_emotion=final,
        )
        for pid, final in finals.items()
    ]


def test_paired_differences_and_ci() -> None:
    a = _run({"p1": 40, "p2": 50, "p3": 10, "p4": 30, "only-a": 90})
    b = _run({"p1": 60, "p2": 70, "p3": 30, "p4": None, "only-b": 5})
    result = compare_runs(a, b, resamples=2000, seed=1)
    assert [(p.profile_id, p.diff) for p in result.pairs] == [("p1", 20), ("p2", 20), ("p3", 20)]
    assert result.mean_diff == 20 and (result.ci_low, result.ci_high) == (20, 20)
    assert result.wins == 3 and result.significant
    assert result.only_in_a == ["only-a", "p4"] and result.only_in_b == ["only-b"]


def test_bootstrap_is_seeded_and_brackets_the_mean() -> None:
    diffs = [-10.3, 5.1, 20.7, 0.2, 15.9, -5.4, 30.8, 10.6, 3.3, -2.9, 7.7]
    first = bootstrap_ci(diffs, resamples=501, seed=7)
    assert first == bootstrap_ci(diffs, resamples=501, seed=7)
    assert first != bootstrap_ci(diffs, resamples=501, seed=8)
    assert first[0] < sum(diffs) / len(diffs) < first[1]


def test_compare_command(tmp_path: Path) -> None:
    write_traces(tmp_path / "a.jsonl", _run({"p1": 40, "p2": 50}))
    write_traces(tmp_path / "b.jsonl", _run({"p1": 20, "p2": 45}))
    result = CliRunner().invoke(
        cli,
        [
            "eval",
            "compare",
            str(tmp_path / "a.jsonl"),
            str(tmp_path / "b.jsonl"),
            "--format",
            "json",
            "--resamples",
            "500",
            "--plot",
            str(tmp_path / "c.png"),
        ],
    )
    assert result.exit_code == 0, result.output
    data = json.loads(result.stdout)
    assert data["mean_diff"] == -12.5 and data["losses"] == 2 and data["paired_profiles"] == 2
    assert (tmp_path / "c.png").exists()
