"""`eval esconv --predictor agent` resumed after a kill equals an uninterrupted run.

A kill mid-run leaves some prediction lines and maybe a torn last line; results.json and
table.md are written only at the end. Predictions are appended as turns finish, so their
order may differ between runs: the test compares them sorted. Ignored, by name: "cached" on a
prediction (a resumed run finds the earlier answers in the cache), "out" (the folder's own
path), "resumed" (how many turns came from disk) and "usage" (this invocation's calls) in
results.json; everything else, and table.md, must be equal.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from click.testing import CliRunner

from esc_skills.cli.main import cli

ARGS = ["eval", "esconv", "--predictor", "agent", "--model", "fake/x", "--limit", "2"]


def _run(out: Path, data_dir: Path) -> None:
    result = CliRunner().invoke(cli, [*ARGS, "--data-dir", str(data_dir), "--out", str(out)])
    assert result.exit_code == 0, result.stderr


IGNORED = ("cached",)


def _outputs(out: Path) -> tuple[list[str], dict[str, object], str]:
    records = [
        json.loads(line) for line in (out / "predictions.jsonl").read_text("utf-8").splitlines()
    ]
    lines = sorted(
        json.dumps({k: v for k, v in r.items() if k not in IGNORED}, sort_keys=True)
        for r in records
    )
    results = json.loads((out / "results.json").read_text(encoding="utf-8"))
    for key in ("out", "resumed", "usage"):
        results.pop(key, None)
    return lines, results, (out / "table.md").read_text(encoding="utf-8")


@pytest.mark.parametrize("kept", [0, 7, 29])
def test_resume_after_a_kill_equals_an_uninterrupted_run(
    kept: int, tmp_path: Path, data_dir: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("ESC_SKILLS_CACHE", str(tmp_path / "cache.sqlite"))
    reference = tmp_path / "ref"
    _run(reference, data_dir)
    resumed = tmp_path / "resumed"
    resumed.mkdir()
    lines = (reference / "predictions.jsonl").read_text(encoding="utf-8").splitlines(True)
    torn = lines[kept][: len(lines[kept]) // 2]  # the append the kill interrupted
    (resumed / "predictions.jsonl").write_text("".join(lines[:kept]) + torn, encoding="utf-8")
    _run(resumed, data_dir)
    assert _outputs(resumed) == _outputs(reference)
