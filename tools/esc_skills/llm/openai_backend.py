"""OpenAI and every OpenAI-compatible server (vLLM, Ollama, llama.cpp server, gateways).

Structured answers use ``response_format: json_schema`` where the server accepts it; a
server that rejects it is remembered (per model) and asked with the schema in the prompt
instead, which the client then validates and re-asks as usual.
"""

from __future__ import annotations

import asyncio
import json
from typing import Any

from esc_skills.config import BackendConfig
from esc_skills.errors import ConfigError
from esc_skills.llm.errors import LLMError, Secret
from esc_skills.llm.sdk_errors import RequestRejected, translate
from esc_skills.llm.types import BaseBackend, LLMRequest, LLMResponse, Message, Usage

OFFICIAL_URL = "https://api.openai.com/v1"
STRUCTURED_MODES = ("json_schema", "json_object", "prompt")


def schema_instruction(schema: dict[str, Any], name: str) -> str:
    """The prompt text that asks for JSON matching ``schema`` (used without server support)."""
    text = json.dumps(schema, ensure_ascii=False)
    return (
        f"Reply with a single JSON object named '{name}' and nothing else: no prose, no code "
        f"fences. It must validate against this JSON Schema:\n{text}"
    )


def with_instruction(messages: tuple[Message, ...], text: str) -> list[dict[str, str]]:
    """Messages as dicts with ``text`` appended to the system prompt (or as a new one)."""
    out = [m.to_dict() for m in messages]
    if out and out[0]["role"] == "system":
        out[0] = {"role": "system", "content": f"{out[0]['content']}\n\n{text}"}
    else:
        out.insert(0, {"role": "system", "content": text})
    return out


class OpenAIBackend(BaseBackend):
    """Chat completions through the official ``openai`` SDK with a configurable base URL."""

    name = "openai"

    def __init__(self, cfg: BackendConfig, key: Secret | None) -> None:
        self.cfg = cfg
        self.base_url = (cfg.base_url or OFFICIAL_URL).rstrip("/")
        # Local servers ignore the key, but the SDK insists on one.
        self._key = key or Secret("no-key-needed")
        mode = str(cfg.options.get("structured", "json_schema"))
        if mode not in STRUCTURED_MODES:
            raise ConfigError(
                f"[backends.{cfg.name}] structured = '{mode}' is not one of "
                f"{', '.join(STRUCTURED_MODES)}; fix the config file"
            )
        self.structured = mode
        self.official = self.base_url == OFFICIAL_URL
        self.unsupported_schema: set[str] = set()  # models whose server refused json_schema
        self._clients: dict[int, Any] = {}  # one SDK client per event loop (httpx pools are bound)

    def __repr__(self) -> str:
        return f"OpenAIBackend(name={self.cfg.name!r}, base_url={self.base_url!r})"

    def _client(self) -> Any:
        from openai import AsyncOpenAI

        loop = asyncio.get_running_loop()
        client = self._clients.get(id(loop))
        if client is None:
            client = AsyncOpenAI(
                api_key=self._key.reveal(),
                base_url=self.base_url,
                timeout=self.cfg.timeout,
                max_retries=0,  # the LLM client retries, with accounting and retry-after
            )
            self._clients = {id(loop): client}
        return client

    def _mode_for(self, request: LLMRequest) -> str:
        if request.schema is None:
            return "text"
        if self.structured == "json_schema" and request.model_name in self.unsupported_schema:
            return "prompt"
        return self.structured

    def build(self, request: LLMRequest, mode: str) -> dict[str, Any]:
        """The keyword arguments of ``chat.completions.create`` for ``request``."""
        kwargs: dict[str, Any] = {"model": request.model_name, "temperature": request.temperature}
        # The official API prefers max_completion_tokens; compatible servers know max_tokens.
        kwargs["max_completion_tokens" if self.official else "max_tokens"] = request.max_tokens
        if request.seed is not None:
            kwargs["seed"] = request.seed
        if mode in ("prompt", "json_object") and request.schema is not None:
            kwargs["messages"] = with_instruction(
                request.messages, schema_instruction(request.schema, request.schema_name)
            )
        else:
            kwargs["messages"] = [m.to_dict() for m in request.messages]
        if mode == "json_object":
            kwargs["response_format"] = {"type": "json_object"}
        elif mode == "json_schema" and request.schema is not None:
            kwargs["response_format"] = {
                "type": "json_schema",
                "json_schema": {
                    "name": _safe_name(request.schema_name),
                    "schema": request.schema,
                    "strict": False,
                },
            }
        return kwargs

    async def complete(self, request: LLMRequest) -> LLMResponse:
        """One chat completion; structured requests fall back to the prompt when refused."""
        mode = self._mode_for(request)
        try:
            return await self._send(request, mode)
        except RequestRejected as exc:
            if mode != "json_schema" or exc.status not in (400, 404, 415, 422, 501):
                raise
            self.unsupported_schema.add(request.model_name)
            return await self._send(request, "prompt")

    async def _send(self, request: LLMRequest, mode: str) -> LLMResponse:
        kwargs = self.build(request, mode)
        failure: LLMError | None = None
        try:
            result = await self._client().chat.completions.create(**kwargs)
            choice = result.choices[0]
            text = choice.message.content or ""
            usage = result.usage
            details = getattr(usage, "prompt_tokens_details", None) if usage else None
            counts = Usage(
                input_tokens=int(getattr(usage, "prompt_tokens", 0) or 0),
                output_tokens=int(getattr(usage, "completion_tokens", 0) or 0),
                cached_tokens=int(getattr(details, "cached_tokens", 0) or 0),
            )
            raw = result.model_dump(mode="json", exclude_none=True)
        except LLMError:
            raise
        except Exception as exc:  # every SDK failure is classified, and redacted, here
            failure = translate(
                exc, url=self.base_url, key_env=self.cfg.api_key_env, secrets=[self._key]
            )
        if failure is not None:
            # Raised outside the except block so the SDK's exception (whose message may
            # quote the key) is not even attached as __context__.
            raise failure
        return LLMResponse(
            text=text,
            usage=counts,
            model=request.model,
            raw_request={**kwargs, "structured": mode, "base_url": self.base_url},
            raw_response=raw,
        )

    async def aclose(self) -> None:
        """Close the SDK's HTTP connections."""
        clients, self._clients = self._clients, {}
        loop = id(asyncio.get_running_loop())
        for owner, client in clients.items():
            if owner == loop:  # a client of a finished loop cannot be closed from this one
                await client.close()


def _safe_name(name: str) -> str:
    # The API allows [a-zA-Z0-9_-]{1,64} for schema names.
    cleaned = "".join(c if c.isalnum() or c in "_-" else "_" for c in name)[:64]
    return cleaned or "answer"
