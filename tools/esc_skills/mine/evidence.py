"""`mine evidence`: attach a mining run's evidence to each skill of a bank.

A skill matches the prototypes whose (state, action) lies in its esc-seeker-states x
esc-support-actions; when it lists esc-scenarios, only IUs from dialogues with one of those
scenarios count. Output: skills/<name>/references/evidence.json (schema/evidence.schema.json),
ids and labels only, written atomically and only when its content changes.

A ``curated`` skill was written without mined evidence (schema/skill.schema.json), so the
whole-bank run leaves it and its evidence file alone; naming it with ``only`` still matches it.
"""

from __future__ import annotations

import json
from collections import Counter
from pathlib import Path

from esc_skills import atomic
from esc_skills.bank import load_bank, save_skill
from esc_skills.errors import DataError
from esc_skills.mine.evidence_records import (
    ClusterOverlap,
    Evidence,
    EvidenceCounts,
    EvidenceRow,
    IURef,
    MatchedPrototype,
)
from esc_skills.mine.ius import read_ius
from esc_skills.mine.prototypes import _spread
from esc_skills.mine.records import IU, Cluster, MiningSummary, Prototype

MAX_IUS = 20
SCHEMA_VERSION = "1"


def load_run(run: Path) -> tuple[MiningSummary, list[Prototype], list[Cluster], list[IU]]:
    """A finished run's summary, prototypes, clusters and IUs, or a DataError naming the run."""
    try:
        summary = json.loads((run / "summary.json").read_text(encoding="utf-8"))
        protos = json.loads((run / "prototypes.json").read_text(encoding="utf-8"))["prototypes"]
        clusters = json.loads((run / "clusters.json").read_text(encoding="utf-8"))["clusters"]
        ius = list(read_ius(run / "ius.jsonl"))
    # TypeError: a file holding another JSON value (a list); RecursionError: absurd nesting.
    except (OSError, ValueError, KeyError, TypeError, RecursionError) as exc:
        raise DataError(
            f"{run}: not a complete mining run ({exc}); run `esc-skills mine run --out {run}` first"
        ) from exc
    return summary, protos, clusters, ius


