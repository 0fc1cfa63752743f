"""The files the tool reads at run time: JSON Schemas, prompt templates, the taxonomy, defaults.

The repository's top-level ``schema/``, ``prompts/`` and ``esc-skills.toml`` are the source
of truth. Building a wheel copies them into the package as ``esc_skills/_resources/``
(``setup.py``), so an installed tool (pip, pipx, a pre-commit hook environment) finds them
with importlib.resources. A checkout or an editable install has no such copy and reads the
repository folders directly, so an edit to a prompt is live without rebuilding anything.

Loaded schemas, compiled validators and prompt templates are cached per process.
"""

from __future__ import annotations

import json
from functools import cache
from importlib.resources import files
from pathlib import Path
from string import Template
from typing import TYPE_CHECKING, Any

from esc_skills.errors import DataError

if TYPE_CHECKING:
    from jsonschema.protocols import Validator

PACKAGE = "esc_skills"
BUNDLE = "_resources"  # the folder setup.py fills inside the built package
KINDS = ("schema", "prompts", "safety", "lint")
CONFIG_NAME = "esc-skills.toml"


def _package_dir() -> Path:
    # Wheels are installed unpacked, so the package is a folder on disk; zip imports are
    # not supported (the taxonomy and config loaders want real paths).
    return Path(str(files(PACKAGE)))


def checkout_root() -> Path | None:
    """The repository root when the package runs from a checkout (or editable install)."""
    root = _package_dir().parents[1]
    if (root / "pyproject.toml").is_file() and (root / "tools" / PACKAGE).is_dir():
        return root
    return None


@cache
def _base() -> Path:
    bundled = _package_dir() / BUNDLE
    if bundled.is_dir():
        return bundled
    # No bundle: a checkout or editable install reads the repository; otherwise the
    # install is broken, and reading a resource says which file is missing.
    return checkout_root() or bundled


def bundled() -> bool:
    """Whether resources come from the installed package rather than a checkout."""
    return _base().name == BUNDLE


def resource_dir(kind: str) -> Path:
    """The folder holding one kind of resource: ``schema``, ``prompts``, ``safety`` or ``lint``."""
    if kind not in KINDS:
        raise ValueError(f"unknown resource kind {kind!r}; use one of {KINDS}")
    return _base() / kind


def schema_file(name: str) -> Path:
    """The path of a JSON Schema (or the taxonomy), e.g. ``iu.schema.json``."""
    return resource_dir("schema") / name


def prompt_file(name: str) -> Path:
    """The path of a prompt template, e.g. ``agent_system.md``."""
    return resource_dir("prompts") / name


def taxonomy_file() -> Path:
    """The path of the shipped taxonomy (schema/taxonomy.yaml)."""
    return schema_file("taxonomy.yaml")


def default_config_file() -> Path:
    """The esc-skills.toml used when no flag, variable or ./esc-skills.toml names one."""
    return _base() / CONFIG_NAME


def _read(path: Path) -> str:
    try:
        return path.read_text(encoding="utf-8")
    except OSError as exc:
        raise DataError(
            f"{path}: cannot read a shipped resource ({exc.strerror}); reinstall esc-skills "
            "from a wheel or a checkout"
        ) from None


@cache
def schema(name: str) -> dict[str, Any]:
    """A shipped JSON Schema as a dict; cached and shared, so callers must not mutate it."""
    data: dict[str, Any] = json.loads(_read(schema_file(name)))
    return data


@cache
def validator(name: str) -> Validator:
    """A checked, compiled validator for a shipped schema (the schema is checked once)."""
    return compiled(json.dumps(schema(name), sort_keys=True))


@cache
def compiled(schema_json: str) -> Validator:
    """A checked, compiled validator for a schema given as canonical JSON text.

    ``jsonschema.validate`` re-checks the schema and rebuilds the validator on every call;
    keying on the JSON text lets callers with ad-hoc schemas (the LLM client) share this cache.
    """
    import jsonschema  # ~60 ms to import: only commands that validate pay for it

    data = json.loads(schema_json)
    cls = jsonschema.validators.validator_for(data)
    cls.check_schema(data)
    return cls(data)


def validator_for(data: dict[str, Any]) -> Validator:
    """The cached, compiled validator of an in-memory schema."""
    return compiled(json.dumps(data, sort_keys=True))


def validate(name: str, instance: Any) -> None:
    """Raise jsonschema.ValidationError (the most relevant error) when ``instance`` fails."""
    from jsonschema.exceptions import best_match

    error = best_match(validator(name).iter_errors(instance))
    if error is not None:
        raise error


@cache
def prompt(name: str) -> str:
    """The text of a prompt template."""
    return _read(prompt_file(name))


def template(name: str) -> Template:
    """A prompt template as a ``string.Template`` (``$name`` placeholders)."""
    return Template(prompt(name))
