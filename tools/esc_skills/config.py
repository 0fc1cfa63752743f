"""Configuration: esc-skills.toml, overridden by ESC_SKILLS_* variables and flags.

Every resolved value remembers where it came from (``sources``) so that
`esc-skills backends list` can say why a role uses the model it uses.
Precedence, highest first: flags, environment, the config file, built-in defaults.
"""

from __future__ import annotations

import math
import os
import tomllib
from collections.abc import Mapping
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Any

from esc_skills import resources
from esc_skills.backend_types import BACKEND_TYPES, model_forms
from esc_skills.errors import ConfigError

CONFIG_ENV = "ESC_SKILLS_CONFIG"
CONFIG_NAME = "esc-skills.toml"
ROLES = ("agent", "seeker", "analyzer", "generator", "annotator", "judge", "reviewer")
DEFAULT_MODEL = "local/smollm2"
DEFAULT_CACHE = ".esc-skills/cache.sqlite"


def _type_defaults(kind: str) -> dict[str, Any]:
    """The registry's defaults for a backend type; a [backends.<name>] section overrides them."""
    spec = BACKEND_TYPES[kind]
    values: dict[str, Any] = {"concurrency": spec.concurrency, "timeout": spec.timeout}
    if spec.key_env:
        values["api_key_env"] = spec.key_env
    return values


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


@dataclass
class Config:
    """The resolved configuration and where each value came from."""

    path: Path | None
    roles: dict[str, RoleConfig]
    backends: dict[str, BackendConfig]
    prices: dict[str, Price]
    cache_path: Path
    cache_enabled: bool = True
    data_dir: Path | None = None
    sources: dict[str, str] = field(default_factory=dict)  # "roles.agent.model" -> origin

    def with_overrides(
        self,
        *,
        model: str | None = None,
        role_models: Mapping[str, str] | None = None,
        no_cache: bool = False,
        cache_path: str | os.PathLike[str] | None = None,
        concurrency: int | None = None,
    ) -> Config:
        """A copy with flag values applied on top (the environment was applied at load)."""
        sources = dict(self.sources)
        roles = _override_roles(dict(self.roles), sources, {}, model, role_models or {})
        backends = _override_backends(dict(self.backends), sources, {}, concurrency)
        out = replace(self, roles=roles, backends=backends, sources=sources)
        if cache_path:
            out.cache_path, sources["cache.path"] = Path(cache_path), "--cache"
        if no_cache:
            out.cache_enabled, sources["cache.enabled"] = False, "--no-cache"
        return out

    def backend(self, name: str) -> BackendConfig:
        """The settings of backend ``name`` (a configured section or a built-in type)."""
        if name in self.backends:
            return self.backends[name]
        if name in BACKEND_TYPES:
            return _backend_config(name, {}, self.sources, origin="built-in default")
        raise ConfigError(f"unknown backend '{name}'; valid model forms: {model_forms()}")


def parse_model(model: str) -> tuple[str, str]:
    """Split ``backend/model``; raise ConfigError listing the valid forms otherwise."""
    backend, sep, name = model.strip().partition("/")
    if not sep or not backend or not name:
        raise ConfigError(f"malformed model '{model}'; valid forms: {model_forms()}")
    return backend, name


def find_config(
    path: str | os.PathLike[str] | None = None, env: Mapping[str, str] | None = None
) -> tuple[Path | None, str]:
    """Locate the config file: the flag, $ESC_SKILLS_CONFIG, ./esc-skills.toml, the shipped one."""
    env = os.environ if env is None else env
    if path:
        chosen, origin = Path(path), "--config"
    elif env.get(CONFIG_ENV):
        chosen, origin = Path(env[CONFIG_ENV]), f"${CONFIG_ENV}"
    else:
        for candidate in (Path.cwd() / CONFIG_NAME, resources.default_config_file()):
            if candidate.is_file():
                return candidate, str(candidate)
        return None, "built-in defaults"
    if not chosen.is_file():
        what = "is not a file" if chosen.exists() else "does not exist"
        raise ConfigError(
            f"config file {chosen} (from {origin}) {what}; pass an existing TOML file"
        )
    return chosen, origin


