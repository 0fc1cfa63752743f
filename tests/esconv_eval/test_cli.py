"""`esc-skills eval esconv` end to end: the JSON interface, outputs, resume and comparison."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from click.testing import CliRunner

from esc_skills.cli.main import cli
from esc_skills.esconv_eval.table import compare, markdown_table


def run(*args: str) -> tuple[int, str, str]:
    result = CliRunner().invoke(cli, ["eval", "esconv", *args])
    return result.exit_code, result.stdout, result.stderr


def test_full_test_split_through_the_json_interface(data_dir: Path) -> None:
    """Counts and the majority baseline over all 195 test dialogues (exact, so it can fail).

    The router's accuracy there is a figure, not a pass/fail band: benchmarks/bench_esconv.py
    prints it with the baselines and ablations.
    """
    code, out, err = run("--predictor", "majority", "--data-dir", str(data_dir), "--format", "json")
    assert code == 0, err
    result = json.loads(out)
    assert result["dialogues"] == 195 and result["turns"] == 2895
    # Question is the most frequent train label; 630 of the 2,895 test turns carry it.
    assert result["acc"] == result["baselines"]["majority"] == pytest.approx(630 / 2895)


def test_offline_outputs_and_compare(tiny_data: Path, tmp_path: Path) -> None:
    a, b = tmp_path / "a", tmp_path / "b"
    code, out, err = run("--predictor", "majority", "--data-dir", str(tiny_data), "--out", str(a))
    assert code == 0, err
    assert "| majority | offline |" in out and "ACC" in out
    lines = (a / "predictions.jsonl").read_text().splitlines()
    assert len(lines) == 9 and json.loads(lines[0])["predicted_strategy"] == "Question"
    assert json.loads((a / "results.json").read_text())["acc"] == pytest.approx(3 / 9)
    assert (a / "table.md").read_text().startswith("# ESConv response-level evaluation")
    code, _, err = run("--predictor", "transition", "--data-dir", str(tiny_data), "--out", str(b))
    assert code == 0, err
    code, out, err = run("--compare", str(a), str(b / "results.json"), "--format", "json")
    assert code == 0, err
    diff = json.loads(out)
    transition = json.loads((b / "results.json").read_text())["acc"]
    assert diff["delta"]["acc"] == pytest.approx(transition - 3 / 9)
    assert diff["delta"]["bleu1"] is None


def test_agent_on_the_fake_backend_resumes(tiny_data: Path, tmp_path: Path) -> None:
    args = [
        "--predictor",
        "agent",
        "--model",
        "fake/x",
        "--no-cache",
        "--bank",
        "none",
        "--data-dir",
        str(tiny_data),
        "--out",
        str(tmp_path),
        "--format",
        "json",
    ]
    code, out, err = run(*args, "--limit", "1")
    assert code == 0, err
    first = json.loads(out)
    assert first["turns"] == 4 and first["backbone"] == "fake/x" and first["bank"] == "none"
    assert first["metrics"]["bleu4"] is not None
    code, out, err = run(*args)
    assert code == 0, err
    second = json.loads(out)
    assert second["resumed"] == 4 and second["turns"] == 9
    assert len((tmp_path / "predictions.jsonl").read_text().splitlines()) == 9
    assert second["usage"]["total"]["calls"] == 5


def test_user_mistakes_are_one_line_errors(tiny_data: Path, tmp_path: Path) -> None:
    code, _, err = run("--data-dir", str(tiny_data), "--bank", str(tmp_path / "missing"))
    assert code == 2 and err.startswith("error: --bank") and "Traceback" not in err
    code, _, err = run("--data-dir", str(tiny_data), "--bank", "none")
    assert code == 2 and "routes to skills" in err
    code, _, err = run("--compare", str(tmp_path / "x.json"), str(tmp_path / "y.json"))
    assert code == 2 and "cannot read results" in err
    code, _, err = run("--data-dir", str(tmp_path / "nothing"))
    assert code == 2 and "does not exist" in err


def test_markdown_table_shape() -> None:
    rows = [{"label": "skills", "backbone": "m", "metrics": {"acc": 0.5, "bleu1": 0.12345}}]
    table = markdown_table(rows)
    header, rule, row = table.splitlines()
    assert header.count("|") == rule.count("|") == row.count("|") == 12
    assert "| skills | m | 50.00 | 12.35 | – |" in row


def test_compare_flags_different_splits() -> None:
    a = {
        "predictor": "agent",
        "bank": "x",
        "backbone": "m",
        "split": "test",
        "turns": 9,
        "metrics": {"acc": 0.25},
        "rows": [],
    }
    b = dict(a, split="valid", metrics={"acc": 0.5})
    diff = compare(a, b)
    assert diff["delta"]["acc"] == pytest.approx(0.25) and diff["notes"]
    assert "+25.00" in diff["markdown"]


def test_table_merges_runs(tiny_data: Path, tmp_path: Path) -> None:
    outs = []
    for bank in ("none", "none2"):
        out = tmp_path / bank
        args = ["--predictor", "agent", "--model", f"fake/{bank}", "--no-cache", "--bank", "none"]
        code, _, err = run(*args, "--data-dir", str(tiny_data), "--out", str(out), "--limit", "1")
        assert code == 0, err
        outs.append(str(out))
    code, out, err = run("--table", outs[0], "--table", outs[1], "--format", "json")
    assert code == 0, err
    merged = json.loads(out)
    labels = [row["label"] for row in merged["rows"]]
    assert labels == ["agent:none@fake/none", "agent:none@fake/none2", "majority", "transition"]
    assert "| agent:none@fake/none | fake/none |" in merged["markdown"]
