"""Trace files: schema, torn last lines, atomic appends."""

from __future__ import annotations

import json
from pathlib import Path

import jsonschema
import pytest

from esc_skills.data.traces import (
    Trace,
    Turn,
    append_trace,
    read_traces,
    repair_tail,
    validate_trace,
)
from esc_skills.errors import DataError
from tests.helpers import make_trace


def _trace(pid: str = "p1", final: int | None = 55) -> Trace:
    turns = [
        Turn(0, "seeker", "hi", emotion=40),
        Turn(1, "supporter", "hello", skills_offered=["a"], skills_applied=[]),
    ]
    return make_trace(
        pid,
        final,
        turns,
        run_id="r",
        profile={"main_cha": "被动型", "task": "t", "topic": None, "cha_group": []},
        bank="skills",
        agent_model="fake/a",
        seeker_model="fake/s",
        language="zh",
        rounds=1,
        usage={
            "calls": 1,
            "cache_hits": 0,
            "input_tokens": 1,
            "output_tokens": 1,
            "cost_usd": None,
        },
    )


def test_round_trip_and_schema(tmp_path: Path) -> None:
    path = tmp_path / "t.jsonl"
    append_trace(path, _trace("a"))
    append_trace(path, _trace("b"))
    loaded = read_traces(path, validate=True)
    assert [t.profile_id for t in loaded] == ["a", "b"]
    assert loaded[0].to_dict() == _trace("a").to_dict()


def test_schema_rejects_bad_change_and_errored_without_reason() -> None:
    bad = _trace().to_dict()
    bad["turns"][0]["change"] = 25
    with pytest.raises(jsonschema.ValidationError):
        validate_trace(bad)
    errored = _trace(final=None).to_dict() | {"status": "errored", "end_reason": "max_rounds"}
    with pytest.raises(jsonschema.ValidationError):
        validate_trace(errored)


def test_torn_last_line_is_skipped_and_repaired(tmp_path: Path) -> None:
    path = tmp_path / "t.jsonl"
    append_trace(path, _trace("a"))
    with path.open("a") as handle:
        handle.write('{"profile_id": "b", "tur')
    assert [t.profile_id for t in read_traces(path)] == ["a"]
    repair_tail(path)
    assert path.read_text().endswith("\n")
    assert len(path.read_text().splitlines()) == 1
    append_trace(path, _trace("c"))
    assert [t.profile_id for t in read_traces(path)] == ["a", "c"]


def test_corrupt_middle_line_names_file_and_line(tmp_path: Path) -> None:
    path = tmp_path / "t.jsonl"
    path.write_text("not json\n" + json.dumps(_trace().to_dict()) + "\n")
    with pytest.raises(DataError, match=r"t\.jsonl:1: not valid JSON"):
        read_traces(path)
