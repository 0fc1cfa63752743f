"""Errors of the model layer, and the one place that keeps API keys out of messages."""

from __future__ import annotations

import re
from collections.abc import Iterable

from esc_skills.errors import ConfigError, UserError


class LLMError(RuntimeError):
    """A model call that failed for good (after retries or re-asks)."""


class TransientError(LLMError):
    """A failure worth retrying: 429, 5xx, a timeout, a dropped connection, a garbled body.

    ``unreachable`` marks a connection that never got through, so the final error can say
    the server is unreachable rather than that it misbehaved.
    """

    def __init__(
        self, message: str, *, retry_after: float | None = None, unreachable: bool = False
    ) -> None:
        super().__init__(message)
        self.retry_after = retry_after
        self.unreachable = unreachable


class BackendUnreachable(LLMError, UserError):
    """The server could not be reached at all; the message names the URL and the error."""


class CassetteMiss(LLMError, UserError):
    """A replayed request has no recorded answer and recording is off."""


class MissingKeyError(ConfigError):
    """A configured backend needs an API key that is not set."""


class Secret:
    """An API key that never shows itself in repr, str or f-strings."""

    __slots__ = ("_value",)

    def __init__(self, value: str) -> None:
        self._value = value

    def reveal(self) -> str:
        """The key itself, for the one place that sends it."""
        return self._value

    def __repr__(self) -> str:
        return "Secret('***')"

    __str__ = __repr__

    def __bool__(self) -> bool:
        return bool(self._value)


# Shapes of keys from common providers, redacted even when we were not told the value.
_KEY_PATTERNS = re.compile(r"\b(sk-[A-Za-z0-9_\-]{8,}|sk-ant-[A-Za-z0-9_\-]{8,})")


def redact(text: str, secrets: Iterable[Secret | str | None] = ()) -> str:
    """Replace every known secret (and anything shaped like an API key) with ***."""
    for secret in secrets:
        value = secret.reveal() if isinstance(secret, Secret) else secret
        if value and len(value) >= 4:
            text = text.replace(value, "***")
    return _KEY_PATTERNS.sub("***", text)
