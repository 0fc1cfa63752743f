"""Profile loading: both sources, selection, malformed lines reported and skipped."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from esc_skills.data.profiles import load_profiles, opening_line
from esc_skills.data.traces import Trace, append_trace
from esc_skills.errors import DataError
from esc_skills.sage.selection import lowest_scoring

from .sage_script import write_jsonl


def test_sage_and_rlver_profiles(data_dir: Path) -> None:
    sage = load_profiles(data_dir, "sage")
    rlver = load_profiles(data_dir, "rlver")
    assert len(sage) == 100 and len(rlver) == 500
    assert all(p.first_talk for p in sage) and not any(p.first_talk for p in rlver)
    assert {p.main_cha for p in sage} == {"负面型", "被动型", "回避型"}
    assert sum(p.main_cha == "负面型" for p in sage) == 41
    assert all(p.language == "zh" for p in sage[:5])
    assert all(len(p.cha_group) == 3 for p in sage)


def test_selection_by_ids_limit_and_group(data_dir: Path) -> None:
    sage = load_profiles(data_dir, "sage")
    ids = [sage[5].id, sage[2].id]
    assert [p.id for p in load_profiles(data_dir, "sage", ids=ids)] == ids
    assert len(load_profiles(data_dir, "sage", limit=7)) == 7
    passive = load_profiles(data_dir, "sage", groups=["passive"])
    assert len(passive) == 34 and {p.main_cha for p in passive} == {"被动型"}
    assert len(load_profiles(data_dir, "rlver", groups=["回避型"], limit=3)) == 3
    with pytest.raises(DataError, match="no profile with id nope"):
        load_profiles(data_dir, "sage", ids=["nope"])
    with pytest.raises(DataError, match="unknown main_cha group"):
        load_profiles(data_dir, "sage", groups=["cheerful"])


def test_malformed_lines_are_reported_with_file_and_line(data_dir: Path, tmp_path: Path) -> None:
    good = json.loads(
        (data_dir / "sage" / "simulator_profile_withfirsttalk.jsonl").open().readline()
    )
    missing_task = {k: v for k, v in good.items() if k != "task"}
    path = write_jsonl(
        tmp_path / "p.jsonl", [good, "{broken", missing_task, good | {"id": "x2"}, good]
    )
    report: list[str] = []
    profiles = load_profiles(path, report=report)
    assert [p.id for p in profiles] == [good["id"], "x2"]
    assert len(report) == 3
    assert report[0].startswith(f"{path}:2: not valid JSON")
    assert report[1].startswith(f"{path}:3:") and "'task' is a required property" in report[1]
    assert report[2].startswith(f"{path}:5: duplicate id")


def test_lowest_scoring_from_previous_traces(data_dir: Path, tmp_path: Path) -> None:
    profiles = load_profiles(data_dir, "sage", limit=5)
    path = tmp_path / "prev.jsonl"
    for profile, final in zip(profiles, [70, 5, 40, 100, 20], strict=True):
        append_trace(
            path,
            Trace(
                run_id="r",
                profile_id=profile.id,
                profile=profile.summary(),
                bank="b",
                agent_model="a",
                seeker_model="s",
                language="zh",
                final_emotion=final,
            ),
        )
    lowest = lowest_scoring(profiles, path, 2)
    assert [p.id for p in lowest] == [profiles[1].id, profiles[4].id]


def test_opening_line_for_profiles_without_first_talk(data_dir: Path) -> None:
    profile = load_profiles(data_dir, "rlver", limit=1)[0]
    assert opening_line(profile) and opening_line(profile, "en").isascii()


def test_non_utf8_lines_are_skipped_with_file_and_line(data_dir: Path, tmp_path: Path) -> None:
    good = (data_dir / "sage" / "simulator_profile_withfirsttalk.jsonl").open().readline()
    path = tmp_path / "p.jsonl"
    path.write_bytes(b"\xff\xfe{\x00}\n" + good.encode("utf-8"))
    report: list[str] = []
    profiles = load_profiles(path, report=report)
    assert len(profiles) == 1
    assert report == [
        f"{path}:1: byte 0xff at column 1 is not UTF-8; re-save the file as UTF-8; profile skipped"
    ]


def test_a_folder_given_as_profile_file_is_a_clear_error(tmp_path: Path) -> None:
    with pytest.raises(DataError, match=r"is a folder; pass a \.jsonl profile file"):
        load_profiles(tmp_path, "file")
