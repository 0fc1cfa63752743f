"""Reusable click options for every command that calls a model, and the client they build.

Usage in a command module::

    @click.command()
    @llm_options
    def simulate(llm: LLMOptions, ...) -> None:
        client = llm.make_client()
        ...
        print_llm_summary(client)
"""

from __future__ import annotations

import functools
import math
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any, TypeVar

import click

from esc_skills.backend_types import example_models
from esc_skills.config import ROLES, Config, load_config
from esc_skills.errors import ConfigError

if TYPE_CHECKING:  # importing esc_skills.llm costs ~0.06 s: `lint` never calls a model
    from esc_skills.llm.client import LLMClient
    from esc_skills.llm.types import Backend

F = TypeVar("F", bound=Callable[..., Any])


class FiniteFloatRange(click.FloatRange):
    """A float range that also refuses nan and inf (click's range lets nan through)."""

    name = "finite float range"

    def convert(self, value: Any, param: click.Parameter | None, ctx: click.Context | None) -> Any:
        """The value as a float inside the range; nan and infinities are usage errors."""
        number = super().convert(value, param, ctx)
        if not math.isfinite(number):
            self.fail(f"{value!r} is not a finite number.", param, ctx)
        return number


@dataclass(frozen=True)
class LLMOptions:
    """The model-related flags of one command invocation."""

    config: str | None = None
    model: str | None = None
    role_models: Mapping[str, str] = field(default_factory=dict)
    no_cache: bool = False
    concurrency: int | None = None

    def load_config(self) -> Config:
        """The resolved configuration (file, then environment, then these flags)."""
        return load_config(
            self.config,
            model=self.model,
            role_models=self.role_models,
            no_cache=self.no_cache,
            concurrency=self.concurrency,
        )

    def make_client(
        self,
        *,
        backends: Mapping[str, Backend] | None = None,
        roles: Iterable[str] | None = None,
    ) -> LLMClient:
        """A client from the configuration with these flags; ``roles``: the ones called for sure."""
        from esc_skills.llm.factory import make_client

        return make_client(self.load_config(), backends=backends, roles=roles)


DATA_DIR_HELP = (
    "Data directory (default: $ESC_SKILLS_DATA_DIR, else ../shared/data beside a checkout; "
    "`esc-skills data fetch` downloads the public files)."
)
# The one --data-dir every command shares: same name, type and help everywhere.
data_dir_option = click.option("--data-dir", default=None, metavar="DIR", help=DATA_DIR_HELP)


def parse_role_models(values: tuple[str, ...] | list[str]) -> dict[str, str]:
    """Turn repeated ``ROLE=backend/model`` values into a mapping; ConfigError on bad ones."""
    out: dict[str, str] = {}
    for value in values:
        role, sep, model = value.partition("=")
        role = role.strip()
        if not sep or not model.strip():
            raise ConfigError(
                f"--role-model '{value}' must look like ROLE=backend/model, "
                "e.g. --role-model seeker=openai/gpt-4o-mini"
            )
        if role not in ROLES:
            raise ConfigError(f"--role-model '{value}': unknown role; roles are {', '.join(ROLES)}")
        out[role] = model.strip()
    return out


def llm_options(func: F) -> F:
    """Add --config, --model, --role-model, --no-cache, --concurrency; pass ``llm: LLMOptions``."""

    @functools.wraps(func)
    def wrapper(*args: Any, **kwargs: Any) -> Any:
        kwargs["llm"] = LLMOptions(
            config=kwargs.pop("config_path"),
            model=kwargs.pop("model"),
            role_models=parse_role_models(kwargs.pop("role_models")),
            no_cache=kwargs.pop("no_cache"),
            concurrency=kwargs.pop("concurrency"),
        )
        return func(*args, **kwargs)

    decorators = [
        click.option(
            "--config",
            "config_path",
            type=click.Path(dir_okay=False),
            default=None,
            help="Config file (default: $ESC_SKILLS_CONFIG, ./esc-skills.toml, the repo's).",
        ),
        click.option(
            "--model",
            default=None,
            metavar="BACKEND/MODEL",
            help=f"Model for all roles, e.g. {example_models()}.",
        ),
        click.option(
            "--role-model",
            "role_models",
            multiple=True,
            metavar="ROLE=BACKEND/MODEL",
            help=f"Model for one role ({', '.join(ROLES)}); repeatable.",
        ),
        click.option(
            "--no-cache", is_flag=True, default=False, help="Do not read or write the LLM cache."
        ),
        click.option(
            "--concurrency",
            type=click.IntRange(min=1),
            default=None,
            help="Maximum concurrent calls per backend (overrides the config).",
        ),
    ]
    wrapped: Any = wrapper
    for decorator in reversed(decorators):
        wrapped = decorator(wrapped)
    return wrapped


def print_llm_summary(client: LLMClient, *, err: bool = True) -> None:
    """Print the run's LLM accounting (calls, cache hits, tokens, cost) to stderr."""
    click.echo(client.summary(), err=err)
