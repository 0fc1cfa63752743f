"""Root of the ``esc-skills`` command tree.

Command modules load lazily so `esc-skills lint` never pays for importing numpy,
the model SDKs or git; each entry names ``module:attribute`` of a click command.
"""

from __future__ import annotations

import importlib
import sys
from typing import Any

import click

from esc_skills import __version__
from esc_skills.cli.failures import report_failure

# name -> "module:attribute", or a nested mapping for a group whose subcommands
# live in different modules.
COMMANDS: dict[str, Any] = {
    "demo": "esc_skills.cli.demo:demo",
    "lint": "esc_skills.cli.lint:lint",
    "export": "esc_skills.cli.export:export",
    "bank": "esc_skills.cli.bank:bank",
    "data": "esc_skills.cli.data:data",
    "backends": "esc_skills.cli.backends:backends",
    "mine": "esc_skills.cli.mine:mine",
    "simulate": "esc_skills.cli.simulate:simulate",
    "chat": "esc_skills.cli.chat:chat",
    "route": "esc_skills.cli.route:route",
    "eval": {
        "_help": "Evaluate a bank or baseline: dialogue level (SAGE), response level (ESConv), "
        "or the crisis and risk battery (safety), or which skills trigger (triggers).",
        "sage": "esc_skills.cli.eval_sage:sage",
        "compare": "esc_skills.cli.eval_sage:compare",
        "esconv": "esc_skills.cli.eval_esconv:esconv",
        "judge-drift": "esc_skills.cli.eval_judge_drift:judge_drift",
        "safety": "esc_skills.cli.eval_safety:safety",
        "triggers": "esc_skills.cli.eval_triggers:triggers",
    },
    "evolve": "esc_skills.cli.evolve:evolve",
    "mcp": "esc_skills.cli.mcp:mcp",
    "experiment": "esc_skills.cli.experiment:experiment",
}


class LazyGroup(click.Group):
    """A click group whose subcommands are imported only when invoked or listed."""

    def __init__(self, *args: Any, lazy: dict[str, Any], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self._lazy = {k: v for k, v in lazy.items() if not k.startswith("_")}

    def list_commands(self, ctx: click.Context) -> list[str]:
        return sorted(set(super().list_commands(ctx)) | set(self._lazy))

    def get_command(self, ctx: click.Context, cmd_name: str) -> click.Command | None:
        if cmd_name in self.commands:
            return self.commands[cmd_name]
        spec = self._lazy.get(cmd_name)
        if spec is None:
            return None
        if isinstance(spec, dict):
            group = LazyGroup(name=cmd_name, help=spec.get("_help"), lazy=spec)
            self.commands[cmd_name] = group
            return group
        module_name, attr = spec.split(":")
        try:
            module = importlib.import_module(module_name)
        except ModuleNotFoundError as exc:
            if exc.name and exc.name.startswith("esc_skills"):
                return None  # a command group not built yet
            raise
        command: click.Command = getattr(module, attr)
        self.commands[cmd_name] = command
        return command


class ESCSkillsCLI(LazyGroup):
    """Root group: every failure ends as one line on stderr and a truthful exit code."""

    def invoke(self, ctx: click.Context) -> Any:
        try:
            return super().invoke(ctx)
        except (click.exceptions.ClickException, click.exceptions.Exit, click.exceptions.Abort):
            raise  # click prints its own usage errors (exit 2)
        except Exception as exc:  # the one place that turns any failure into a line
            sys.exit(report_failure(exc))
        except KeyboardInterrupt:
            click.echo("interrupted; rerun the same command to resume where possible", err=True)
            sys.exit(130)


@click.group(
    cls=ESCSkillsCLI, lazy=COMMANDS, context_settings={"help_option_names": ["-h", "--help"]}
)
@click.version_option(__version__, prog_name="esc-skills")
def cli() -> None:
    """Lint, discover, evaluate and evolve a bank of emotional-support skills."""


if __name__ == "__main__":
    cli()
