"""Per-call figures of the embedded model: novel tokens and the profile file."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from esc_skills.llm.local_profile import (
    PROFILE_ENV,
    CallFigures,
    NoveltyCounter,
    append,
    profile_path,
)


def test_novel_tokens_follow_the_longest_prefix_of_any_earlier_sequence() -> None:
    counter = NoveltyCounter()
    assert counter.novel([1, 2, 3]) == 3  # nothing seen yet
    counter.add([1, 2, 3, 4, 5])
    counter.add([1, 2, 9])
    assert counter.novel([1, 2, 3, 4, 5, 6, 7]) == 2  # extends the first sequence
    assert counter.novel([1, 2, 9, 9]) == 1
    assert counter.novel([1, 2, 3]) == 0  # wholly inside an earlier sequence
    assert counter.novel([7, 1, 2, 3]) == 4  # a shared middle is no prefix
    assert counter.novel([]) == 0


def test_profile_lines_append_one_call_each(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.delenv(PROFILE_ENV, raising=False)
    assert profile_path() is None
    monkeypatch.setenv(PROFILE_ENV, "  ")
    assert profile_path() is None
    target = tmp_path / "calls.jsonl"
    monkeypatch.setenv(PROFILE_ENV, str(target))
    assert profile_path() == target
    first = CallFigures("seeker_reply", 4000, 4000, 4000, 120, 30.5, 36.0, "stop")
    second = CallFigures("agent_reply", 6000, 900, 850, 60, 8.25, 11.0, "length")
    append(target, first)
    append(target, second)
    lines = [json.loads(line) for line in target.read_text(encoding="utf-8").splitlines()]
    assert [CallFigures(**line) for line in lines] == [first, second]
