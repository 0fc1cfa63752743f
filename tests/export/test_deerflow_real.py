"""The DeerFlow export, checked with DeerFlow's own parser, validator, installer and storage."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest
from click.testing import CliRunner

from esc_skills.cli.main import cli
from tests.export.deerflow_real import DeerFlow, load_deerflow, load_skills

REPO = Path(__file__).parents[2]
BANK_NAMES = sorted(p.name for p in (REPO / "skills").iterdir() if (p / "SKILL.md").is_file())
KEPT = "crisis-safety-response"


@pytest.fixture(scope="module")
def deerflow() -> DeerFlow:
    return load_deerflow()


def export(*args: str) -> str:
    result = CliRunner().invoke(cli, ["export", "--bank", str(REPO / "skills"), *args])
    assert result.exit_code == 0, result.output
    return result.output


def test_public_layout_loads_enabled_in_deerflow(deerflow: DeerFlow, tmp_path: Path) -> None:
    project = tmp_path / "deer-flow"
    project.mkdir()
    (project / "extensions_config.json").write_text(
        json.dumps({"mcpServers": {}, "skills": {"some-other-skill": {"enabled": False}}})
    )
    out = export("--target", "deerflow", str(project))
    assert "skills/public" in out
    skills = load_skills(deerflow, project / "skills", project / "extensions_config.json")
    by_name = {s.name: s for s in skills}
    assert sorted(by_name) == BANK_NAMES
    for skill in skills:
        assert str(skill.category) == "public" and skill.enabled, skill.name
        assert skill.description.strip()
        ok, message, name = deerflow.validation._validate_skill_frontmatter(skill.skill_dir)
        assert ok and name == skill.name, message
    config = json.loads((project / "extensions_config.json").read_text())
    assert config["skills"]["some-other-skill"] == {"enabled": False}


def test_user_layout_writes_the_users_custom_folder_and_state(
    deerflow: DeerFlow, tmp_path: Path
) -> None:
    home = tmp_path / ".deer-flow"
    states = home / "users" / "alice" / "skills" / "_skill_states.json"
    states.parent.mkdir(parents=True)
    states.write_text(json.dumps({KEPT: {"enabled": False, "note": "kept"}}))
    export("--target", "deerflow", "--deerflow-user", "alice", str(home))
    custom = home / "users" / "alice" / "skills" / "custom"
    assert sorted(p.name for p in custom.iterdir()) == BANK_NAMES
    saved = json.loads(states.read_text())
    assert saved[KEPT] == {"enabled": True, "note": "kept"}
    assert all(saved[name] == {"enabled": True} for name in BANK_NAMES if name != KEPT)
    for name in BANK_NAMES:
        parsed = deerflow.parser.parse_skill_file(custom / name / "SKILL.md", "custom")
        assert parsed is not None and parsed.name == name


def test_every_skill_archive_installs_through_deerflows_installer(
    deerflow: DeerFlow, tmp_path: Path
) -> None:
    export("--target", "zip", str(tmp_path / "dist"))
    storage = deerflow.storage_class(host_path=str(tmp_path / "skills"))
    for archive in sorted((tmp_path / "dist").glob("*.skill")):
        result = storage.install_skill_from_archive(archive)
        assert result["success"] and result["skill_name"] == archive.stem
        installed = tmp_path / "skills" / "custom" / archive.stem
        assert (installed / "SKILL.md").read_bytes() == (
            REPO / "skills" / archive.stem / "SKILL.md"
        ).read_bytes()
    assert sorted(p.name for p in (tmp_path / "skills" / "custom").iterdir()) == BANK_NAMES
    # The scanner saw every SKILL.md and every references/*.md or .json file DeerFlow scans.
    assert sum(line.endswith("/SKILL.md") for line in deerflow.scanned) >= len(BANK_NAMES)


def test_legacy_layout_is_behind_a_flag(deerflow: DeerFlow, tmp_path: Path) -> None:
    export("--target", "deerflow", "--deerflow-layout", "legacy", str(tmp_path))
    assert sorted(p.name for p in (tmp_path / "skills" / "custom").iterdir()) == BANK_NAMES
    skills = load_skills(deerflow, tmp_path / "skills", tmp_path / "extensions_config.json")
    assert {str(s.category) for s in skills} == {"custom"}


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["--deerflow-user", "../bob"], "DeerFlow user ids are letters"),
        (["--deerflow-layout", "user"], "DeerFlow user ids are letters"),
        (["--deerflow-layout", "public", "--deerflow-user", "bob"], "applies to the user layout"),
    ],
)
def test_bad_deerflow_options_are_one_line_errors(
    tmp_path: Path, args: list[str], message: str
) -> None:
    result = CliRunner().invoke(cli, ["export", "--target", "deerflow", *args, str(tmp_path / "x")])
    assert result.exit_code == 2 and message in result.output, result.output
    assert not (tmp_path / "x").exists()


def test_deerflow_options_only_for_deerflow(tmp_path: Path) -> None:
    result = CliRunner().invoke(
        cli, ["export", "--target", "zip", "--deerflow-user", "bob", str(tmp_path)]
    )
    assert result.exit_code == 2 and "apply to --target deerflow" in result.output


def test_broken_user_state_file_writes_nothing(tmp_path: Path) -> None:
    states = tmp_path / "users" / "bob" / "skills" / "_skill_states.json"
    states.parent.mkdir(parents=True)
    states.write_text("[1, 2")
    result = CliRunner().invoke(
        cli, ["export", "--target", "deerflow", "--deerflow-user", "bob", str(tmp_path)]
    )
    assert result.exit_code == 2 and "_skill_states.json" in result.output
    assert sorted(p.name for p in states.parent.iterdir()) == ["_skill_states.json"]


def test_lint_positive_bank_unchanged(tmp_path: Path) -> None:
    shutil.copytree(REPO / "skills", tmp_path / "bank")
    before = {p: p.read_bytes() for p in (tmp_path / "bank").rglob("*") if p.is_file()}
    export("--target", "deerflow", str(tmp_path / "df"))
    assert before == {p: p.read_bytes() for p in (tmp_path / "bank").rglob("*") if p.is_file()}
