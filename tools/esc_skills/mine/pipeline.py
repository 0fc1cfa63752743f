"""`mine run`: load, annotate, build IUs, prototypes and clusters, write summary and report.

Every stage writes atomically and records a fingerprint of its inputs and options in
OUT/.stages.json; a rerun skips stages whose fingerprint is unchanged, so a killed run
resumes at the first unfinished stage (the LLM annotator also resumes per dialogue).
"""

from __future__ import annotations

import json
from collections import Counter
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, cast

from esc_skills import atomic
from esc_skills.data import LoadReport, load_source
from esc_skills.data.types import Dialogue
from esc_skills.errors import DataError
from esc_skills.mine.annotation import AnnotationJSON, DialogueAnnotation
from esc_skills.mine.ius import build_ius, iu_validator, read_ius, read_jsonl, write_jsonl
from esc_skills.mine.records import IU, ClusterSet, IUSummary, MiningSummary, PrototypeSet
from esc_skills.mine.store import (
    Stages,
    claim_run_folder,
    file_digest,
    fingerprint,
)
from esc_skills.paths import TAXONOMY_PATH, prompt_path
from esc_skills.taxonomy import Taxonomy, load_taxonomy

if TYPE_CHECKING:  # the client loads only for the llm annotator
    from esc_skills.llm import LLMClient

PIPELINE_VERSION = "1"  # bump when a stage's output format or rules change
DEFAULT_SOURCES = ("esconv-train", "failed-esconv")
ANNOTATIONS, IUS, PROTOTYPES, CLUSTERS = (
    "annotations.jsonl",
    "ius.jsonl",
    "prototypes.json",
    "clusters.json",
)


@dataclass
class MineOptions:
    """Everything that decides a run's output."""

    data_dir: Path
    out: Path
    sources: Sequence[str] = DEFAULT_SOURCES
    annotator: str = "heuristic"
    min_size: int = 5
    n_clusters: int = 27
    force: bool = False
    llm_client: LLMClient | None = None  # for the llm annotator
    llm_concurrency: int = 4
    taxonomy_path: Path = TAXONOMY_PATH
    validate_all: bool = False  # jsonschema on every IU (slow); else every 25th + label checks
    log: Callable[[str], None] = field(default=lambda msg: None)


def code_fingerprint() -> str:
    """Hash of this package's code, so a changed rule never reuses stale stage outputs."""
    here = Path(__file__).resolve().parent
    files = [here / n for n in sorted(p.name for p in here.glob("*.py"))]
    return fingerprint([(f.name, file_digest(f)) for f in files])


def source_files(name: str, data_dir: Path) -> list[Path]:
    """The files a named source reads (for fingerprints)."""
    if name.startswith("esconv-") and name[7:] in ("train", "valid", "test"):
        return [data_dir / "esconv_hf" / f"{name[7:]}.txt"]
    if name == "failed-esconv":
        return [data_dir / "esconv" / "FailedESConv.json"]
    if name == "esconv-json":
        return [data_dir / "esconv" / "ESConv.json"]
    return [Path(name)]


def load_dialogues(opts: MineOptions, report: LoadReport) -> tuple[list[Dialogue], dict[str, int]]:
    """Load every source; duplicate dialogue ids are skipped with a warning."""
    out: list[Dialogue] = []
    per_source: dict[str, int] = {}
    seen: set[str] = set()
    for name in opts.sources:
        dialogues = load_source(name, opts.data_dir, report)
        kept = 0
        for d in dialogues:
            if d.id in seen:
                report.skip(name, 0, f"duplicate id: {d.id} already loaded")
                continue
            seen.add(d.id)
            out.append(d)
            kept += 1
        per_source[name] = kept
    if not out:
        first = ""
        if report.skips:
            file, line, reason = report.skips[0]
            first = f"; {len(report.skips)} record(s) skipped, first: {file}:{line}: {reason}"
        raise DataError(
            f"no dialogues loaded from {', '.join(opts.sources)} in {opts.data_dir}{first}"
        )
    return out, per_source


