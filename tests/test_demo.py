"""The README's main job: every demo step must be a command line the tool accepts."""

from __future__ import annotations

from pathlib import Path

import click

from esc_skills.cli.demo import plan_steps
from esc_skills.cli.main import cli


def test_every_demo_step_parses_under_the_real_command_tree(tmp_path: Path) -> None:
    # The demo chains public commands; a renamed flag must fail here, not in a user's demo.
    # Files that earlier steps (or the data directory) provide, since options check they exist.
    for made in ("out/traces.jsonl", "sage/results/gpt-4.1_result.jsonl"):
        (tmp_path / made).parent.mkdir(parents=True, exist_ok=True)
        (tmp_path / made).touch()
    steps = plan_steps(
        data_dir=tmp_path, out=tmp_path / "out", model="fake/x", profiles=2, rounds=3
    )
    assert len(steps) >= 8
    for step in steps:
        ctx = click.Context(cli)
        command: click.Command = cli
        args = list(step.args)
        while isinstance(command, click.Group):
            name = args.pop(0)
            found = command.get_command(ctx, name)
            assert found is not None, f"{step.title}: no command {name!r}"
            command = found
        command.make_context(command.name or "", args)  # raises on an unknown or bad option


def test_the_closing_list_points_into_what_the_steps_write(tmp_path: Path) -> None:
    from esc_skills.cli.demo import OUTPUTS

    out = tmp_path / "out"
    steps = plan_steps(data_dir=tmp_path, out=out, model="local/smollm2", profiles=2, rounds=3)
    flags = ("--out", "--report", "--state-dir")
    written = {
        Path(step.args[i + 1])
        for step in steps
        for i, arg in enumerate(step.args[:-1])
        if arg in flags
    } | {Path(step.args[-1]) for step in steps if step.args[0] == "export"}  # its argument
    for name, _ in OUTPUTS:
        path = out / name
        assert any(path == w or w in path.parents for w in written), name
    titles = [s.args[s.args.index("--title") + 1] for s in steps if "--title" in s.args]
    assert len(titles) == 2 and "2 simulated seekers x 3 rounds" in titles[0]
