"""The safety battery's inputs: risk profiles and criteria, read with ``FILE:LINE: reason`` errors.

The default files live in the repository's ``safety/`` folder; a wheel that bundles its
resources under ``esc_skills/_resources/`` (as the schemas and prompts are) is read first.
"""

from __future__ import annotations

import os
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from jsonschema.exceptions import best_match

from esc_skills import resources
from esc_skills.data.profiles import Profile
from esc_skills.errors import DataError
from esc_skills.jsonl import read_json_lines
from esc_skills.safety.cues import detect_cues

# The wheel's bundled copy, else the checkout's safety/ folder.
SAFETY_DIR = resources.resource_dir("safety")
DEFAULT_PROFILES = SAFETY_DIR / "profiles.jsonl"
DEFAULT_CRITERIA = SAFETY_DIR / "criteria.jsonl"
APPLIES = ("every-turn", "on-cue", "risk-open")
RISK_CUE = "risk"


@dataclass(frozen=True)
class Criterion:
    """One thing every applicable supporter turn is judged on."""

    name: str
    title: str
    applies: str  # every-turn | on-cue | risk-open
    rubric: str
    cues: tuple[str, ...] = ()


@dataclass(frozen=True)
class ScriptedTurn:
    """One seeker line of a profile and the cues it carries."""

    say: str
    cues: tuple[str, ...] = ()


@dataclass
class RiskProfile:
    """A SAGE profile with a scripted seeker, a stated country and the criteria that apply."""

    profile: Profile
    language: str
    country: str
    category: str
    expected: tuple[str, ...]
    turns: list[ScriptedTurn] = field(default_factory=list)

    @property
    def id(self) -> str:
        """The profile id."""
        return self.profile.id


def _schema_problem(data: Any, name: str) -> str | None:
    """Why a record fails a schema, naming the field, or None."""
    error = best_match(resources.validator(name).iter_errors(data))
    if error is None:
        return None
    where = "/".join(str(p) for p in error.absolute_path) or "record"
    message = error.message if len(error.message) <= 200 else error.message[:197] + "..."
    return f"{where}: {message} (schema/{name})"


def _records(path: Path, what: str) -> list[tuple[int, Any]]:
    """Every line of a JSON-lines file, decoded; the first bad line raises DataError."""
    if not path.is_file():
        raise DataError(f"{path}: {what} not found; pass an existing .jsonl file")
    rows: list[tuple[int, Any]] = []
    for line in read_json_lines(path, what=what):
        if line.error:
            raise DataError(f"{path}:{line.number}: {line.detail}; fix that line")
        rows.append((line.number, line.data))
    if not rows:
        raise DataError(f"{path}: no {what} records; the file is empty")
    return rows


def load_criteria(path: str | os.PathLike[str] | None = None) -> list[Criterion]:
    """Read a criteria file (schema/safety-criterion.schema.json); bad lines raise DataError."""
    file = Path(path) if path else DEFAULT_CRITERIA
    criteria: list[Criterion] = []
    seen: set[str] = set()
    for number, data in _records(file, "criterion file"):
        problem = _schema_problem(data, "safety-criterion.schema.json")
        if problem is None and data["name"] in seen:
            problem = f"duplicate criterion {data['name']!r}"
        if problem is None and data["applies"] == "on-cue" and not data.get("cues"):
            problem = 'applies is on-cue but no cues are listed; add "cues": [...]'
        if problem:
            raise DataError(f"{file}:{number}: {problem}")
        seen.add(data["name"])
        criteria.append(
            Criterion(
                name=data["name"],
                title=data["title"],
                applies=data["applies"],
                rubric=data["rubric"],
                cues=tuple(data.get("cues") or ()),
            )
        )
    return criteria


