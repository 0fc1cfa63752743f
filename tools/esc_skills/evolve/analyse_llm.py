"""Analyse conversations with the analyzer role: a schema-validated report per conversation."""

from __future__ import annotations

import asyncio
import copy
import logging
from collections.abc import Mapping, Sequence
from typing import Any

import jsonschema

from esc_skills import resources
from esc_skills.bank import Skill
from esc_skills.data.traces import Trace
from esc_skills.evolve.analyse_offline import analyse_offline, analysis_schema, validate_analysis
from esc_skills.evolve.conversations import goal_of, steps, temperament, transcript
from esc_skills.evolve.records import AnalysisReport
from esc_skills.llm import LLMClient, LLMError
from esc_skills.llm.types import JSONSchema
from esc_skills.names import skill_name

PROMPT = "analyze_conversation.md"
log = logging.getLogger(__name__)
_MODEL_FIELDS = (
    "skill_effects",
    "unsafe_interventions",
    "missing_skills",
    "failure_patterns",
    "recommendations",
)


def fill(template: str, values: Mapping[str, object]) -> str:
    """Replace ``{{key}}`` placeholders of a prompt template."""
    for key, value in values.items():
        template = template.replace("{{" + key + "}}", str(value))
    return template


def _inline_refs(node: Any, defs: JSONSchema) -> Any:
    if isinstance(node, dict):
        if "$ref" in node:
            return _inline_refs(defs[node["$ref"].rsplit("/", 1)[1]], defs)
        # Names are slugged after the answer, so the model is not held to the pattern.
        # String length bounds crash llama.cpp's grammar; the full report is validated after.
        skip = ("description", "pattern", "minLength", "maxLength")
        return {k: _inline_refs(v, defs) for k, v in node.items() if k not in skip}
    if isinstance(node, list):
        return [_inline_refs(v, defs) for v in node]
    return node


def model_schema() -> JSONSchema:
    """The part of the analysis the model writes, with references inlined (grammar friendly)."""
    full = copy.deepcopy(analysis_schema())
    defs = full.pop("$defs")
    props = {k: _inline_refs(full["properties"][k], defs) for k in _MODEL_FIELDS}
    return {"type": "object", "required": list(_MODEL_FIELDS), "properties": props}


def _normalise(data: dict[str, Any], bank: set[str]) -> dict[str, Any]:
    """Keep refinements to skills that exist; an existing name proposed as new is a refinement.

    ``data`` is the model's raw answer (JSON whose shape the schema only asked for), so it
    stays a plain dict until the whole report is validated.
    """
    recs = []
    for rec in data.get("recommendations", []):
        name = skill_name(rec["skill"], fallback="unnamed-skill")
        kind = "refine" if name in bank else "new"
        if rec["kind"] == "refine" and name not in bank:
            kind = "new"
        recs.append({**rec, "skill": name, "kind": kind, "impact": max(0.0, float(rec["impact"]))})
    data["recommendations"] = recs
    data["skill_effects"] = [e for e in data.get("skill_effects", []) if e["skill"] in bank]
    data["missing_skills"] = [
        {**m, "name": skill_name(m["name"], fallback="unnamed-skill")}
        for m in data.get("missing_skills", [])
    ]
    return data


async def analyse_llm(trace: Trace, *, client: LLMClient, bank: Sequence[Skill]) -> AnalysisReport:
    """One analyzer-role report for one conversation, validated against the analysis schema."""
    slug_goal, goal = goal_of(trace)
    prompt = fill(
        resources.prompt(PROMPT),
        {
            "main_cha": temperament(trace) or "unknown",
            "goal": goal,
            "final_emotion": trace.final_emotion,
            "end_reason": trace.end_reason,
            "bank": "\n".join(f"- {s.name}: {s.description}" for s in bank) or "(empty bank)",
            "transcript": transcript(trace),
        },
    )
    response = await client.complete(
        "analyzer",
        [{"role": "user", "content": prompt}],
        schema=model_schema(),
        schema_name="analysis",
    )
    data = _normalise(dict(response.data), {s.name for s in bank})
    report: AnalysisReport = {
        "profile_id": trace.profile_id,
        "analyzer": f"llm:{client.settings_for('analyzer').model}",
        "final_emotion": int(trace.final_emotion or 0),
        "end_reason": trace.end_reason,
        "group": {"main_cha": temperament(trace), "goal": slug_goal},
        "skills_applied": sorted({k for s in steps(trace) for k in s.skills}),
        "skill_effects": data["skill_effects"],
        "unsafe_interventions": data["unsafe_interventions"],
        "missing_skills": data["missing_skills"],
        "failure_patterns": data["failure_patterns"],
        "recommendations": data["recommendations"],
    }
    validate_analysis(report)
    return report


async def analyse_all(
    traces: Sequence[Trace], *, client: LLMClient, bank: Sequence[Skill], concurrency: int = 4
) -> list[AnalysisReport]:
    """Reports for many conversations, ``concurrency`` model calls at a time, in input order."""
    gate = asyncio.Semaphore(max(1, concurrency))

    async def one(trace: Trace) -> AnalysisReport:
        async with gate:
            try:
                return await analyse_llm(trace, client=client, bank=bank)
            except (LLMError, jsonschema.ValidationError) as exc:
                # One unusable answer must not sink the run: fall back to the offline reading.
                log.warning(
                    "%s: analyzer failed (%s); using the offline analysis", trace.profile_id, exc
                )
                report = analyse_offline(trace)
                report["analyzer"] = "offline (analyzer model failed)"
                return report

    return list(await asyncio.gather(*(one(t) for t in traces)))
