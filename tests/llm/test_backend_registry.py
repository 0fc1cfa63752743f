"""Adding a backend is one registry entry: config, client, help and `backends list` follow."""

from __future__ import annotations

from pathlib import Path

import pytest
from click.testing import CliRunner

from esc_skills import backend_types
from esc_skills.backend_types import BACKEND_TYPES, BackendType
from esc_skills.cli.main import cli
from esc_skills.config import load_config
from esc_skills.errors import ConfigError
from esc_skills.llm import FakeBackend
from esc_skills.llm.errors import MissingKeyError
from esc_skills.llm.factory import make_client


def _echo_type(needs_key: bool = False) -> BackendType:
    return BackendType(
        "echo",
        lambda cfg, key: FakeBackend(lambda req: f"echo {req.messages[-1].content}"),
        default_model="echo/parrot",
        model_form="echo/<name> (repeats you)",
        key_env="ECHO_API_KEY" if needs_key else None,
        url_env="ECHO_BASE_URL",
        official_url="https://echo.invalid",
        concurrency=3,
    )


@pytest.fixture
def echo(monkeypatch: pytest.MonkeyPatch) -> BackendType:
    spec = _echo_type()
    monkeypatch.setitem(BACKEND_TYPES, "echo", spec)
    return spec


async def test_a_new_entry_is_a_usable_backend(echo: BackendType, tmp_path: Path) -> None:
    config = tmp_path / "esc.toml"
    config.write_text('[roles.agent]\nmodel = "mine/x"\n[backends.mine]\ntype = "echo"\n')
    cfg = load_config(config)
    assert cfg.backend("mine").type == "echo" and cfg.backend("mine").concurrency == 3
    assert cfg.backend("echo").timeout == echo.timeout  # built-in name, registry defaults
    client = make_client(cfg, no_cache=True, roles=["agent"])
    resp = await client.complete("agent", [{"role": "user", "content": "hi"}])
    assert resp.text == "echo hi"


def test_a_new_entry_shows_in_list_and_errors(echo: BackendType) -> None:
    runner = CliRunner()
    listed = runner.invoke(cli, ["backends", "list", "--model", "echo/parrot"])
    assert listed.exit_code == 0, listed.output
    assert "type echo: e.g. echo/parrot; no key; url $ECHO_BASE_URL" in listed.output
    with pytest.raises(ConfigError, match=r"echo/<name> \(repeats you\)"):
        load_config(model="nosuch/x").backend("nosuch")


def test_key_and_url_variables_come_from_the_entry(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setitem(BACKEND_TYPES, "echo", _echo_type(needs_key=True))
    monkeypatch.delenv("ECHO_API_KEY", raising=False)
    monkeypatch.delenv("ECHO_BASE_URL", raising=False)
    with pytest.raises(MissingKeyError, match="ECHO_API_KEY"):
        make_client(model="echo/parrot", no_cache=True)
    # A self-hosted server at another URL needs no key, as for openai.
    monkeypatch.setenv("ECHO_BASE_URL", "http://127.0.0.1:9/v1")
    cfg = load_config(model="echo/parrot")
    assert cfg.backend("echo").base_url == "http://127.0.0.1:9/v1"
    make_client(cfg, no_cache=True, roles=["agent"])


def test_unknown_type_lists_the_registered_ones(tmp_path: Path) -> None:
    config = tmp_path / "esc.toml"
    config.write_text('[backends.mine]\ntype = "bedrock"\n')
    with pytest.raises(ConfigError) as info:
        load_config(config)
    assert all(name in str(info.value) for name in BACKEND_TYPES)


def test_every_registered_type_is_consistent() -> None:
    for name, spec in BACKEND_TYPES.items():
        assert spec.name == name and spec.default_model.startswith(f"{name}/")
        assert spec.needs_key == (spec.key_env is not None), name
        assert not spec.native or spec.in_process, name
    assert backend_types.model_forms().count("/<") >= len(BACKEND_TYPES)


def test_unused_roles_build_no_backend(tmp_path: Path) -> None:
    config = tmp_path / "esc.toml"
    config.write_text('[roles.agent]\nmodel = "fake/x"\n')  # other roles: local/smollm2
    client = make_client(config, no_cache=True, roles=["agent"])
    assert set(client.backends) == {"fake"}
