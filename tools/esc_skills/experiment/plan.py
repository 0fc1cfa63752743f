"""The experiment grid: one TOML file declares banks, backbones, levels and settings.

Parsing is strict: an unknown key, bank, level or setting is refused with the file, the key
and the allowed values before anything runs (exit 2).
"""

from __future__ import annotations

import os
import re
import tomllib
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from esc_skills.agent.retrievers import RETRIEVER_CHOICES as RETRIEVERS
from esc_skills.errors import ConfigError
from esc_skills.sage.baselines import BASELINES

LEVELS = ("esconv", "sage", "safety")
# Named baselines come from the baseline registry; anything else is a folder or FOLDER@REVISION.
NAMED_BANKS = BASELINES
MODEL_VARIABLE = "ESC_SKILLS_MODEL"
_SLUG = re.compile(r"[^A-Za-z0-9._-]+")

_TOP_KEYS = {"experiment", "backbones", "sage", "esconv"}
_EXPERIMENT_KEYS = {"name", "out", "levels", "banks", "seeds", "repeats", "reference_bank"}
_BACKBONE_KEYS = {"model", "roles"}
_SAGE_KEYS = {"profiles", "ids", "limit", "max_rounds", "language", "retriever", "top_k"}
_ESCONV_KEYS = {"split", "limit", "top_k", "history", "batch"}


@dataclass(frozen=True)
class SageSettings:
    """Dialogue-level settings (SAGE protocol)."""

    profiles: str = "sage"
    ids: tuple[str, ...] = ()
    limit: int | None = 100
    max_rounds: int = 10
    language: str = "profile"
    retriever: str = "auto"
    top_k: int = 3


@dataclass(frozen=True)
class EsconvSettings:
    """Response-level settings (ESConv test split)."""

    split: str = "test"
    limit: int | None = None
    top_k: int = 3
    history: int | None = None
    batch: bool = False  # send the turns through the provider's batch API first


@dataclass(frozen=True)
class Backbone:
    """One backbone: a model for every role, with per-role overrides."""

    name: str
    model: str
    roles: dict[str, str] = field(default_factory=dict)

    def role_models(self) -> dict[str, str]:
        """Role -> backend/model for the client."""
        from esc_skills.config import ROLES

        return {role: self.roles.get(role, self.model) for role in ROLES}

    @property
    def smoke(self) -> bool:
        """True when any role uses the embedded smoke-quality model or a fake."""
        return any(m.split("/", 1)[0] in ("local", "fake") for m in self.role_models().values())


@dataclass(frozen=True)
class Cell:
    """One run of the grid: a bank on a backbone at one level, seed and repeat."""

    level: str
    bank: str
    backbone: Backbone
    seed: int
    repeat: int

    @property
    def run_seed(self) -> int:
        """The seed model calls use: repeats of a seed differ, reruns of a cell do not."""
        return self.seed * 100 + self.repeat

    @property
    def slug(self) -> str:
        """A file-system-safe unique name for the cell's folder."""
        bank = _SLUG.sub("-", self.bank).strip("-") or "bank"
        return f"{self.level}/{bank}/{self.backbone.name}/s{self.seed}-r{self.repeat}"


@dataclass(frozen=True)
class Experiment:
    """A parsed experiment file."""

    path: Path
    name: str
    out: Path
    levels: tuple[str, ...]
    banks: tuple[str, ...]
    backbones: tuple[Backbone, ...]
    seeds: tuple[int, ...]
    repeats: int
    reference_bank: str
    sage: SageSettings
    esconv: EsconvSettings

    def cells(self) -> list[Cell]:
        """Every cell, levels outermost."""
        return [
            Cell(level, bank, backbone, seed, repeat)
            for level in self.levels
            for backbone in self.backbones
            for bank in self.banks
            for seed in self.seeds
            for repeat in range(self.repeats)
        ]

    @property
    def smoke(self) -> bool:
        """True when any backbone runs on the embedded smoke-quality model or a fake."""
        return any(b.smoke for b in self.backbones)


