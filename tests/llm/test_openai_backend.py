"""The openai backend against a real loopback HTTP server that misbehaves on demand."""

from __future__ import annotations

import json
import logging
import socket
from collections.abc import Iterator
from pathlib import Path

import pytest

from esc_skills.config import BackendConfig
from esc_skills.llm import BackendUnreachable, LLMClient, LLMError, RoleSettings
from esc_skills.llm.errors import Secret
from esc_skills.llm.openai_backend import OpenAIBackend
from esc_skills.llm.retry import RetryPolicy
from esc_skills.llm.sdk_errors import AuthenticationFailed

from .loopback import LoopbackServer

FAKE_KEY = "sk-test-DO-NOT-LEAK-0123456789"
SCHEMA = {
    "type": "object",
    "properties": {"mood": {"type": "integer", "minimum": 0, "maximum": 100}},
    "required": ["mood"],
}
FAST = RetryPolicy(max_retries=3, base_delay=0.01, max_delay=0.05)


@pytest.fixture
def server() -> Iterator[LoopbackServer]:
    with LoopbackServer() as srv:
        yield srv


def _client(url: str, *, timeout: float = 2.0, retry: RetryPolicy = FAST) -> LLMClient:
    cfg = BackendConfig(name="openai", type="openai", base_url=url, api_key_env="OPENAI_API_KEY")
    backend = OpenAIBackend(cfg, Secret(FAKE_KEY))
    return LLMClient(
        roles={"agent": RoleSettings("openai/test-model")},
        backends={"openai": backend},
        retry=retry,
        timeouts={"openai": timeout},
        secrets=[Secret(FAKE_KEY)],
    )


async def test_plain_text_and_request_shape(server: LoopbackServer) -> None:
    resp = await _client(server.url).complete("agent", [{"role": "user", "content": "hello"}])
    assert resp.text == "echo: hello"
    assert (resp.usage.input_tokens, resp.usage.output_tokens) == (11, 7)
    sent = server.requests[0]
    assert sent["body"]["model"] == "test-model"
    assert sent["headers"]["authorization"] == f"Bearer {FAKE_KEY}"
    assert "seed" in sent["body"] and "response_format" not in sent["body"]
    assert FAKE_KEY not in json.dumps(resp.raw_request) + json.dumps(resp.raw_response)


async def test_json_schema_response_format(server: LoopbackServer) -> None:
    resp = await _client(server.url).complete("agent", [{"role": "user", "content": "x"}],
                                              schema=SCHEMA, schema_name="mood rating")  # fmt: skip
    assert resp.data == {"mood": 42}
    fmt = server.requests[0]["body"]["response_format"]
    assert fmt["type"] == "json_schema"
    assert fmt["json_schema"]["schema"] == SCHEMA
    assert fmt["json_schema"]["name"] == "mood_rating"


async def test_falls_back_to_prompt_when_server_rejects_json_schema() -> None:
    def answer(body: dict) -> str:  # type: ignore[type-arg]
        system = body["messages"][0]["content"]
        return json.dumps({"mood": 7}) if "JSON Schema" in system else "no idea"

    with LoopbackServer(answer, json_schema=False) as srv:
        client = _client(srv.url)
        first = await client.complete("agent", [{"role": "user", "content": "a"}], schema=SCHEMA)
        second = await client.complete("agent", [{"role": "user", "content": "b"}], schema=SCHEMA)
    assert first.data == second.data == {"mood": 7}
    # Rejected once, then remembered: the second call goes straight to the prompt form.
    kinds = [r["body"].get("response_format", {}).get("type") for r in srv.requests]
    assert kinds == ["json_schema", None, None]


@pytest.mark.parametrize(
    "fault",
    [
        ("status", (429, {"retry-after": "0.05"})),
        ("status", (500, {})),
        ("status", (503, {})),
        "garbage",
        "no_choices",
        "drop",
        ("hang", 1.5),
    ],
    ids=["429", "500", "503", "garbage-json", "empty-choices", "dropped-connection", "timeout"],
)
async def test_transient_faults_are_retried(server: LoopbackServer, fault: object) -> None:
    server.faults.extend([fault, fault])
    client = _client(server.url, timeout=0.5)
    resp = await client.complete("agent", [{"role": "user", "content": "hi"}])
    assert resp.text == "echo: hi"
    assert len(server.requests) == 3
    assert client.accounting.roles["agent"].retries == 2


async def test_retry_after_is_honoured(server: LoopbackServer) -> None:
    import time

    server.faults.append(("status", (429, {"retry-after": "0.4"})))
    client = _client(server.url, retry=RetryPolicy(max_retries=2, base_delay=0.0, max_delay=0.0))
    start = time.monotonic()
    await client.complete("agent", [{"role": "user", "content": "hi"}])
    assert time.monotonic() - start >= 0.4


async def test_gives_up_after_retries_with_clear_error(server: LoopbackServer) -> None:
    server.faults.extend([("status", (500, {}))] * 4)
    with pytest.raises(LLMError, match=r"role 'agent' \(openai/test-model\).*HTTP 500"):
        await _client(server.url).complete("agent", [{"role": "user", "content": "hi"}])
    assert len(server.requests) == 4


async def test_bad_request_is_not_retried(server: LoopbackServer) -> None:
    server.faults.append(("status", (404, {})))
    with pytest.raises(LLMError, match="HTTP 404"):
        await _client(server.url).complete("agent", [{"role": "user", "content": "hi"}])
    assert len(server.requests) == 1


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


async def test_unreachable_server_names_url() -> None:
    url = f"http://127.0.0.1:{_free_port()}/v1"
    with pytest.raises(BackendUnreachable, match=rf"cannot reach {url}"):
        await _client(url).complete("agent", [{"role": "user", "content": "hi"}])


async def test_key_never_leaks(
    server: LoopbackServer, caplog: pytest.LogCaptureFixture, tmp_path: Path
) -> None:
    caplog.set_level(logging.DEBUG)
    client = _client(server.url)
    server.faults.extend(["echo_auth"])
    with pytest.raises(AuthenticationFailed) as info:
        await client.complete("agent", [{"role": "user", "content": "hi"}])
    assert "OPENAI_API_KEY" in str(info.value)
    server.faults.extend([("status", (500, {}))] * 2)
    await client.complete("agent", [{"role": "user", "content": "hi"}])
    backend = client.backends["openai"]
    seen = [str(info.value), repr(info.value), repr(backend), repr(client), caplog.text]
    seen += [repr(vars(backend)), repr(client.accounting.to_dict())]
    for text in seen:
        assert FAKE_KEY not in text
    chain: BaseException | None = info.value
    while chain is not None:
        assert FAKE_KEY not in str(chain)
        chain = chain.__cause__ or chain.__context__


async def test_key_never_in_cache_rows(server: LoopbackServer, tmp_path: Path) -> None:
    from esc_skills.llm.cache import ResponseCache

    client = _client(server.url)
    client.cache = ResponseCache(tmp_path / "c.sqlite")
    await client.complete("agent", [{"role": "user", "content": "hi"}], schema=SCHEMA)
    hit = await client.complete("agent", [{"role": "user", "content": "hi"}], schema=SCHEMA)
    assert hit.cached and len(server.requests) == 1
    client.cache.close()
    for path in tmp_path.glob("c.sqlite*"):
        assert FAKE_KEY.encode() not in path.read_bytes()
