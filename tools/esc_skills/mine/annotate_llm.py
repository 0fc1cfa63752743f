"""The LLM annotator: one annotator-role call per dialogue, schema-validated, resumable.

Results are appended to annotations.jsonl one dialogue per line as they arrive, so a killed
run resumes with the dialogues not yet in the file; the client's on-disk cache makes a rerun
over unchanged input free. Labels the model leaves out are filled by the heuristic annotator
and counted (``filled``), so every utterance is labelled.
"""

from __future__ import annotations

import asyncio
import json
from collections.abc import Callable, Mapping
from pathlib import Path
from typing import TYPE_CHECKING, Any, TypedDict

from esc_skills import resources
from esc_skills.data.types import Dialogue
from esc_skills.jsonl import read_json_lines
from esc_skills.llm.types import JSONSchema
from esc_skills.mine.annotate_heuristic import annotate_dialogue
from esc_skills.mine.annotation import DialogueAnnotation, response_pairs
from esc_skills.taxonomy import Label, Taxonomy

if TYPE_CHECKING:  # named in annotations only; callers build the client
    from esc_skills.llm import LLMClient


class TurnLabel(TypedDict):
    """One labelled turn of the annotator's answer."""

    turn: int
    label: str


class LabelAnswer(TypedDict, total=False):
    """The annotator's answer for one dialogue (annotation_schema; missing parts fall back)."""

    scenarios: list[str]
    states: list[TurnLabel]
    actions: list[TurnLabel]
    changes: list[TurnLabel]


def _turn_labels(turns: list[int], ids: list[str]) -> JSONSchema:
    # Turn numbers as enums and a maxItems bound keep a small local model (grammar-constrained)
    # from inventing turns or looping until max_tokens.
    return {
        "type": "array",
        "maxItems": len(turns),
        "items": {
            "type": "object",
            "required": ["turn", "label"],
            "properties": {"turn": {"enum": turns or [0]}, "label": {"enum": ids}},
        },
    }


def annotation_schema(tax: Taxonomy, d: Dialogue | None = None) -> JSONSchema:
    """JSON Schema of the annotator's answer for one dialogue (turns and label ids as enums)."""
    turns = d.turns if d is not None else []
    seeker = [t.index for t in turns if t.speaker == "seeker"]
    supporter = [t.index for t in turns if t.speaker == "supporter"]
    responding = [t.index for t, _, _ in response_pairs(turns)] if d is not None else []
    return {
        "type": "object",
        "required": ["scenarios", "states", "actions", "changes"],
        "properties": {
            "scenarios": {
                "type": "array",
                "minItems": 1,
                "maxItems": 3,
                "items": {"enum": list(tax.scenarios)},
            },
            "states": _turn_labels(seeker, list(tax.seeker_states)),
            "actions": _turn_labels(supporter, list(tax.support_actions)),
            "changes": _turn_labels(responding, list(tax.response_changes)),
        },
    }


def answer_budget(d: Dialogue) -> int:
    """Output tokens an answer needs: about 20 per labelled turn, plus the scenarios."""
    return min(4096, 80 + 20 * (len(d.turns) + len(response_pairs(d.turns))))


def _ids(labels: Mapping[str, Label]) -> str:
    return "\n".join(f"- {k}: {v.definition}" for k, v in labels.items())


def build_prompt(d: Dialogue, tax: Taxonomy, template: str | None = None) -> str:
    """The annotator prompt for one dialogue (prompts/annotate.md filled in)."""
    text = template or resources.prompt("annotate.md")
    lines = [
        f"{t.index} {t.speaker}" + (f" [{t.strategy}]" if t.strategy else "") + f": {t.text}"
        for t in d.turns
    ]
    pairs = [
        f"{turn.index} -> {', '.join(str(x.index) for x in after)}"
        for turn, _, after in response_pairs(d.turns)
    ]
    context = f"Situation: {d.situation}\n" if d.situation else ""
    fills = {
        "{scenarios}": _ids(tax.scenarios),
        "{states}": _ids(tax.seeker_states),
        "{actions}": _ids(tax.support_actions),
        "{changes}": _ids(tax.response_changes),
        "{dialogue}": context + "\n".join(lines),
        "{responses}": "\n".join(pairs) or "(none)",
    }
    for key, value in fills.items():
        text = text.replace(key, value)
    return text