def _fail(path: Path, key: str, problem: str) -> ConfigError:
    return ConfigError(f"{path}: [{key}] {problem}")


def _check_keys(path: Path, table: str, data: dict[str, Any], allowed: set[str]) -> None:
    unknown = sorted(set(data) - allowed)
    if unknown:
        raise _fail(
            path, table, f"unknown key {unknown[0]!r}; allowed keys: {', '.join(sorted(allowed))}"
        )


def _table(path: Path, raw: dict[str, Any], key: str) -> dict[str, Any]:
    value = raw.get(key, {})
    if not isinstance(value, dict):
        raise _fail(path, key, "must be a table")
    return value


def _int(path: Path, key: str, value: object, low: int, high: int | None = None) -> int:
    if isinstance(value, bool) or not isinstance(value, int):
        raise _fail(path, key, f"must be an integer, not {value!r}")
    if value < low or (high is not None and value > high):
        bound = f"{low}..{high}" if high is not None else f">= {low}"
        raise _fail(path, key, f"{value} is out of range ({bound})")
    return value


def _str_list(path: Path, key: str, value: object) -> tuple[str, ...]:
    if not isinstance(value, list) or not all(isinstance(v, str) and v.strip() for v in value):
        raise _fail(path, key, "must be a list of non-empty strings")
    return tuple(v.strip() for v in value)


def _check_bank(path: Path, spec: str) -> str:
    if spec in NAMED_BANKS:
        return spec
    # Folders are relative to the current directory, as in every other command.
    folder, _, revision = spec.partition("@")
    if revision:
        return spec  # checked against git when the cell runs
    if not Path(folder).is_dir() and folder not in ("skills", "bank"):
        raise _fail(
            path,
            "experiment.banks",
            f"bank {spec!r} is neither a folder nor one of {', '.join(NAMED_BANKS)} "
            "(an evolved bank at a git revision is written FOLDER@REVISION, e.g. skills@main)",
        )
    return spec


def _backbones(path: Path, raw: dict[str, Any], model_flag: str | None) -> tuple[Backbone, ...]:
    from esc_skills.config import ROLES, parse_model

    table = _table(path, raw, "backbones")
    if not table:
        table = {"main": {}}
    out = []
    for name, spec in table.items():
        key = f"backbones.{name}"
        if not isinstance(spec, dict):
            raise _fail(path, key, "must be a table with model = 'backend/model'")
        _check_keys(path, key, spec, _BACKBONE_KEYS)
        model = model_flag or spec.get("model") or os.environ.get(MODEL_VARIABLE)
        if not model:
            raise _fail(
                path,
                key,
                "no model: set model = 'backend/model' here, pass --model, "
                f"or set {MODEL_VARIABLE}",
            )
        roles = spec.get("roles", {})
        if not isinstance(roles, dict):
            raise _fail(path, f"{key}.roles", "must be a table of role = 'backend/model'")
        for role, role_model in roles.items():
            if role not in ROLES:
                raise _fail(
                    path, f"{key}.roles", f"unknown role {role!r}; roles: {', '.join(ROLES)}"
                )
            if not isinstance(role_model, str):
                raise _fail(path, f"{key}.roles.{role}", "must be a 'backend/model' string")
        for value in (model, *roles.values()):
            try:
                parse_model(str(value))
            except ConfigError as exc:
                raise _fail(path, key, str(exc)) from None
        out.append(Backbone(str(name), str(model), {str(k): str(v) for k, v in roles.items()}))
    return tuple(out)


