"""A rules file drives the fake backend, so the whole loop runs from the command line."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from click.testing import CliRunner

from esc_skills.cli.main import cli
from esc_skills.errors import ConfigError
from esc_skills.llm.fake_rules import load_rules

from .helpers import BAD, GOOD, git, make_repo, write_profiles, write_rules, write_traces_for


def test_bad_rules_name_the_line(tmp_path: Path) -> None:
    path = tmp_path / "rules.jsonl"
    path.write_text('{"answer": "x"}\n\n{"role": "agent"}\n', encoding="utf-8")
    with pytest.raises(ConfigError, match=r"rules.jsonl:3: a rule is an object with an `answer`"):
        load_rules(path)
    path.write_text('{"answer": "x", "in": "nowhere"}\n', encoding="utf-8")
    with pytest.raises(ConfigError, match=r"rules.jsonl:1: `in` must be one of"):
        load_rules(path)
    path.write_text('{"answer": "x", "colour": 1}\n', encoding="utf-8")
    with pytest.raises(ConfigError, match=r"rules.jsonl:1: unknown field\(s\) colour"):
        load_rules(path)
    with pytest.raises(ConfigError, match="cannot be read"):
        load_rules(tmp_path / "missing.jsonl")


def test_accepted_and_rejected_from_the_command_line(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    work, origin = make_repo(tmp_path)
    ids = write_profiles(tmp_path / "profiles.jsonl")
    write_traces_for(tmp_path / "traces.jsonl", ids)
    rules = write_rules(
        tmp_path / "rules.jsonl",
        {"practical-advice-support": BAD, "exam-stress-coaching": GOOD},
    )
    monkeypatch.setenv("ESC_SKILLS_FAKE_RULES", str(rules))
    result = CliRunner().invoke(
        cli,
        ["evolve", "run", str(tmp_path / "traces.jsonl"), "--analyzer", "offline",
         "--model", "fake/rules", "--no-cache", "--profiles", str(tmp_path / "profiles.jsonl"),
         "--max-rounds", "3", "--repo", str(work), "--run-id", "cli2", "--veto", "none"],
        catch_exceptions=False,
    )  # fmt: skip
    assert result.exit_code == 0, result.output
    assert "evolve/cli2/exam-stress-coaching: merged" in result.output
    assert "evolve/cli2/practical-advice-support: closed" in result.output
    assert GOOD in git(origin, "show", "main:skills/exam-stress-coaching/SKILL.md")
    rec = json.loads(
        git(
            origin, "show", "main:evolution_reports/cli2/practical-advice-support/verification.json"
        )
    )
    assert rec["decision"] == "rejected"
    assert git(origin, "rev-parse", "refs/evolve/closed/cli2/practical-advice-support")
