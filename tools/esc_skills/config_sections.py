"""The sections of esc-skills.toml: [roles], [backends.<name>] and [prices], checked.

``esc_skills.config`` finds the file and layers environment variables and flags on top;
this module turns each raw TOML table into a typed, validated value and records in
``sources`` where every value came from. Every mistake is one ConfigError line naming the
file, the section and the fix.
"""

from __future__ import annotations

import math
from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from esc_skills.backend_types import BACKEND_TYPES, model_forms
from esc_skills.errors import ConfigError

ROLES = ("agent", "seeker", "analyzer", "generator", "annotator", "judge", "reviewer")
# Roles the config leaves unset run on the embedded model, so a fresh clone works offline.
DEFAULT_MODEL = BACKEND_TYPES["local"].default_model


@dataclass(frozen=True)
class Price:
    """US dollars per million tokens."""

    input: float
    output: float
    cached_input: float | None = None  # defaults to the input price


@dataclass(frozen=True)
class RoleConfig:
    """What one role uses: ``backend/model`` and sampling parameters."""

    model: str = DEFAULT_MODEL
    temperature: float = 0.0
    max_tokens: int = 1024
    seed: int | None = 0


@dataclass(frozen=True)
class BackendConfig:
    """Settings of one backend section; ``type`` picks the implementation."""

    name: str
    type: str
    base_url: str | None = None
    api_key_env: str | None = None
    api_key: str | None = field(default=None, repr=False)  # from the file; never printed
    concurrency: int = 8
    rpm: int | None = None  # requests per minute
    tpm: int | None = None  # tokens per minute
    timeout: float = 120.0
    max_retries: int = 5
    options: Mapping[str, Any] = field(default_factory=dict)  # type-specific extras


def parse_model(model: str) -> tuple[str, str]:
    """Split ``backend/model``; raise ConfigError listing the valid forms otherwise."""
    backend, sep, name = model.strip().partition("/")
    if not sep or not backend or not name:
        raise ConfigError(f"malformed model '{model}'; valid forms: {model_forms()}")
    return backend, name


def _type_defaults(kind: str) -> dict[str, Any]:
    """The registry's defaults for a backend type; a [backends.<name>] section overrides them."""
    spec = BACKEND_TYPES[kind]
    values: dict[str, Any] = {"concurrency": spec.concurrency, "timeout": spec.timeout}
    if spec.key_env:
        values["api_key_env"] = spec.key_env
    return values


def table(raw: Mapping[str, Any], key: str, found: Path | None) -> dict[str, Any]:
    """The TOML table ``[key]`` (empty when absent); ConfigError when it is not a table."""
    value = raw.get(key, {})
    if not isinstance(value, dict):
        raise ConfigError(f"{found}: [{key}] must be a table")
    return value


def roles_section(
    raw: Any, label: str, sources: dict[str, str], found: Path | None
) -> dict[str, RoleConfig]:
    """Every role's settings from the [roles] table (defaults for roles it leaves out)."""
    if not isinstance(raw, dict):
        raise ConfigError(f"{found}: [roles] must be a table of [roles.<role>] sections")
    unknown = sorted(set(raw) - set(ROLES))
    if unknown:
        raise ConfigError(
            f"{found}: unknown role(s) {', '.join(unknown)} in [roles]; "
            f"roles are {', '.join(ROLES)}"
        )
    roles: dict[str, RoleConfig] = {}
    for role in ROLES:
        section = raw.get(role, {})
        if not isinstance(section, dict):
            raise ConfigError(
                f"{found}: [roles] {role} = {section!r} must be a table; write it as "
                f'[roles.{role}] with model = "backend/model"'
            )
        for key in ("model", "temperature", "max_tokens", "seed"):
            sources[f"roles.{role}.{key}"] = label if key in section else "built-in default"
        _check_role(f"{found}: [roles.{role}]", section)
        try:
            roles[role] = RoleConfig(
                model=str(section.get("model", DEFAULT_MODEL)),
                temperature=float(section.get("temperature", 0.0)),
                max_tokens=int(section.get("max_tokens", 1024)),
                seed=None if section.get("seed", 0) is None else int(section.get("seed", 0)),
            )
        except (TypeError, ValueError, OverflowError) as exc:
            raise ConfigError(f"{found}: [roles.{role}] has a bad value: {exc}") from None
        parse_model(roles[role].model)
    return roles


def _number(value: Any, where: str, *, minimum: float, integer: bool) -> float:
    """A finite number >= minimum (booleans and strings refused), else ConfigError."""
    ok = isinstance(value, int | float) and not isinstance(value, bool)
    whole = ok and (not integer or float(value).is_integer())
    if whole and math.isfinite(value) and value >= minimum:
        return value
    kind = "a whole number" if integer else "a finite number"
    raise ConfigError(f"{where} = {value!r} must be {kind} >= {minimum:g}; fix the config file")


