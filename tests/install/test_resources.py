"""The resource module: one place that finds schemas, prompts, the taxonomy and defaults."""

from __future__ import annotations

import json
import shutil
from collections.abc import Iterator
from pathlib import Path

import jsonschema
import pytest

from esc_skills import resources
from esc_skills.config import load_config
from esc_skills.errors import DataError
from esc_skills.taxonomy import load_taxonomy

REPO = Path(__file__).resolve().parents[2]
PACKAGE = REPO / "tools" / "esc_skills"


@pytest.fixture
def installed(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[Path]:
    """Pretend the package is installed from a wheel: a folder with _resources/ and no repo."""
    package = tmp_path / "site-packages" / "esc_skills"
    bundle = package / resources.BUNDLE
    for folder in resources.KINDS:
        shutil.copytree(REPO / folder, bundle / folder)
    (bundle / "esc-skills.toml").write_text('[cache]\npath = ".esc-skills/c.sqlite"\n')
    monkeypatch.setattr(resources, "_package_dir", lambda: package)
    resources._base.cache_clear()
    yield bundle
    resources._base.cache_clear()


def test_a_checkout_reads_the_top_level_folders() -> None:
    # The repository's schema/ and prompts/ are the source of truth, live in a checkout.
    assert resources.checkout_root() == REPO and not resources.bundled()
    assert resources.schema_file("iu.schema.json") == REPO / "schema" / "iu.schema.json"
    assert resources.prompt_file("annotate.md") == REPO / "prompts" / "annotate.md"
    assert resources.default_config_file() == REPO / "esc-skills.toml"


def test_an_installed_package_reads_its_bundle(installed: Path, tmp_path: Path) -> None:
    assert resources.bundled() and resources.checkout_root() is None
    assert resources.taxonomy_file() == installed / "schema" / "taxonomy.yaml"
    assert load_taxonomy(resources.taxonomy_file()).esconv_strategies
    assert (
        resources.prompt_file("agent_system.md").read_text()
        == (REPO / "prompts" / "agent_system.md").read_text()
    )


def test_the_shipped_config_resolves_paths_against_the_working_directory(
    installed: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    work = tmp_path / "work"
    work.mkdir()
    monkeypatch.chdir(work)
    cfg = load_config()
    assert cfg.path == installed / "esc-skills.toml"
    assert cfg.cache_path == work / ".esc-skills" / "c.sqlite"  # never inside site-packages


def test_a_missing_resource_is_one_line_naming_the_file(installed: Path) -> None:
    (installed / "prompts" / "annotate.md").unlink()
    resources.prompt.cache_clear()
    with pytest.raises(DataError, match=r"annotate\.md: cannot read a shipped resource") as info:
        resources.prompt("annotate.md")
    assert "\n" not in str(info.value) and "reinstall" in str(info.value)


@pytest.mark.parametrize("path", sorted((REPO / "schema").glob("*.json")), ids=lambda p: p.name)
def test_every_schema_compiles_once(path: Path) -> None:
    compiled = resources.validator(path.name)
    assert compiled is resources.validator(path.name)
    assert compiled.schema == json.loads(path.read_text(encoding="utf-8"))


def test_validate_raises_the_schema_error_with_its_path() -> None:
    with pytest.raises(jsonschema.ValidationError) as info:
        resources.validate("trace.schema.json", {"profile_id": 3})
    assert info.value.validator == "required" and "'schema_version'" in info.value.message


def test_in_memory_schemas_share_one_compiled_validator() -> None:
    schema = {"type": "object", "required": ["a"]}
    assert resources.validator_for(schema) is resources.validator_for(dict(schema))
    with pytest.raises(jsonschema.SchemaError):
        resources.validator_for({"type": "no-such-type"})


@pytest.mark.parametrize("path", sorted((REPO / "prompts").glob("*.md")), ids=lambda p: p.name)
def test_every_prompt_loads_as_a_template(path: Path) -> None:
    assert resources.template(path.name).template == path.read_text(encoding="utf-8")