def load_risk_profiles(
    path: str | os.PathLike[str] | None = None, criteria: list[Criterion] | None = None
) -> list[RiskProfile]:
    """Read a risk-profile file; any malformed line raises ``DataError`` naming file and line."""
    file = Path(path) if path else DEFAULT_PROFILES
    known = {c.name: c for c in (criteria if criteria is not None else load_criteria())}
    profiles: list[RiskProfile] = []
    seen: set[str] = set()
    for number, data in _records(file, "safety profile file"):
        problem = _schema_problem(data, "safety-profile.schema.json")
        if problem is None and "first_talk" not in data and "turns" not in data:
            problem = "no seeker line: give first_talk (a SAGE opening) or turns (a script)"
        profile = None if problem else _build(data, known)
        if profile is not None:
            problem = _consistency(profile, data, known, seen)
        if problem or profile is None:
            raise DataError(f"{file}:{number}: {problem}")
        seen.add(profile.id)
        profiles.append(profile)
    return profiles


def _build(data: dict[str, Any], known: dict[str, Criterion]) -> RiskProfile:
    """A profile from a schema-valid record; missing battery fields get their defaults.

    ``data`` is the profile file's JSON line as read: the schema checked it, and the
    optional battery fields make it several shapes, so it stays a plain dict.
    """
    if "turns" in data:
        turns = [
            ScriptedTurn(t["say"], tuple(t["cues"]) if "cues" in t else detect_cues(t["say"]))
            for t in data["turns"]
        ]
    else:
        turns = [ScriptedTurn(data["first_talk"], detect_cues(data["first_talk"]))]
    profile = Profile(
        id=data["id"],
        player=data["player"],
        scene=data["scene"],
        main_cha=data["main_cha"],
        cha_group=list(data.get("cha_group") or []),
        task=data["task"],
        first_talk=data.get("first_talk") or turns[0].say,
        topic=data.get("topic") or data.get("category"),
        source="safety",
    )
    return RiskProfile(
        profile=profile,
        language=data.get("language") or _written_in(turns[0].say),
        country=data.get("country", ""),
        category=data.get("category", "other"),
        expected=tuple(data["expected"]) if "expected" in data else tuple(known),
        turns=turns,
    )


def _written_in(text: str) -> str:
    return "zh" if any("\u4e00" <= ch <= "\u9fff" for ch in text) else "en"


def _consistency(
    profile: RiskProfile, data: dict[str, Any], known: dict[str, Criterion], seen: set[str]
) -> str | None:
    """What the schema cannot say: ids, the opening, criteria names and their cues."""
    if profile.id in seen:
        return f"duplicate id {profile.id!r}"
    if "first_talk" in data and "turns" in data and data["first_talk"] != profile.turns[0].say:
        return "first_talk must equal turns[0].say (the opening the seeker says)"
    written = _written_in(profile.turns[0].say)
    if "language" in data and written != profile.language:
        return f"language is {profile.language!r} but the opening is written in {written!r}"
    unknown = [name for name in profile.expected if name not in known]
    if unknown:
        return f"expected names unknown criterion {unknown[0]!r}; known: {', '.join(sorted(known))}"
    if "expected" not in data:
        return None  # by default a criterion applies wherever its cues turn up
    cues = {cue for turn in profile.turns for cue in turn.cues}
    for name in profile.expected:
        criterion = known[name]
        if criterion.applies == "on-cue" and not cues & set(criterion.cues):
            return (
                f"expects {name} but no scripted turn carries its cue "
                f"({', '.join(criterion.cues)}); add the cue to the turn where it is due"
            )
        if criterion.applies == "risk-open" and RISK_CUE not in cues:
            return f"expects {name} but no scripted turn carries the cue {RISK_CUE!r}"
    return None


def applicable(
    criterion: Criterion, profile: RiskProfile, turn_index: int, risk_opened_at: int | None
) -> bool:
    """Whether ``criterion`` judges the supporter's reply to scripted turn ``turn_index``."""
    if criterion.name not in profile.expected:
        return False
    if criterion.applies == "every-turn":
        return True
    if criterion.applies == "risk-open":
        return risk_opened_at is not None and turn_index >= risk_opened_at
    return bool(set(profile.turns[turn_index].cues) & set(criterion.cues))
