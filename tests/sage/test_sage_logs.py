"""The released SAGE logs import as traces and reproduce the leaderboard."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from click.testing import CliRunner

from esc_skills.cli.main import cli
from esc_skills.data.sage_logs import import_sage_log, is_sage_log
from esc_skills.data.traces import validate_trace
from esc_skills.sage.metrics import compute_metrics

LEADERBOARD = {
    "gpt-4.1_result.jsonl": (68.2, 35, 13),
    "claude3.7_result.jsonl": (54.8, 19, 24),
    "deepseek-v3-0324_result.jsonl": (54.4, 19, 23),
    "qwen2.5-72b_result.jsonl": (19.1, 4, 70),
}


@pytest.mark.parametrize("name", sorted(LEADERBOARD))
def test_metrics_match_leaderboard(data_dir: Path, name: str) -> None:
    path = data_dir / "sage" / "results" / name
    assert is_sage_log(path)
    traces = import_sage_log(path)
    metrics = compute_metrics(traces)
    score, success, failure = LEADERBOARD[name]
    assert (round(metrics.sentient_score, 1), metrics.success, metrics.failure) == (
        score,
        success,
        failure,
    )
    assert metrics.conversations == 100 and metrics.errored == 0
    for trace in traces[:10]:
        validate_trace(trace)
        assert trace.emotions()[0] == 40 and trace.emotions()[-1] == trace.final_emotion


def test_import_keeps_thoughts_and_changes(data_dir: Path) -> None:
    trace = import_sage_log(data_dir / "sage" / "results" / "gpt-4.1_result.jsonl")[0]
    second = [t for t in trace.turns if t.role == "seeker"][1]
    assert second.change is not None and -10 <= second.change <= 10
    assert set(second.thoughts or {}) == {"content", "target_completion", "activity", "analyse"}
    assert not (second.thoughts or {})["activity"].startswith("心理活动]")
    assert trace.profile["main_cha"] in {"负面型", "被动型", "回避型"}


@pytest.mark.parametrize("input_format", ["auto", "sage"])
def test_eval_sage_json_on_a_released_log(data_dir: Path, input_format: str) -> None:
    path = data_dir / "sage" / "results" / "claude3.7_result.jsonl"
    result = CliRunner().invoke(
        cli,
        ["eval", "sage", "--traces", str(path), "--format", "json", "--input-format", input_format],
    )
    assert result.exit_code == 0, result.output
    data = json.loads(result.output)
    assert isinstance(data["sentient_score"], float)
    assert (
        round(data["sentient_score"], 1),
        data["success"],
        data["failure"],
        data["conversations"],
    ) == (
        54.8,
        19,
        24,
        100,
    )


def test_eval_sage_report_folder(data_dir: Path, tmp_path: Path) -> None:
    path = data_dir / "sage" / "results" / "qwen2.5-72b_result.jsonl"
    result = CliRunner().invoke(
        cli,
        [
            "eval",
            "sage",
            "--traces",
            str(path),
            "--format",
            "markdown",
            "--report",
            str(tmp_path / "r"),
        ],
    )
    assert result.exit_code == 0, result.output
    assert "| 19.1 | 4 | 70 | 100 | 0 |" in result.output
    assert "## By hidden goal (task)" in result.output
    for name in ("report.md", "metrics.json", "per_profile.csv", "trajectories.png"):
        assert (tmp_path / "r" / name).stat().st_size > 0
    assert (tmp_path / "r" / "trajectories.png").read_bytes()[:4] == b"\x89PNG"
    assert len((tmp_path / "r" / "per_profile.csv").read_text().splitlines()) == 101


def test_eval_sage_missing_file_is_one_line_error(tmp_path: Path) -> None:
    result = CliRunner().invoke(cli, ["eval", "sage", "--traces", str(tmp_path / "none.jsonl")])
    assert result.exit_code == 2
    assert "trace file not found" in result.output


def test_eval_sage_skips_a_malformed_record_and_says_where(data_dir: Path, tmp_path: Path) -> None:
    # A damaged third-party log is still scored: the bad record is named and left out.
    lines = (data_dir / "sage" / "results" / "gpt-4.1_result.jsonl").read_text("utf-8").splitlines()
    lines[4] = '{"id": "broken", "history": '
    lines[7] = json.dumps({"id": "no-history", "emo_point": 50})
    damaged = tmp_path / "gpt-4.1_result.jsonl"
    damaged.write_text("\n".join(lines) + "\n", "utf-8")
    result = CliRunner().invoke(
        cli,
        ["eval", "sage", "--traces", str(damaged), "--format", "json", "--input-format", "sage"],
    )
    assert result.exit_code == 0, result.output
    assert f"{damaged}:5: not a SAGE result record" in result.stderr
    assert f"{damaged}:8: not a SAGE result record" in result.stderr
    assert "2 record(s)" in result.stderr
    assert json.loads(result.stdout)["conversations"] == 98


@pytest.mark.parametrize("input_format", ["auto", "trace", "sage"])
def test_eval_sage_json_array_file_says_json_lines(tmp_path: Path, input_format: str) -> None:
    # A whole-file JSON array is a common mistake; the warning must name the fix, not a
    # Python TypeError.
    path = tmp_path / "log.json"
    path.write_text(json.dumps([{"id": 1, "history": []}]) + "\n", "utf-8")
    result = CliRunner().invoke(
        cli, ["eval", "sage", "--traces", str(path), "--input-format", input_format]
    )
    assert result.exit_code == 2
    assert f"{path}:1:" in result.stderr
    assert "JSON lines" in result.stderr and "TypeError" not in result.stderr
    assert "Traceback" not in result.output


def test_eval_sage_non_utf8_line_is_named_not_a_traceback(tmp_path: Path) -> None:
    path = tmp_path / "t.jsonl"
    path.write_bytes(b"\xff\xfe{\x00}\n")
    for input_format in ("auto", "trace", "sage"):
        result = CliRunner().invoke(
            cli, ["eval", "sage", "--traces", str(path), "--input-format", input_format]
        )
        assert result.exit_code == 2, result.output
        assert f"{path}:1:" in result.stderr and "not UTF-8" in result.stderr


def test_eval_sage_report_into_a_file_is_one_line_error(data_dir: Path, tmp_path: Path) -> None:
    blocker = tmp_path / "blocker"
    blocker.write_text("keep me")
    log = data_dir / "sage" / "results" / "gpt-4.1_result.jsonl"
    result = CliRunner().invoke(
        cli, ["eval", "sage", "--traces", str(log), "--report", str(blocker)]
    )
    assert result.exit_code == 2, result.output
    assert "cannot create the report folder" in result.stderr
    assert blocker.read_text() == "keep me"
