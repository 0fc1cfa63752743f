"""The one bank-argument resolver: folders, the default bank, registry baselines and none."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from esc_skills.banks import bank_folder, load_named_bank
from esc_skills.errors import DataError
from esc_skills.paths import SKILLS_DIR
from esc_skills.sage.baselines import BASELINE_REGISTRY, GENERATED


def test_none_is_no_skills() -> None:
    assert bank_folder("none") is None
    assert load_named_bank("none") == ("none", [])


@pytest.mark.parametrize("name", [n for n, b in BASELINE_REGISTRY.items() if b.folder is not None])
def test_folder_baselines_keep_their_registry_name(name: str) -> None:
    label, skills = load_named_bank(name)
    assert label == name and skills


@pytest.mark.parametrize("name", GENERATED)
def test_generated_baselines_need_a_model(name: str) -> None:
    with pytest.raises(DataError, match=f"--bank {name}: a generated baseline"):
        bank_folder(name)


def test_a_folder_is_labelled_by_its_name(tmp_path: Path) -> None:
    first = sorted(p for p in SKILLS_DIR.iterdir() if (p / "SKILL.md").is_file())[0]
    bank = tmp_path / "my-bank"
    shutil.copytree(first, bank / first.name)
    label, skills = load_named_bank(str(bank))
    assert label == "my-bank" and [s.name for s in skills] == [first.name]


def test_a_missing_folder_names_the_flag(tmp_path: Path) -> None:
    with pytest.raises(DataError, match=r"--skills .*no such bank folder"):
        bank_folder(str(tmp_path / "absent"), flag="--skills")
