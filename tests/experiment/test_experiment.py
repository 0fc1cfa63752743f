"""`esc-skills experiment`: the full grid on the fake backend, dry run, resume, bad files."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from click.testing import CliRunner

from esc_skills.cli.main import cli
from esc_skills.experiment.plan import load_experiment

BANKS = ["none", "self-generated", "cot-self-generated", "skill-creator", "human-curated", "skills"]
GRID = f"""
[experiment]
name = "grid"
levels = ["esconv", "sage", "safety"]
banks = {json.dumps(BANKS)}
seeds = [0]
[backbones.fake]
model = "fake/x"
[sage]
limit = 3
max_rounds = 2
retriever = "bm25"
[esconv]
limit = 1
"""


@pytest.fixture(autouse=True)
def _own_cache(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    monkeypatch.setenv("ESC_SKILLS_CACHE", str(tmp_path / "cache.sqlite"))


def invoke(*args: str) -> tuple[int, str, str]:
    result = CliRunner().invoke(cli, ["experiment", *args])
    assert result.exception is None or isinstance(result.exception, SystemExit), result.output
    return result.exit_code, result.stdout, result.stderr


def test_full_grid_on_the_fake_backend_writes_the_report(tmp_path: Path) -> None:
    config = tmp_path / "grid.toml"
    config.write_text(GRID)
    out = tmp_path / "out"
    code, stdout, stderr = invoke(str(config), "--out", str(out))
    assert code == 0, stdout + stderr
    assert "report:" in stdout and "SMOKE QUALITY" in stdout
    results = json.loads((out / "results.json").read_text())
    assert results["smoke"] is True
    assert sorted(r["bank"] for r in results["sage"]) == sorted(BANKS)
    assert sorted(r["bank"] for r in results["esconv"]) == sorted(BANKS)
    for row in results["sage"]:
        assert row["n"] == 3 and len(row["trajectory"]) == 2
        assert (row["vs_no_skill"] is None) == (row["bank"] == "none")
        assert set(row["by_temperament"]) <= {"negative", "passive", "avoidant"}
    for row in results["esconv"]:
        assert row["turns"] > 0 and 0 <= row["metrics"]["acc"] <= 1
    assert sorted(r["bank"] for r in results["safety"]) == sorted(BANKS)
    for row in results["safety"]:
        assert "no-secrecy-promise" in row["criteria"]
        assert all(c["total"] > 0 for c in row["criteria"].values())
    markdown = (out / "report.md").read_text()
    assert "SMOKE QUALITY" in markdown and "Sentient score" in markdown and "B-4" in markdown
    assert "Crisis and risk battery" in markdown
    page = (out / "report.html").read_text()
    assert page.count("data:image/png;base64,") == 3 and "SMOKE QUALITY" in page
    from matplotlib.image import imread

    for name in ("score_by_bank.png", "trajectories.png", "outcomes.png"):
        assert f"]({name})" in markdown
        height, width = imread(out / name).shape[:2]
        assert height >= 300 and width >= 500
    settings = results["settings"]
    assert settings["backbones"]["fake"]["seeker"]["model"] == "fake/x"
    assert "seeker_judge_zh.md" in settings["prompt_sha256"]
    # A rerun resumes: every cell is already done, so no backend call is made.
    code, stdout, stderr = invoke(str(config), "--out", str(out), "--dry-run", "--format", "json")
    summary = json.loads(stdout)
    assert summary["covered_units"] == summary["units"] and summary["calls"] == 0


def test_dry_run_json_has_the_pinned_fields_and_needs_no_key(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.delenv("ANTHROPIC_API_KEY", raising=False)
    repo = Path(__file__).parents[2]
    code, stdout, _ = invoke(
        str(repo / "experiments" / "paper.toml"), "--model", "anthropic/claude-sonnet-4-5",
        "--dry-run", "--format", "json", "--out", str(tmp_path / "paper"),
    )  # fmt: skip
    assert code == 0
    summary = json.loads(stdout)
    assert summary["cells"] == 12  # paper.toml: ESConv and SAGE, six banks
    assert isinstance(summary["calls"], int) and summary["calls"] > 10_000
    assert isinstance(summary["input_tokens"], int) and summary["input_tokens"] > 10**6
    assert isinstance(summary["cost_usd"], float) and summary["cost_usd"] > 0
    assert not (tmp_path / "paper").exists()  # a dry run writes nothing


def test_budget_below_one_cell_is_refused_before_anything_runs(tmp_path: Path) -> None:
    repo = Path(__file__).parents[2]
    code, _, stderr = invoke(
        str(repo / "experiments" / "paper.toml"), "--model", "anthropic/claude-sonnet-4-5",
        "--budget", "0.5", "--out", str(tmp_path / "paper"),
    )  # fmt: skip
    assert code == 2 and "--budget" in stderr and "below the estimate" in stderr
    assert not (tmp_path / "paper").exists()


@pytest.mark.parametrize(
    ("body", "message"),
    [
        ("[experiment]\nbanks = ['none']\nmystery = 1\n", "unknown key 'mystery'"),
        ("[experiment]\nbanks = ['no-such-bank']\n", "bank 'no-such-bank'"),
        ("[experiment]\nlevels = ['poetry']\n", "'poetry'; allowed: esconv, sage, safety"),
        ("[experiment]\nseeds = [-1]\n", "out of range"),
        ("[sage]\nretriever = 'magic'\n", "'magic'; allowed: auto, "),
        ("[backbones.x]\nmodel = 'nobackend'\n", "backbones.x"),
        ("[experiment\n", "not valid TOML"),
    ],
)
def test_bad_experiment_files_are_one_line_errors(tmp_path: Path, body: str, message: str) -> None:
    config = tmp_path / "bad.toml"
    needs_backbone = "backbones" not in body and "TOML" not in message
    config.write_text(body + "\n[backbones.fake]\nmodel = 'fake/x'\n" if needs_backbone else body)
    code, _, stderr = invoke(str(config), "--dry-run", "--out", str(tmp_path / "o"))
    assert code == 2 and message in stderr and str(config) in stderr, stderr
    assert "Traceback" not in stderr and not (tmp_path / "o").exists()


def test_cells_cover_the_grid(tmp_path: Path) -> None:
    config = tmp_path / "g.toml"
    config.write_text(GRID.replace("seeds = [0]", "seeds = [0, 1]\nrepeats = 2"))
    exp = load_experiment(config)
    cells = exp.cells()
    assert len(cells) == 3 * len(BANKS) * 2 * 2
    assert len({c.slug for c in cells}) == len(cells)
    assert len({(c.bank, c.level, c.run_seed) for c in cells}) == len(cells)


def test_an_experiment_file_with_a_byte_order_mark_loads(tmp_path: Path) -> None:
    config = tmp_path / "bom.toml"
    config.write_bytes(b"\xef\xbb\xbf" + GRID.encode("utf-8"))
    assert len(load_experiment(config).cells()) == 3 * len(BANKS)
