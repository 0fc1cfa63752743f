"""Write a candidate SKILL.md with the generator role; lint it, regenerate or drop it."""

from __future__ import annotations

import tempfile
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from esc_skills import resources
from esc_skills.bank import SECTIONS, Skill, render_skill, save_skill
from esc_skills.data.traces import Trace
from esc_skills.evolve.aggregate import Candidate
from esc_skills.evolve.analyse_llm import fill
from esc_skills.evolve.conversations import transcript
from esc_skills.evolve.records import AnalysisReport
from esc_skills.llm import LLMClient
from esc_skills.llm.types import JSONSchema
from esc_skills.taxonomy import load_taxonomy

MAX_TRIES = 3  # generations per candidate before it is dropped
SECTION_FIELDS = {title: title.lower().replace(" ", "_") for title in SECTIONS}
LABEL_KEYS = {
    "seeker_states": "esc-seeker-states",
    "support_actions": "esc-support-actions",
    "scenarios": "esc-scenarios",
}


def draft_schema() -> JSONSchema:
    """What the generator returns: description, taxonomy labels (enums) and the sections."""
    tax = load_taxonomy()
    ids = {
        "seeker_states": list(tax.seeker_states),
        "support_actions": list(tax.support_actions),
        "scenarios": list(tax.scenarios),
    }
    # No string length bounds: llama.cpp's grammar crashes on them (and lint checks lengths).
    props: JSONSchema = {"description": {"type": "string"}}
    for key, values in ids.items():
        props[key] = {"type": "array", "items": {"enum": values}, "minItems": 1, "maxItems": 6}
    for name in SECTION_FIELDS.values():
        props[name] = {"type": "string"}
    return {"type": "object", "required": list(props), "properties": props}


@dataclass
class Generation:
    """The outcome of generating one candidate: a linted skill, or the reason it was dropped."""

    skill: Skill | None
    tries: int
    problems: list[str] = field(default_factory=list)  # lint findings of each failed try

    @property
    def dropped(self) -> bool:
        """True when no try produced a lint-clean skill."""
        return self.skill is None


def _title(name: str) -> str:
    return name.replace("-", " ").capitalize()


def render_draft(draft: dict[str, Any], *, name: str, origin: str, original: Skill | None) -> Skill:
    """A Skill from the generator's sections; a refinement keeps the original's other fields.

    ``draft`` is the generator's raw JSON answer (draft_schema asked for its shape).
    """
    body = [f"# {_title(name)}"]
    for title, key in SECTION_FIELDS.items():
        body.append(f"## {title}\n\n{str(draft[key]).strip()}")
    metadata = dict(original.metadata) if original else {"esc-version": "1"}
    metadata["esc-origin"] = origin
    for key, meta_key in LABEL_KEYS.items():
        values = [str(v) for v in draft.get(key, [])]
        if values or meta_key not in metadata:
            metadata[meta_key] = ", ".join(dict.fromkeys(values))
    metadata = {k: v for k, v in metadata.items() if v}
    description = " ".join(str(draft["description"]).split()).replace("<", "").replace(">", "")
    return Skill(
        name=name,
        description=description,
        body="\n\n".join(body) + "\n",
        metadata=metadata,
        license=original.license if original else "Apache-2.0",
        compatibility=original.compatibility if original else None,
    )


def lint_problems(skill: Skill) -> list[str]:
    """Lint errors of a skill, checked in a temporary folder named after it."""
    from esc_skills.lint import has_errors, lint_skill  # the lint package; imported when used

    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp) / skill.name
        save_skill(Skill(**{**skill.__dict__, "path": None, "source_text": None}), folder)
        findings = lint_skill(folder)
        if not has_errors(findings):
            return []
        return [
            f"{f.rule} line {f.line}: {f.message}"
            for f in findings
            if str(getattr(f.severity, "value", f.severity)).lower() == "error"
        ]


def _reports_text(reports: Sequence[AnalysisReport], skill: str | None) -> str:
    lines = []
    for r in reports:
        bits = [
            f"profile {r['profile_id']} ({r['group']['main_cha']}, goal {r['group']['goal']})"
            f": final emotion {r['final_emotion']}"
        ]
        bits += [f"{e['effect']}: {e['reason']}" for e in r["skill_effects"] if e["skill"] == skill]
        bits += r["failure_patterns"][:2]
        bits += [
            f"unsafe at turn {u['turn']}: {u['description']}" for u in r["unsafe_interventions"][:1]
        ]
        lines.append("- " + "; ".join(bits))
    return "\n".join(lines) or "(none)"


@dataclass(frozen=True)
class Evidence:
    """What the generator is shown for a candidate besides the candidate itself."""

    original: Skill | None  # the skill being refined; None for a new one
    bank: Sequence[Skill]
    conversations: Sequence[Trace]
    reports: Sequence[AnalysisReport]
    feedback: str = ""  # what the previous verification attempt still failed


def build_prompt(candidate: Candidate, evidence: Evidence) -> str:
    """The refine_skill.md or new_skill.md prompt filled with the candidate's evidence."""
    values = {
        "name": candidate.skill,
        "skill_md": render_skill(evidence.original) if evidence.original else "",
        "reasons": "\n".join(f"- ({r['count']}x) {r['text']}" for r in candidate.reasons[:8]),
        "reports": _reports_text(evidence.reports, candidate.skill),
        "conversations": "\n\n".join(
            f"Conversation {i + 1}:\n{transcript(t, max_chars=3000)}"
            for i, t in enumerate(evidence.conversations[:2])
        )
        or "(none)",
        "bank": "\n".join(f"- {s.name}: {s.description}" for s in evidence.bank),
        "feedback": f"\n{evidence.feedback.strip()}\n" if evidence.feedback else "",
    }
    name = "refine_skill.md" if candidate.kind == "refine" else "new_skill.md"
    return fill(resources.prompt(name), values)


async def generate_skill(
    candidate: Candidate,
    evidence: Evidence,
    *,
    client: LLMClient,
    max_tries: int = MAX_TRIES,
    attempt: int = 1,
) -> Generation:
    """Ask the generator for the skill; regenerate with the lint findings, at most ``max_tries``."""
    prompt = build_prompt(candidate, evidence)
    messages: list[dict[str, str]] = [{"role": "user", "content": prompt}]
    problems: list[str] = []
    origin = "refined" if candidate.kind == "refine" else "new"
    for tries in range(1, max_tries + 1):
        # The seed differs per verification attempt so a regenerated version is a new sample.
        response = await client.complete(
            "generator",
            messages,
            schema=draft_schema(),
            schema_name="skill_draft",
            seed=attempt - 1,
        )
        skill = render_draft(
            response.data, name=candidate.skill, origin=origin, original=evidence.original
        )
        found = lint_problems(skill)
        if not found:
            return Generation(skill=skill, tries=tries, problems=problems)
        problems.append(f"try {tries}: " + "; ".join(found))
        messages += [
            {"role": "assistant", "content": response.text},
            {
                "role": "user",
                "content": "The skill fails lint: "
                + "; ".join(found)
                + ". Fix these problems and answer with the whole JSON again.",
            },
        ]
    return Generation(skill=None, tries=max_tries, problems=problems)
