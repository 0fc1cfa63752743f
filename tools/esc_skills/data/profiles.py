"""Seeker profiles for SAGE-style simulation: the 100 SAGE seekers and the 500 RLVER ones."""

from __future__ import annotations

import logging
import os
import re
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import Any

import jsonschema

from esc_skills import resources
from esc_skills.errors import DataError
from esc_skills.jsonl import read_json_lines

SOURCES = {
    "sage": Path("sage") / "simulator_profile_withfirsttalk.jsonl",
    "rlver": Path("rlver") / "train_profile.jsonl",
}
MAIN_CHA = {"负面型": "negative", "被动型": "passive", "回避型": "avoidant"}
_CJK = re.compile(r"[\u4e00-\u9fff]")
_NAME = re.compile(r"姓名[：:]\s*([^\s*\n]+)")
log = logging.getLogger(__name__)


@dataclass
class Profile:
    """One simulated seeker: persona, back-story, temperament and hidden goal."""

    id: str
    player: str
    scene: str
    main_cha: str
    cha_group: list[str] = field(default_factory=list)
    task: str = ""
    first_talk: str | None = None
    topic: str | None = None
    source: str = "sage"

    @property
    def language(self) -> str:
        """The language the profile is written in: "zh" or "en"."""
        sample = self.player[:400] + self.scene[:400]
        return "zh" if len(_CJK.findall(sample)) > len(sample) * 0.1 else "en"

    @property
    def name(self) -> str:
        """The persona's name when the profile states one."""
        match = _NAME.search(self.player)
        return match.group(1).strip() if match else "the seeker"

    def summary(self) -> dict[str, Any]:
        """The fields copied into every trace."""
        return {
            "main_cha": self.main_cha,
            "task": self.task,
            "topic": self.topic,
            "cha_group": list(self.cha_group),
        }

    def to_dict(self) -> dict[str, Any]:
        """The profile as a plain dict."""
        return asdict(self)


def profile_file(path_or_data_dir: str | os.PathLike[str], source: str = "sage") -> Path:
    """The profile file for a data directory and source, or the file itself."""
    path = Path(path_or_data_dir)
    if path.is_dir():
        if source == "file":
            raise DataError(
                f"{path}: is a folder; pass a .jsonl profile file (one JSON object per line)"
            )
        if source not in SOURCES:
            raise DataError(f"unknown profile source {source!r}; use one of {', '.join(SOURCES)}")
        path = path / SOURCES[source]
    if not path.is_file():
        raise DataError(
            f"{path}: profile file not found; pass --data-dir DIR or a .jsonl profile file "
            "(`esc-skills data fetch sage` downloads the SAGE profiles)"
        )
    return path


def read_profile_file(path: Path, source: str, report: list[str] | None = None) -> list[Profile]:
    """Parse a JSON-lines profile file; malformed lines are reported and skipped."""
    profiles: list[Profile] = []
    seen: set[str] = set()

    def skip(number: int, reason: str) -> None:
        message = f"{path}:{number}: {reason}; profile skipped"
        log.warning("%s", message)
        if report is not None:
            report.append(message)

    for line in read_json_lines(path, what="profile file"):
        number = line.number
        if line.error:
            skip(number, line.detail)
            continue
        data = line.data
        try:
            resources.validate("profile.schema.json", data)
        except jsonschema.ValidationError as exc:
            where = "/".join(str(p) for p in exc.absolute_path) or "record"
            skip(number, f"{where}: {exc.message} (schema/profile.schema.json)")
            continue
        if data["id"] in seen:
            skip(number, f"duplicate id {data['id']}")
            continue
        seen.add(data["id"])
        profiles.append(
            Profile(
                id=str(data["id"]),
                player=data["player"],
                scene=data["scene"],
                main_cha=data["main_cha"],
                cha_group=list(data.get("cha_group") or []),
                task=data["task"],
                first_talk=data.get("first_talk") or None,
                topic=data.get("topic") or None,
                source=source,
            )
        )
    return profiles


def load_profiles(
    path_or_data_dir: str | os.PathLike[str],
    source: str = "sage",
    ids: list[str] | None = None,
    limit: int | None = None,
    groups: list[str] | None = None,
    report: list[str] | None = None,
) -> list[Profile]:
    """Load profiles, then keep the given ids (in order), main_cha groups and at most ``limit``."""
    path = profile_file(path_or_data_dir, source)
    profiles = read_profile_file(path, source if source in SOURCES else "file", report)
    if ids:
        by_id = {p.id: p for p in profiles}
        missing = [i for i in ids if i not in by_id]
        if missing:
            raise DataError(
                f"{path}: no profile with id {', '.join(missing[:3])}"
                f"{' ...' if len(missing) > 3 else ''}; check --ids against the file"
            )
        profiles = [by_id[i] for i in ids]
    if groups:
        wanted = {_group_key(g) for g in groups}
        unknown = wanted - set(MAIN_CHA)
        if unknown:
            raise DataError(
                f"unknown main_cha group {', '.join(sorted(unknown))}; use "
                + ", ".join(f"{k} ({v})" for k, v in MAIN_CHA.items())
            )
        profiles = [p for p in profiles if p.main_cha in wanted]
    if limit is not None:
        profiles = profiles[: max(limit, 0)]
    return profiles


def _group_key(group: str) -> str:
    """Accept the Chinese label or its English name."""
    english = {v: k for k, v in MAIN_CHA.items()}
    return english.get(group.strip().lower(), group.strip())


def opening_line(profile: Profile, language: str | None = None) -> str:
    """A deterministic first utterance for profiles without ``first_talk`` (RLVER)."""
    if (language or profile.language) == "zh":
        return "最近心里挺乱的，有些事想找人说说。"
    return "Things have been weighing on me lately, and I need to talk to someone."
