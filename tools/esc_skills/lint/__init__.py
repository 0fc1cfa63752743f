"""`esc-skills lint`: rules with stable ids over SKILL.md folders and banks.

Public API (see docs/bank-and-lint.md): ``lint_paths``, ``lint_skill``, ``has_errors``,
``Finding``, ``Severity``, ``RULES``.
"""

from __future__ import annotations

from esc_skills.lint import review_rules as _review_rules  # registers ESC9xx (--review)
from esc_skills.lint.engine import lint_paths, lint_skill
from esc_skills.lint.model import RULES, Finding, Rule, Severity, has_errors

del _review_rules
__all__ = ["RULES", "Finding", "Rule", "Severity", "has_errors", "lint_paths", "lint_skill"]
