"""`esc-skills eval judge-drift` on the four released SAGE logs, with fake judges."""

from __future__ import annotations

import asyncio
import json
from pathlib import Path

import pytest
from click.testing import CliRunner

from esc_skills.cli.main import cli
from esc_skills.llm import LLMClient
from esc_skills.llm.fake import FakeBackend
from esc_skills.llm.types import LLMRequest
from esc_skills.sage.judge_drift import judge_drift, load_judged_turns, sample_turns

from .sage_script import judgement

LOGS = ("claude3.7", "deepseek-v3-0324", "gpt-4.1", "qwen2.5-72b")


@pytest.fixture(autouse=True)
def _no_repo_cache(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    monkeypatch.setenv("ESC_SKILLS_CACHE", str(tmp_path / "cache.sqlite"))


def _released_changes(path: Path) -> list[int]:
    """SAGE's own changes, read straight from the file (independently of the module)."""
    out = []
    for line in path.read_text(encoding="utf-8").splitlines():
        for item in json.loads(line)["history"]:
            if item["role"] == "user" and isinstance(item.get("planning"), dict):
                out.append(max(-10, min(10, int(item["planning"]["change"]))))
    return out


@pytest.mark.parametrize("log", LOGS)
def test_every_released_log_is_re_judged(data_dir: Path, log: str) -> None:
    path = data_dir / "sage" / "results" / f"{log}_result.jsonl"
    turns = load_judged_turns(path)
    assert [t.released_change for t in turns] == _released_changes(path)
    result = CliRunner().invoke(
        cli,
        [
            "eval",
            "judge-drift",
            "--traces",
            str(path),
            "--model",
            "fake/x",
            "--format",
            "json",
            "--sample",
            "25",
        ],
    )
    assert result.exit_code == 0, result.output
    report = json.loads(result.stdout)
    assert report["judged"] == report["sampled"] == 25 and report["errors"] == 0
    released = [t["released"] for t in report["turns"]]
    # The fake judge answers change 0 for every turn.
    assert report["mean_abs_diff"] == pytest.approx(sum(map(abs, released)) / 25, abs=1e-3)
    assert report["sign_agreement"] == pytest.approx(released.count(0) / 25, abs=1e-3)
    assert report["correlation"] is None  # a constant judge has no correlation


def test_a_judge_that_agrees_scores_perfectly(data_dir: Path) -> None:
    path = data_dir / "sage" / "results" / "gpt-4.1_result.jsonl"
    # Turns that follow an empty supporter reply cannot be told apart by their transcript.
    turns = [t for t in load_judged_turns(path) if t.history[-1]["content"].strip()]
    turns = sample_turns(turns, 12, seed=3)
    by_transcript = {t.history[-1]["content"]: t.released_change for t in turns}

    def echo_released(request: LLMRequest) -> dict[str, object]:
        text = request.messages[-1].content
        # The supporter reply being judged is the last one in the transcript.
        change = by_transcript[max(by_transcript, key=text.rfind)]
        return judgement(change)

    client = LLMClient.with_backend(FakeBackend(echo_released))
    report = asyncio.run(judge_drift(client, path.name, turns, sample=12, seed=3))
    assert report.judged == 12 and report.mean_abs_diff == 0 and report.sign_agreement == 1
    assert report.correlation == 1


def test_sample_is_fixed_for_a_seed(data_dir: Path) -> None:
    turns = load_judged_turns(data_dir / "sage" / "results" / "claude3.7_result.jsonl")
    first = [t.where for t in sample_turns(turns, 30, seed=7)]
    assert first == [t.where for t in sample_turns(turns, 30, seed=7)]
    assert first != [t.where for t in sample_turns(turns, 30, seed=8)]


@pytest.mark.parametrize(
    ("content", "message"),
    [
        ('{"id": 1, "history": []}\nnot json\n', ":2:"),
        ('{"id": 1}\n', "not a SAGE result record"),
        ('{"id": 1, "history": [{"role": "user", "content": "hi"}]}\n', "no seeker turn"),
    ],
)
def test_bad_logs_are_one_line_errors(tmp_path: Path, content: str, message: str) -> None:
    path = tmp_path / "x_result.jsonl"
    path.write_text(content)
    result = CliRunner().invoke(
        cli, ["eval", "judge-drift", "--traces", str(path), "--model", "fake/x"]
    )
    assert result.exit_code == 2 and message in result.output, result.output
    assert "Traceback" not in result.output
