"""Commands executed as plain functions on an options object, without click's runner."""

from __future__ import annotations

import dataclasses
import json
from pathlib import Path

import pytest

from esc_skills.cli.bank import SummaryOptions, run_summary
from esc_skills.cli.command import ParsedCommand
from esc_skills.cli.eval_sage import CompareOptions, SageOptions, run_sage
from esc_skills.cli.evolve_branches import VerifyOptions
from esc_skills.cli.export import ExportOptions, run_export
from esc_skills.cli.lint import LintOptions, lint, run_lint_command
from esc_skills.cli.main import cli
from esc_skills.cli.options import LLMOptions
from esc_skills.cli.route import route, run_route
from esc_skills.cli.simulate import simulate
from esc_skills.errors import UserError
from esc_skills.paths import SKILLS_DIR

SAGE_LOG = Path("sage") / "results" / "gpt-4.1_result.jsonl"


def test_parse_gives_the_options_object_with_click_defaults() -> None:
    opts = route.parse(["I feel low", "--top-k", "2", "--model", "fake/x"])
    assert opts.text == "I feel low" and opts.top_k == 2 and opts.bank == "skills"
    assert opts.retriever is None and opts.fmt == "text"
    assert opts.llm == LLMOptions(model="fake/x")
    with pytest.raises(dataclasses.FrozenInstanceError):
        opts.top_k = 5


def test_route_runs_from_an_options_object(capsys: pytest.CaptureFixture[str]) -> None:
    opts = route.parse(["I can't sleep and I keep worrying", "--bank", str(SKILLS_DIR)])
    run_route(dataclasses.replace(opts, fmt="json", top_k=2))
    shown = json.loads(capsys.readouterr().out)
    assert shown["retriever"] == "cues" and 1 <= len(shown["skills"]) <= 2
    assert all(s["name"] and isinstance(s["score"], float) for s in shown["skills"])


def test_bank_summary_runs_from_an_options_object(capsys: pytest.CaptureFixture[str]) -> None:
    run_summary(SummaryOptions(bank=SKILLS_DIR, fmt="json"))
    data = json.loads(capsys.readouterr().out)
    assert data["skills"] == len(list(SKILLS_DIR.glob("*/SKILL.md")))
    assert data["crisis_skills"]


def test_lint_runs_from_an_options_object(tmp_path: Path) -> None:
    opts = lint.parse([str(SKILLS_DIR), "--format", "json"])
    assert opts.select is None and opts.ignore is None  # absent filters are None, not ()
    with pytest.raises(SystemExit) as done:
        run_lint_command(opts)
    assert done.value.code == 0
    broken = tmp_path / "bad-skill"
    broken.mkdir()
    (broken / "SKILL.md").write_text("no frontmatter here\n", encoding="utf-8")
    with pytest.raises(SystemExit) as failed:
        run_lint_command(dataclasses.replace(opts, paths=(broken,)))
    assert failed.value.code == 1


def test_lint_options_with_a_rule_filter_parse_to_a_tuple() -> None:
    opts = lint.parse(["--select", "ESC1,ESC2", "--ignore", "ESC101"])
    assert opts.select == ("ESC1,ESC2",) and opts.ignore == ("ESC101",)
    assert isinstance(opts, LintOptions)


def test_eval_sage_runs_on_a_released_log(
    data_dir: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    log = data_dir / SAGE_LOG
    if not log.exists():
        pytest.skip("the released SAGE logs are not in the data directory")
    run_sage(SageOptions(str(log), "json", "auto", str(tmp_path / "rep"), "t"))
    assert json.loads(capsys.readouterr().out)["conversations"] > 0
    assert (tmp_path / "rep" / "report.md").exists()


def test_compare_options_keep_click_types() -> None:
    from esc_skills.cli.eval_sage import compare

    opts = compare.parse(["a.jsonl", "b.jsonl", "--resamples", "200", "--confidence", "0.9"])
    assert opts == CompareOptions("a.jsonl", "b.jsonl", "text", "auto", 200, 0.9, 0, None)


def test_export_refuses_deerflow_flags_for_another_target_at_parse_time(tmp_path: Path) -> None:
    with pytest.raises(UserError, match="--deerflow-layout and --deerflow-user"):
        ExportOptions(target="zip", dest=tmp_path, bank=None, deerflow_layout="user",
                      deerflow_user=None)  # fmt: skip
    run_export(ExportOptions("zip", tmp_path / "out", SKILLS_DIR, None, None))
    assert len(list((tmp_path / "out").glob("*.skill"))) == len(list(SKILLS_DIR.glob("*/")))


def test_simulate_refuses_lowest_without_traces_before_any_work(tmp_path: Path) -> None:
    with pytest.raises(UserError, match="--lowest N needs --from-traces"):
        simulate.parse(["--out", str(tmp_path / "t.jsonl"), "--lowest", "3"])
    from click.testing import CliRunner

    result = CliRunner().invoke(
        cli, ["simulate", "--out", str(tmp_path / "t.jsonl"), "--lowest", "3", "--model", "fake/x"]
    )
    assert result.exit_code == 2
    assert result.stderr.strip().splitlines() == [
        "error: --lowest N needs --from-traces FILE: the run to rank profiles by"
    ]
    assert not (tmp_path / "t.jsonl").exists()


def test_evolve_verify_checks_branch_names_and_shard_flags_at_parse_time() -> None:
    from esc_skills.cli.evolve import evolve

    verify = evolve.commands["verify"]
    assert isinstance(verify, ParsedCommand)
    assert isinstance(verify.parse(["--branch", "evolve/r1/some-skill"]), VerifyOptions)
    with pytest.raises(UserError):
        verify.parse(["--branch", "main"])
    with pytest.raises(UserError, match="--shard and --merge-shards"):
        verify.parse(["--shard", "1/2", "--merge-shards", "x"])