def _sage(path: Path, raw: dict[str, Any]) -> SageSettings:
    data = _table(path, raw, "sage")
    _check_keys(path, "sage", data, _SAGE_KEYS)
    base = SageSettings()
    retriever = data.get("retriever", base.retriever)
    if retriever not in RETRIEVERS:
        raise _fail(path, "sage.retriever", f"{retriever!r}; allowed: {', '.join(RETRIEVERS)}")
    language = data.get("language", base.language)
    if language not in ("profile", "zh", "en"):
        raise _fail(path, "sage.language", f"{language!r}; allowed: profile, zh, en")
    limit = data.get("limit", base.limit)
    return SageSettings(
        profiles=str(data.get("profiles", base.profiles)),
        ids=_str_list(path, "sage.ids", data["ids"]) if "ids" in data else (),
        limit=None if limit is None else _int(path, "sage.limit", limit, 1),
        max_rounds=_int(path, "sage.max_rounds", data.get("max_rounds", base.max_rounds), 1, 50),
        language=language,
        retriever=retriever,
        top_k=_int(path, "sage.top_k", data.get("top_k", base.top_k), 0, 20),
    )


def _esconv(path: Path, raw: dict[str, Any]) -> EsconvSettings:
    data = _table(path, raw, "esconv")
    _check_keys(path, "esconv", data, _ESCONV_KEYS)
    split = data.get("split", "test")
    if split not in ("test", "valid"):
        raise _fail(path, "esconv.split", f"{split!r}; allowed: test, valid")
    limit = data.get("limit")
    history = data.get("history")
    batch = data.get("batch", False)
    if not isinstance(batch, bool):
        raise _fail(path, "esconv.batch", f"must be true or false, not {batch!r}")
    return EsconvSettings(
        batch=batch,
        split=split,
        limit=None if limit is None else _int(path, "esconv.limit", limit, 1),
        top_k=_int(path, "esconv.top_k", data.get("top_k", 3), 0, 20),
        history=None if history is None else _int(path, "esconv.history", history, 0),
    )


def load_experiment(
    path: str | os.PathLike[str], *, model: str | None = None, out: str | None = None
) -> Experiment:
    """Parse and validate an experiment file (``model`` overrides every backbone's model)."""
    file = Path(path)
    try:
        raw = tomllib.loads(file.read_text(encoding="utf-8-sig"))  # a BOM is not an error
    except FileNotFoundError:
        raise ConfigError(f"{file}: experiment file not found") from None
    except (OSError, UnicodeDecodeError) as exc:
        raise ConfigError(f"{file}: cannot read the experiment file ({exc})") from None
    except tomllib.TOMLDecodeError as exc:
        raise ConfigError(f"{file}: not valid TOML ({exc})") from None
    _check_keys(file, "top level", raw, _TOP_KEYS)
    exp = _table(file, raw, "experiment")
    _check_keys(file, "experiment", exp, _EXPERIMENT_KEYS)
    levels = _str_list(file, "experiment.levels", exp.get("levels", list(LEVELS)))
    for level in levels:
        if level not in LEVELS:
            raise _fail(file, "experiment.levels", f"{level!r}; allowed: {', '.join(LEVELS)}")
    banks = _str_list(file, "experiment.banks", exp.get("banks", ["none", "skills"]))
    banks = tuple(_check_bank(file, b) for b in banks)
    seeds_raw = exp.get("seeds", [0])
    if not isinstance(seeds_raw, list) or not seeds_raw:
        raise _fail(file, "experiment.seeds", "must be a non-empty list of integers")
    seeds = tuple(_int(file, "experiment.seeds", s, 0, 10**6) for s in seeds_raw)
    reference = str(exp.get("reference_bank", "skills"))
    name = str(exp.get("name", file.stem))
    out_dir = Path(out) if out else Path(str(exp.get("out", f"runs/experiments/{name}")))
    return Experiment(
        path=file,
        name=name,
        out=out_dir,
        levels=levels,
        banks=banks,
        backbones=_backbones(file, raw, model),
        seeds=seeds,
        repeats=_int(file, "experiment.repeats", exp.get("repeats", 1), 1, 100),
        reference_bank=reference,
        sage=_sage(file, raw),
        esconv=_esconv(file, raw),
    )
