"""Candidate skills: one SKILL.md + references/evidence.json per cluster, never into skills/.

The generator role answers structured JSON (one field per section); we render the SKILL.md
ourselves so its structure is guaranteed, lint it, and retry a bounded number of times.
When the model's text stays unusable, a deterministic template filled from the cluster's
statistics is used and evidence.json records why (``synthesis.mode = "template"``).
"""

from __future__ import annotations

import json
import re
import shutil
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Literal

from esc_skills import resources
from esc_skills.bank import Skill, save_skill
from esc_skills.errors import DataError
from esc_skills.llm import LLMClient
from esc_skills.llm.types import JSONSchema
from esc_skills.mine.evidence import load_run, write_if_changed
from esc_skills.mine.records import IU, Cluster, MiningSummary, Prototype
from esc_skills.mine.synth_records import (
    LabelInfo,
    Material,
    MinedIURef,
    Sections,
    SynthesisNote,
    SynthesisOutcome,
    SynthesizedEvidence,
)
from esc_skills.mine.synth_template import SAFETY_LINE, template_sections
from esc_skills.names import skill_name
from esc_skills.taxonomy import Label, Taxonomy, load_taxonomy

_WHEN = re.compile(r"\b(?:when(?:ever)?|if|use[sd]? (?:it )?(?:for|during|after|before))\b", re.I)
_LISTS: tuple[
    Literal["when_to_use", "recommended_actions", "pitfalls", "expected_outcomes", "risks"], ...
] = ("when_to_use", "recommended_actions", "pitfalls", "expected_outcomes", "risks")
_LIST = {"type": "array", "minItems": 1, "maxItems": 8, "items": {"type": "string"}}
SKILL_SCHEMA: JSONSchema = {
    "type": "object",
    "required": [
        "name",
        "description",
        "title",
        "overview",
        "when_to_use",
        "recommended_actions",
        "pitfalls",
        "expected_outcomes",
        "risks",
        "examples",
    ],
    "properties": {
        "name": {"type": "string", "maxLength": 64},
        "description": {"type": "string", "maxLength": 600},
        "title": {"type": "string", "maxLength": 120},
        "overview": {"type": "string"},
        "when_to_use": _LIST,
        "recommended_actions": _LIST,
        "pitfalls": _LIST,
        "expected_outcomes": _LIST,
        "risks": _LIST,
        "examples": {
            "type": "array",
            "minItems": 1,
            "maxItems": 4,
            "items": {
                "type": "object",
                "required": ["seeker", "supporter"],
                "properties": {"seeker": {"type": "string"}, "supporter": {"type": "string"}},
            },
        },
    },
}


def material(cluster: Cluster, tax: Taxonomy) -> Material:
    """What the generator sees: this cluster's labels, definitions and statistics only."""

    def described(ids: dict[str, int], labels: Mapping[str, Label]) -> list[LabelInfo]:
        return [
            {"id": k, "name": labels[k].name, "definition": labels[k].definition, "count": v}
            for k, v in ids.items()
            if k in labels
        ]

    return {
        "cluster": cluster["id"],
        "key_ius": cluster["count"],
        "positive_rate": cluster["positive_rate"],
        "negative_rate": cluster["negative_rate"],
        "seeker_states": described(cluster["states"], tax.seeker_states),
        "support_actions": described(cluster["actions"], tax.support_actions),
        "response_changes": described(cluster["changes"], tax.response_changes),
        "scenarios": described(dict(list(cluster["scenarios"].items())[:5]), tax.scenarios),
        "risky_patterns": [
            {
                "prototype": r["prototype"],
                "negative": r["negative"],
                "negative_rate": r["negative_rate"],
                "changes": r["changes"],
            }
            for r in cluster["risky_patterns"]
        ],
    }


def _clean(text: object, limit: int = 600) -> str:
    s = " ".join(str(text).replace("<", "").replace(">", "").split())
    return s[:limit].rstrip()


