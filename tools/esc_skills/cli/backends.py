"""`esc-skills backends list|check`: which model each role uses, and whether it answers."""

from __future__ import annotations

import asyncio
import json
import os
from dataclasses import dataclass
from typing import Any

import click

from esc_skills.backend_types import BACKEND_TYPES
from esc_skills.cli.command import subcommand
from esc_skills.cli.options import FiniteFloatRange, LLMOptions, llm_options
from esc_skills.cli.params import format_option
from esc_skills.config import ROLES, Config
from esc_skills.errors import UserError

LOCAL_NOTE = (
    "note: local/* models are smoke quality (they prove the pipeline, not the skills); "
    "see docs/backends.md to use Claude or an OpenAI-compatible server"
)


_ROLE_FIELDS = ("model", "temperature", "max_tokens", "seed")


@click.group()
def backends() -> None:
    """Show and check the LLM backends and models each role uses."""


def _used_backends(cfg: Config) -> list[str]:
    used = {cfg.roles[r].model.split("/", 1)[0] for r in ROLES}
    configured = {
        n for n in cfg.backends if f"backends.{n}.type" in cfg.sources or _has_section(cfg, n)
    }
    return sorted(used | configured)


def _has_section(cfg: Config, name: str) -> bool:
    return any(
        key.startswith(f"backends.{name}.") and origin not in ("built-in default",)
        for key, origin in cfg.sources.items()
    )


def describe(cfg: Config) -> dict[str, Any]:
    """The resolved roles, backends, cache and prices, each value with where it came from."""
    src = cfg.sources
    roles = {
        role: {
            "model": rc.model,
            "temperature": rc.temperature,
            "max_tokens": rc.max_tokens,
            "seed": rc.seed,
            "from": {k: src.get(f"roles.{role}.{k}", "") for k in _ROLE_FIELDS},
        }
        for role, rc in cfg.roles.items()
    }
    backends_out = {}
    for name in _used_backends(cfg):
        b = cfg.backend(name)
        key_state = None
        if b.api_key:
            key_state = "set in the config file"
        elif b.api_key_env:
            key_state = f"${b.api_key_env} {'set' if os.environ.get(b.api_key_env) else 'not set'}"
        backends_out[name] = {
            "type": b.type,
            "base_url": b.base_url,
            "key": key_state,  # whether a key is there, never the key
            "concurrency": b.concurrency,
            "rpm": b.rpm,
            "tpm": b.tpm,
            "timeout": b.timeout,
            "options": {k: v for k, v in b.options.items() if "key" not in k.lower()},
            "from": {
                k.split(".")[-1]: v for k, v in src.items() if k.startswith(f"backends.{name}.")
            },
        }
    return {
        "config": str(cfg.path) if cfg.path else None,
        "config_from": src.get("config"),
        "cache": {
            "path": str(cfg.cache_path),
            "enabled": cfg.cache_enabled,
            "from": {"path": src.get("cache.path"), "enabled": src.get("cache.enabled")},
        },
        "roles": roles,
        "backends": backends_out,
        "prices": {m: vars(p) for m, p in cfg.prices.items()},
        "types": {
            t.name: {
                "default_model": t.default_model,
                "key_env": t.key_env,
                "url_env": t.url_env,
                "needs_key": t.needs_key,
            }
            for t in BACKEND_TYPES.values()
        },
    }


@dataclass(frozen=True)
class ListOptions:
    """The flags of `esc-skills backends list`."""

    llm: LLMOptions
    fmt: str