def from_answer(d: Dialogue, data: LabelAnswer, tax: Taxonomy) -> tuple[DialogueAnnotation, int]:
    """Turn a validated answer into an annotation; returns it and how many labels were filled."""
    fallback = annotate_dialogue(d, tax)
    seeker = {t.index for t in d.turns if t.speaker == "seeker"}
    supporter = {t.index for t in d.turns if t.speaker == "supporter"}
    responding = {turn.index for turn, _, _ in response_pairs(d.turns)}

    def pick(items: list[TurnLabel], allowed: set[int], base: dict[int, str]) -> dict[int, str]:
        got = {int(i["turn"]): str(i["label"]) for i in items if int(i["turn"]) in allowed}
        return {k: got.get(k, base[k]) for k in sorted(allowed) if k in got or k in base}

    ann = DialogueAnnotation(
        d.id,
        list(dict.fromkeys(data.get("scenarios") or fallback.scenarios)),
        pick(data.get("states", []), seeker, fallback.states),
        pick(data.get("actions", []), supporter, fallback.actions),
        pick(data.get("changes", []), responding, fallback.changes),
        annotator="llm",
    )
    labelled = {
        *(int(i["turn"]) for i in data.get("states", [])),
        *(int(i["turn"]) for i in data.get("actions", [])),
    }
    filled = len((seeker | supporter) - labelled) + len(
        responding - {int(i["turn"]) for i in data.get("changes", [])}
    )
    return ann, filled


def _done(path: Path) -> dict[str, DialogueAnnotation]:
    done: dict[str, DialogueAnnotation] = {}
    if not path.is_file():
        return done
    for line in read_json_lines(path, what="annotations"):
        try:
            ann = DialogueAnnotation.from_json(line.data)  # a torn line's data is None
        except (ValueError, KeyError, TypeError):
            continue  # a line cut by a kill: that dialogue is annotated again
        done[ann.dialogue_id] = ann
    return done


def annotate_all(
    dialogues: list[Dialogue],
    client: LLMClient,
    path: Path,
    tax: Taxonomy,
    *,
    concurrency: int = 4,
    log: Callable[[str], None] = lambda m: None,
    max_tokens: int = 4096,
) -> list[DialogueAnnotation]:
    """Annotate every dialogue not yet in ``path`` (appending), then return all, in input order."""
    return asyncio.run(_annotate_all(dialogues, client, path, tax, concurrency, log, max_tokens))


async def _annotate_all(
    dialogues: list[Dialogue],
    client: LLMClient,
    path: Path,
    tax: Taxonomy,
    concurrency: int,
    log: Callable[[str], None],
    max_tokens: int,
) -> list[DialogueAnnotation]:
    done = _done(path)
    todo = [d for d in dialogues if d.id not in done]
    if done:
        log(f"annotate (llm): {len(done)} dialogues already labelled in {path}, {len(todo)} to go")
    template = resources.prompt("annotate.md")
    sem = asyncio.Semaphore(max(1, concurrency))
    path.parent.mkdir(parents=True, exist_ok=True)
    filled_total = failed = 0

    async def one(d: Dialogue) -> tuple[Dialogue, Any]:
        async with sem:
            try:
                resp = await client.complete(
                    "annotator",
                    [{"role": "user", "content": build_prompt(d, tax, template)}],
                    schema=annotation_schema(tax, d),
                    schema_name="annotation",
                    max_tokens=min(max_tokens, answer_budget(d)),
                )
                return d, resp.data
            except Exception as exc:  # one failed dialogue must not stop the run
                return d, exc

    with path.open("a", encoding="utf-8") as fh:
        for coro in asyncio.as_completed([one(d) for d in todo]):
            d, data = await coro
            if isinstance(data, Exception):
                failed += 1
                log(f"warning: {d.id}: annotator failed ({data}); rerun to retry")
                continue
            ann, filled = from_answer(d, data, tax)
            filled_total += filled
            done[d.id] = ann
            fh.write(json.dumps(ann.to_json(), ensure_ascii=False, sort_keys=True) + "\n")
            fh.flush()
    if filled_total or failed:
        log(
            f"annotate (llm): {filled_total} labels filled by the heuristic, "
            f"{failed} dialogues failed"
        )
    return [done[d.id] for d in dialogues if d.id in done]
