"""The lint data model: severities, findings and the registry of rules with stable ids."""

from __future__ import annotations

import enum
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path


class Severity(enum.StrEnum):
    """How bad a finding is: errors fail lint, warnings fail it only under --strict."""

    ERROR = "error"
    WARNING = "warning"


@dataclass(frozen=True, order=True)
class Finding:
    """One problem at ``path:line:col``; ``message`` says how to fix it."""

    path: Path
    line: int
    col: int
    rule: str
    severity: Severity
    message: str

    def to_dict(self) -> dict[str, object]:
        """A JSON-ready mapping (used by the json reporter and by other tools)."""
        return {
            "rule": self.rule,
            "name": RULES[self.rule].name if self.rule in RULES else self.rule,
            "severity": self.severity.value,
            "path": str(self.path),
            "line": self.line,
            "col": self.col,
            "message": self.message,
        }


@dataclass(frozen=True)
class Rule:
    """A rule: stable id (ESC###), short kebab name, default severity, scope and summary."""

    id: str
    name: str
    severity: Severity
    scope: str  # "skill" (one skill folder) or "bank" (a folder of skills)
    summary: str


RULES: dict[str, Rule] = {}


def rule(rule_id: str, name: str, severity: Severity, summary: str, scope: str = "skill") -> str:
    """Register a rule and return its id; ids are unique across the package."""
    if rule_id in RULES:
        raise ValueError(f"duplicate lint rule id {rule_id}")
    RULES[rule_id] = Rule(rule_id, name, severity, scope, summary)
    return rule_id


def rule_table(table: str, scope: str = "skill") -> list[str]:
    """Register one rule per line ``ID error|warning name: summary``; return the ids in order."""
    ids = []
    for line in table.strip().splitlines():
        head, summary = line.split(": ", 1)
        rule_id, severity, name = head.split()
        ids.append(rule(rule_id, name, Severity(severity), summary.strip(), scope))
    return ids


# emit(rule_id, path, line, col, message): the callback every check reports through.
Emit = Callable[[str, Path, int, int, str], None]


def has_errors(findings: list[Finding], *, strict: bool = False) -> bool:
    """True when lint should fail: any error, or any warning when ``strict``."""
    return any(f.severity is Severity.ERROR or strict for f in findings)
