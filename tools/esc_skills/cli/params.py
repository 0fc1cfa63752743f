"""The one definition of every flag that more than one command takes.

Commands list these in `command(...)` (see `cli/command.py`) instead of spelling the flag
again, so a flag keeps one name, type, default style and help wording everywhere. Where the
choices come from a registry (baselines, retrievers, predictors) the command passes them in:
this module imports only click, so `esc-skills lint` stays fast.
"""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path
from typing import Any

import click

from esc_skills.cli.command import Option

PROFILE_SOURCES_HELP = (
    "sage (100 SAGE seekers), rlver (500 RLVER seekers) or a .jsonl profile file."
)
BANK_FOLDER_HELP = "Bank folder (default: ./skills, else the repository's skills/)."
LINTED_BANK_HELP = "Bank folder (must lint clean)."
TOP_K_HELP = "Skills loaded per reply."
MODEL_SEED_HELP = "Seed for model calls."


def choice_option(
    *decls: str, choices: Sequence[str], default: str | None = None, help: str | None = None
) -> Option:
    """A flag taking one of ``choices`` (default: the first), its default shown in --help."""
    return click.option(
        *decls,
        type=click.Choice(list(choices)),
        default=choices[0] if default is None else default,
        show_default=True,
        help=help,
    )


def count_option(
    *decls: str,
    default: int | None,
    help: str | None = None,
    minimum: int = 1,
    maximum: int | None = None,
) -> Option:
    """A whole-number flag of at least ``minimum`` (a usage error below it)."""
    return click.option(
        *decls,
        type=click.IntRange(min=minimum, max=maximum),
        default=default,
        show_default=default is not None,
        help=help,
    )


def format_option(*choices: str, help: str = "Output format.") -> Option:
    """--format: how the result is printed (default: the first choice, text)."""
    return choice_option("--format", "fmt", choices=choices, help=help)


def bank_option(
    help: str,
    *,
    default: str | None = "skills",
    show_default: bool | str = True,
    type: click.ParamType | None = None,
) -> Option:
    """--bank: the skill bank a command reads (a folder, or a baseline where it resolves one)."""
    return click.option(
        "--bank",
        default=default,
        show_default=show_default if default is not None else False,
        type=type,
        help=help,
    )


def bank_folder_option() -> Option:
    """--bank for commands that read a bank folder only (index, export, mcp)."""
    return bank_option(BANK_FOLDER_HELP, default=None, type=click.Path(path_type=Path))


def baseline_bank_option(baselines: Sequence[str], **kwargs: Any) -> Option:
    """--bank for the commands that resolve a baseline too (`sage.baselines.resolve_bank`)."""
    return bank_option(f"Bank folder, or one of {', '.join(baselines)}.", **kwargs)


def retriever_option(
    help: str,
    *,
    choices: Sequence[str] | None = None,
    default: str | None = "auto",
    metavar: str | None = None,
) -> Option:
    """--retriever: who picks the skills the agent loads (a choice, or a name checked later)."""
    if choices is not None:
        return choice_option("--retriever", choices=choices, default=default, help=help)
    return click.option(
        "--retriever",
        default=default,
        show_default=default is not None,
        metavar=metavar,
        help=help,
    )


def agent_retriever_help(choices: Sequence[str]) -> str:
    """The help of --retriever where ``auto`` lets the model choose (simulate, chat, evolve)."""
    return (
        "Who picks the skills to load: auto (the model chooses when there are skills), "
        f"or one of {', '.join(c for c in choices if c != 'auto')} (see `esc-skills route`)."
    )


def top_k_option(help: str = TOP_K_HELP, *, minimum: int = 0) -> Option:
    """--top-k: how many skills the agent loads per reply."""
    return count_option("--top-k", default=3, help=help, minimum=minimum)


def seed_option(help: str = MODEL_SEED_HELP) -> Option:
    """--seed: the seed for model calls or sampling (0 by default)."""
    return click.option("--seed", type=int, default=0, show_default=True, help=help)


def profiles_option(help: str, *, default: str | None = "sage", dest: str = "profiles") -> Option:
    """--profiles: where simulated seekers come from (sage, rlver or a .jsonl file)."""
    return click.option(
        "--profiles", dest, default=default, show_default=default is not None, help=help
    )


def max_rounds_option(help: str = "Seeker turns before the conversation stops.") -> Option:
    """--max-rounds: seeker turns per simulated conversation."""
    return count_option("--max-rounds", default=10, help=help)


def language_option(help: str = "The seeker's language; the persona is kept.") -> Option:
    """--language: the simulated seeker's language (profile = as the profile says)."""
    return choice_option("--language", choices=("profile", "zh", "en"), help=help)


def parallel_option(default: int) -> Option:
    """--parallel: conversations run at once."""
    return count_option("--parallel", default=default, help="Conversations run at once.")


def limit_option(help: str) -> Option:
    """--limit: at most N units (profiles, dialogues)."""
    return count_option("--limit", default=None, help=help)


def out_option(help: str, *decls: str, **kwargs: Any) -> Option:
    """--out: where a command writes (a file or a folder, per command)."""
    return click.option("--out", *decls, help=help, **kwargs)


def report_option(help: str) -> Option:
    """--report: also write a report folder (report.md and its figures) here."""
    return click.option("--report", "report_dir", default=None, help=help)


def allow_errors_option(units: str, scope: str = "") -> Option:
    """--allow-errors: accept a partial run in which some (not all) ``units`` errored."""
    text = f"exit 0 when some (not all) {units} errored; a rerun retries them."
    help = f"{scope}: {text}" if scope else text[0].upper() + text[1:]
    return click.option("--allow-errors", is_flag=True, help=help)


def strict_option(help: str) -> Option:
    """--strict: turn findings that are otherwise reported into exit 1."""
    return click.option("--strict", is_flag=True, help=help)


def input_file_option(*decls: str, help: str, required: bool = False) -> Option:
    """A flag naming one input file (a folder is a usage error)."""
    return click.option(
        *decls, default=None, required=required, type=click.Path(dir_okay=False), help=help
    )


def run_dir_option() -> Option:
    """--run: an existing `mine run` folder."""
    return click.option(
        "--run",
        "run_dir",
        required=True,
        type=click.Path(exists=True, file_okay=False),
        help="A folder written by `esc-skills mine run`.",
    )


def repo_option(help: str = "The bank's git repository.") -> Option:
    """--repo: the bank's git repository (default: this folder)."""
    return click.option(
        "--repo", default=".", show_default=True, type=click.Path(file_okay=False), help=help
    )
