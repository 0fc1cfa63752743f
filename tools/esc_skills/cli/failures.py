"""Turn any exception that reaches the command line into one line on stderr and an exit code.

Exit codes (docs/errors.md): 0 success, 1 findings (lint, checks, a partial run), 2 a user or
environment problem, 70 a bug in esc-skills, 130 interrupted, 141 the output pipe closed.
Only bugs may show a traceback, and only with ``ESC_SKILLS_DEBUG=1``; otherwise a bug prints
its type, message and innermost frame of our code so that a report is useful without a wall
of text.
"""

from __future__ import annotations

import contextlib
import os
import sys
import traceback

import click

from esc_skills.errors import RunErrors, UserError

EXIT_USER = 2
EXIT_BUG = 70  # EX_SOFTWARE from sysexits.h
DEBUG_ENV = "ESC_SKILLS_DEBUG"
_MAX_LEN = 2000


def one_line(text: str) -> str:
    """Collapse a message to a single line (a multi-line message breaks log parsers)."""
    flat = " ".join(part.strip() for part in str(text).splitlines() if part.strip())
    return flat if len(flat) <= _MAX_LEN else flat[: _MAX_LEN - 3] + "..."


def _leaf(exc: BaseException) -> BaseException:
    """The first user-facing exception inside an exception group (asyncio TaskGroup)."""
    while isinstance(exc, BaseExceptionGroup) and exc.exceptions:
        inner = exc.exceptions
        exc = next((e for e in inner if isinstance(e, UserError)), inner[0])
    return exc


def describe(exc: BaseException) -> tuple[str, int]:
    """The message and exit code for an exception; bugs get EXIT_BUG."""
    from esc_skills.llm.errors import LLMError

    exc = _leaf(exc)
    if isinstance(exc, UserError):
        return str(exc), exc.exit_code
    if isinstance(exc, LLMError):
        return (
            f"model call failed: {exc}; check the backend with `esc-skills backends check`",
            EXIT_USER,
        )
    if isinstance(exc, UnicodeDecodeError):
        return (
            f"an input is not UTF-8 text ({exc.reason} at byte {exc.start}); "
            "save it as UTF-8 and retry",
            EXIT_USER,
        )
    if isinstance(exc, RecursionError):
        return "an input is nested too deeply to read; flatten or remove that record", EXIT_USER
    if isinstance(exc, MemoryError):
        return "out of memory; use a smaller input or --limit", EXIT_USER
    if isinstance(exc, OSError):
        where = f"{exc.filename}: " if exc.filename else ""
        why = exc.strerror or str(exc) or type(exc).__name__
        return f"{where}{why}; check the path, its permissions and free space", EXIT_USER
    return _bug(exc), EXIT_BUG


def _bug(exc: BaseException) -> str:
    frames = traceback.extract_tb(exc.__traceback__)
    ours = [f for f in frames if "esc_skills" in f.filename] or frames
    where = ""
    if ours:
        last = ours[-1]
        name = last.filename.rsplit("esc_skills", 1)[-1].lstrip("/\\") or last.filename
        where = f" at esc_skills/{name}:{last.lineno}"
    return (
        f"internal error: {type(exc).__name__}: {exc}{where}; this is a bug, please report it "
        f"with the command and the output of {DEBUG_ENV}=1"
    )


def report_failure(exc: BaseException) -> int:
    """Print the one-line message for ``exc`` (a traceback too for bugs under debug)."""
    if isinstance(_leaf(exc), BrokenPipeError):
        # `esc-skills ... | head`: the reader left; say nothing and keep the final flush quiet.
        with contextlib.suppress(OSError, ValueError):
            os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
        return 141
    message, code = describe(exc)
    if code == EXIT_BUG and os.environ.get(DEBUG_ENV, "").strip() not in ("", "0"):
        traceback.print_exception(exc)
    click.echo(f"error: {one_line(message)}", err=True)
    return code


def all_errored(what: str, total: int, first: str) -> RunErrors:
    """The error for a run in which every one of ``total`` units failed (exit 2)."""
    return RunErrors(
        f"all {total} {what} errored (first: {first}); fix the cause (often the model "
        "backend: `esc-skills backends check`) and rerun the same command to retry them",
        EXIT_USER,
    )


def check_unit_errors(
    what: str, total: int, errors: list[str], *, allow_errors: bool, count: int | None = None
) -> None:
    """Raise when all ``total`` units errored (exit 2), or some did without --allow-errors (1).

    ``count`` is the number of errored units when ``errors`` holds only the first few.
    """
    n = len(errors) if count is None else count
    if not n:
        return
    if n >= total:
        raise all_errored(what, total, errors[0] if errors else "no detail")
    message = (
        f"{n} of {total} {what} errored and were not scored; rerun the same command "
        "to retry them, or pass --allow-errors to accept the partial run"
    )
    if allow_errors:
        click.echo(f"warning: {message}", err=True)
        return
    raise RunErrors(message, 1)
