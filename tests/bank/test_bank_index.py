"""`esc-skills bank index` / `summary`: deterministic README, --check, marketplace manifest."""

from __future__ import annotations

import json
import re
import shutil
from dataclasses import replace
from pathlib import Path

import pytest
from click.testing import CliRunner

from esc_skills.bank_index import collect, render_readme
from esc_skills.cli.main import cli
from esc_skills.paths import REPO_ROOT
from tests.helpers import POSITIVE_SKILLS, copy_positive_bank

POSITIVE = POSITIVE_SKILLS


@pytest.fixture
def bank(tmp_path: Path) -> Path:
    return copy_positive_bank(tmp_path / "skills")


def invoke(*args: str) -> tuple[int, str]:
    result = CliRunner().invoke(cli, list(args))
    assert result.exception is None or isinstance(result.exception, SystemExit)
    return result.exit_code, result.output


def test_index_writes_table_then_check_passes(bank: Path) -> None:
    code, out = invoke("bank", "index", "--bank", str(bank))
    assert code == 0 and "README.md" in out
    text = (bank / "README.md").read_text(encoding="utf-8")
    assert "| [grief-companioning](grief-companioning/SKILL.md) | sadness, loneliness |" in text
    assert "| curated | 3 | 3 |" in text  # origin and evidence IUs from references/evidence.json
    assert "| [work-overwhelm-prioritizing](work-overwhelm-prioritizing/SKILL.md)" in text
    assert "3 skills (curated 2, mined 1); 3 evidence IUs in all, 3 of them key IUs." in text
    assert invoke("bank", "index", "--bank", str(bank), "--check")[0] == 0
    # deterministic: a second run changes nothing
    code, out = invoke("bank", "index", "--bank", str(bank))
    assert "index is current" in out


def test_check_fails_with_one_line_hint_when_stale(bank: Path) -> None:
    invoke("bank", "index", "--bank", str(bank))
    skill = bank / "grief-companioning" / "SKILL.md"
    skill.write_text(skill.read_text().replace('"curated"', '"refined"'), encoding="utf-8")
    before = (bank / "README.md").read_text()
    code, out = invoke("bank", "index", "--bank", str(bank), "--check")
    assert code == 1
    assert out.strip().count("\n") == 0 and "run `esc-skills bank index --bank" in out
    assert (bank / "README.md").read_text() == before  # --check writes nothing


def test_check_fails_when_missing(bank: Path) -> None:
    assert invoke("bank", "index", "--bank", str(bank), "--check")[0] == 1


def test_index_readme_does_not_disturb_lint(bank: Path) -> None:
    invoke("bank", "index", "--bank", str(bank))
    assert invoke("lint", str(bank), "--strict")[0] == 0


def test_missing_evidence_is_shown_as_a_dash(bank: Path) -> None:
    text = render_readme(collect(bank))
    line = next(ln for ln in text.splitlines() if "[crisis-safety-check]" in ln)
    assert line.endswith("| curated | - | - | - |")  # no evidence, no trigger evals


def test_pipes_in_labels_are_escaped_so_the_table_keeps_its_columns(bank: Path) -> None:
    row = next(r for r in collect(bank) if r.name == "crisis-safety-check")
    piped = replace(row, origin="curated|edited", states=("anger|rage", "fear"))
    line = next(ln for ln in render_readme([piped]).splitlines() if "[crisis-safety-check]" in ln)
    assert "| anger\\|rage, fear |" in line and "| curated\\|edited |" in line
    # Eight columns: the escaped pipes do not split cells.
    assert (
        len(re.split(r"(?<!\\)\|", line.strip().strip("|"))) == 8
    )  # skill, states, actions, scenarios, origin, IUs, key IUs, trigger recall


def test_marketplace_manifest(bank: Path) -> None:
    code, _ = invoke("bank", "index", "--bank", str(bank), "--marketplace")
    manifest = bank.parent / ".claude-plugin" / "marketplace.json"
    data = json.loads(manifest.read_text())
    assert data["name"] == "esc-skills" and data["owner"]["name"]
    (plugin,) = data["plugins"]
    assert plugin["source"] == "./" and plugin["strict"] is False
    assert plugin["skills"] == [
        f"./skills/{n}" for n in sorted(p.name for p in POSITIVE.iterdir() if p.is_dir())
    ]
    for rel in plugin["skills"]:
        assert (bank.parent / rel / "SKILL.md").is_file()
    # once it exists, plain index/--check keep it current
    (bank / "extra-skill").mkdir()
    shutil.copy(bank / "grief-companioning" / "SKILL.md", bank / "extra-skill" / "SKILL.md")
    code, out = invoke("bank", "index", "--bank", str(bank), "--check")
    assert code == 1 and "marketplace.json" in out


def test_summary(bank: Path) -> None:
    code, out = invoke("bank", "summary", "--bank", str(bank))
    assert code == 0
    assert "3 skills (curated 2, mined 1)" in out
    assert "crisis skills: crisis-safety-check" in out
    code, out = invoke("bank", "summary", "--bank", str(bank), "--format", "json")
    data = json.loads(out)
    assert data["skills"] == 3 and data["evidence_ius"] == 3
    assert "crisis" not in data["coverage"]["seeker_states"]["missing"]


def test_missing_bank_is_a_usage_error(tmp_path: Path) -> None:
    code, out = invoke("bank", "index", "--bank", str(tmp_path / "nope"))
    assert code == 2 and "does not exist" in out


def test_committed_marketplace_is_current() -> None:
    # The repository is itself a Claude Code marketplace; its manifest follows skills/.
    manifest = REPO_ROOT / ".claude-plugin" / "marketplace.json"
    if not manifest.is_file():
        pytest.skip("no committed marketplace manifest")
    data = json.loads(manifest.read_text(encoding="utf-8"))
    listed = sorted(data["plugins"][0]["skills"])
    actual = sorted(
        f"./skills/{p.name}" for p in (REPO_ROOT / "skills").iterdir() if (p / "SKILL.md").is_file()
    )
    assert listed == actual, "run `esc-skills bank index` and commit .claude-plugin/"


def test_repository_bank_index_is_current() -> None:
    # CI's check that skills/README.md matches the bank (regenerate: `esc-skills bank index`).
    from esc_skills.bank_index import stale_files

    bank = REPO_ROOT / "skills"
    if not any((p / "SKILL.md").is_file() for p in bank.iterdir()):
        pytest.skip("the repository has no bank yet")
    stale = stale_files(bank)
    assert not stale, f"{[str(p) for p in stale]} stale: run `esc-skills bank index` and commit"


def test_origin_values_agree_across_schema_lint_and_index(bank: Path) -> None:
    from esc_skills.bank_index import ORIGIN_MEANINGS
    from esc_skills.lint.rules_metadata import ORIGINS

    schema = json.loads((REPO_ROOT / "schema" / "skill.schema.json").read_text(encoding="utf-8"))
    enum = schema["properties"]["metadata"]["properties"]["esc-origin"]["enum"]
    evidence = json.loads((REPO_ROOT / "schema" / "evidence.schema.json").read_text("utf-8"))
    assert tuple(enum) == ORIGINS == tuple(ORIGIN_MEANINGS)
    assert tuple(evidence["properties"]["origin"]["enum"]) == ORIGINS
    text = render_readme(collect(bank))
    assert "`written-then-matched` written by people from counselling practice" in text
