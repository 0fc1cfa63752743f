"""`esc-skills export`: Claude Code, DeerFlow (+ extensions_config.json), .skill archives."""

from __future__ import annotations

import json
import zipfile
from pathlib import Path

import pytest
from click.testing import CliRunner

from esc_skills.cli.main import cli
from esc_skills.export import export_bank
from tests.export.deerflow_real import load_deerflow
from tests.helpers import copy_positive_bank
from tests.lint.lint_ecosystem import skills_ref_errors


def deerflow_install_errors(folder: Path) -> list[str]:
    """DeerFlow's own install-time frontmatter validation: [] when it accepts the folder."""
    ok, message, _ = load_deerflow().validation._validate_skill_frontmatter(folder)
    return [] if ok else [message]


def deerflow_runtime_parse(skill_md: Path) -> dict[str, str] | None:
    """DeerFlow's own runtime parser: the skill's name and description, or None."""
    skill = load_deerflow().parser.parse_skill_file(skill_md, "public")
    return None if skill is None else {"name": skill.name, "description": skill.description}


LINT_TESTS = Path(__file__).parents[1] / "lint"
POSITIVE = LINT_TESTS / "positive"

NAMES = sorted(p.name for p in POSITIVE.iterdir() if p.is_dir())


@pytest.fixture
def bank(tmp_path: Path) -> Path:
    return copy_positive_bank(tmp_path / "bank")


def invoke(*args: str) -> tuple[int, str]:
    result = CliRunner().invoke(cli, ["export", *args])
    assert result.exception is None or isinstance(result.exception, SystemExit), result.output
    return result.exit_code, result.output


def _tree(root: Path) -> dict[str, bytes]:
    return {
        str(p.relative_to(root)): p.read_bytes() for p in sorted(root.rglob("*")) if p.is_file()
    }


def test_claude_code(bank: Path, tmp_path: Path) -> None:
    code, out = invoke("--target", "claude-code", "--bank", str(bank), str(tmp_path / "proj"))
    assert code == 0 and "exported 3 skills" in out
    root = tmp_path / "proj" / ".claude" / "skills"
    assert sorted(p.name for p in root.iterdir()) == NAMES
    for name in NAMES:
        assert _tree(root / name) == _tree(bank / name)  # byte-identical copies
        assert skills_ref_errors(root / name) == []
    assert not [p for p in root.iterdir() if p.name.startswith(".")]  # no temp leftovers


def test_deerflow_merges_extensions_config(bank: Path, tmp_path: Path) -> None:
    dest = tmp_path / "deer-flow"
    dest.mkdir()
    existing = {
        "mcpServers": {"github": {"enabled": True, "command": "npx"}},
        "skills": {
            "pdf": {"enabled": False},
            "grief-companioning": {"enabled": False, "note": "kept"},
        },
    }
    (dest / "extensions_config.json").write_text(json.dumps(existing))
    code, out = invoke("--target", "deerflow", "--bank", str(bank), str(dest))
    assert code == 0 and "extensions_config.json" in out
    config = json.loads((dest / "extensions_config.json").read_text())
    assert config["mcpServers"] == existing["mcpServers"]
    assert config["skills"]["pdf"] == {"enabled": False}
    assert config["skills"]["grief-companioning"] == {"enabled": True, "note": "kept"}
    for name in NAMES:
        assert config["skills"][name]["enabled"] is True
        folder = dest / "skills" / "public" / name
        assert deerflow_install_errors(folder) == []
        parsed = deerflow_runtime_parse(folder / "SKILL.md")
        assert parsed is not None and parsed["name"] == name


def test_deerflow_refuses_a_broken_config(bank: Path, tmp_path: Path) -> None:
    (tmp_path / "extensions_config.json").write_text("{not json")
    code, out = invoke("--target", "deerflow", "--bank", str(bank), str(tmp_path))
    assert code == 2 and "cannot read existing config" in out
    assert (tmp_path / "extensions_config.json").read_text() == "{not json"


def test_deerflow_broken_config_writes_nothing(bank: Path, tmp_path: Path) -> None:
    # The config is checked before any skill is copied: a refused export leaves DEST as it was.
    dest = tmp_path / "deerflow"
    dest.mkdir()
    (dest / "extensions_config.json").write_text("{not json")
    code, out = invoke("--target", "deerflow", "--bank", str(bank), str(dest))
    assert code == 2 and "cannot read existing config" in out
    assert sorted(p.name for p in dest.iterdir()) == ["extensions_config.json"]


@pytest.mark.parametrize("target", ["claude-code", "deerflow", "zip", "claude-plugin"])
def test_dest_that_is_a_file_is_one_line_error(bank: Path, tmp_path: Path, target: str) -> None:
    dest = tmp_path / "dest"
    dest.write_text("keep me")
    code, out = invoke("--target", target, "--bank", str(bank), str(dest))
    assert code == 2 and "exists and is not a folder" in out, out
    assert dest.read_text() == "keep me"


