"""Request, response and backend types shared by every model call."""

from __future__ import annotations

import hashlib
import json
from collections.abc import Mapping
from dataclasses import dataclass, field
from types import MappingProxyType
from typing import Any, Literal, Protocol

Role = Literal["system", "user", "assistant"]
# A JSON Schema document: arbitrary JSON by nature (keywords nest without a fixed shape), so
# its values stay Any; the name says what the dict is where it is passed around.
JSONSchema = dict[str, Any]
# The provider's own request and response bodies, kept for debugging and replay: their shape
# is each provider's (Anthropic, OpenAI, llama.cpp), not ours.
RawJSON = dict[str, Any]


@dataclass(frozen=True)
class Message:
    """One chat message."""

    role: Role
    content: str

    def to_dict(self) -> dict[str, str]:
        """Return the message as a plain ``{role, content}`` dict."""
        return {"role": self.role, "content": self.content}


@dataclass(frozen=True)
class LLMRequest:
    """A fully resolved request: the canonical form of it is the cache key."""

    model: str  # "backend/model", e.g. "anthropic/claude-sonnet-4-5", "fake/test"
    messages: tuple[Message, ...]
    schema: JSONSchema | None = None  # JSON Schema the answer must satisfy
    schema_name: str = "answer"
    temperature: float = 0.0
    max_tokens: int = 1024
    seed: int | None = 0
    role: str = "agent"  # the caller's role; kept for accounting, not part of the cache key
    # Settings the backend applies that change the answer (e.g. a local repetition penalty).
    options: tuple[tuple[str, Any], ...] = ()

    @property
    def backend(self) -> str:
        """The backend part of ``backend/model``."""
        return self.model.split("/", 1)[0]

    @property
    def model_name(self) -> str:
        """The model part of ``backend/model``."""
        return self.model.split("/", 1)[1] if "/" in self.model else ""

    def canonical(self) -> RawJSON:
        """Everything that determines the answer, in a stable form (also the raw request)."""
        canonical: RawJSON = {
            "model": self.model,
            "messages": [m.to_dict() for m in self.messages],
            "schema": self.schema,
            "schema_name": self.schema_name,
            "temperature": self.temperature,
            "max_tokens": self.max_tokens,
            "seed": self.seed,
        }
        if self.options:  # absent when empty, so keys of option-free backends never change
            canonical["options"] = dict(self.options)
        return canonical

    def cache_key(self) -> str:
        """SHA-256 of the canonical request."""
        blob = json.dumps(self.canonical(), sort_keys=True, ensure_ascii=False)
        return hashlib.sha256(blob.encode("utf-8")).hexdigest()


@dataclass
class Usage:
    """Token counts of one call (or a sum of calls)."""

    input_tokens: int = 0
    output_tokens: int = 0
    cached_tokens: int = 0

    def __add__(self, other: Usage) -> Usage:
        return Usage(
            self.input_tokens + other.input_tokens,
            self.output_tokens + other.output_tokens,
            self.cached_tokens + other.cached_tokens,
        )


@dataclass
class LLMResponse:
    """What a backend answered: text, the parsed JSON when a schema was given, usage."""

    text: str
    data: Any = None
    usage: Usage = field(default_factory=Usage)
    model: str = ""
    cached: bool = False
    raw_request: RawJSON = field(default_factory=dict)
    raw_response: RawJSON = field(default_factory=dict)
    cost_usd: float | None = None  # estimated from the price table; 0 for hits and free models


class Backend(Protocol):
    """A model provider. ``complete`` returns raw text; the client validates JSON.

    Subclass ``BaseBackend`` to get the defaults of everything but ``name`` and ``complete``.
    """

    name: str  # the backend part of "backend/model"

    @property
    def cacheable(self) -> bool:
        """False keeps answers out of the disk cache unless a cache was chosen on purpose."""
        ...

    @property
    def generation_options(self) -> Mapping[str, Any]:
        """Settings that change the answer (e.g. a repetition penalty): part of the cache key."""
        ...

    async def complete(self, request: LLMRequest) -> LLMResponse:
        """Answer one request."""
        ...

    async def aclose(self) -> None:
        """Release connections; called once when the client closes."""
        ...


class BaseBackend:
    """Defaults for the optional parts of ``Backend``: cacheable, no options, nothing to close."""

    name: str = "backend"
    cacheable: bool = True

    @property
    def generation_options(self) -> Mapping[str, Any]:
        """No settings beyond the request change the answer."""
        return MappingProxyType({})

    async def aclose(self) -> None:
        """Nothing to release."""
