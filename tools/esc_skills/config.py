"""Configuration: esc-skills.toml, overridden by ESC_SKILLS_* variables and flags.

Every resolved value remembers where it came from (``sources``) so that
`esc-skills backends list` can say why a role uses the model it uses.
Precedence, highest first: flags, environment, the config file, built-in defaults.
"""

from __future__ import annotations

import os
import tomllib
from collections.abc import Mapping
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Any

from esc_skills import resources
from esc_skills.backend_types import BACKEND_TYPES, model_forms
from esc_skills.config_sections import (
    DEFAULT_MODEL,
    ROLES,
    BackendConfig,
    Price,
    RoleConfig,
    backend_config,
    backends_section,
    parse_model,
    prices_section,
    roles_section,
    table,
)
from esc_skills.errors import ConfigError

__all__ = [
    "DEFAULT_MODEL",
    "ROLES",
    "BackendConfig",
    "Config",
    "Price",
    "RoleConfig",
    "find_config",
    "load_config",
    "parse_model",
]

CONFIG_ENV = "ESC_SKILLS_CONFIG"
CONFIG_NAME = resources.CONFIG_NAME  # ./esc-skills.toml, the name the shipped default has too
DEFAULT_CACHE = ".esc-skills/cache.sqlite"


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
            return backend_config(name, {}, self.sources, origin="built-in default")
        raise ConfigError(f"unknown backend '{name}'; valid model forms: {model_forms()}")


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
            # utf-8-sig: editors on Windows start UTF-8 files with a byte-order mark TOML refuses.
            raw = tomllib.loads(found.read_text(encoding="utf-8-sig"))
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

    roles = roles_section(raw.get("roles", {}), label, sources, found)
    roles = _override_roles(roles, sources, env, model, role_models or {})
    backends = backends_section(raw, found, sources, origin=label)
    backends = _override_backends(backends, sources, env, concurrency)
    prices = prices_section(table(raw, "prices", found), found)

    cache_raw = table(raw, "cache", found)
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

    data = table(raw, "data", found).get("dir")
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


def _override_backends(
    backends: dict[str, BackendConfig],
    sources: dict[str, str],
    env: Mapping[str, str],
    concurrency: int | None,
) -> dict[str, BackendConfig]:
    # Built-in types exist even without a section so that env and flags can reach them.
    for kind in BACKEND_TYPES:
        backends.setdefault(kind, backend_config(kind, {}, sources, origin="built-in default"))
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
