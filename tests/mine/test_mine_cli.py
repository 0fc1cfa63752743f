"""The `mine` command group end to end through the CLI."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import jsonschema
from click.testing import CliRunner

from esc_skills.bank import Skill, save_skill
from esc_skills.cli.main import cli
from esc_skills.paths import schema_path

from .conftest import write_user_file


def test_mine_run_writes_the_interface_files(tmp_path: Path, data_dir: Path) -> None:
    user = write_user_file(tmp_path / "mine.jsonl")
    out = tmp_path / "run"
    res = CliRunner().invoke(
        cli,
        [
            "mine",
            "run",
            "--data-dir",
            str(data_dir),
            "--out",
            str(out),
            "--source",
            str(user),
            "--min-size",
            "2",
            "--clusters",
            "3",
        ],
    )
    assert res.exit_code == 0, res.output
    assert "this run vs the paper" in res.output
    summary = json.loads((out / "summary.json").read_text())
    for key in ("dialogues", "ius", "key_ius", "positive", "negative", "prototypes", "clusters"):
        assert isinstance(summary[key], int)
    for name in ("ius.jsonl", "prototypes.json", "clusters.json", "report.md", "report.json"):
        assert (out / name).is_file(), name
    res = CliRunner().invoke(cli, ["mine", "clusters", "--run", str(out), "--clusters", "2"])
    assert res.exit_code == 0, res.output
    assert json.loads((out / "clusters.json").read_text())["n_clusters"] == 2
    res = CliRunner().invoke(cli, ["mine", "prototypes", "--run", str(out), "--min-size", "100"])
    assert "0 prototypes" in res.output
    res = CliRunner().invoke(cli, ["mine", "report", "--run", str(out)])
    assert res.exit_code == 0 and "17,858" in res.output


def test_missing_data_dir_is_one_line_error(tmp_path: Path) -> None:
    res = CliRunner().invoke(
        cli, ["mine", "run", "--data-dir", str(tmp_path / "nope"), "--out", str(tmp_path / "o")]
    )
    assert res.exit_code == 2
    assert "does not exist" in res.output


def _skill(
    bank: Path,
    name: str,
    states: str,
    actions: str,
    scenarios: str,
    origin: str = "written-then-matched",
) -> None:
    save_skill(
        Skill(
            name=name,
            description="Test skill for evidence matching. Use in tests.",
            body="# T\n\n## Overview\n\nx\n",
            metadata={
                "esc-version": "1",
                "esc-origin": origin,
                "esc-seeker-states": states,
                "esc-support-actions": actions,
                "esc-scenarios": scenarios,
            },
        ),
        bank / name,
    )


def test_evidence_for_a_bank(full_run: tuple[Path, dict[str, Any]], tmp_path: Path) -> None:
    run, _ = full_run
    bank = tmp_path / "skills"
    _skill(bank, "advice-for-anxiety", "anxiety, sadness", "direct-suggestion", "")
    _skill(bank, "advice-at-work", "anxiety, sadness", "direct-suggestion", "work-stress")
    _skill(bank, "nothing-matches", "crisis", "summarizing", "substance-use")
    _skill(bank, "from-practice", "anxiety", "direct-suggestion", "", origin="curated")
    res = CliRunner().invoke(cli, ["mine", "evidence", "--run", str(run), "--bank", str(bank)])
    assert res.exit_code == 0, res.output
    # curated = written without mined evidence: a whole-bank run leaves it alone
    assert "skipped   from-practice" in res.output
    assert not (bank / "from-practice" / "references" / "evidence.json").exists()
    schema = json.loads(schema_path("evidence.schema.json").read_text())
    evs = {}
    for name in ("advice-for-anxiety", "advice-at-work", "nothing-matches"):
        ev = json.loads((bank / name / "references" / "evidence.json").read_text())
        jsonschema.validate(ev, schema)
        assert ev["skill"] == name
        evs[name] = ev
    wide, work = evs["advice-for-anxiety"], evs["advice-at-work"]
    assert {(p["state"], p["action"]) for p in wide["prototypes"]} <= {
        ("anxiety", "direct-suggestion"),
        ("sadness", "direct-suggestion"),
    }
    assert 0 < work["counts"]["key_ius"] < wide["counts"]["key_ius"]
    assert len(wide["ius"]) == 20 and wide["clusters"]
    assert all(set(r) >= {"dialogue_id", "turn"} and "text" not in r for r in wide["ius"])
    assert evs["nothing-matches"]["counts"]["key_ius"] == 0
    # Deterministic: a second run changes nothing.
    before = (bank / "advice-at-work" / "references" / "evidence.json").read_bytes()
    res = CliRunner().invoke(
        cli,
        ["mine", "evidence", "--run", str(run), "--bank", str(bank), "--only", "advice-at-work"],
    )
    assert "unchanged" in res.output and "advice-for-anxiety" not in res.output
    assert (bank / "advice-at-work" / "references" / "evidence.json").read_bytes() == before
    res = CliRunner().invoke(
        cli, ["mine", "evidence", "--run", str(run), "--bank", str(bank), "--only", "no-such-skill"]
    )
    assert res.exit_code == 2 and "no skill named" in res.output


def test_mine_annotate_stops_after_ius(tmp_path: Path, data_dir: Path) -> None:
    user = write_user_file(tmp_path / "mine.jsonl")
    out = tmp_path / "run"
    res = CliRunner().invoke(
        cli,
        ["mine", "annotate", "--data-dir", str(data_dir), "--out", str(out), "--source", str(user)],
    )
    assert res.exit_code == 0, res.output
    assert "36 IUs" in res.output
    assert (out / "ius.jsonl").is_file() and not (out / "prototypes.json").exists()
