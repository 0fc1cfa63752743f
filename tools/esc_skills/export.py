"""Export the bank to where agents load skills: Claude Code, DeerFlow, `.skill` archives.

Every target is written atomically per skill (a temp folder beside the destination, then a
rename), and a bank that fails lint is refused, so an export never leaves a half-written or
invalid skill behind.
"""

from __future__ import annotations

import json
import os
import shutil
import tempfile
import zipfile
from dataclasses import dataclass
from pathlib import Path

from esc_skills import atomic
from esc_skills.errors import DataError, UserError

TARGETS = ("claude-code", "deerflow", "zip", "claude-plugin")
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


def _load_deerflow_config(path: Path) -> dict[str, object]:
    """DeerFlow's existing extensions_config.json (``{}`` when absent); DataError if bad."""
    data: dict[str, object] = {}
    if path.exists():
        try:
            loaded = json.loads(path.read_text(encoding="utf-8"))
        except (OSError, UnicodeDecodeError, json.JSONDecodeError) as exc:
            raise DataError(
                f"{path}: cannot read existing config ({exc}); fix or move it before exporting"
            ) from exc
        if not isinstance(loaded, dict):
            raise DataError(f"{path}: expected a JSON object at the top level")
        data = loaded
    skills = data.get("skills")
    if skills is None:
        skills = {}
    if not isinstance(skills, dict):
        raise DataError(f"{path}: 'skills' must be an object mapping names to settings")
    data["skills"] = skills
    return data


def merge_deerflow_config(path: Path, names: list[str]) -> None:
    """Enable skills in DeerFlow's extensions_config.json, keeping every other entry."""
    data = _load_deerflow_config(path)
    skills = data["skills"]
    assert isinstance(skills, dict)
    for name in names:
        entry = skills.get(name)
        skills[name] = {**entry, "enabled": True} if isinstance(entry, dict) else {"enabled": True}
    data["skills"] = skills
    atomic.write_json(path, data)


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


def export_bank(bank: Path, target: str, dest: Path, *, check: bool = True) -> ExportResult:
    """Export ``bank`` to ``dest`` for ``target`` (one of TARGETS) after linting it."""
    if target not in TARGETS:
        raise UserError(f"unknown target '{target}'; choose one of {', '.join(TARGETS)}")
    folders = skill_folders(bank)
    if check:
        require_clean(bank)
    if dest.exists() and not dest.is_dir():
        raise UserError(f"{dest}: exists and is not a folder; pass a folder to export into")
    if target == "deerflow":
        # Refuse a broken config before copying anything, so a failed export writes nothing.
        _load_deerflow_config(dest / "extensions_config.json")
    try:
        return _export_to(bank, folders, target, dest)
    except OSError as exc:
        where = exc.filename or dest
        raise DataError(
            f"{where}: cannot write the export ({exc.strerror or exc}); "
            f"check that {dest} is a writable folder with no files in the way"
        ) from exc


def _export_to(bank: Path, folders: list[Path], target: str, dest: Path) -> ExportResult:
    if target == "claude-code":
        return ExportResult(target, copy_skills(folders, dest / ".claude" / "skills"))
    if target == "deerflow":
        written = copy_skills(folders, dest / "skills" / "custom")
        config = dest / "extensions_config.json"
        merge_deerflow_config(config, [f.name for f in folders])
        return ExportResult(target, written, config)
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