def skill_evidence(
    name: str,
    states: list[str],
    actions: list[str],
    scenarios: list[str],
    *,
    run_label: str,
    summary: MiningSummary,
    protos: list[Prototype],
    clusters: list[Cluster],
    ius: list[IU],
    origin: str | None = None,
) -> Evidence:
    """The evidence.json content for one skill's labels."""
    sset, aset, cset = set(states), set(actions), set(scenarios)

    def in_scope(iu: IU) -> bool:
        return (
            iu["state_before"] in sset
            and iu["action"] in aset
            and (not cset or bool(cset.intersection(iu["scenarios"])))
        )

    scoped = [iu for iu in ius if in_scope(iu)]
    key = [iu for iu in scoped if iu["key"]]
    pos = [iu for iu in key if iu["change_valence"] == "positive"]
    neg = [iu for iu in key if iu["change_valence"] == "negative"]
    per_pair = Counter((iu["state_before"], iu["action"]) for iu in key)
    matched: list[MatchedPrototype] = []
    for p in protos:
        if p["state"] in sset and p["action"] in aset:
            share = (
                sum(v for k, v in p["scenarios"].items() if k in cset) / p["count"] if cset else 1.0
            )
            if cset and share == 0:
                continue
            matched.append(
                {
                    "id": p["id"],
                    "state": p["state"],
                    "action": p["action"],
                    "size": p["count"],
                    "in_scope": per_pair[(p["state"], p["action"])],
                    "positive": p["positive"],
                    "negative": p["negative"],
                    "positive_rate": p["positive_rate"],
                    "negative_rate": p["negative_rate"],
                    "scenario_share": round(min(share, 1.0), 4),
                }
            )
    matched.sort(key=lambda m: (-m["in_scope"], m["id"]))
    ids = {m["id"] for m in matched}
    overlaps: list[ClusterOverlap] = []
    for c in clusters:
        shared = ids.intersection(c["prototypes"])
        if shared:
            union = len(ids | set(c["prototypes"]))
            overlaps.append(
                {
                    "cluster": c["id"],
                    "label": c["label"],
                    "shared_prototypes": len(shared),
                    "jaccard": round(len(shared) / union, 4),
                }
            )
    overlaps.sort(key=lambda o: (-o["jaccard"], -o["shared_prototypes"], o["cluster"]))
    # Positive and negative references both: a skill's pitfalls need the failures too.
    n_neg = min(len(neg), MAX_IUS // 4)
    chosen = _spread(sorted(i["id"] for i in pos), MAX_IUS - n_neg) + _spread(
        sorted(i["id"] for i in neg), n_neg
    )
    by_id = {iu["id"]: iu for iu in key}
    refs: list[IURef] = [
        {
            "dialogue_id": by_id[i]["dialogue_id"],
            "turn": by_id[i]["turn_index"],
            "response_turns": by_id[i]["response_turns"],
            "state": by_id[i]["state_before"],
            "action": by_id[i]["action"],
            "change": by_id[i]["response_change"],
            "valence": by_id[i]["change_valence"],
            "source": by_id[i]["source"],
        }
        for i in sorted(chosen)
    ]
    out: Evidence = {
        "schema_version": SCHEMA_VERSION,
        "skill": name,
        "generated_by": "esc-skills mine evidence",
        "source_run": {
            "run": run_label,
            "annotator": summary.get("annotator"),
            "pipeline_version": summary.get("pipeline_version"),
            "taxonomy_sha256": summary.get("taxonomy_sha256"),
            "dialogues": summary.get("dialogues"),
        },
        "sources": list(summary.get("sources") or []),
        "match": {"states": states, "actions": actions, "scenarios": scenarios},
        "counts": {
            "ius": len(scoped),
            "key_ius": len(key),
            "positive": len(pos),
            "negative": len(neg),
            "dialogues": len({iu["dialogue_id"] for iu in key}),
            "prototypes": len(matched),
        },
        "response_changes": dict(
            sorted(
                Counter(iu["response_change"] for iu in key).items(), key=lambda kv: (-kv[1], kv[0])
            )
        ),
        "prototypes": matched,
        "clusters": overlaps[:5],
        "ius": refs,
    }
    if origin:
        out["origin"] = origin
    if not key:
        out["note"] = "no key IUs in this run match the skill's states, actions and scenarios"
    return out


def write_bank_evidence(run: Path, bank: Path, only: list[str] | None = None) -> list[EvidenceRow]:
    """Write references/evidence.json for every (or each named) skill in ``bank``."""
    summary, protos, clusters, ius = load_run(run)
    skills = load_bank(bank)
    names = {s.name for s in skills}
    missing = sorted(set(only or ()) - names)
    if missing:
        raise DataError(f"{bank}: no skill named {', '.join(missing)}; check --only")
    rows: list[EvidenceRow] = []
    for skill in sorted(skills, key=lambda s: s.name):
        if only and skill.name not in only:
            continue
        if not only and skill.metadata.get("esc-origin") == "curated":
            rows.append({"skill": skill.name, "status": "skipped", **_no_counts()})
            continue
        ev = skill_evidence(
            skill.name,
            skill.labels("esc-seeker-states"),
            skill.labels("esc-support-actions"),
            skill.labels("esc-scenarios"),
            run_label=str(run),
            summary=summary,
            protos=protos,
            clusters=clusters,
            ius=ius,
            origin=skill.metadata.get("esc-origin"),
        )
        folder = skill.path or (bank / skill.name)
        status = write_if_changed(folder / "references" / "evidence.json", ev)
        # SKILL.md carries the key-IU count too, for agents that read only SKILL.md.
        key_ius = str(ev["counts"]["key_ius"])
        if skill.metadata.get("esc-evidence-ius") != key_ius:
            skill.metadata["esc-evidence-ius"] = key_ius
            save_skill(skill, folder)
        rows.append({"skill": skill.name, "status": status, **ev["counts"]})
    return rows


def _no_counts() -> EvidenceCounts:
    return {"ius": 0, "key_ius": 0, "positive": 0, "negative": 0, "dialogues": 0, "prototypes": 0}


def write_if_changed(path: Path, data: object) -> str:
    """Write JSON atomically unless the file already holds exactly this content."""
    text = json.dumps(data, indent=2, ensure_ascii=False) + "\n"
    if path.is_file() and path.read_text(encoding="utf-8") == text:
        return "unchanged"
    atomic.write_text(path, text)
    return "written"
