"""`esc-skills simulate` and `esc-skills chat` end to end on the fake backend."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from click.testing import CliRunner, Result

from esc_skills.cli.main import cli
from esc_skills.data.traces import read_traces, write_traces

from .sage_script import write_jsonl


def _simulate(*args: object, out: Path) -> Result:
    """`esc-skills simulate --model fake/x ARGS --out OUT`, run in-process."""
    return CliRunner().invoke(
        cli, ["simulate", "--model", "fake/x", *map(str, args), "--out", str(out)]
    )


@pytest.fixture(autouse=True)
def _no_repo_cache(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    monkeypatch.setenv("ESC_SKILLS_CACHE", str(tmp_path / "cache.sqlite"))


def test_simulate_writes_traces_report_and_resumes(data_dir: Path, tmp_path: Path) -> None:
    out = tmp_path / "t.jsonl"
    args = ["--data-dir", data_dir, "--limit", "3", "--max-rounds", "3"]
    result = _simulate(*args, "--report", tmp_path / "rep", out=out)
    assert result.exit_code == 0, result.output
    traces = read_traces(out, validate=True)
    assert len(traces) == 3 and all(t.rounds == 3 for t in traces)
    assert all(t.bank == "skills" for t in traces)
    assert "Sentient score 40.0" in result.stdout
    assert (tmp_path / "rep" / "report.md").exists()
    again = _simulate(*args, out=out)
    assert again.exit_code == 0
    assert len(read_traces(out)) == 3  # nothing re-run
    result = CliRunner().invoke(cli, ["eval", "sage", "--traces", str(out), "--format", "json"])
    assert json.loads(result.output)["conversations"] == 3


def test_simulate_rlver_with_baseline_and_english_seeker(data_dir: Path, tmp_path: Path) -> None:
    out = tmp_path / "t.jsonl"
    result = _simulate(
        *["--data-dir", data_dir, "--profiles", "rlver", "--group", "avoidant", "--limit", "2"],
        *["--max-rounds", "2", "--bank", "self-generated", "--language", "en"],
        out=out,
    )
    assert result.exit_code == 0, result.output
    traces = read_traces(out)
    assert {t.bank for t in traces} == {"self-generated"} and {t.language for t in traces} == {"en"}
    assert {t.profile["main_cha"] for t in traces} == {"回避型"}
    assert (tmp_path / "t.jsonl.bank").is_dir()  # a resumed run reuses these skills


def test_simulate_reports_malformed_profiles_and_bad_bank(data_dir: Path, tmp_path: Path) -> None:
    good = json.loads(
        (data_dir / "sage" / "simulator_profile_withfirsttalk.jsonl").open().readline()
    )
    path = write_jsonl(tmp_path / "p.jsonl", ["{oops", good])
    out = tmp_path / "t.jsonl"
    result = _simulate("--profiles", path, "--max-rounds", "1", out=out)
    assert result.exit_code == 0, result.output
    assert f"warning: {path}:1: not valid JSON" in result.stderr
    assert len(read_traces(out)) == 1
    bad = _simulate("--profiles", path, "--bank", tmp_path / "nope", out=out)
    assert bad.exit_code == 2 and "not a directory of skills" in bad.stderr


def test_chat_shows_skills_each_turn(tmp_path: Path) -> None:
    result = CliRunner().invoke(
        cli,
        ["chat", "--model", "fake/x", "--retriever", "bm25"],
        input="I was laid off from my job and I feel worthless\nthanks\n/quit\n",
    )
    assert result.exit_code == 0, result.output
    lines = [line for line in result.output.splitlines() if "skills offered" in line]
    assert len(lines) == 2
    assert "offered: none" not in lines[0]  # BM25 found skills for the job-loss message
    assert "agent> " in result.output and "bye." in result.output


def test_lowest_profiles_and_refusal_to_mix_runs(data_dir: Path, tmp_path: Path) -> None:
    first = tmp_path / "first.jsonl"
    base = ["--data-dir", data_dir, "--max-rounds", "1"]
    assert _simulate(*base, "--limit", "4", out=first).exit_code == 0
    traces = read_traces(first)
    # make two of them score low, so --lowest must pick exactly those
    traces[1].final_emotion, traces[3].final_emotion = 5, 12
    write_traces(first, traces)
    second = tmp_path / "second.jsonl"
    result = _simulate(*base, "--lowest", "2", "--from-traces", first, out=second)
    assert result.exit_code == 0, result.output
    assert [t.profile_id for t in read_traces(second)] == [
        traces[1].profile_id,
        traces[3].profile_id,
    ]
    assert "[2/2]" in result.stderr  # one log line per conversation without a terminal
    mixed = _simulate(*base, "--limit", "4", "--bank", "none", out=first)
    assert mixed.exit_code == 2 and "holds a run with bank skills" in mixed.stderr


def test_simulate_out_under_a_file_is_one_line_error(data_dir: Path, tmp_path: Path) -> None:
    blocker = tmp_path / "blocker"
    blocker.write_text("keep me")
    profiles = data_dir / "sage" / "simulator_profile_withfirsttalk.jsonl"
    args = ["--profiles", profiles, "--limit", "1", "--max-rounds", "1"]
    result = _simulate(*args, out=blocker / "t.jsonl")
    assert result.exit_code == 2, result.output
    assert "cannot create its folder" in result.stderr and "a file is in the way" in result.stderr
    assert blocker.read_text() == "keep me"
