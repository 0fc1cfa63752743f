"""Claude through the official ``anthropic`` SDK.

Structured answers use a forced tool call whose ``input_schema`` is the requested schema,
so the model must produce arguments that fit it; the client still validates them. Long
system prompts (skills, profiles) carry ``cache_control`` so repeated calls read them
from Anthropic's prompt cache at a fraction of the price.
"""

from __future__ import annotations

import asyncio
import json
from collections.abc import Callable
from typing import Any

from esc_skills.config import BackendConfig
from esc_skills.llm.errors import LLMError, Secret
from esc_skills.llm.sdk_errors import translate
from esc_skills.llm.types import BaseBackend, LLMRequest, LLMResponse, Message, Usage

OFFICIAL_URL = "https://api.anthropic.com"
# Anthropic caches prompts of at least 1024 tokens (2048 on Haiku); ~4 characters a token.
CACHE_MIN_CHARS = 4096
_WRAP_KEY = "value"


def split_messages(messages: tuple[Message, ...]) -> tuple[str, list[dict[str, str]]]:
    """System text apart; the rest alternating user/assistant, starting with user."""
    system = "\n\n".join(m.content for m in messages if m.role == "system")
    turns: list[dict[str, str]] = []
    for m in messages:
        if m.role == "system":
            continue
        if turns and turns[-1]["role"] == m.role:
            # The API rejects two turns of one role in a row: merge them.
            turns[-1] = {"role": m.role, "content": f"{turns[-1]['content']}\n\n{m.content}"}
        else:
            turns.append({"role": m.role, "content": m.content})
    if not turns or turns[0]["role"] != "user":
        turns.insert(0, {"role": "user", "content": "(conversation start)"})
    return system, turns


def tool_schema(schema: dict[str, Any]) -> tuple[dict[str, Any], bool]:
    """The tool's input_schema (must be an object) and whether the answer was wrapped."""
    if schema.get("type") == "object":
        return schema, False
    return {"type": "object", "properties": {_WRAP_KEY: schema}, "required": [_WRAP_KEY]}, True


class AnthropicBackend(BaseBackend):
    """Messages API calls; JSON through a forced tool, prompt caching on long system prompts."""

    name = "anthropic"

    def __init__(
        self,
        cfg: BackendConfig,
        key: Secret | None,
        *,
        http_client: Callable[[], Any] | None = None,
    ) -> None:
        self.cfg = cfg
        self.base_url = (cfg.base_url or OFFICIAL_URL).rstrip("/")
        self._key = key or Secret("")
        self._http_client = http_client  # tests inject a mocked transport
        self.cache_min_chars = int(cfg.options.get("cache_min_chars", CACHE_MIN_CHARS))
        # Current SDKs no longer take temperature; older models still accept it in the body.
        self.send_temperature = bool(cfg.options.get("send_temperature", False))
        self._clients: dict[int, Any] = {}

    def __repr__(self) -> str:
        return f"AnthropicBackend(name={self.cfg.name!r}, base_url={self.base_url!r})"

    def _client(self) -> Any:
        from anthropic import AsyncAnthropic

        loop = asyncio.get_running_loop()
        client = self._clients.get(id(loop))
        if client is None:
            extra = {"http_client": self._http_client()} if self._http_client else {}
            client = AsyncAnthropic(
                api_key=self._key.reveal(),
                base_url=self.base_url,
                timeout=self.cfg.timeout,
                max_retries=0,  # the LLM client retries, with accounting
                **extra,
            )
            self._clients = {id(loop): client}
        return client

    def build(self, request: LLMRequest) -> tuple[dict[str, Any], bool]:
        """The keyword arguments of ``messages.create`` and whether the JSON is wrapped."""
        system, turns = split_messages(request.messages)
        kwargs: dict[str, Any] = {
            "model": request.model_name,
            "max_tokens": request.max_tokens,
            "messages": turns,
        }
        if system:
            block: dict[str, Any] = {"type": "text", "text": system}
            if len(system) >= self.cache_min_chars:
                block["cache_control"] = {"type": "ephemeral"}
            kwargs["system"] = [block]
        if self.send_temperature:
            kwargs["extra_body"] = {"temperature": request.temperature}
        wrapped = False
        if request.schema is not None:
            input_schema, wrapped = tool_schema(request.schema)
            name = _tool_name(request.schema_name)
            kwargs["tools"] = [
                {
                    "name": name,
                    "description": f"Record the {request.schema_name} as structured data.",
                    "input_schema": input_schema,
                }
            ]
            kwargs["tool_choice"] = {"type": "tool", "name": name}
        return kwargs, wrapped

    async def complete(self, request: LLMRequest) -> LLMResponse:
        """One Messages API call."""
        kwargs, wrapped = self.build(request)
        failure: LLMError | None = None
        try:
            message = await self._client().messages.create(**kwargs)
            text = _answer_text(message, structured=request.schema is not None, wrapped=wrapped)
            usage = message.usage
            read = int(getattr(usage, "cache_read_input_tokens", 0) or 0)
            written = int(getattr(usage, "cache_creation_input_tokens", 0) or 0)
            counts = Usage(
                # Anthropic counts cached input apart; ours is the whole prompt.
                input_tokens=int(usage.input_tokens or 0) + read + written,
                output_tokens=int(usage.output_tokens or 0),
                cached_tokens=read,
            )
            raw = message.model_dump(mode="json", exclude_none=True)
        except Exception as exc:  # every SDK failure is classified, and redacted, here
            failure = translate(
                exc, url=self.base_url, key_env=self.cfg.api_key_env, secrets=[self._key]
            )
        if failure is not None:
            raise failure  # outside the except: the SDK exception is not attached
        return LLMResponse(
            text=text,
            usage=counts,
            model=request.model,
            raw_request={**kwargs, "base_url": self.base_url},
            raw_response=raw,
        )

    async def aclose(self) -> None:
        """Close the SDK's HTTP connections."""
        clients, self._clients = self._clients, {}
        loop = id(asyncio.get_running_loop())
        for owner, client in clients.items():
            if owner == loop:
                await client.close()


def _answer_text(message: Any, *, structured: bool, wrapped: bool) -> str:
    blocks = list(message.content or [])
    if structured:
        for block in blocks:
            if getattr(block, "type", None) == "tool_use":
                data = block.input
                if wrapped and isinstance(data, dict):
                    data = data.get(_WRAP_KEY)
                return json.dumps(data, ensure_ascii=False)
        # No tool call (e.g. a refusal): hand the text on; the schema check re-asks.
    return "".join(getattr(b, "text", "") for b in blocks if getattr(b, "type", None) == "text")


def _tool_name(name: str) -> str:
    cleaned = "".join(c if c.isalnum() or c in "_-" else "_" for c in name)[:64]
    return cleaned or "answer"
