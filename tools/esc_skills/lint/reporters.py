"""Reporters: text (for people), json (for tools), github (workflow annotations)."""

from __future__ import annotations

import json
import os
import sys
from collections.abc import Callable
from pathlib import Path
from typing import TextIO

from esc_skills.lint.model import RULES, Finding, Severity


def display_path(path: Path) -> str:
    """The path relative to the working directory when it lies below it."""
    try:
        rel = os.path.relpath(path)
    except ValueError:
        return str(path)
    return str(path) if rel.startswith("..") else rel


def _counts(findings: list[Finding]) -> tuple[int, int]:
    errors = sum(f.severity is Severity.ERROR for f in findings)
    return errors, len(findings) - errors


def use_color(mode: str, stream: TextIO) -> bool:
    """Resolve --color auto|always|never; auto honours NO_COLOR and FORCE_COLOR and a tty."""
    if mode == "always":
        return True
    if mode == "never" or os.environ.get("NO_COLOR"):
        return False
    if os.environ.get("FORCE_COLOR"):
        return True
    return hasattr(stream, "isatty") and stream.isatty()


def report_text(findings: list[Finding], checked: int, out: TextIO, color: bool) -> None:
    """One line per finding, ``path:line:col: ID [severity] message``, then a summary."""

    def paint(text: str, code: str) -> str:
        return f"\x1b[{code}m{text}\x1b[0m" if color else text

    for f in findings:
        sev = paint(f.severity.value, "31;1" if f.severity is Severity.ERROR else "33;1")
        where = paint(f"{display_path(f.path)}:{f.line}:{f.col}:", "1")
        name = RULES[f.rule].name if f.rule in RULES else ""
        out.write(f"{where} {paint(f.rule, '36')} [{sev}] {f.message} ({name})\n")
    errors, warnings = _counts(findings)
    noun = "skill" if checked == 1 else "skills"
    if findings:
        out.write(f"{errors} error(s), {warnings} warning(s) in {checked} {noun}\n")
    else:
        out.write(paint(f"ok: {checked} {noun} checked, no findings", "32") + "\n")


def report_json(findings: list[Finding], checked: int, out: TextIO, color: bool) -> None:
    """One JSON document: findings plus a summary."""
    errors, warnings = _counts(findings)
    doc = {
        "findings": [f.to_dict() | {"path": display_path(f.path)} for f in findings],
        "summary": {"skills": checked, "errors": errors, "warnings": warnings},
    }
    out.write(json.dumps(doc, indent=2) + "\n")


def _escape(text: str, *, prop: bool = False) -> str:
    text = text.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")
    return text.replace(":", "%3A").replace(",", "%2C") if prop else text


def report_github(findings: list[Finding], checked: int, out: TextIO, color: bool) -> None:
    """GitHub Actions workflow commands: ::error file=...,line=...,col=...,title=...::msg."""
    for f in findings:
        kind = "error" if f.severity is Severity.ERROR else "warning"
        name = RULES[f.rule].name if f.rule in RULES else f.rule
        props = (
            f"file={_escape(display_path(f.path), prop=True)},line={f.line},col={f.col},"
            f"title={_escape(f'{f.rule} {name}', prop=True)}"
        )
        out.write(f"::{kind} {props}::{_escape(f.message)}\n")
    errors, warnings = _counts(findings)
    out.write(f"{errors} error(s), {warnings} warning(s) in {checked} skill(s)\n")


Reporter = Callable[[list[Finding], int, TextIO, bool], None]
REPORTERS: dict[str, Reporter] = {
    "text": report_text,
    "json": report_json,
    "github": report_github,
}


def report(fmt: str, findings: list[Finding], checked: int, color_mode: str = "auto") -> None:
    """Write findings to stdout in the chosen format."""
    out = sys.stdout
    REPORTERS[fmt](findings, checked, out, use_color(color_mode, out))
