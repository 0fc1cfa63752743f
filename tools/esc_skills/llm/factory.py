"""Builds an LLMClient from the configuration: the registry of backend types lives here."""

from __future__ import annotations

import os
from collections.abc import Callable, Mapping
from pathlib import Path

from esc_skills.config import BACKEND_TYPES, BackendConfig, Config, RoleConfig, load_config
from esc_skills.llm.accounting import Accounting
from esc_skills.llm.cache import ResponseCache
from esc_skills.llm.client import LLMClient, RoleSettings
from esc_skills.llm.errors import MissingKeyError, Secret
from esc_skills.llm.limits import Limiter
from esc_skills.llm.retry import RetryPolicy
from esc_skills.llm.types import Backend

BackendFactory = Callable[[BackendConfig, "Secret | None"], Backend]

OFFICIAL_URLS = {"openai": "https://api.openai.com/v1", "anthropic": "https://api.anthropic.com"}


def _anthropic(cfg: BackendConfig, key: Secret | None) -> Backend:
    from esc_skills.llm.anthropic_backend import AnthropicBackend

    return AnthropicBackend(cfg, key)


def _openai(cfg: BackendConfig, key: Secret | None) -> Backend:
    from esc_skills.llm.openai_backend import OpenAIBackend

    return OpenAIBackend(cfg, key)


def _local(cfg: BackendConfig, key: Secret | None) -> Backend:
    from esc_skills.llm.local_backend import LocalBackend

    return LocalBackend(cfg)


def _fake(cfg: BackendConfig, key: Secret | None) -> Backend:
    from esc_skills.llm.fake import FakeBackend

    rules = os.environ.get("ESC_SKILLS_FAKE_RULES") or cfg.options.get("rules")
    script = None
    if rules:  # a user's scripted answers (esc_skills.llm.fake_rules documents the format)
        from esc_skills.llm.fake_rules import load_rules, rules_script

        script = rules_script(load_rules(str(rules)))
    return FakeBackend(script, latency=float(cfg.options.get("latency", 0.0)))


def _replay(cfg: BackendConfig, key: Secret | None) -> Backend:
    from esc_skills.llm.replay import ReplayBackend

    return ReplayBackend(_cassette_path(cfg), mode="none", inner=None, strip_prefix=True)


# The registry: a typed dict, so mypy checks that every factory returns a Backend.
BACKENDS: dict[str, BackendFactory] = {
    "anthropic": _anthropic,
    "openai": _openai,
    "local": _local,
    "fake": _fake,
    "replay": _replay,
}
assert set(BACKENDS) == set(BACKEND_TYPES)


def _cassette_path(cfg: BackendConfig) -> Path:
    value = cfg.options.get("cassette") or os.environ.get("ESC_SKILLS_CASSETTE")
    return Path(str(value or f".esc-skills/cassettes/{cfg.name}.jsonl"))


def resolve_key(cfg: BackendConfig, env: Mapping[str, str] | None = None) -> Secret | None:
    """The API key of a backend: the config file's ``api_key``, else its ``api_key_env``."""
    env = os.environ if env is None else env
    if cfg.api_key:
        return Secret(cfg.api_key)
    if cfg.api_key_env and env.get(cfg.api_key_env):
        return Secret(env[cfg.api_key_env])
    return None


def needs_key(cfg: BackendConfig) -> bool:
    """Whether a backend cannot work without a key (official endpoints; local servers need none)."""
    if cfg.type not in OFFICIAL_URLS:
        return False
    return cfg.base_url is None or cfg.base_url.rstrip("/") == OFFICIAL_URLS[cfg.type]


def missing_key_message(cfg: BackendConfig) -> str:
    """One line: which variable to set, and what to use instead."""
    return (
        f"backend '{cfg.name}' needs an API key: set {cfg.api_key_env or 'api_key_env'} "
        f"(or api_key in [backends.{cfg.name}]); alternatives: --model openai/<model> with "
        "OPENAI_BASE_URL=http://host:port/v1 for a local server, or --model local/smollm2 offline"
    )


def build_backend(cfg: BackendConfig, env: Mapping[str, str] | None = None) -> Backend:
    """One backend from its settings, wrapped in a replay cassette when ``cassette`` is set."""
    record = str(cfg.options.get("record", "none"))
    if cfg.type != "replay" and "cassette" in cfg.options and record == "none":
        # Pure replay: no backend behind it, so no key and never a network call.
        from esc_skills.llm.replay import ReplayBackend

        return ReplayBackend(_cassette_path(cfg))
    key = resolve_key(cfg, env)
    if key is None and needs_key(cfg):
        raise MissingKeyError(missing_key_message(cfg))
    backend = BACKENDS[cfg.type](cfg, key)
    if cfg.type != "replay" and "cassette" in cfg.options:
        from esc_skills.llm.replay import ReplayBackend

        mode = str(cfg.options.get("record", "none"))
        backend = ReplayBackend(_cassette_path(cfg), mode=mode, inner=backend)
    return backend


def make_client(
    config: Config | str | os.PathLike[str] | None = None,
    *,
    model: str | None = None,
    role_models: Mapping[str, str] | None = None,
    no_cache: bool = False,
    cache_path: str | os.PathLike[str] | None = None,
    backends: Mapping[str, Backend] | None = None,
    concurrency: int | None = None,
) -> LLMClient:
    """A client for every role, from the config (a Config, a path, or found as usual).

    ``model`` sends all roles to one ``backend/model``; ``role_models`` maps role -> model;
    ``backends`` supplies ready backend objects by name (tests: ``{"fake": FakeBackend(...)}``)
    instead of building them from the config.
    """
    if isinstance(config, Config):
        cfg = config.with_overrides(
            model=model, role_models=role_models, no_cache=no_cache, cache_path=cache_path,
            concurrency=concurrency,
        )  # fmt: skip
    else:
        cfg = load_config(
            config, model=model, role_models=role_models, no_cache=no_cache,
            cache_path=cache_path, concurrency=concurrency,
        )  # fmt: skip
    given = dict(backends or {})
    needed = sorted({role.model.split("/", 1)[0] for role in cfg.roles.values()} | set(given))
    built: dict[str, Backend] = {}
    secrets: list[Secret] = []
    limiters: dict[str, Limiter] = {}
    timeouts: dict[str, float] = {}
    policies: dict[str, RetryPolicy] = {}
    for name in needed:
        bcfg = cfg.backend(name)
        if name in given:
            built[name] = given[name]
        else:
            key = resolve_key(bcfg)
            if key is not None:
                secrets.append(key)
            built[name] = build_backend(bcfg)
        limiters[name] = Limiter(bcfg.concurrency, rpm=bcfg.rpm, tpm=bcfg.tpm)
        timeouts[name] = bcfg.timeout
        policies[name] = RetryPolicy(max_retries=bcfg.max_retries)
    cache = ResponseCache(cfg.cache_path) if cfg.cache_enabled else None
    client = LLMClient(
        roles={role: _settings(rc) for role, rc in cfg.roles.items()},
        backends=built,
        cache=cache,
        limiters=limiters,
        retry=policies,
        timeouts=timeouts,
        accounting=Accounting(cfg.prices),
        secrets=secrets,
        cache_all=cfg.sources.get("cache.path") in ("--cache", "$ESC_SKILLS_CACHE"),
    )
    client.config = cfg
    return client


def _settings(rc: RoleConfig) -> RoleSettings:
    return RoleSettings(rc.model, rc.temperature, rc.max_tokens, rc.seed)