def _check_role(where: str, section: Mapping[str, Any]) -> None:
    if not isinstance(section.get("model", DEFAULT_MODEL), str):
        raise ConfigError(f'{where} model must be a string like "anthropic/claude-sonnet-4-5"')
    for key, minimum, integer in (("temperature", 0.0, False), ("max_tokens", 1, True)):
        if key in section:
            _number(section[key], f"{where} {key}", minimum=minimum, integer=integer)
    if section.get("seed") is not None:
        _number(section["seed"], f"{where} seed", minimum=-(2**63), integer=True)


def backends_section(
    raw: Mapping[str, Any], found: Path | None, sources: dict[str, str], *, origin: str
) -> dict[str, BackendConfig]:
    """The configured backends from the [backends] table, by section name."""
    backends = {}
    for name, section in table(raw, "backends", found).items():
        if not isinstance(section, dict):
            raise ConfigError(
                f"{found}: [backends] {name} = {section!r} must be a table; write it as "
                f"[backends.{name}] with type = one of {', '.join(BACKEND_TYPES)}"
            )
        backends[name] = backend_config(name, section, sources, origin=origin)
    return backends


def backend_config(
    name: str, section: Mapping[str, Any], sources: dict[str, str], *, origin: str
) -> BackendConfig:
    """One backend's settings: its type's defaults, then the section's values, checked."""
    kind = str(section.get("type", name))
    if kind not in BACKEND_TYPES:
        raise ConfigError(
            f"[backends.{name}] has unknown type '{kind}'; set type to one of "
            f"{', '.join(BACKEND_TYPES)}"
        )
    values = _type_defaults(kind)
    known = {"base_url", "api_key_env", "api_key", "concurrency", "rpm", "tpm", "timeout"}
    known |= {"max_retries"}
    for key in known:
        if key in section:
            values[key] = section[key]
            sources[f"backends.{name}.{key}"] = origin
        elif key in values:
            sources.setdefault(f"backends.{name}.{key}", "built-in default")
    options = {k: v for k, v in section.items() if k not in known and k != "type"}
    where = f"[backends.{name}]" if origin == "built-in default" else f"{origin}: [backends.{name}]"
    for key, minimum, integer in (
        ("concurrency", 1, True),
        ("rpm", 1, True),
        ("tpm", 1, True),
        ("max_retries", 0, True),
    ):
        if key in section:
            _number(section[key], f"{where} {key}", minimum=minimum, integer=integer)
    if "timeout" in section:
        _number(section["timeout"], f"{where} timeout", minimum=0, integer=False)
        if section["timeout"] <= 0:
            raise ConfigError(f"{where} timeout must be more than 0 seconds; fix the config file")
    for key in ("base_url", "api_key_env", "api_key"):
        if key in section and not isinstance(section[key], str):
            raise ConfigError(f"{where} {key} must be a string; fix the config file")
    if kind == "fake" and "latency" in options:
        _number(options["latency"], f"{where} latency", minimum=0, integer=False)
    url = section.get("base_url")
    if url and not str(url).startswith(("http://", "https://")):
        raise ConfigError(
            f"{where} base_url = {url!r} must start with http:// or https://, "
            "e.g. http://127.0.0.1:11434/v1"
        )
    try:
        return BackendConfig(
            name=name,
            type=kind,
            base_url=values.get("base_url"),
            api_key_env=values.get("api_key_env"),
            api_key=values.get("api_key"),
            concurrency=max(1, int(values["concurrency"])),
            rpm=int(values["rpm"]) if values.get("rpm") else None,
            tpm=int(values["tpm"]) if values.get("tpm") else None,
            timeout=float(values["timeout"]),
            max_retries=int(values.get("max_retries", 5)),
            options=options,
        )
    except (TypeError, ValueError, OverflowError) as exc:
        raise ConfigError(f"{where} has a bad value: {exc}") from None


def prices_section(raw: Mapping[str, Any], found: Path | None) -> dict[str, Price]:
    """Model prices from the [prices] table, in US dollars per million tokens."""
    prices = {}
    for model, entry in raw.items():
        try:
            if not isinstance(entry, dict):
                raise TypeError(model)
            for key in ("input", "output", "cached_input"):
                if key in entry:
                    _number(entry[key], key, minimum=0, integer=False)
            prices[model] = Price(
                input=float(entry["input"]),
                output=float(entry["output"]),
                cached_input=float(entry["cached_input"]) if "cached_input" in entry else None,
            )
        except (KeyError, TypeError, ValueError, ConfigError):
            raise ConfigError(
                f'{found}: [prices."{model}"] needs numbers input and output '
                "(US dollars per million tokens)"
            ) from None
    return prices
