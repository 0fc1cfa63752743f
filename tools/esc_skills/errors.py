"""Errors a user can act on; the CLI prints them as one line, never as a traceback."""

from __future__ import annotations


class UserError(Exception):
    """A mistake in input or configuration: the message says what is wrong and how to fix it."""

    exit_code = 2


class DataError(UserError):
    """Input data that cannot be read (a missing file, a bad format)."""


class ConfigError(UserError):
    """A configuration problem: a missing key, an unknown backend, a bad value."""


class RunErrors(UserError):
    """Some or all units of a run errored; the exit code says which (see docs/errors.md)."""

    def __init__(self, message: str, exit_code: int = 2) -> None:
        super().__init__(message)
        self.exit_code = exit_code
