"""Every command parses its flags into a frozen options object run by a plain function."""

from __future__ import annotations

import dataclasses
import inspect
import subprocess
import sys
import typing
from collections.abc import Iterator

import click
import pytest
from click.testing import CliRunner

from esc_skills.cli.command import ParsedCommand
from esc_skills.cli.main import cli
from esc_skills.cli.options import LLMOptions


def _walk(group: click.Group, prefix: tuple[str, ...] = ()) -> Iterator[tuple[str, ...]]:
    ctx = click.Context(group)
    for name in group.list_commands(ctx):
        command = group.get_command(ctx, name)
        assert command is not None, name
        path = (*prefix, name)
        if isinstance(command, click.Group):
            yield from _walk(command, path)
        else:
            yield path


COMMAND_PATHS = list(_walk(cli))


def _command(path: tuple[str, ...]) -> click.Command:
    command: click.Command = cli
    for name in path:
        assert isinstance(command, click.Group)
        found = command.get_command(click.Context(command), name)
        assert found is not None
        command = found
    return command


def test_the_tree_holds_every_command_group() -> None:
    tops = {path[0] for path in COMMAND_PATHS}
    assert {"lint", "simulate", "eval", "evolve", "mine", "bank", "backends", "data"} <= tops
    assert len(COMMAND_PATHS) >= 35


@pytest.mark.parametrize("path", COMMAND_PATHS, ids=" ".join)
def test_each_command_builds_a_frozen_dataclass_with_one_field_per_parameter(
    path: tuple[str, ...],
) -> None:
    command = _command(path)
    assert isinstance(command, ParsedCommand), f"{' '.join(path)} is not parse-then-execute"
    cls = command.options_class
    assert dataclasses.is_dataclass(cls) and vars(cls)["__dataclass_params__"].frozen
    # Each flag fills one field; the model flags arrive as one LLMOptions and evolve's
    # bundles (where, plan, check) as one object each.
    expected: set[str] = set()
    for name, hint in typing.get_type_hints(cls).items():
        if hint is LLMOptions:
            expected |= {"config_path", "model", "role_models", "no_cache", "concurrency"}
        elif dataclasses.is_dataclass(hint):
            expected |= {f.name for f in dataclasses.fields(hint)}
        else:
            expected.add(name)
    params = {p.name for p in command.params}
    optional = {f.name for f in dataclasses.fields(cls) if f.default is not dataclasses.MISSING}
    assert params <= expected and expected - params <= optional, (path, params ^ expected)
    assert command.run.__doc__ and command.help
    assert inspect.cleandoc(command.help) == inspect.cleandoc(command.run.__doc__)


@pytest.mark.parametrize("path", [(), *COMMAND_PATHS], ids=lambda p: " ".join(p) or "root")
def test_every_help_page_renders(path: tuple[str, ...]) -> None:
    result = CliRunner().invoke(cli, [*path, "--help"])
    assert result.exit_code == 0, result.output
    assert "Usage: " in result.output


def _option_help(path: tuple[str, ...], flag: str) -> str | None:
    for param in _command(path).params:
        if isinstance(param, click.Option) and flag in param.opts:
            return param.help
    return None


@pytest.mark.parametrize(
    "flag", ["--data-dir", "--language", "--max-rounds", "--input-format", "--run", "--repo"]
)
def test_a_shared_flag_reads_the_same_in_every_command(flag: str) -> None:
    helps = {p: _option_help(p, flag) for p in COMMAND_PATHS if _option_help(p, flag) is not None}
    assert len(helps) >= 2, flag
    assert len(set(helps.values())) == 1, helps


def test_every_format_flag_says_its_default() -> None:
    seen = 0
    for path in COMMAND_PATHS:
        for param in _command(path).params:
            if isinstance(param, click.Option) and "--format" in param.opts:
                seen += 1
                assert param.show_default and param.default == "text", path
    assert seen >= 10


def test_lint_startup_imports_no_model_code() -> None:
    code = (
        "import sys, esc_skills.cli.main, esc_skills.cli.lint;"
        "print(sorted(m for m in sys.modules if m.startswith(('esc_skills.llm', 'numpy',"
        " 'esc_skills.agent', 'esc_skills.sage'))))"
    )
    out = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, check=True
    ).stdout
    assert out.strip() == "[]"