def test_file_in_the_way_inside_dest_is_one_line_error(bank: Path, tmp_path: Path) -> None:
    dest = tmp_path / "dest"
    dest.mkdir()
    (dest / "skills").write_text("keep me")
    code, out = invoke("--target", "deerflow", "--bank", str(bank), str(dest))
    assert code == 2 and "cannot write the export" in out, out
    assert (dest / "skills").read_text() == "keep me"


def _deerflow_install_archive(archive: Path, tmp: Path) -> Path:
    # DeerFlow's .skill install: reject unsafe members, extract, a single top folder is the
    # skill, validate its frontmatter.
    with zipfile.ZipFile(archive) as zf:
        for info in zf.infolist():
            assert not info.filename.startswith("/") and ".." not in Path(info.filename).parts
            assert (info.external_attr >> 16) & 0o170000 != 0o120000  # no symlinks
        zf.extractall(tmp)
    items = [p for p in tmp.iterdir() if not p.name.startswith(".")]
    assert len(items) == 1 and items[0].is_dir()
    return items[0]


def test_zip_archives_install_in_deerflow(bank: Path, tmp_path: Path) -> None:
    code, _ = invoke("--target", "zip", "--bank", str(bank), str(tmp_path / "dist"))
    assert code == 0
    archives = sorted((tmp_path / "dist").iterdir())
    assert [a.name for a in archives] == [f"{n}.skill" for n in NAMES]
    for archive in archives:
        name = archive.name.removesuffix(".skill")
        skill = _deerflow_install_archive(archive, tmp_path / "x" / name)
        assert skill.name == name
        assert deerflow_install_errors(skill) == []
        assert skills_ref_errors(skill) == []
        assert _tree(skill) == _tree(bank / name)


def test_zip_is_reproducible(bank: Path, tmp_path: Path) -> None:
    export_bank(bank, "zip", tmp_path / "a")
    export_bank(bank, "zip", tmp_path / "b")
    assert _tree(tmp_path / "a") == _tree(tmp_path / "b")


def test_reexport_replaces_skills_and_keeps_others(bank: Path, tmp_path: Path) -> None:
    dest = tmp_path / "proj"
    export_bank(bank, "claude-code", dest)
    root = dest / ".claude" / "skills"
    (root / "grief-companioning" / "stale.md").write_text("old\n")
    (root / "users-own-skill").mkdir()
    (root / "users-own-skill" / "SKILL.md").write_text("mine\n")
    export_bank(bank, "claude-code", dest)
    assert not (root / "grief-companioning" / "stale.md").exists()
    assert (root / "users-own-skill" / "SKILL.md").read_text() == "mine\n"


def test_refuses_bank_with_lint_errors(bank: Path, tmp_path: Path) -> None:
    skill = bank / "grief-companioning" / "SKILL.md"
    skill.write_text(skill.read_text().replace("name: grief-companioning", "name: Grief"))
    code, out = invoke("--target", "claude-code", "--bank", str(bank), str(tmp_path / "p"))
    assert code == 1
    assert "fails lint" in out and "ESC106" in out
    assert not (tmp_path / "p").exists()


def test_claude_plugin_marketplace(bank: Path, tmp_path: Path) -> None:
    code, _ = invoke("--target", "claude-plugin", "--bank", str(bank), str(tmp_path / "mkt"))
    assert code == 0
    data = json.loads((tmp_path / "mkt" / ".claude-plugin" / "marketplace.json").read_text())
    skills = data["plugins"][0]["skills"]
    assert skills == [f"./skills/{n}" for n in NAMES]
    for rel in skills:
        assert skills_ref_errors(tmp_path / "mkt" / rel) == []


def test_missing_bank_is_usage_error(tmp_path: Path) -> None:
    code, out = invoke("--target", "zip", "--bank", str(tmp_path / "nope"), str(tmp_path / "o"))
    assert code == 2 and "does not exist" in out


@pytest.mark.parametrize("bank_rel", ["skills", "baselines/human-curated"])
def test_repository_banks_export_and_load_everywhere(bank_rel: str, tmp_path: Path) -> None:
    # The shipped banks: exported trees load under DeerFlow's runtime parser and install
    # rules, and under skills-ref, exactly as the issue's checks ask.
    from esc_skills.paths import REPO_ROOT

    bank = REPO_ROOT / bank_rel
    if not bank.is_dir() or not any((p / "SKILL.md").is_file() for p in bank.iterdir()):
        pytest.skip(f"{bank_rel} has no skills yet")
    names = sorted(p.name for p in bank.iterdir() if (p / "SKILL.md").is_file())
    export_bank(bank, "deerflow", tmp_path / "df")
    export_bank(bank, "claude-code", tmp_path / "cc")
    config = json.loads((tmp_path / "df" / "extensions_config.json").read_text())
    assert sorted(config["skills"]) == names
    for name in names:
        df = tmp_path / "df" / "skills" / "public" / name
        parsed = deerflow_runtime_parse(df / "SKILL.md")
        assert parsed is not None and parsed["name"] == name and parsed["description"]
        assert deerflow_install_errors(df) == []
        assert skills_ref_errors(tmp_path / "cc" / ".claude" / "skills" / name) == []