@subcommand(backends, "list", ListOptions, [llm_options, format_option("text", "json")])
def run_list(opts: ListOptions) -> None:
    """Show the resolved model of every role and where each value came from."""
    info = describe(opts.llm.load_config())
    if opts.fmt == "json":
        click.echo(json.dumps(info, indent=2))
        return
    click.echo(f"config: {info['config'] or '(none: built-in defaults)'}  [{info['config_from']}]")
    cache = info["cache"]
    state = "on" if cache["enabled"] else f"off [{cache['from']['enabled']}]"
    click.echo(f"cache:  {cache['path']} ({state})  [{cache['from']['path']}]")
    click.echo("")
    click.echo(f"{'ROLE':<10} {'MODEL':<34} {'TEMP':>4} {'MAX_TOK':>7} {'SEED':>4}  MODEL FROM")
    for role, r in info["roles"].items():
        seed = "-" if r["seed"] is None else str(r["seed"])
        click.echo(
            f"{role:<10} {r['model']:<34} {r['temperature']:>4g} {r['max_tokens']:>7} "
            f"{seed:>4}  {r['from']['model']}"
        )
    click.echo("")
    click.echo(f"{'BACKEND':<10} {'TYPE':<9} {'CONC':>4} {'RPM':>5} {'TPM':>7} {'TIMEOUT':>7}  "
               "BASE URL / KEY")  # fmt: skip
    for name, b in info["backends"].items():
        in_process = BACKEND_TYPES[b["type"]].in_process
        where = b["base_url"] or ("(in-process)" if in_process else "(default)")
        if b["key"]:
            where += f"  key: {b['key']}"
        click.echo(
            f"{name:<10} {b['type']:<9} {b['concurrency']:>4} {b['rpm'] or '-':>5} "
            f"{b['tpm'] or '-':>7} {b['timeout']:>7g}  {where}"
        )
    click.echo("")
    for name, t in info["types"].items():
        parts = [f"e.g. {t['default_model']}"]
        parts.append(f"key ${t['key_env']}" if t["needs_key"] else "no key")
        if t["url_env"]:
            parts.append(f"url ${t['url_env']}")
        click.echo(f"type {name}: {'; '.join(parts)}")
    if info["prices"]:
        click.echo("")
        for model, p in info["prices"].items():
            click.echo(f"price {model}: ${p['input']}/M in, ${p['output']}/M out")
    if any(r["model"].startswith("local/") for r in info["roles"].values()):
        click.echo("")
        click.echo(LOCAL_NOTE)


@dataclass(frozen=True)
class CheckOptions:
    """The flags of `esc-skills backends check`."""

    llm: LLMOptions
    timeout: float


@subcommand(backends, "check", CheckOptions, [
    llm_options,
    click.option("--timeout", type=FiniteFloatRange(min=0, min_open=True), default=60.0,
                 show_default=True, help="Seconds to wait for each answer."),
])  # fmt: skip
def run_check(opts: CheckOptions) -> None:
    """Make one tiny call per distinct model in use; report latency or the exact failure."""
    cfg, timeout = opts.llm.load_config(), opts.timeout
    models: dict[str, list[str]] = {}
    for role in ROLES:
        models.setdefault(cfg.roles[role].model, []).append(role)
    results = asyncio.run(_check_all(cfg, models, timeout))
    failed = 0
    for model, (ok, detail) in results.items():
        roles = ",".join(models[model])
        status = "ok    " if ok else "FAILED"
        failed += not ok
        click.echo(f"{status} {model:<34} ({roles}) {detail}")
    if failed:
        raise SystemExit(1)


async def _check_all(
    cfg: Config, models: dict[str, list[str]], timeout: float
) -> dict[str, tuple[bool, str]]:
    checks = [_check_one(cfg, model, timeout) for model in models]
    return dict(zip(models, await asyncio.gather(*checks), strict=True))


async def _check_one(cfg: Config, model: str, timeout: float) -> tuple[bool, str]:
    from esc_skills.llm.probe import first_call, first_call_in_child

    try:
        bcfg = cfg.backend(model.split("/", 1)[0])
    except UserError as exc:
        return False, str(exc)
    if BACKEND_TYPES[bcfg.type].native and "cassette" not in bcfg.options:
        # In-process native code: a crash there would kill this command, so probe in a child.
        ok, detail, _ = await asyncio.to_thread(first_call_in_child, bcfg, model, timeout)
        return ok, detail
    return await first_call(bcfg, model, timeout)
