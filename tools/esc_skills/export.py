"""Export the bank to where agents load skills: Claude Code, DeerFlow, `.skill` archives.

Every target is written atomically per skill (a temp folder beside the destination, then a
rename), and a bank that fails lint is refused, so an export never leaves a half-written or
invalid skill behind.
"""

from __future__ import annotations

import os
import re
import shutil
import tempfile
import zipfile
from dataclasses import dataclass
from pathlib import Path

from esc_skills import atomic
from esc_skills.errors import DataError, UserError
from esc_skills.jsonl import read_json

TARGETS = ("claude-code", "deerflow", "zip", "claude-plugin")
# Where DeerFlow loads skills (checked against bytedance/deer-flow, 2026): `public` is
# <project>/skills/public/ enabled in <project>/extensions_config.json; `user` is one user's
# custom folder <home>/users/<id>/skills/custom/ with its <home>/users/<id>/skills/
# _skill_states.json; `legacy` is the old global <project>/skills/custom/, which DeerFlow
# now shows read-only and only to users who have no custom skills of their own.
DEERFLOW_LAYOUTS = ("public", "user", "legacy")
# DeerFlow's own rule for user ids used in paths (deerflow.config.paths._validate_user_id).
DEERFLOW_USER_ID = re.compile(r"^[A-Za-z0-9_-]+$")
# Fixed timestamp for archive members so a .skill file is byte-for-byte reproducible.
ZIP_DATE = (2020, 1, 1, 0, 0, 0)


@dataclass(frozen=True)
class ExportResult:
    """What an export wrote."""

    target: str
    written: list[Path]
    config: Path | None = None


class LintFailed(UserError):
    """The bank has lint errors; exporting it would ship broken skills."""

    exit_code = 1


def skill_folders(bank: Path) -> list[Path]:
    """The bank's skill folders (with SKILL.md), sorted by name."""
    if not bank.is_dir():
        raise DataError(f"{bank}: bank folder does not exist; pass --bank PATH")
    folders = sorted(p for p in bank.iterdir() if p.is_dir() and (p / "SKILL.md").is_file())
    if not folders:
        raise DataError(f"{bank}: no <name>/SKILL.md folders inside; is this a bank?")
    return folders


def require_clean(bank: Path) -> None:
    """Raise LintFailed when the bank has lint errors (warnings are allowed)."""
    from esc_skills.lint import Severity
    from esc_skills.lint.engine import run_lint

    findings, _ = run_lint([bank])
    errors = [f for f in findings if f.severity is Severity.ERROR]
    if errors:
        first = errors[0]
        raise LintFailed(
            f"{bank} fails lint with {len(errors)} error(s), e.g. {first.path}:{first.line}: "
            f"{first.rule} {first.message}; run `esc-skills lint {bank}` and fix them first"
        )


def _files(folder: Path) -> list[Path]:
    # Hidden files (editor droppings, .DS_Store) stay behind; lint forbids symlinks.
    out = []
    for root, dirs, files in os.walk(folder):
        dirs[:] = sorted(d for d in dirs if not d.startswith("."))
        out += [Path(root) / f for f in sorted(files) if not f.startswith(".")]
    return out


def copy_skills(folders: list[Path], dest_root: Path) -> list[Path]:
    """Copy each skill folder into dest_root/<name>/, atomically per skill."""
    dest_root.mkdir(parents=True, exist_ok=True)
    written = []
    with tempfile.TemporaryDirectory(dir=dest_root, prefix=".export-") as tmp:
        for folder in folders:
            staged = Path(tmp) / folder.name
            for src in _files(folder):
                target = staged / src.relative_to(folder)
                target.parent.mkdir(parents=True, exist_ok=True)
                shutil.copy2(src, target)
            atomic.replace_dir(staged, dest_root / folder.name)
            written.append(dest_root / folder.name)
    return written


def _read_json_object(path: Path, what: str) -> dict[str, object]:
    """A JSON object file DeerFlow keeps (``{}`` when absent); DataError naming it if bad."""
    if not path.exists():
        return {}
    loaded = read_json(path, what=f"existing {what}", fix="fix or move it before exporting")
    if not isinstance(loaded, dict):
        raise DataError(f"{path}: expected a JSON object at the top level")
    return loaded


def _load_deerflow_config(path: Path) -> dict[str, object]:
    """DeerFlow's existing extensions_config.json, with its ``skills`` object checked."""
    data = _read_json_object(path, "config")
    skills = data.setdefault("skills", {})
    if not isinstance(skills, dict):
        raise DataError(f"{path}: 'skills' must be an object mapping names to settings")
    return data


def _load_skill_states(path: Path) -> dict[str, object]:
    """A DeerFlow user's _skill_states.json (skill name -> state)."""
    return _read_json_object(path, "skill states")


def _enable(states: dict[str, object], names: list[str]) -> None:
    """Mark each name enabled, keeping whatever else its entry holds."""
    for name in names:
        entry = states.get(name)
        states[name] = {**entry, "enabled": True} if isinstance(entry, dict) else {"enabled": True}


def merge_deerflow_config(path: Path, names: list[str]) -> None:
    """Enable skills in DeerFlow's extensions_config.json, keeping every other entry."""
    data = _load_deerflow_config(path)
    skills = data["skills"]
    assert isinstance(skills, dict)
    _enable(skills, names)
    atomic.write_json(path, data)


def merge_skill_states(path: Path, names: list[str]) -> None:
    """Enable skills in a DeerFlow user's _skill_states.json, keeping other entries."""
    states = _load_skill_states(path)
    _enable(states, names)
    atomic.write_json(path, states)