def load_config(
    path: str | os.PathLike[str] | None = None,
    *,
    model: str | None = None,
    role_models: Mapping[str, str] | None = None,
    no_cache: bool = False,
    cache_path: str | os.PathLike[str] | None = None,
    concurrency: int | None = None,
    env: Mapping[str, str] | None = None,
) -> Config:
    """Read the config file and apply environment variables, then flags."""
    env = os.environ if env is None else env
    found, origin = find_config(path, env)
    raw: dict[str, Any] = {}
    if found is not None:
        try:
            raw = tomllib.loads(found.read_text(encoding="utf-8"))
        except tomllib.TOMLDecodeError as exc:
            raise ConfigError(
                f"{found}: invalid TOML: {exc}; fix the file or pass --config"
            ) from None
        except UnicodeDecodeError as exc:
            raise ConfigError(
                f"{found}: not UTF-8 text (byte {exc.start}); save the config file as UTF-8"
            ) from None
        except RecursionError:
            raise ConfigError(f"{found}: nested too deeply to read; simplify the file") from None
        except OSError as exc:
            raise ConfigError(f"{found}: cannot read the config file ({exc.strerror})") from None
    label = str(found) if found else "built-in default"
    # Relative paths are relative to the file, except in the copy shipped inside an
    # installed package, whose cache and data paths mean the user's working directory.
    shipped = found == resources.default_config_file() and resources.bundled()
    base = found.parent if found and not shipped else Path.cwd()
    sources: dict[str, str] = {}

    roles = _roles(raw.get("roles", {}), label, sources, found)
    roles = _override_roles(roles, sources, env, model, role_models or {})
    backends = {}
    for name, section in _table(raw, "backends", found).items():
        if not isinstance(section, dict):
            raise ConfigError(
                f"{found}: [backends] {name} = {section!r} must be a table; write it as "
                f"[backends.{name}] with type = one of {', '.join(BACKEND_TYPES)}"
            )
        backends[name] = _backend_config(name, section, sources, origin=label)
    backends = _override_backends(backends, sources, env, concurrency)
    prices = _prices(_table(raw, "prices", found), found)

    cache_raw = _table(raw, "cache", found)
    if cache_path:
        cache, sources["cache.path"] = Path(cache_path), "--cache"
    elif env.get("ESC_SKILLS_CACHE"):
        cache, sources["cache.path"] = Path(env["ESC_SKILLS_CACHE"]), "$ESC_SKILLS_CACHE"
    else:
        cache = base / str(cache_raw.get("path", DEFAULT_CACHE))
        sources["cache.path"] = label if "path" in cache_raw else "built-in default"
    enabled = cache_raw.get("enabled", True)
    if not isinstance(enabled, bool) or not isinstance(cache_raw.get("path", ""), str):
        raise ConfigError(
            f"{found}: [cache] enabled must be true or false and path a string; fix the file"
        )
    sources["cache.enabled"] = label
    if _truthy(env.get("ESC_SKILLS_NO_CACHE")):
        enabled, sources["cache.enabled"] = False, "$ESC_SKILLS_NO_CACHE"
    if no_cache:
        enabled, sources["cache.enabled"] = False, "--no-cache"

    data = _table(raw, "data", found).get("dir")
    if data is not None and not isinstance(data, str):
        raise ConfigError(f"{found}: [data] dir must be a string (a folder path); fix the file")
    sources["config"] = origin
    return Config(
        path=found,
        roles=roles,
        backends=backends,
        prices=prices,
        cache_path=cache,
        cache_enabled=enabled,
        data_dir=(base / str(data)) if data else None,
        sources=sources,
    )


def _truthy(value: str | None) -> bool:
    return (value or "").strip().lower() in {"1", "true", "yes", "on"}


def _table(raw: Mapping[str, Any], key: str, found: Path | None) -> dict[str, Any]:
    value = raw.get(key, {})
    if not isinstance(value, dict):
        raise ConfigError(f"{found}: [{key}] must be a table")
    return value


def _roles(
    raw: Any, label: str, sources: dict[str, str], found: Path | None
) -> dict[str, RoleConfig]:
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


def _override_roles(
    roles: dict[str, RoleConfig],
    sources: dict[str, str],
    env: Mapping[str, str],
    model: str | None,
    role_models: Mapping[str, str],
) -> dict[str, RoleConfig]:
    unknown = sorted(set(role_models) - set(ROLES))
    if unknown:
        raise ConfigError(
            f"--role-model names unknown role(s) {', '.join(unknown)}; roles are {', '.join(ROLES)}"
        )
    out = {}
    for role, settings in roles.items():
        # Lowest to highest: all-roles env, per-role env, all-roles flag, per-role flag.
        layers = [
            (env.get("ESC_SKILLS_MODEL"), "$ESC_SKILLS_MODEL"),
            (env.get(f"ESC_SKILLS_{role.upper()}_MODEL"), f"$ESC_SKILLS_{role.upper()}_MODEL"),
            (model, "--model"),
            (role_models.get(role), f"--role-model {role}=..."),
        ]
        for value, origin in layers:
            if value:
                parse_model(value)
                settings = replace(settings, model=value)
                sources[f"roles.{role}.model"] = origin
        out[role] = settings
    return out


def _backend_config(
    name: str, section: Mapping[str, Any], sources: dict[str, str], *, origin: str
) -> BackendConfig:
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


def _override_backends(
    backends: dict[str, BackendConfig],
    sources: dict[str, str],
    env: Mapping[str, str],
    concurrency: int | None,
) -> dict[str, BackendConfig]:
    # Built-in types exist even without a section so that env and flags can reach them.
    for kind in BACKEND_TYPES:
        backends.setdefault(kind, _backend_config(kind, {}, sources, origin="built-in default"))
    out = {}
    for name, cfg in backends.items():
        variable = BACKEND_TYPES[cfg.type].url_env
        if variable and env.get(variable) and name == cfg.type:
            if not env[variable].startswith(("http://", "https://")):
                raise ConfigError(
                    f"${variable}={env[variable]!r} must start with http:// or https://, "
                    "e.g. http://127.0.0.1:11434/v1; fix or unset it"
                )
            cfg = replace(cfg, base_url=env[variable])
            sources[f"backends.{name}.base_url"] = f"${variable}"
        if concurrency:
            cfg = replace(cfg, concurrency=max(1, concurrency))
            sources[f"backends.{name}.concurrency"] = "--concurrency"
        out[name] = cfg
    return out


def _prices(raw: Mapping[str, Any], found: Path | None) -> dict[str, Price]:
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