def _annotate(
    opts: MineOptions, dialogues: list[Dialogue], tax: Taxonomy, stages: Stages, fp: str
) -> list[DialogueAnnotation]:
    path = opts.out / ANNOTATIONS
    if not opts.force and stages.fresh("annotate", fp, path):
        opts.log("annotate: unchanged, reusing " + str(path))
        # Lines this stage wrote with DialogueAnnotation.to_json.
        return [DialogueAnnotation.from_json(cast(AnnotationJSON, r)) for r in read_jsonl(path)]
    if opts.annotator == "heuristic":
        from esc_skills.mine.annotate_heuristic import annotate_dialogue

        anns = [annotate_dialogue(d, tax) for d in dialogues]
        write_jsonl(path, (a.to_json() for a in anns))
    elif opts.annotator == "llm":
        from esc_skills.mine.annotate_llm import annotate_all

        if opts.llm_client is None:
            raise DataError("the llm annotator needs a model client (see --annotator-model)")
        if opts.force or stages.data.get("annotate") not in (None, fp):
            path.unlink(missing_ok=True)  # options changed: earlier labels do not apply
        anns = annotate_all(
            dialogues, opts.llm_client, path, tax, concurrency=opts.llm_concurrency, log=opts.log
        )
    else:
        raise DataError(f"unknown annotator {opts.annotator!r}; use heuristic or llm")
    stages.done("annotate", fp)
    return anns


def _quick_check(iu: IU, required: tuple[str, ...], tax: Taxonomy) -> str | None:
    missing = [k for k in required if k not in iu]
    if missing:
        return f"missing {', '.join(missing)}"
    if iu["state_before"] not in tax.seeker_states or iu["state_after"] not in tax.seeker_states:
        return f"unknown seeker state {iu['state_before']!r} or {iu['state_after']!r}"
    if iu["action"] not in tax.support_actions:
        return f"unknown support action {iu['action']!r}"
    if any(s not in tax.scenarios for s in iu["scenarios"]):
        return f"unknown scenario in {iu['scenarios']!r}"
    return None


@dataclass
class _Built:
    """What the first stages (load, annotate, IUs) leave for the rest of the run."""

    dialogues: list[Dialogue]
    per_source: dict[str, int]
    report: LoadReport
    inputs: list[tuple[str, str]]
    tax: Taxonomy
    tax_fp: str
    rows: list[IU]
    stages: Stages


def run_ius(opts: MineOptions) -> IUSummary:
    """Annotate and build IUs only (the first stages of the pipeline; resumable)."""
    built = _build(opts)
    return {
        "dialogues": len(built.dialogues),
        "ius": len(built.rows),
        "key_ius": sum(1 for r in built.rows if r["key"]),
        "skipped": len(built.report.skips),
        "skip_reasons": built.report.reasons(),
    }


def _build(opts: MineOptions) -> _Built:
    out = opts.out
    claim_run_folder(out)  # before any source is read or a model is called
    tax = load_taxonomy(opts.taxonomy_path)
    stages = Stages(out)
    report = LoadReport()
    dialogues, per_source = load_dialogues(opts, report)
    for file, line, reason in report.skips:
        opts.log(f"warning: {file}:{line}: skipped: {reason}")
    inputs = [
        (str(p), file_digest(p)) for name in opts.sources for p in source_files(name, opts.data_dir)
    ]
    tax_fp = fingerprint(file_digest(opts.taxonomy_path), code_fingerprint())
    # LLM labels depend on the prompt and taxonomy, not on our code: a code change must not
    # throw away paid-for annotations.
    ann_code = (
        file_digest(prompt_path("annotate.md")) if opts.annotator == "llm" else code_fingerprint()
    )
    fp_ann = fingerprint(
        PIPELINE_VERSION, inputs, opts.annotator, file_digest(opts.taxonomy_path), ann_code
    )
    anns = _annotate(opts, dialogues, tax, stages, fp_ann)

    by_id = {a.dialogue_id: a for a in anns}
    fp_ius = fingerprint(PIPELINE_VERSION, file_digest(out / ANNOTATIONS), inputs)
    ius_path = out / IUS
    if opts.force or not stages.fresh("ius", fp_ius, ius_path):
        validator = iu_validator()
        required = tuple(validator.schema["required"])
        rows: list[IU] = []
        n_built = 0
        for d in dialogues:
            ann = by_id.get(d.id)
            if ann is None:
                report.skip(d.id, 0, "not annotated: the annotator returned no labels")
                continue
            for iu in build_ius(d, ann, tax):
                # Every IU gets the cheap checks; the full schema runs on a fixed sample because
                # jsonschema over ~15k rows costs seconds (tests validate every row).
                n_built += 1
                err = _quick_check(iu, required, tax)
                if err is None and (opts.validate_all or n_built % 25 == 1):
                    err = next((e.message for e in validator.iter_errors(iu)), None)
                if err is not None:
                    report.skip(d.id, iu["turn_index"], f"invalid IU: {err}")
                    continue
                rows.append(iu)
        write_jsonl(ius_path, rows)
        stages.done("ius", fp_ius)
    else:
        opts.log("ius: unchanged, reusing " + str(ius_path))
        rows = list(read_ius(ius_path))

    return _Built(dialogues, per_source, report, inputs, tax, tax_fp, rows, stages)


