"""esc_skills.atomic: all-or-nothing writes that keep modes and leave no temp files behind."""

from __future__ import annotations

import json
import os
import stat
from collections.abc import Iterator
from pathlib import Path

import pytest

from esc_skills import atomic


@pytest.fixture
def umask_027() -> Iterator[None]:
    old = os.umask(0o027)
    try:
        yield
    finally:
        os.umask(old)


def _mode(path: Path) -> int:
    return stat.S_IMODE(path.stat().st_mode)


def test_writers_produce_the_expected_bytes(tmp_path: Path) -> None:
    atomic.write_text(tmp_path / "a.md", "héllo\r\nworld\n")
    atomic.write_bytes(tmp_path / "b.bin", b"\x00\xff")
    atomic.write_json(tmp_path / "deep" / "c.json", {"k": "é", "n": [1]})
    atomic.write_json_lines(tmp_path / "d.jsonl", [{"a": 1}, "two", None])
    assert (tmp_path / "a.md").read_bytes() == "héllo\r\nworld\n".encode()
    assert (tmp_path / "b.bin").read_bytes() == b"\x00\xff"
    assert (tmp_path / "deep" / "c.json").read_text(encoding="utf-8") == (
        '{\n  "k": "é",\n  "n": [\n    1\n  ]\n}\n'
    )
    lines = (tmp_path / "d.jsonl").read_text(encoding="utf-8").splitlines()
    assert [json.loads(x) for x in lines] == [{"a": 1}, "two", None]


def test_a_failed_write_keeps_the_old_file_and_leaves_no_temp(tmp_path: Path) -> None:
    target = tmp_path / "out.json"
    target.write_text("old\n", encoding="utf-8")
    with pytest.raises(TypeError):
        atomic.write_json(target, {"not": object()})  # fails while serialising
    with pytest.raises(RuntimeError), atomic.open_text(target) as handle:
        handle.write("half of the new content")
        raise RuntimeError("the writer crashed")
    assert target.read_text(encoding="utf-8") == "old\n"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["out.json"]


def test_keyboard_interrupt_mid_write_leaves_no_temp(tmp_path: Path) -> None:
    def records() -> Iterator[dict[str, int]]:
        yield {"n": 1}
        raise KeyboardInterrupt

    with pytest.raises(KeyboardInterrupt):
        atomic.write_json_lines(tmp_path / "t.jsonl", records())
    assert list(tmp_path.iterdir()) == []


def test_a_failing_replace_removes_the_temp(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    def refuse(src: object, dst: object) -> None:
        raise PermissionError("replace refused")

    monkeypatch.setattr(atomic.os, "replace", refuse)
    with pytest.raises(PermissionError):
        atomic.write_text(tmp_path / "x.txt", "x")
    assert list(tmp_path.iterdir()) == []


@pytest.mark.parametrize("mode", [0o600, 0o640, 0o755])
def test_an_existing_files_mode_is_kept(tmp_path: Path, mode: int) -> None:
    target = tmp_path / "keep.sh"
    target.write_text("old", encoding="utf-8")
    target.chmod(mode)
    atomic.write_text(target, "new")
    assert target.read_text(encoding="utf-8") == "new"
    assert _mode(target) == mode


@pytest.mark.usefixtures("umask_027")
def test_a_new_file_gets_the_umask_default_mode_not_0600(tmp_path: Path) -> None:
    atomic.write_text(tmp_path / "new.txt", "x")
    with atomic.open_binary(tmp_path / "new.bin") as handle:
        handle.write(b"x")
    assert _mode(tmp_path / "new.txt") == 0o640
    assert _mode(tmp_path / "new.bin") == 0o640
    old = os.umask(0o002)
    try:
        atomic.write_text(tmp_path / "shared.txt", "x")
    finally:
        os.umask(old)
    assert _mode(tmp_path / "shared.txt") == 0o664


def test_a_symlinked_target_stays_a_symlink(tmp_path: Path) -> None:
    real = tmp_path / "real.txt"
    real.write_text("old", encoding="utf-8")
    link = tmp_path / "link.txt"
    link.symlink_to(real)
    atomic.write_text(link, "new")
    assert link.is_symlink() and real.read_text(encoding="utf-8") == "new"


def test_the_file_is_fsynced_before_it_replaces_the_target(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    events: list[str] = []
    real_fsync, real_replace = os.fsync, os.replace
    monkeypatch.setattr(atomic.os, "fsync", lambda fd: (events.append("fsync"), real_fsync(fd)))
    monkeypatch.setattr(
        atomic.os, "replace", lambda a, b: (events.append("replace"), real_replace(a, b))
    )
    atomic.write_text(tmp_path / "f.txt", "x")
    assert events == ["fsync", "replace"]


def test_a_staged_path_replaces_the_target_only_when_the_writer_succeeds(tmp_path: Path) -> None:
    target = tmp_path / "model.gguf"
    target.write_bytes(b"old")
    with pytest.raises(RuntimeError), atomic.staged_path(target) as staged:
        staged.write_bytes(b"half")  # a C library writing by name, then failing
        raise RuntimeError("conversion failed")
    assert target.read_bytes() == b"old"
    assert [p.name for p in tmp_path.iterdir()] == ["model.gguf"]
    with atomic.staged_path(target) as staged:
        assert staged.parent == tmp_path and staged != target
        staged.write_bytes(b"new")
    assert target.read_bytes() == b"new"
    assert [p.name for p in tmp_path.iterdir()] == ["model.gguf"]


def test_replace_dir_swaps_a_whole_folder(tmp_path: Path) -> None:
    dest = tmp_path / "skill"
    dest.mkdir()
    (dest / "old-only.md").write_text("old", encoding="utf-8")
    staged = tmp_path / ".staging" / "skill"
    staged.mkdir(parents=True)
    (staged / "SKILL.md").write_text("new", encoding="utf-8")
    atomic.replace_dir(staged, dest)
    assert sorted(p.name for p in dest.iterdir()) == ["SKILL.md"]
    assert sorted(p.name for p in tmp_path.iterdir()) == [".staging", "skill"]
    fresh = tmp_path / ".staging" / "other"
    fresh.mkdir()
    atomic.replace_dir(fresh, tmp_path / "other")  # no folder there yet
    assert (tmp_path / "other").is_dir() and not fresh.exists()


def test_replace_dir_restores_the_old_folder_when_the_move_fails(tmp_path: Path) -> None:
    dest = tmp_path / "skill"
    dest.mkdir()
    (dest / "SKILL.md").write_text("old", encoding="utf-8")
    with pytest.raises(FileNotFoundError):
        atomic.replace_dir(tmp_path / "missing-staged", dest)
    assert (dest / "SKILL.md").read_text(encoding="utf-8") == "old"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["skill"]


def test_a_saved_skill_is_readable_by_others_under_a_022_umask(tmp_path: Path) -> None:
    from esc_skills.bank import Skill, save_skill

    old = os.umask(0o022)
    try:
        path = save_skill(
            Skill("listening", "Listen. Use when unheard.", "## Overview\n\nx"),
            tmp_path / "listening",
        )
    finally:
        os.umask(old)
    assert _mode(path) == 0o644  # mkstemp's 0600 used to hide new skills from other users
