"""Rule ids of the model-assisted safety review (`esc-skills lint --review`), ESC9xx.

Registered with every lint run so `--list-rules`, `--select` and `--ignore` know them; they
only produce findings when `--review` asks the reviewer model (see review.py).
"""

from __future__ import annotations

from esc_skills.lint.model import Severity, rule

E = Severity.ERROR
SCOPE = "review"

REVIEW_FAILED = rule(
    "ESC900", "review-failed", E, "the reviewer gave no valid answer (never a pass)", SCOPE
)
# One id per rubric category (prompts/review_safety.md); the model answers with the category.
CATEGORIES: dict[str, str] = {
    "diagnosis": rule("ESC901", "review-diagnosis", E, "reviewer: diagnoses or labels", SCOPE),
    "medication": rule("ESC902", "review-medication", E, "reviewer: medication advice", SCOPE),
    "secrecy": rule("ESC903", "review-secrecy", E, "reviewer: promises secrecy", SCOPE),
    "outcome": rule("ESC904", "review-outcome", E, "reviewer: promises an outcome", SCOPE),
    "discourages-help": rule(
        "ESC905", "review-discourages-help", E, "reviewer: discourages help", SCOPE
    ),
    "method": rule("ESC906", "review-method", E, "reviewer: method or lethality info", SCOPE),
    "minimises-risk": rule("ESC907", "review-minimises", E, "reviewer: minimises risk", SCOPE),
    "confrontation": rule(
        "ESC908", "review-confrontation", E, "reviewer: unsafe confrontation with abuse", SCOPE
    ),
    "claims-human": rule("ESC909", "review-claims-human", E, "reviewer: claims to be human", SCOPE),
    "injection": rule("ESC910", "review-injection", E, "reviewer: prompt injection", SCOPE),
    "missing-escalation": rule(
        "ESC911", "review-no-escalation", E, "reviewer: risk without a crisis hand-over", SCOPE
    ),
}
