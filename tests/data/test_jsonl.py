"""The shared JSON-lines reader: every bad line is named, none is fatal."""

from __future__ import annotations

from pathlib import Path

import pytest

from esc_skills.errors import DataError
from esc_skills.jsonl import read_json, read_json_lines


def test_lines_are_decoded_or_explained(tmp_path: Path) -> None:
    path = tmp_path / "mixed.jsonl"
    path.write_bytes(b'{"a": 1}\n\n\xff{"b": 2}\n{"c": \n[1, 2]\n{"torn"')
    lines = list(read_json_lines(path))
    assert [line.number for line in lines] == [1, 3, 4, 5, 6]
    assert lines[0].data == {"a": 1} and lines[0].error is None
    assert lines[1].error == "encoding" and lines[1].detail.startswith("byte 0xff at column 1")
    assert lines[2].error == "json" and lines[2].detail.startswith("not valid JSON")
    assert lines[3].data == [1, 2]
    assert lines[4].error == "json" and lines[4].last and not lines[3].last


def test_unreadable_file_is_a_data_error(tmp_path: Path) -> None:
    with pytest.raises(DataError, match=r"cannot read trace file"):
        list(read_json_lines(tmp_path / "missing.jsonl", what="trace file"))


@pytest.mark.parametrize("raw", [b"[" * 100_000, b"{not json", b"\xff\xfe not utf-8"])
def test_a_whole_json_file_that_cannot_be_decoded_is_one_data_error(
    tmp_path: Path, raw: bytes
) -> None:
    path = tmp_path / "f.json"
    path.write_bytes(raw)
    with pytest.raises(DataError, match=r"f\.json: cannot read evidence .*; run the fix"):
        read_json(path, what="evidence", fix="run the fix")