def run_pipeline(opts: MineOptions) -> MiningSummary:
    """Run (or resume) the whole discovery pipeline; returns the summary written to OUT."""
    from esc_skills.mine.clusters import build_clusters
    from esc_skills.mine.prototypes import build_prototypes
    from esc_skills.mine.report import write_report

    built = _build(opts)
    out, tax, rows, report = opts.out, built.tax, built.rows, built.report
    dialogues, inputs, stages = built.dialogues, built.inputs, built.stages
    ius_path = out / IUS
    fp_pro = fingerprint(PIPELINE_VERSION, file_digest(ius_path), opts.min_size)
    if opts.force or not stages.fresh("prototypes", fp_pro, out / PROTOTYPES):
        protos = build_prototypes(rows, min_size=opts.min_size)
        atomic.write_json(out / PROTOTYPES, protos)
        stages.done("prototypes", fp_pro)
    else:
        protos = cast(PrototypeSet, json.loads((out / PROTOTYPES).read_text(encoding="utf-8")))

    fp_clu = fingerprint(
        PIPELINE_VERSION, file_digest(out / PROTOTYPES), opts.n_clusters, built.tax_fp
    )
    if opts.force or not stages.fresh("clusters", fp_clu, out / CLUSTERS):
        clusters = build_clusters(protos["prototypes"], tax, n_clusters=opts.n_clusters)
        atomic.write_json(out / CLUSTERS, clusters)
        stages.done("clusters", fp_clu)
    else:
        clusters = cast(ClusterSet, json.loads((out / CLUSTERS).read_text(encoding="utf-8")))

    key = [r for r in rows if r["key"]]
    summary: MiningSummary = {
        "dialogues": len(dialogues),
        "per_source": built.per_source,
        "utterances": sum(len(d.turns) for d in dialogues),
        "supporter_utterances": sum(len(d.supporter_turns()) for d in dialogues),
        "ius": len(rows),
        "key_ius": len(key),
        "positive": sum(1 for r in key if r["change_valence"] == "positive"),
        "negative": sum(1 for r in key if r["change_valence"] == "negative"),
        "prototypes": len(protos["prototypes"]),
        "pairs_with_key_ius": protos["groups"],
        "by_source": {
            src: {
                "ius": sum(1 for r in rows if r["source"] == src),
                "key_ius": sum(1 for r in key if r["source"] == src),
                "positive": sum(
                    1 for r in key if r["source"] == src and r["change_valence"] == "positive"
                ),
                "negative": sum(
                    1 for r in key if r["source"] == src and r["change_valence"] == "negative"
                ),
            }
            for src in sorted({r["source"] for r in rows})
        },
        "negative_changes": dict(
            Counter(
                r["response_change"] for r in key if r["change_valence"] == "negative"
            ).most_common()
        ),
        "clusters": clusters["n_clusters"],
        "annotator": opts.annotator,
        "sources": list(opts.sources),
        "min_size": opts.min_size,
        "requested_clusters": opts.n_clusters,
        "skipped": len(report.skips),
        "skip_reasons": report.reasons(),
        "skips": [{"file": f, "line": n, "reason": r} for f, n, r in report.skips[:200]],
        "data_dir": str(opts.data_dir),
        "inputs": dict(inputs),
        "taxonomy_sha256": file_digest(opts.taxonomy_path),
        "code_fingerprint": code_fingerprint(),
        "pipeline_version": PIPELINE_VERSION,
    }
    atomic.write_json(out / "summary.json", summary)
    write_report(out, summary)
    return summary
