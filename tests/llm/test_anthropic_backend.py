"""The anthropic backend against respx-mocked HTTP (no network, no key)."""

from __future__ import annotations

import json
from typing import Any

import httpx
import pytest
import respx

from esc_skills.config import BackendConfig
from esc_skills.errors import UserError
from esc_skills.llm import LLMClient, LLMError, RoleSettings
from esc_skills.llm.anthropic_backend import AnthropicBackend, split_messages
from esc_skills.llm.errors import Secret
from esc_skills.llm.retry import RetryPolicy
from esc_skills.llm.types import Message

from .respx_bridge import mocked_client

FAKE_KEY = "sk-ant-test-DO-NOT-LEAK-987654321"
URL = "https://api.anthropic.test"
SCHEMA = {
    "type": "object",
    "properties": {"state": {"type": "string", "enum": ["calm", "anxious"]}},
    "required": ["state"],
}


def _message(content: list[dict[str, Any]], **usage: int) -> dict[str, Any]:
    return {
        "id": "msg_test",
        "type": "message",
        "role": "assistant",
        "model": "claude-test",
        "content": content,
        "stop_reason": "end_turn",
        "usage": {"input_tokens": 10, "output_tokens": 5, **usage},
    }


@pytest.fixture
def router() -> respx.Router:
    return respx.Router(base_url=URL, assert_all_called=False)


def _client(router: respx.Router, **options: Any) -> LLMClient:
    cfg = BackendConfig(
        name="anthropic", type="anthropic", base_url=URL, api_key_env="ANTHROPIC_API_KEY",
        options=options,
    )  # fmt: skip
    backend = AnthropicBackend(cfg, Secret(FAKE_KEY), http_client=lambda: mocked_client(router))
    return LLMClient(
        roles={"annotator": RoleSettings("anthropic/claude-test")},
        backends={"anthropic": backend},
        retry=RetryPolicy(max_retries=3, base_delay=0.01, max_delay=0.02),
    )


async def test_structured_answer_via_forced_tool(router: respx.Router) -> None:
    route = router.post("/v1/messages").mock(
        return_value=httpx.Response(
            200,
            json=_message(
                [{"type": "tool_use", "id": "t1", "name": "state", "input": {"state": "calm"}}],
                cache_read_input_tokens=100,
            ),
        )
    )
    messages = [{"role": "system", "content": "S" * 5000}, {"role": "user", "content": "label"}]
    resp = await _client(router).complete("annotator", messages, schema=SCHEMA, schema_name="state")
    assert resp.data == {"state": "calm"}
    assert (resp.usage.input_tokens, resp.usage.cached_tokens) == (110, 100)
    sent = json.loads(route.calls[0].request.content)
    assert sent["tools"][0]["input_schema"] == SCHEMA
    assert sent["tool_choice"] == {"type": "tool", "name": "state"}
    # A long system prompt is marked for prompt caching; the key travels only in the header.
    assert sent["system"][0]["cache_control"] == {"type": "ephemeral"}
    headers = route.calls[0].request.headers
    assert FAKE_KEY in (headers.get("x-api-key") or headers.get("authorization", ""))
    assert FAKE_KEY not in json.dumps(resp.raw_request) + json.dumps(resp.raw_response)


async def test_short_system_prompt_is_not_cached_and_text_answers(router: respx.Router) -> None:
    route = router.post("/v1/messages").mock(
        return_value=httpx.Response(200, json=_message([{"type": "text", "text": "Hello."}]))
    )
    resp = await _client(router).complete(
        "annotator", [{"role": "system", "content": "short"}, {"role": "user", "content": "hi"}]
    )
    assert resp.text == "Hello."
    sent = json.loads(route.calls[0].request.content)
    assert "cache_control" not in sent["system"][0] and "tools" not in sent


async def test_non_object_schema_is_wrapped_and_unwrapped(router: respx.Router) -> None:
    router.post("/v1/messages").mock(
        return_value=httpx.Response(
            200,
            json=_message(
                [{"type": "tool_use", "id": "t", "name": "n", "input": {"value": [1, 2]}}]
            ),
        )
    )
    resp = await _client(router).complete(
        "annotator", [{"role": "user", "content": "x"}],
        schema={"type": "array", "items": {"type": "integer"}},
    )  # fmt: skip
    assert resp.data == [1, 2]


async def test_overloaded_and_rate_limited_are_retried(router: respx.Router) -> None:
    ok = httpx.Response(200, json=_message([{"type": "text", "text": "fine"}]))
    route = router.post("/v1/messages").mock(
        side_effect=[
            httpx.Response(
                429, headers={"retry-after": "0.01"}, json={"error": {"message": "slow"}}
            ),
            httpx.Response(529, json={"error": {"type": "overloaded_error", "message": "busy"}}),
            httpx.TimeoutException("read timed out"),
            ok,
        ]
    )
    client = _client(router)
    resp = await client.complete("annotator", [{"role": "user", "content": "hi"}])
    assert resp.text == "fine" and route.call_count == 4
    assert client.accounting.roles["annotator"].retries == 3


async def test_rejected_key_is_a_user_error_without_the_key(router: respx.Router) -> None:
    router.post("/v1/messages").mock(
        return_value=httpx.Response(
            401, json={"error": {"type": "authentication_error", "message": f"bad {FAKE_KEY}"}}
        )
    )
    with pytest.raises(LLMError) as info:
        await _client(router).complete("annotator", [{"role": "user", "content": "hi"}])
    assert isinstance(info.value, UserError)
    assert "ANTHROPIC_API_KEY" in str(info.value) and FAKE_KEY not in str(info.value)
    assert info.value.__context__ is None


def test_split_messages_alternates_and_starts_with_user() -> None:
    system, turns = split_messages(
        (
            Message("system", "a"),
            Message("assistant", "hello"),
            Message("user", "one"),
            Message("user", "two"),
        )
    )
    assert system == "a"
    assert [t["role"] for t in turns] == ["user", "assistant", "user"]
    assert turns[-1]["content"] == "one\n\ntwo"
