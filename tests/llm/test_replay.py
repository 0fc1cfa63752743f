"""Cassettes: record through a real HTTP backend once, replay without any server."""

from __future__ import annotations

from pathlib import Path

import pytest

from esc_skills.config import BackendConfig
from esc_skills.errors import ConfigError, UserError
from esc_skills.llm import FakeBackend, LLMClient, LLMError
from esc_skills.llm.errors import Secret
from esc_skills.llm.factory import make_client
from esc_skills.llm.openai_backend import OpenAIBackend
from esc_skills.llm.replay import ReplayBackend

from .loopback import LoopbackServer

FAKE_KEY = "sk-test-CASSETTE-LEAK-CHECK-42"


def _client(backend: ReplayBackend) -> LLMClient:
    return LLMClient.with_backend(backend, "openai/test")


async def test_record_once_then_replay_offline(tmp_path: Path) -> None:
    cassette = tmp_path / "c.jsonl"
    with LoopbackServer() as srv:
        cfg = BackendConfig(name="openai", type="openai", base_url=srv.url)
        inner = OpenAIBackend(cfg, Secret(FAKE_KEY))
        recorder = _client(ReplayBackend(cassette, mode="once", inner=inner))
        first = await recorder.complete("agent", [{"role": "user", "content": "hello"}])
        assert len(srv.requests) == 1
    text = cassette.read_text()
    assert FAKE_KEY not in text and "uthorization" not in text
    # The server is gone: mode "once" with an existing cassette replays only.
    player = _client(ReplayBackend(cassette, mode="once", inner=FakeBackend(lambda r: "LIVE")))
    again = await player.complete("agent", [{"role": "user", "content": "hello"}])
    assert again.text == first.text == "echo: hello"
    with pytest.raises(LLMError, match="has no answer") as info:
        await player.complete("agent", [{"role": "user", "content": "something new"}])
    assert isinstance(info.value, UserError) and "something new" in str(info.value)


async def test_mode_new_records_only_missing(tmp_path: Path) -> None:
    cassette = tmp_path / "c.jsonl"
    fake = FakeBackend(lambda r: f"live {r.messages[-1].content}")
    client = _client(ReplayBackend(cassette, mode="new", inner=fake))
    for prompt in ["a", "b", "a"]:
        await client.complete("agent", [{"role": "user", "content": prompt}])
    assert len(fake.calls) == 2
    assert len(cassette.read_text().splitlines()) == 2
    # A half-written last line (a killed recorder) is ignored, not fatal.
    with cassette.open("a") as fh:
        fh.write('{"key": "trunc')
    replay = _client(ReplayBackend(cassette))
    resp = await replay.complete("agent", [{"role": "user", "content": "b"}])
    assert resp.text == "live b"


def test_bad_modes() -> None:
    with pytest.raises(ConfigError, match="not one of"):
        ReplayBackend("x.jsonl", mode="sometimes")
    with pytest.raises(ConfigError, match="needs a real backend"):
        ReplayBackend("x.jsonl", mode="new")


async def test_config_wraps_a_backend_in_a_cassette(tmp_path: Path) -> None:
    cassette = tmp_path / "cas.jsonl"
    config = tmp_path / "esc.toml"
    config.write_text(
        f'[roles.agent]\nmodel = "fake/x"\n[backends.fake]\ncassette = "{cassette}"\n'
        'record = "new"\n'
    )
    client = make_client(config, no_cache=True)
    resp = await client.complete("agent", [{"role": "user", "content": "hi"}])
    assert isinstance(client.backends["fake"], ReplayBackend)
    assert cassette.exists() and resp.text in cassette.read_text()
    # replay/<backend>/<model> replays what was recorded for <backend>/<model>, offline.
    config.write_text(
        f'[roles.agent]\nmodel = "replay/fake/x"\n[backends.replay]\ncassette = "{cassette}"\n'
    )
    replay = make_client(config, no_cache=True)
    again = await replay.complete("agent", [{"role": "user", "content": "hi"}])
    assert again.text == resp.text
    with pytest.raises(LLMError, match="has no answer"):
        await replay.complete("agent", [{"role": "user", "content": "unrecorded"}])


async def test_replay_only_needs_no_key(tmp_path: Path) -> None:
    cassette = tmp_path / "none.jsonl"
    config = tmp_path / "esc.toml"
    config.write_text(
        '[roles.agent]\nmodel = "anthropic/claude-x"\n'
        f'[backends.anthropic]\ncassette = "{cassette}"\n'
    )
    client = make_client(config, no_cache=True)  # no ANTHROPIC_API_KEY, and no error
    with pytest.raises(LLMError, match="has no answer"):
        await client.complete("agent", [{"role": "user", "content": "hi"}])
