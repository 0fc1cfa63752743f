"""A scripted backend for tests and offline dry runs: canned answers plus a call history."""

from __future__ import annotations

import asyncio
import json
from collections.abc import Callable, Mapping, Sequence
from types import MappingProxyType
from typing import Any

from esc_skills.llm.types import BaseBackend, LLMRequest, LLMResponse, Usage

Answer = str | dict[str, Any] | list[Any]
Script = Sequence[Answer] | Mapping[str, Answer] | Callable[[LLMRequest], Answer] | None


def example_for_schema(schema: Mapping[str, Any]) -> Any:
    """Build a small instance that satisfies a (simple) JSON Schema."""
    if "const" in schema:
        return schema["const"]
    if "enum" in schema:
        return schema["enum"][0]
    kind = schema.get("type")
    if isinstance(kind, list):
        kind = next((k for k in kind if k != "null"), "null")
    if kind == "object" or "properties" in schema:
        props = schema.get("properties", {})
        required = schema.get("required", list(props))
        return {k: example_for_schema(props.get(k, {})) for k in required}
    if kind == "array":
        count = schema.get("minItems", 0)
        return [example_for_schema(schema.get("items", {})) for _ in range(count)]
    if kind == "integer":
        return int(schema.get("minimum", 0))
    if kind == "number":
        return float(schema.get("minimum", 0))
    if kind == "boolean":
        return False
    if kind == "null":
        return None
    return "ok" if schema.get("minLength", 0) <= 2 else "o" * schema["minLength"]


class FakeBackend(BaseBackend):
    """Answers from a script and records every request in ``calls``.

    The script is a list (answers in order), a mapping (first key found in the
    last user message wins), or a function of the request. Without a script,
    schema requests get a minimal valid instance and text requests an echo.
    """

    name = "fake"
    # A plain attribute (not the base property), so tests can set backend options.
    generation_options: Mapping[str, Any] = MappingProxyType({})

    def __init__(
        self, script: Script = None, *, latency: float = 0.0, cacheable: bool = False
    ) -> None:
        self.script = script
        self.latency = latency
        # Scripted answers must not leak between tests through the repository's shared
        # cache: the client caches a fake only when told to, or when the cache path was
        # given explicitly (make_client(cache_path=...), $ESC_SKILLS_CACHE).
        self.cacheable = cacheable
        self.calls: list[LLMRequest] = []
        self._position = 0

    def _answer(self, request: LLMRequest) -> Answer:
        script = self.script
        if callable(script):
            return script(request)
        if isinstance(script, Mapping):
            last_user = next(
                (m.content for m in reversed(request.messages) if m.role == "user"), ""
            )
            for key, answer in script.items():
                if key in last_user:
                    return answer
        elif isinstance(script, Sequence) and not isinstance(script, str):
            if self._position >= len(script):
                raise RuntimeError(f"fake backend script exhausted after {len(script)} answers")
            answer = script[self._position]
            self._position += 1
            return answer
        if request.schema is not None:
            return example_for_schema(request.schema)
        last = request.messages[-1].content if request.messages else ""
        return f"(fake reply to: {last[:60]})"

    async def complete(self, request: LLMRequest) -> LLMResponse:
        """Answer from the script after the configured latency."""
        self.calls.append(request)
        if self.latency:
            await asyncio.sleep(self.latency)
        answer = self._answer(request)
        text = answer if isinstance(answer, str) else json.dumps(answer, ensure_ascii=False)
        words = sum(len(m.content.split()) for m in request.messages)
        return LLMResponse(
            text=text,
            usage=Usage(input_tokens=words, output_tokens=len(text.split())),
            model=request.model,
            raw_request=request.canonical(),
            raw_response={"text": text},
        )