def write_skill_archive(folder: Path, dest: Path) -> Path:
    """Write <dest>/<name>.skill: a zip whose single top folder is the skill's name."""
    dest.mkdir(parents=True, exist_ok=True)
    out = dest / f"{folder.name}.skill"
    with (
        atomic.open_binary(out) as handle,
        zipfile.ZipFile(handle, "w", compression=zipfile.ZIP_DEFLATED) as archive,
    ):
        for src in _files(folder):
            arcname = f"{folder.name}/{src.relative_to(folder).as_posix()}"
            info = zipfile.ZipInfo(arcname, date_time=ZIP_DATE)
            info.compress_type = zipfile.ZIP_DEFLATED
            info.external_attr = 0o644 << 16
            archive.writestr(info, src.read_bytes())
    return out


@dataclass(frozen=True)
class DeerFlowPlace:
    """Where a DeerFlow export goes: the skill folder root and the file that enables them."""

    skills_root: Path
    state_file: Path
    per_user: bool


def deerflow_place(dest: Path, layout: str, user: str | None) -> DeerFlowPlace:
    """Resolve DeerFlow's folders under ``dest`` for a layout (see DEERFLOW_LAYOUTS)."""
    if layout not in DEERFLOW_LAYOUTS:
        raise UserError(
            f"unknown DeerFlow layout '{layout}'; choose one of {', '.join(DEERFLOW_LAYOUTS)}"
        )
    if layout == "user":
        if not user or not DEERFLOW_USER_ID.match(user):
            raise UserError(
                f"--deerflow-user {user!r}: DeerFlow user ids are letters, digits, '-' and '_'; "
                "pass the id of the user whose custom skills should hold the bank"
            )
        skills_dir = dest / "users" / user / "skills"
        return DeerFlowPlace(skills_dir / "custom", skills_dir / "_skill_states.json", True)
    if user:
        raise UserError("--deerflow-user applies to the user layout; add --deerflow-layout user")
    folder = "public" if layout == "public" else "custom"
    return DeerFlowPlace(dest / "skills" / folder, dest / "extensions_config.json", False)


def export_bank(
    bank: Path,
    target: str,
    dest: Path,
    *,
    check: bool = True,
    deerflow_layout: str = "public",
    deerflow_user: str | None = None,
) -> ExportResult:
    """Export ``bank`` to ``dest`` for ``target`` (one of TARGETS) after linting it."""
    if target not in TARGETS:
        raise UserError(f"unknown target '{target}'; choose one of {', '.join(TARGETS)}")
    place = deerflow_place(dest, deerflow_layout, deerflow_user) if target == "deerflow" else None
    folders = skill_folders(bank)
    if check:
        require_clean(bank)
    if dest.exists() and not dest.is_dir():
        raise UserError(f"{dest}: exists and is not a folder; pass a folder to export into")
    # Refuse anything in the way before the first write, so a failed export writes nothing
    # and never replaces a user's file: archives must land on files, skill folders on folders.
    if target == "zip":
        blocked = [dest / f"{f.name}.skill" for f in folders]
        blocked = [b for b in blocked if b.exists() and not b.is_file()]
    else:
        root = {"claude-code": dest / ".claude" / "skills", "claude-plugin": dest / "skills"}.get(
            target, place.skills_root if place is not None else dest
        )
        blocked = [p for p in (root, *root.parents) if p.exists() and not p.is_dir()][:1]
        blocked += [root / f.name for f in folders if (root / f.name).is_file()]
    from esc_skills.outputs import check_output_folder

    check_output_folder(dest, "DEST")  # read-only: refused before the first write
    if blocked:
        kind = "folder" if blocked[0].is_dir() else "file"
        raise UserError(
            f"{blocked[0]}: cannot write the export (a {kind} is in the way); move it or "
            f"export into another folder ({len(blocked)} in the way)"
        )
    if place is not None:
        # Refuse a broken state file before copying anything, so a failed export writes nothing.
        if place.per_user:
            _load_skill_states(place.state_file)
        else:
            _load_deerflow_config(place.state_file)
    try:
        return _export_to(bank, folders, target, dest, place)
    except OSError as exc:
        where = exc.filename or dest
        if Path(where).name.startswith(".") and Path(where).name.endswith(".tmp"):
            where = Path(where).parent  # our temp file means nothing to the user
        raise DataError(
            f"{where}: cannot write the export ({exc.strerror or exc}); "
            f"check that {dest} is a writable folder with no files in the way"
        ) from exc


def _export_to(
    bank: Path, folders: list[Path], target: str, dest: Path, place: DeerFlowPlace | None
) -> ExportResult:
    if target == "claude-code":
        return ExportResult(target, copy_skills(folders, dest / ".claude" / "skills"))
    if place is not None:
        written = copy_skills(folders, place.skills_root)
        names = [f.name for f in folders]
        if place.per_user:
            merge_skill_states(place.state_file, names)
        else:
            merge_deerflow_config(place.state_file, names)
        return ExportResult(target, written, place.state_file)
    if target == "zip":
        return ExportResult(target, [write_skill_archive(f, dest) for f in folders])
    return _export_plugin(bank, folders, dest)


def _export_plugin(bank: Path, folders: list[Path], dest: Path) -> ExportResult:
    # A marketplace folder: DIR/.claude-plugin/marketplace.json listing DIR/skills/<name>.
    from esc_skills.bank_index import MARKETPLACE, collect, render_marketplace

    skills_dir = dest / "skills"
    written = []
    if bank.resolve() != skills_dir.resolve():
        written = copy_skills(folders, skills_dir)
    manifest = dest / MARKETPLACE
    rows = [r for r in collect(bank) if r.folder in {f.name for f in folders}]
    atomic.write_text(manifest, render_marketplace(rows, "skills"))
    return ExportResult("claude-plugin", written, manifest)
