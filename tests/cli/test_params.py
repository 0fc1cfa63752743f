"""The shared option definitions and the output-folder checks behave the same everywhere."""

from __future__ import annotations

import os
from dataclasses import dataclass
from pathlib import Path

import click
import pytest
from click.testing import CliRunner

from esc_skills.cli.command import command
from esc_skills.cli.params import (
    allow_errors_option,
    choice_option,
    count_option,
    format_option,
    seed_option,
)
from esc_skills.errors import UserError
from esc_skills.outputs import create_folder, make_output_folder


@dataclass(frozen=True)
class Demo:
    """The flags of the test command."""

    n: int | None
    mode: str
    fmt: str
    seed: int
    allow_errors: bool


def run_demo(opts: Demo) -> None:
    """Print the parsed options."""
    click.echo(repr(opts))


demo = command("demo", run_demo, Demo, [
    count_option("--n", default=None, minimum=2, maximum=5),
    choice_option("--mode", choices=("fast", "slow")),
    format_option("text", "json"),
    seed_option(),
    allow_errors_option("turns", "Agent"),
])  # fmt: skip


def test_defaults_come_from_the_definitions() -> None:
    assert demo.parse([]) == Demo(None, "fast", "text", 0, False)
    result = CliRunner().invoke(demo, ["--n", "3", "--mode", "slow", "--allow-errors"])
    assert result.exit_code == 0
    assert result.output.strip() == repr(Demo(3, "slow", "text", 0, True))


@pytest.mark.parametrize(
    "args", [["--n", "1"], ["--n", "6"], ["--n", "x"], ["--mode", "other"], ["--format", "xml"]]
)
def test_a_bad_value_is_one_usage_error_naming_the_flag(args: list[str]) -> None:
    result = CliRunner().invoke(demo, args)
    assert result.exit_code == 2
    assert args[0] in result.output and "Traceback" not in result.output


def test_help_texts_are_built_consistently() -> None:
    text = " ".join(CliRunner().invoke(demo, ["--help"]).output.split())
    assert "Agent: exit 0 when some (not all) turns errored; a rerun retries them." in text
    assert "Output format. [default: text]" in text
    plain = allow_errors_option("conversations")(lambda **_: None).__click_params__[0]
    assert plain.help.startswith("Exit 0 when some (not all) conversations errored")


def test_create_folder_says_why_it_cannot(tmp_path: Path) -> None:
    assert create_folder(tmp_path / "a" / "b") is None and (tmp_path / "a" / "b").is_dir()
    (tmp_path / "file").write_text("x", encoding="utf-8")
    assert create_folder(tmp_path / "file" / "sub") == "a file is in the way"
    assert create_folder(tmp_path / "file") == "a file is in the way"


def test_make_output_folder_is_one_line_naming_the_flag(tmp_path: Path) -> None:
    (tmp_path / "file").write_text("x", encoding="utf-8")
    with pytest.raises(UserError) as refused:
        make_output_folder(tmp_path / "file" / "out", "--out", "report")
    message = str(refused.value)
    assert message.startswith(f"--out {tmp_path / 'file' / 'out'}: ") and "\n" not in message
    assert "a file is in the way" in message


@pytest.mark.skipif(os.name != "posix", reason="permission bits")
def test_a_read_only_parent_is_refused_before_anything_is_written(tmp_path: Path) -> None:
    locked = tmp_path / "locked"
    locked.mkdir()
    locked.chmod(0o555)
    try:
        with pytest.raises(UserError, match="is not writable"):
            make_output_folder(locked / "out", "--report", "report")
        assert not (locked / "out").exists()
    finally:
        locked.chmod(0o755)
