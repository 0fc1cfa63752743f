"""Body rules (ESC2xx): non-empty, under 500 lines, the fixed H2 sections present and filled."""

from __future__ import annotations

from esc_skills.bank import SECTIONS
from esc_skills.lint.document import SkillDoc
from esc_skills.lint.model import Emit, rule_table

(
    BODY_EMPTY,
    BODY_LONG,
    SECTION_MISSING,
    SECTION_EMPTY,
    SECTION_DUP,
    SECTION_ORDER,
) = rule_table(
    """
ESC201 error body-empty: the markdown body after the frontmatter is empty
ESC202 error body-too-long: the body must stay under 500 lines
ESC203 error section-missing: a required H2 section is missing
ESC204 error section-empty: a required H2 section has no content
ESC205 error section-duplicate: a required H2 section appears twice
ESC206 warning section-order: required sections are out of order
"""
)

MAX_BODY_LINES = 500


def check_body(doc: SkillDoc, emit: Emit) -> None:
    """Body length and the required sections."""
    if not doc.fm_closed or doc.text is None:
        return
    p = doc.path
    if not doc.body.strip():
        emit(
            BODY_EMPTY,
            p,
            doc.fm_end_line,
            1,
            f"the body is empty; add the sections {', '.join(SECTIONS)} as '## Title' headings",
        )
        return
    n = len(doc.body.rstrip("\n").split("\n"))
    if n >= MAX_BODY_LINES:
        emit(
            BODY_LONG,
            p,
            doc.body_line + MAX_BODY_LINES - 1,
            1,
            f"the body has {n} lines; "
            "keep it under 500 and move long material to references/ (linked one level deep)",
        )
    found: dict[str, int] = {}
    order: list[str] = []
    wanted = {s.lower(): s for s in SECTIONS}
    for section in doc.sections:
        canonical = wanted.get(section.title.lower())
        if canonical is None:
            continue
        if canonical in found:
            emit(
                SECTION_DUP,
                p,
                section.line,
                1,
                f"section '## {canonical}' already starts on "
                f"line {found[canonical]}; merge the two",
            )
            continue
        found[canonical] = section.line
        order.append(canonical)
        if not section.content:
            emit(
                SECTION_EMPTY,
                p,
                section.line,
                1,
                f"section '## {canonical}' is empty; write "
                "its content or the skill cannot guide a supporter",
            )
    for title in SECTIONS:
        if title not in found:
            emit(
                SECTION_MISSING,
                p,
                doc.body_line,
                1,
                f"section '## {title}' is missing; add it (required: " + ", ".join(SECTIONS) + ")",
            )
    expected = [t for t in SECTIONS if t in found]
    if order != expected:
        first = next(t for t, e in zip(order, expected, strict=True) if t != e)
        emit(
            SECTION_ORDER,
            p,
            found[first],
            1,
            f"section '## {first}' is out of order; use the order " + ", ".join(SECTIONS),
        )
