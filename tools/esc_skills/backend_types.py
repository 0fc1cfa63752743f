"""The registry of LLM backend types: adding a backend is one entry in ``BACKEND_TYPES``.

Configuration validation (``[backends.<name>] type``), the per-type defaults, the key and
base-URL variables, whether a key is needed, the model forms in help and error text,
`esc-skills backends list` and the client factory all read this table. It lives outside
``esc_skills.llm`` because the configuration (which that package imports) needs it, and it
imports no SDK: each factory imports its backend module only when called.
"""

from __future__ import annotations

import os
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from esc_skills.config import BackendConfig
    from esc_skills.llm.errors import Secret
    from esc_skills.llm.types import Backend

BackendFactory = Callable[["BackendConfig", "Secret | None"], "Backend"]
CASSETTE_ENV = "ESC_SKILLS_CASSETTE"
FAKE_RULES_ENV = "ESC_SKILLS_FAKE_RULES"  # esc_skills.llm.fake_rules documents the format


@dataclass(frozen=True)
class BackendType:
    """One kind of backend and everything the rest of the tool needs to know about it."""

    name: str
    factory: BackendFactory
    default_model: str  # what `backends list` suggests, e.g. anthropic/claude-sonnet-4-5
    model_form: str  # one phrase for help and error text
    key_env: str | None = None  # the variable holding the API key; None: it takes no key
    url_env: str | None = None  # the variable overriding base_url (as the official SDK's)
    official_url: str | None = None  # a key is needed only against this endpoint
    in_process: bool = False  # runs inside this process (no URL to show)
    native: bool = False  # native code in this process: checks probe it in a child process
    free: bool = False  # costs nothing, so never priced
    example: bool = True  # offered as an example in --model help (not test helpers)
    concurrency: int = 8
    timeout: float = 120.0

    @property
    def needs_key(self) -> bool:
        """Whether the type takes an API key at all (it has a key variable)."""
        return self.key_env is not None

    def key_required(self, base_url: str | None) -> bool:
        """Whether calls to ``base_url`` need a key (official endpoints; local servers don't)."""
        if not self.needs_key:
            return False
        official = (self.official_url or "").rstrip("/")
        return base_url is None or base_url.rstrip("/") == official


def cassette_path(cfg: BackendConfig) -> Path:
    """The cassette file of a backend: its ``cassette`` option, $ESC_SKILLS_CASSETTE, or default."""
    value = cfg.options.get("cassette") or os.environ.get(CASSETTE_ENV)
    return Path(str(value or f".esc-skills/cassettes/{cfg.name}.jsonl"))


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

    rules = os.environ.get(FAKE_RULES_ENV) or cfg.options.get("rules")
    script = None
    if rules:  # a user's scripted answers (esc_skills.llm.fake_rules documents the format)
        from esc_skills.llm.fake_rules import load_rules, rules_script

        script = rules_script(load_rules(str(rules)))
    return FakeBackend(script, latency=float(cfg.options.get("latency", 0.0)))


def _replay(cfg: BackendConfig, key: Secret | None) -> Backend:
    from esc_skills.llm.replay import ReplayBackend

    return ReplayBackend(cassette_path(cfg), mode="none", inner=None, strip_prefix=True)


_TYPES = (
    BackendType(
        "anthropic",
        _anthropic,
        default_model="anthropic/claude-sonnet-4-5",
        model_form="anthropic/<model> (e.g. anthropic/claude-sonnet-4-5, needs ANTHROPIC_API_KEY)",
        key_env="ANTHROPIC_API_KEY",
        url_env="ANTHROPIC_BASE_URL",
        official_url="https://api.anthropic.com",
        concurrency=8,
    ),
    BackendType(
        "openai",
        _openai,
        default_model="openai/gpt-4o-mini",
        model_form="openai/<model> (OpenAI or any compatible server via OPENAI_BASE_URL)",
        key_env="OPENAI_API_KEY",
        url_env="OPENAI_BASE_URL",
        official_url="https://api.openai.com/v1",
        concurrency=16,
    ),
    BackendType(
        "local",
        _local,
        default_model="local/smollm2",
        model_form="local/smollm2 or local/<path.gguf> (embedded llama.cpp)",
        in_process=True,
        native=True,
        free=True,
        # One llama.cpp context per call in flight, each on its share of the cores
        # (llm/local_pool.py): two keep a 2-core machine busy while calls wait on each other.
        concurrency=2,
        timeout=600.0,
    ),
    BackendType(
        "fake",
        _fake,
        default_model="fake/test",
        model_form="fake/<name> (scripted, tests)",
        in_process=True,
        example=False,
        free=True,
        concurrency=64,
        timeout=60.0,
    ),
    BackendType(
        "replay",
        _replay,
        default_model="replay/<backend>/<model>",
        model_form="replay/<backend>/<model> (cassette replay)",
        free=True,
        example=False,
        concurrency=64,
        timeout=60.0,
    ),
)
BACKEND_TYPES: dict[str, BackendType] = {t.name: t for t in _TYPES}


def example_models() -> str:
    """A few real models to try, for --model help."""
    return ", ".join(t.default_model for t in BACKEND_TYPES.values() if t.example)


def model_forms() -> str:
    """The valid ``backend/model`` forms, for help and error text."""
    forms = ", ".join(t.model_form for t in BACKEND_TYPES.values())
    return f"{forms}, or <name>/<model> for a [backends.<name>] section of the config"
