"""Configuration: file, environment and flags, with the origin of every value."""

from __future__ import annotations

from pathlib import Path

import pytest

from esc_skills.config import load_config, parse_model
from esc_skills.errors import ConfigError, UserError
from esc_skills.llm.errors import MissingKeyError
from esc_skills.llm.factory import make_client

TOML = """
[cache]
path = "cache/llm.sqlite"

[roles.agent]
model = "anthropic/claude-sonnet-4-5"
temperature = 0.7
max_tokens = 256

[roles.seeker]
model = "vllm/meta-llama/Llama-3.1-8B-Instruct"

[backends.vllm]
type = "openai"
base_url = "http://127.0.0.1:8000/v1"
concurrency = 32
rpm = 600
tpm = 200000

[prices."anthropic/claude-sonnet-4-5"]
input = 3.0
output = 15.0
"""


@pytest.fixture
def config_file(tmp_path: Path) -> Path:
    path = tmp_path / "esc-skills.toml"
    path.write_text(TOML)
    return path


def test_file_values_and_sources(config_file: Path) -> None:
    cfg = load_config(config_file, env={})
    assert cfg.roles["agent"].model == "anthropic/claude-sonnet-4-5"
    assert cfg.roles["agent"].temperature == 0.7
    assert cfg.roles["annotator"].model == "local/smollm2"  # default for unset roles
    assert cfg.sources["roles.agent.model"] == str(config_file)
    assert cfg.sources["roles.annotator.model"] == "built-in default"
    vllm = cfg.backend("vllm")
    assert (vllm.type, vllm.base_url, vllm.concurrency, vllm.rpm, vllm.tpm) == (
        "openai", "http://127.0.0.1:8000/v1", 32, 600, 200000,
    )  # fmt: skip
    assert cfg.cache_path == config_file.parent / "cache/llm.sqlite"
    assert cfg.prices["anthropic/claude-sonnet-4-5"].output == 15.0


def test_env_then_flags_override(config_file: Path) -> None:
    env = {
        "ESC_SKILLS_MODEL": "openai/gpt-4o-mini",
        "ESC_SKILLS_SEEKER_MODEL": "local/smollm2",
        "ESC_SKILLS_NO_CACHE": "1",
        "OPENAI_BASE_URL": "http://127.0.0.1:9999/v1",
    }
    cfg = load_config(config_file, env=env)
    assert cfg.roles["agent"].model == "openai/gpt-4o-mini"
    assert cfg.roles["seeker"].model == "local/smollm2"
    assert cfg.sources["roles.seeker.model"] == "$ESC_SKILLS_SEEKER_MODEL"
    assert not cfg.cache_enabled and cfg.sources["cache.enabled"] == "$ESC_SKILLS_NO_CACHE"
    assert cfg.backend("openai").base_url == "http://127.0.0.1:9999/v1"
    # Flags beat the environment: --model for all roles, --role-model for one.
    cfg = load_config(
        config_file, env=env, model="fake/a", role_models={"analyzer": "fake/b"}, concurrency=3
    )
    assert cfg.roles["seeker"].model == "fake/a" and cfg.roles["analyzer"].model == "fake/b"
    assert cfg.sources["roles.analyzer.model"] == "--role-model analyzer=..."
    assert cfg.backend("vllm").concurrency == 3


def test_config_env_var_and_missing_file(tmp_path: Path, config_file: Path) -> None:
    cfg = load_config(env={"ESC_SKILLS_CONFIG": str(config_file)})
    assert cfg.path == config_file and cfg.sources["config"] == "$ESC_SKILLS_CONFIG"
    with pytest.raises(ConfigError, match=r"nope.toml \(from --config\) does not exist"):
        load_config(tmp_path / "nope.toml", env={})


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ('[roles.agent]\nmodel = "gpt4"\n', "malformed model 'gpt4'; valid forms"),
        ('[roles.critic]\nmodel = "fake/x"\n', "unknown role"),
        ('[backends.x]\ntype = "bedrock"\n', "unknown type 'bedrock'"),
        ('[prices."a/b"]\ninput = "cheap"\n', "needs numbers input and output"),
        ("[roles\n", "invalid TOML"),
    ],
)
def test_bad_config_is_one_line_user_error(tmp_path: Path, text: str, message: str) -> None:
    path = tmp_path / "bad.toml"
    path.write_text(text)
    with pytest.raises(UserError, match=message) as info:
        load_config(path, env={})
    assert "\n" not in str(info.value)


def test_unknown_backend_lists_valid_forms(tmp_path: Path) -> None:
    with pytest.raises(ConfigError, match=r"unknown backend 'bedrock'.*anthropic/<model>"):
        make_client(model="bedrock/titan", no_cache=True)
    with pytest.raises(ConfigError, match="local/smollm2"):
        parse_model("/x")


def test_missing_key_names_variable_and_alternatives(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("OPENAI_BASE_URL", raising=False)
    with pytest.raises(MissingKeyError) as info:
        make_client(model="anthropic/claude-sonnet-4-5", no_cache=True)
    text = str(info.value)
    assert "ANTHROPIC_API_KEY" in text and "OPENAI_BASE_URL" in text and "local/smollm2" in text
    # A local OpenAI-compatible server needs no key.
    monkeypatch.setenv("OPENAI_BASE_URL", "http://127.0.0.1:8000/v1")
    client = make_client(model="openai/llama3", no_cache=True)
    assert client.backend_for_role("agent").name == "openai"


def test_key_from_env_never_in_reprs(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    key = "sk-ant-FAKE-KEY-FOR-REPR-TEST-123"
    monkeypatch.setenv("ANTHROPIC_API_KEY", key)
    client = make_client(model="anthropic/claude-x", cache_path=tmp_path / "c.sqlite")
    backend = client.backend_for_role("agent")
    for text in (repr(client), repr(backend), repr(vars(backend)), repr(client.config)):
        assert key not in text


def test_a_byte_order_mark_is_read_as_utf8(tmp_path: Path) -> None:
    path = tmp_path / "esc-skills.toml"
    path.write_bytes(b"\xef\xbb\xbf" + TOML.encode("utf-8"))
    cfg = load_config(path, env={})
    assert cfg.roles["agent"].model == "anthropic/claude-sonnet-4-5"


def test_the_client_serves_exactly_the_roles_the_config_accepts() -> None:
    from esc_skills import config
    from esc_skills.llm import client

    assert client.ROLES == config.ROLES
