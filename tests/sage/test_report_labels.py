"""Reports, metrics and plots say what made them: bank, models, profiles, smoke-model runs."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from esc_skills.data.traces import Trace, Turn
from esc_skills.sage.metrics import compute_metrics
from esc_skills.sage.plots import trajectory_figure
from esc_skills.sage.report import metrics_text, write_report
from esc_skills.sage.runinfo import RunInfo


def make_trace(pid: str, model: str, emotions: list[int], bank: str = "skills") -> Trace:
    turns = [Turn(0, "seeker", "hi", emotion=emotions[0])]
    for number, emotion in enumerate(emotions[1:], 1):
        turns.append(Turn(2 * number - 1, "supporter", "I hear you."))
        turns.append(Turn(2 * number, "seeker", "ok", emotion=emotion, change=1))
    return Trace(
        run_id="r",
        profile_id=pid,
        profile={"main_cha": "negative", "task": "t", "topic": None, "cha_group": []},
        bank=bank,
        agent_model=model,
        seeker_model=model,
        language="en",
        final_emotion=emotions[-1],
        rounds=len(emotions),
        turns=turns,
        usage={"calls": 3, "schema_reasks": 1, "input_tokens": 900, "cached_tokens": 600},
    )


SMOKE = ["local/smollm2", "local/models/tiny.gguf"]
REAL = ["openai/gpt-4o-mini", "anthropic/claude-sonnet-4-5"]


@pytest.mark.parametrize("model", SMOKE + REAL)
def test_every_written_output_says_whether_it_is_a_smoke_run(model: str, tmp_path: Path) -> None:
    smoke = model in SMOKE
    traces = [make_trace("sage-7", model, [40, 45, 52]), make_trace("sage-9", model, [40, 38])]
    metrics = compute_metrics(traces)
    written = write_report(metrics, traces, tmp_path / "rep", title="SAGE: skills")
    assert {p.name for p in written} == {
        "report.md",
        "metrics.json",
        "per_profile.csv",
        "trajectories.png",
    }
    report = (tmp_path / "rep" / "report.md").read_text(encoding="utf-8")
    run = json.loads((tmp_path / "rep" / "metrics.json").read_text(encoding="utf-8"))["run"]
    assert run["smoke_model"] is smoke
    assert run["agent_models"] == [model] and run["profiles"] == ["sage-7", "sage-9"]
    assert ("SMOKE TEST" in report) is smoke and (model in report)
    assert ("smoke quality" in (run["quality_note"] or "")) is smoke
    assert ("SMOKE TEST" in metrics_text(metrics)) is smoke
    figure = trajectory_figure({"skills": traces}, title="SAGE: skills")
    texts = [t.get_text() for t in figure.texts]
    assert figure.get_suptitle() == "SAGE: skills"
    assert any("bank skills" in t and model in t and "sage-7, sage-9" in t for t in texts)
    assert any("SMOKE TEST" in t for t in texts) is smoke


def test_plot_ticks_and_thresholds() -> None:
    traces = [make_trace(f"p{i}", "local/smollm2", [40, 50, 60, 70][: i + 2]) for i in range(3)]
    figure = trajectory_figure({"run": traces})
    left = figure.axes[0]
    ticks = [t for t in left.get_xticks() if left.get_xlim()[0] <= t <= left.get_xlim()[1]]
    assert ticks and all(float(t).is_integer() for t in ticks)
    labels = left.get_legend_handles_labels()[1]
    assert "Success (100)" in labels and "Failure (below 10)" in labels
    assert figure.get_suptitle() == "SAGE emotion trajectories"


def test_many_profiles_are_counted_not_listed() -> None:
    traces = [make_trace(f"p{i}", "openai/gpt-4o", [40, 41]) for i in range(12)]
    info = RunInfo.of(traces)
    assert info.profiles_text() == "12 profiles"
    assert info.describe().startswith("bank skills · agent openai/gpt-4o")
    assert RunInfo.of([]).profiles_text() == "0 profiles"


def test_usage_table_of_the_traces_names_its_columns() -> None:
    traces = [make_trace("a", "local/smollm2", [40, 45]), make_trace("b", "local/smollm2", [40])]
    text = metrics_text(compute_metrics(traces))
    header = next(line for line in text.splitlines() if line.startswith("LLM usage"))
    for column in ("model calls", "re-asks", "cache hits", "prompt tokens", "reused"):
        assert column in header
    row = next(line for line in text.splitlines() if line.startswith("traces"))
    assert row.split()[1:3] == ["6", "2"]  # model calls, re-asks
    assert "LLM usage" not in metrics_text(compute_metrics(traces), usage=False)
