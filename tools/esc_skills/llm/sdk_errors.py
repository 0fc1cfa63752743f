"""Turns an exception of the openai or anthropic SDK into our retry / fail decision.

Both SDKs share one shape (status errors carry ``status_code`` and ``response``; timeouts
and connection failures are separate classes), so one function serves both.
"""

from __future__ import annotations

from collections.abc import Iterable

from esc_skills.errors import UserError
from esc_skills.llm.errors import LLMError, Secret, TransientError, redact
from esc_skills.llm.retry import parse_retry_after

RETRYABLE_STATUS = {408, 409, 425, 429, 500, 502, 503, 504, 520, 522, 524, 529}


class AuthenticationFailed(LLMError, UserError):
    """The server refused the key (401/403)."""


class RequestRejected(LLMError):
    """The server refused the request itself (400/404/422): retrying cannot help."""

    def __init__(self, message: str, *, status: int) -> None:
        super().__init__(message)
        self.status = status


def translate(
    exc: BaseException,
    *,
    url: str,
    key_env: str | None,
    secrets: Iterable[Secret | None] = (),
) -> LLMError:
    """The LLMError to raise for ``exc``; every message is redacted of keys."""
    secrets = tuple(secrets)
    kind = type(exc).__name__
    status = getattr(exc, "status_code", None)
    detail = redact(_detail(exc), secrets)
    if isinstance(status, int):
        if status in RETRYABLE_STATUS or status >= 500:
            response = getattr(exc, "response", None)
            headers = getattr(response, "headers", {}) or {}
            wait = None
            if headers.get("retry-after-ms"):
                ms = parse_retry_after(headers.get("retry-after-ms"))
                wait = None if ms is None else ms / 1000
            if wait is None:
                wait = parse_retry_after(headers.get("retry-after"))
            return TransientError(f"HTTP {status} from {url}: {detail}", retry_after=wait)
        if status in (401, 403):
            where = f"${key_env}" if key_env else "the configured key"
            return AuthenticationFailed(
                f"{url} refused the key from {where} (HTTP {status}): {detail}; "
                f"check {key_env or 'the key'} or use --model local/smollm2 offline"
            )
        return RequestRejected(f"HTTP {status} from {url}: {detail}", status=status)
    if "Timeout" in kind:
        return TransientError(f"timed out waiting for {url}")
    if "Connection" in kind:
        cause = exc.__cause__ or exc.__context__
        reason = redact(f"{type(cause).__name__}: {cause}" if cause else detail, secrets)
        if cause is not None and "Connect" not in type(cause).__name__:
            # The connection was made, then dropped mid-answer.
            return TransientError(f"connection to {url} dropped: {reason}")
        return TransientError(f"cannot reach {url}: {reason}", unreachable=True)
    if isinstance(exc, (ValueError, LookupError, TypeError, AttributeError)) or (
        "ResponseValidation" in kind
    ):
        return TransientError(f"malformed response from {url}: {kind}: {detail[:200]}")
    return LLMError(f"{url}: {kind}: {detail}")


def _detail(exc: BaseException) -> str:
    body = getattr(exc, "body", None)
    if isinstance(body, dict):
        error = body.get("error", body)
        if isinstance(error, dict) and error.get("message"):
            return str(error["message"])
    return str(getattr(exc, "message", None) or exc) or type(exc).__name__
