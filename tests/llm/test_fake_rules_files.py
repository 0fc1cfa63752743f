"""A malformed fake rules file is one ConfigError naming file:line, never a traceback."""

from __future__ import annotations

from pathlib import Path

import pytest

from esc_skills.errors import ConfigError
from esc_skills.llm.fake_rules import load_rules

DEEP = 100_000  # well past the interpreter's recursion limit


@pytest.mark.parametrize(
    ("content", "fragment"),
    [
        (b'{"answer": "x"}\n\xff{"answer": "y"}\n', r"rules.jsonl:2: .*not UTF-8"),
        (b"\xff[]", "not UTF-8"),
        (b'{"answer": "x"}\n' + b"[" * DEEP + b"\n", r"rules.jsonl:2: .*nested too deeply"),
        (b"[" * DEEP, "nested too deeply"),
        (b'# a comment\n\n{"answer": "x"}\n{"answer": \n', r"rules.jsonl:4: not valid JSON"),
        (b'[{"answer": "x"},\n oops]', r"rules.jsonl:2: not valid JSON"),
    ],
)
def test_bad_files_are_one_line_naming_where(tmp_path: Path, content: bytes, fragment: str) -> None:
    path = tmp_path / "rules.jsonl"
    path.write_bytes(content)
    with pytest.raises(ConfigError, match=fragment) as info:
        load_rules(path)
    assert "\n" not in str(info.value)


def test_comments_keep_the_line_numbers_of_the_rules(tmp_path: Path) -> None:
    path = tmp_path / "rules.jsonl"
    path.write_text('# first\n  # indented\n{"answer": "x"}\n\n{"role": "agent"}\n')
    with pytest.raises(ConfigError, match=r"rules.jsonl:5: a rule is an object"):
        load_rules(path)
    path.write_text('# only a comment\n{"answer": "x", "note": "n"}\n')
    assert load_rules(path) == [{"answer": "x", "note": "n"}]
