"""The client every caller uses: resolves a role to a model, validates JSON answers.

Skeleton: the backends issue adds the on-disk cache, rate limits, retries and
accounting behind this same interface, so callers never change.
"""

from __future__ import annotations

import asyncio
import json
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Any

import jsonschema

from esc_skills.llm.types import Backend, LLMRequest, LLMResponse, Message

ROLES = ("agent", "seeker", "analyzer", "generator", "annotator")


class LLMError(RuntimeError):
    """A model call that failed for good (after retries or re-asks)."""


@dataclass(frozen=True)
class RoleSettings:
    """Which model a role uses and its sampling parameters."""

    model: str
    temperature: float = 0.0
    max_tokens: int = 1024
    seed: int | None = 0


def _as_message(m: Message | Mapping[str, str]) -> Message:
    return m if isinstance(m, Message) else Message(m["role"], m["content"])  # type: ignore[arg-type]


class LLMClient:
    """Routes role calls to backends; validates structured answers against their schema."""

    def __init__(
        self,
        *,
        roles: Mapping[str, RoleSettings],
        backends: Mapping[str, Backend],
        max_schema_retries: int = 2,
    ) -> None:
        self.roles = dict(roles)
        self.backends = dict(backends)
        self.max_schema_retries = max_schema_retries

    @classmethod
    def with_backend(cls, backend: Backend, model: str | None = None) -> LLMClient:
        """A client that sends every role to one backend (tests, offline runs)."""
        model = model or f"{backend.name}/test"
        return cls(roles={r: RoleSettings(model) for r in ROLES}, backends={backend.name: backend})

    def settings_for(self, role: str) -> RoleSettings:
        """The resolved settings of a role."""
        if role not in self.roles:
            raise LLMError(f"no model configured for role '{role}'")
        return self.roles[role]

    def _backend_for(self, model: str) -> Backend:
        name = model.split("/", 1)[0]
        if name not in self.backends:
            raise LLMError(f"backend '{name}' (from model '{model}') is not available")
        return self.backends[name]

    async def complete(
        self,
        role: str,
        messages: Sequence[Message | Mapping[str, str]],
        *,
        schema: dict[str, Any] | None = None,
        schema_name: str = "answer",
        temperature: float | None = None,
        max_tokens: int | None = None,
        seed: int | None = None,
    ) -> LLMResponse:
        """Ask the model of ``role``; with a schema, ``response.data`` is validated JSON."""
        settings = self.settings_for(role)
        msgs = tuple(_as_message(m) for m in messages)
        backend = self._backend_for(settings.model)
        for attempt in range(self.max_schema_retries + 1):
            request = LLMRequest(
                model=settings.model,
                messages=msgs,
                schema=schema,
                schema_name=schema_name,
                temperature=settings.temperature if temperature is None else temperature,
                max_tokens=settings.max_tokens if max_tokens is None else max_tokens,
                seed=settings.seed if seed is None else seed,
                role=role,
            )
            response = await backend.complete(request)
            if schema is None:
                return response
            try:
                response.data = json.loads(response.text)
                jsonschema.validate(response.data, schema)
                return response
            except (json.JSONDecodeError, jsonschema.ValidationError) as exc:
                reason = exc.msg if isinstance(exc, json.JSONDecodeError) else exc.message
                if attempt == self.max_schema_retries:
                    raise LLMError(
                        f"role '{role}' ({settings.model}) gave an answer that fails its schema "
                        f"after {attempt + 1} tries: {reason}"
                    ) from exc
                msgs = (
                    *msgs,
                    Message("assistant", response.text),
                    Message("user", f"That answer is invalid: {reason}. Reply with JSON only."),
                )
        raise AssertionError("unreachable")

    def complete_sync(
        self, role: str, messages: Sequence[Message | Mapping[str, str]], **kw: Any
    ) -> LLMResponse:
        """Blocking wrapper around :meth:`complete` for code outside an event loop."""
        return asyncio.run(self.complete(role, messages, **kw))