def usable(answer: Sections) -> str | None:
    """Why the model's answer cannot be used as written, or None when it can."""
    if len(_clean(answer.get("description", "")).split()) < 6:
        return "description too short"
    if len(_clean(answer.get("overview", "")).split()) < 12:
        return "overview too short"
    for key in _LISTS:
        items = [_clean(i).lower() for i in answer.get(key) or [] if len(_clean(i).split()) >= 3]
        if not items:
            return f"{key} has no item of three words or more"
        if len(set(items)) < max(1, len(items) // 2):
            return f"{key} repeats itself"
    seen = [
        _clean(i).lower()
        for i in [*(answer.get("recommended_actions") or []), *(answer.get("pitfalls") or [])]
    ]
    if len(set(seen)) < len(seen) * 0.75:
        return "sections repeat the same items"
    examples = answer.get("examples", [])
    if not any(len(_clean(e.get("supporter", "")).split()) >= 3 for e in examples):
        return "no usable example"
    if any(_clean(e.get("seeker", "")) == _clean(e.get("supporter", "")) for e in examples):
        return "an example gives the seeker and supporter the same line"
    return None


def render(sections: Sections, *, name: str, cluster: Cluster) -> Skill:
    """A Skill from the section fields (structure fixed here, not by the model)."""

    def bullets(items: list[str], numbered: bool = False) -> str:
        clean = list(dict.fromkeys(_clean(i, 800) for i in items if _clean(i)))
        return "\n".join(f"{n + 1}. {t}" if numbered else f"- {t}" for n, t in enumerate(clean))

    risks = [r for r in sections["risks"] if _clean(r)]
    if not any(w in " ".join(risks).lower() for w in ("suicide", "self-harm", "crisis")):
        risks.append(SAFETY_LINE)
    examples = "\n\n".join(
        f"**Seeker:** {_clean(e['seeker'], 300)}\n\n**Supporter:** {_clean(e['supporter'], 400)}"
        for e in sections["examples"]
    )
    body = "\n\n".join(
        [
            f"# {_clean(sections.get('title') or name, 120)}",
            f"## Overview\n\n{_clean(sections['overview'], 1500)}",
            f"## When to use\n\n{bullets(sections['when_to_use'])}",
            f"## Recommended actions\n\n{bullets(sections['recommended_actions'], True)}",
            f"## Pitfalls to avoid\n\n{bullets(sections['pitfalls'])}",
            f"## Expected outcomes\n\n{bullets(sections['expected_outcomes'])}",
            f"## Risks and escalation\n\n{bullets(risks)}",
            f"## Examples\n\n{examples}",
        ]
    )
    desc = _clean(sections["description"], 300)
    if not _WHEN.search(desc):  # agents choose skills by description: say when
        states = ", ".join(list(cluster["states"])[:2]).replace("-", " ")
        desc = f"{desc.rstrip('.')}. Use when the seeker shows {states}."[:300]
    return Skill(
        name=name,
        description=desc,
        body=body,
        license="Apache-2.0",
        metadata={
            "esc-version": "1",
            "esc-origin": "mined",
            "esc-seeker-states": ", ".join(list(cluster["states"])[:4]),
            "esc-support-actions": ", ".join(list(cluster["actions"])[:4]),
            "esc-scenarios": ", ".join(list(cluster["scenarios"])[:3]) or "ongoing-low-mood",
            "esc-evidence-ius": str(cluster["count"]),
        },
    )


def lint_errors(folder: Path) -> list[str]:
    """Lint errors of one candidate folder."""
    from esc_skills.lint import has_errors, lint_skill

    findings = lint_skill(folder)
    if not has_errors(findings):
        return []
    return [f"{f.rule}: {f.message}" for f in findings if str(f.severity).lower().endswith("error")]


def _evidence(
    name: str,
    cluster: Cluster,
    protos: dict[str, Prototype],
    ius: dict[str, IU],
    synthesis: SynthesisNote,
    summary: MiningSummary,
) -> SynthesizedEvidence:
    refs: list[MinedIURef] = []
    for ref in cluster["representative_ius"]:
        iu = ius.get(ref)
        if iu:
            refs.append(
                {
                    "dialogue_id": iu["dialogue_id"],
                    "turn": iu["turn_index"],
                    "state": iu["state_before"],
                    "action": iu["action"],
                    "change": iu["response_change"],
                    "valence": iu["change_valence"],
                }
            )
    return {
        "schema_version": "1",
        "skill": name,
        "origin": "mined",
        "generated_by": "esc-skills mine synthesize",
        "synthesis": synthesis,
        "sources": list(summary.get("sources") or []),
        "counts": {
            "ius": cluster["count"],
            "key_ius": cluster["count"],
            "positive": cluster["positive"],
            "negative": cluster["negative"],
            "dialogues": len({r["dialogue_id"] for r in refs}),
            "prototypes": len(cluster["prototypes"]),
        },
        "cluster": {
            "id": cluster["id"],
            "label": cluster["label"],
            "positive_rate": cluster["positive_rate"],
            "negative_rate": cluster["negative_rate"],
            "changes": cluster["changes"],
            "scenarios": cluster["scenarios"],
            "risky_patterns": cluster["risky_patterns"],
        },
        "prototypes": [
            {
                "state": protos[p]["state"],
                "action": protos[p]["action"],
                "size": protos[p]["count"],
                "positive": protos[p]["positive"],
                "negative": protos[p]["negative"],
            }
            for p in cluster["prototypes"]
            if p in protos
        ],
        "ius": refs,
    }


@dataclass
class _Run:
    """What every cluster's synthesis shares: the model, where to write, the run's records."""

    tax: Taxonomy
    out: Path
    client: LLMClient
    max_attempts: int
    protos: dict[str, Prototype]
    ius: dict[str, IU]
    summary: MiningSummary
    model: str
    prompt: str  # the synthesize.md template, read once per run
    taken: set[str] = field(default_factory=set)  # names given so far


def _place(
    sections: Sections, mode: str, cluster: Cluster, ctx: _Run, fallback: str
) -> tuple[str | None, list[str]]:
    """Render, save and lint one candidate; on lint errors remove it and say why."""
    name = skill_name(
        sections.get("name") or "",
        fallback=fallback,
        taken=set(ctx.taken),
        min_length=3,
    )
    folder = ctx.out / name
    save_skill(render(sections, name=name, cluster=cluster), folder)
    errors = lint_errors(folder)
    if errors:
        shutil.rmtree(folder)
        return None, [f"{mode} text failed lint: {'; '.join(errors)[:300]}"]
    ctx.taken.add(name)
    return name, []


async def _one(cluster: Cluster, ctx: _Run) -> SynthesisOutcome:
    tax = ctx.tax
    tmpl = template_sections(cluster, tax)
    facts = json.dumps(material(cluster, tax), indent=1)
    prompt = ctx.prompt.replace("{material}", facts)
    reasons: list[str] = []
    name: str | None = None
    mode = "model"
    for attempt in range(ctx.max_attempts):
        try:
            resp = await ctx.client.complete(
                "generator",
                [{"role": "user", "content": prompt}],
                schema=SKILL_SCHEMA,
                schema_name="skill",
                seed=attempt,
                max_tokens=2048,
            )
        except Exception as exc:  # a failed model call falls back, never stops the run
            reasons.append(f"attempt {attempt + 1}: model call failed: {exc}")
            continue
        why = usable(resp.data)
        if why:
            reasons.append(f"attempt {attempt + 1}: {why}")
            continue
        name, errs = _place(resp.data, "model", cluster, ctx, tmpl["name"])
        reasons += [f"attempt {attempt + 1}: {e}" for e in errs]
        if name:
            break
    if name is None:
        mode = "template"
        name, errs = _place(tmpl, "template", cluster, ctx, tmpl["name"])
        reasons += errs
    if name is None:
        return {"cluster": cluster["id"], "status": "dropped", "reason": "; ".join(reasons)}
    synthesis: SynthesisNote = {
        "mode": mode,
        "model": ctx.model,
        "attempts": ctx.max_attempts if mode == "template" else len(reasons) + 1,
    }
    if mode == "template":
        synthesis["reason"] = "; ".join(reasons) or "model text unusable"
    ev = _evidence(name, cluster, ctx.protos, ctx.ius, synthesis, ctx.summary)
    write_if_changed(ctx.out / name / "references" / "evidence.json", ev)
    return {
        "cluster": cluster["id"],
        "status": mode,
        "name": name,
        "reason": synthesis.get("reason", ""),
    }


async def synthesize_run(
    run: Path,
    out: Path,
    client: LLMClient,
    *,
    only: list[str] | None = None,
    max_attempts: int = 2,
    log: Callable[[str], None] = lambda m: None,
) -> list[SynthesisOutcome]:
    """Synthesise one candidate per cluster of ``run`` into ``out``; report each outcome."""
    from esc_skills.paths import SKILLS_DIR

    if out.resolve() == SKILLS_DIR.resolve():
        raise DataError(f"{out}: candidates never go straight into skills/; pick another --out")
    summary, protos, clusters, all_ius = load_run(run)
    wanted = [c for c in clusters if not only or c["id"] in only]
    refs = {r for c in wanted for r in c["representative_ius"]}
    ius = {iu["id"]: iu for iu in all_ius if iu["id"] in refs}
    ctx = _Run(
        tax=load_taxonomy(),
        out=out,
        client=client,
        max_attempts=max_attempts,
        protos={p["id"]: p for p in protos},
        ius=ius,
        summary=summary,
        model=client.settings_for("generator").model,
        prompt=resources.prompt("synthesize.md"),
    )
    out.mkdir(parents=True, exist_ok=True)
    results: list[SynthesisOutcome] = []
    # Sequential: names must stay unique and deterministic; the client batches nothing here.
    for c in wanted:
        res = await _one(c, ctx)
        log(f"{c['id']}: {res['status']} {res.get('name', '')}")
        results.append(res)
    return results
