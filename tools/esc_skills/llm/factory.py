"""Builds an LLMClient from the configuration, with backends from the registry (backend_types)."""

from __future__ import annotations

import os
from collections.abc import Iterable, Mapping

from esc_skills.backend_types import BACKEND_TYPES, cassette_path
from esc_skills.config import BackendConfig, Config, RoleConfig, load_config
from esc_skills.llm.accounting import Accounting
from esc_skills.llm.cache import ResponseCache
from esc_skills.llm.client import LLMClient, RoleSettings
from esc_skills.llm.errors import MissingKeyError, Secret
from esc_skills.llm.limits import Limiter
from esc_skills.llm.retry import RetryPolicy
from esc_skills.llm.types import Backend


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
    return BACKEND_TYPES[cfg.type].key_required(cfg.base_url)


def missing_key_message(cfg: BackendConfig) -> str:
    """One line: which variable to set, and what to use instead."""
    return (
        f"backend '{cfg.name}' needs an API key: set {cfg.api_key_env or 'api_key_env'} "
        f"(or api_key in [backends.{cfg.name}]); alternatives: --model openai/<model> with "
        "OPENAI_BASE_URL=http://host:port/v1 for a local server, or --model local/smollm2 offline"
    )


def _pure_replay(cfg: BackendConfig) -> bool:
    # A cassette with record = "none": no backend behind it, so no key, never a network call.
    record = str(cfg.options.get("record", "none"))
    return cfg.type != "replay" and "cassette" in cfg.options and record == "none"


def require_key(cfg: BackendConfig, env: Mapping[str, str] | None = None) -> Secret | None:
    """The backend's key; MissingKeyError when it needs one and none is set."""
    if _pure_replay(cfg):
        return None
    key = resolve_key(cfg, env)
    if key is None and needs_key(cfg):
        raise MissingKeyError(missing_key_message(cfg))
    return key


def build_backend(cfg: BackendConfig, env: Mapping[str, str] | None = None) -> Backend:
    """One backend from its settings, wrapped in a replay cassette when ``cassette`` is set."""
    if _pure_replay(cfg):
        from esc_skills.llm.replay import ReplayBackend

        return ReplayBackend(cassette_path(cfg))
    key = require_key(cfg, env)
    backend = BACKEND_TYPES[cfg.type].factory(cfg, key)
    if cfg.type != "replay" and "cassette" in cfg.options:
        from esc_skills.llm.replay import ReplayBackend

        mode = str(cfg.options.get("record", "none"))
        backend = ReplayBackend(cassette_path(cfg), mode=mode, inner=backend)
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
    roles: Iterable[str] | None = None,
) -> LLMClient:
    """A client for every role, from the config (a Config, a path, or found as usual).

    ``model`` sends all roles to one ``backend/model``; ``role_models`` maps role -> model;
    ``backends`` supplies ready backend objects by name (tests: ``{"fake": FakeBackend(...)}``)
    instead of building them from the config. A backend is built only when a role first
    calls it, so no command needs the package of a role it does not call (unset roles
    default to the embedded model). ``roles`` names the roles a command calls: their
    backends are built now, so a missing key or package fails before any work, and other
    roles' keys are not required. Without it, every role's key is checked now.
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
    used = {role.model.split("/", 1)[0] for role in cfg.roles.values()}
    needed = sorted(used | set(given))
    secrets: list[Secret] = []
    limiters: dict[str, Limiter] = {}
    timeouts: dict[str, float] = {}
    policies: dict[str, RetryPolicy] = {}
    for name in needed:
        bcfg = cfg.backend(name)  # an unknown backend name fails here, for every role
        key = None if name in given else resolve_key(bcfg)
        if key is not None:
            secrets.append(key)
        limiters[name] = Limiter(bcfg.concurrency, rpm=bcfg.rpm, tpm=bcfg.tpm)
        timeouts[name] = bcfg.timeout
        policies[name] = RetryPolicy(max_retries=bcfg.max_retries)
    # Fail now, before the cache is opened: keys of every role, or the named roles' backends.
    if roles is None:
        for name in sorted(used - set(given)):
            require_key(cfg.backend(name))
    else:
        for role in roles:
            name = cfg.roles[role].model.split("/", 1)[0]
            if name not in given:
                given[name] = build_backend(cfg.backend(name))
    cache = ResponseCache(cfg.cache_path) if cfg.cache_enabled else None
    client = LLMClient(
        roles={role: _settings(rc) for role, rc in cfg.roles.items()},
        backends=given,
        build=lambda name: build_backend(cfg.backend(name)),
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
