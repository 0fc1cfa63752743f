"""`mine run` over the shared data: counts, schema-valid IUs, prototypes, clusters, resume."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import jsonschema

from esc_skills.mine.ius import iu_validator, read_jsonl
from esc_skills.mine.pipeline import MineOptions, run_pipeline
from esc_skills.mine.report import PAPER
from esc_skills.paths import schema_path

from .conftest import write_user_file

KEYS = ("dialogues", "ius", "key_ius", "positive", "negative", "prototypes", "clusters")


def test_summary_over_shared_data(full_run: tuple[Path, dict[str, Any]]) -> None:
    out, summary = full_run
    on_disk = json.loads((out / "summary.json").read_text())
    assert on_disk == summary
    for key in KEYS:
        assert isinstance(summary[key], int), key
    assert summary["dialogues"] == 910 + 196
    assert summary["per_source"] == {"esconv-train": 910, "failed-esconv": 196}
    assert summary["key_ius"] == summary["positive"] + summary["negative"]
    assert 0 < summary["key_ius"] < summary["ius"]
    assert summary["clusters"] == 27 and summary["skipped"] == 0
    print({k: summary[k] for k in KEYS})


def test_ius_are_schema_valid_and_reference_real_turns(
    full_run: tuple[Path, dict[str, Any]],
) -> None:
    out, summary = full_run
    validator = iu_validator()
    rows = list(read_jsonl(out / "ius.jsonl"))
    assert len(rows) == summary["ius"]
    for iu in rows:
        validator.validate(iu)
        assert iu["turn_index"] < min(iu["response_turns"])
        assert iu["id"] == f"{iu['dialogue_id']}:{iu['turn_index']}"
    assert {iu["source"] for iu in rows} == {"esconv", "failed-esconv"}
    assert "text" not in rows[0]


def test_prototypes_and_clusters_are_consistent(full_run: tuple[Path, dict[str, Any]]) -> None:
    out, summary = full_run
    doc = json.loads((out / "prototypes.json").read_text())
    jsonschema.validate(doc, json.loads(schema_path("prototypes.schema.json").read_text()))
    protos = doc["prototypes"]
    assert len(protos) == summary["prototypes"]
    assert all(p["count"] >= 5 for p in protos)
    assert len({(p["state"], p["action"]) for p in protos}) == len(protos)
    doc = json.loads((out / "clusters.json").read_text())
    jsonschema.validate(doc, json.loads(schema_path("clusters.schema.json").read_text()))
    clusters = doc["clusters"]
    members = [p for c in clusters for p in c["prototypes"]]
    assert sorted(members) == sorted(p["id"] for p in protos)
    assert sum(c["count"] for c in clusters) == sum(p["count"] for p in protos)
    for c in clusters:
        assert 0 < len(c["representative_ius"]) <= 20
        assert list(c["states"].values()) == sorted(c["states"].values(), reverse=True)


def test_report_compares_with_paper(full_run: tuple[Path, dict[str, Any]]) -> None:
    out, _ = full_run
    report = json.loads((out / "report.json").read_text())
    assert [r["metric"] for r in report["rows"]] == list(PAPER)
    assert all(r["why"] for r in report["rows"])
    md = (out / "report.md").read_text()
    assert "17,858" in md and "10,181" in md and "258" in md


def test_rerun_skips_unchanged_stages_and_resumes(tmp_path: Path, data_dir: Path) -> None:
    user = write_user_file(tmp_path / "mine.jsonl")
    logs: list[str] = []
    opts = MineOptions(
        data_dir=data_dir,
        out=tmp_path / "run",
        sources=(str(user),),
        min_size=2,
        n_clusters=3,
        log=logs.append,
    )
    first = run_pipeline(opts)
    assert first["dialogues"] == 12 and first["ius"] == 36
    ius_bytes = (tmp_path / "run" / "ius.jsonl").read_bytes()
    logs.clear()
    second = run_pipeline(opts)
    assert second == first
    assert any("annotate: unchanged" in m for m in logs)
    assert any("ius: unchanged" in m for m in logs)
    # A run killed before the clusters were written recomputes only them.
    (tmp_path / "run" / "clusters.json").unlink()
    third = run_pipeline(opts)
    assert third == first
    assert (tmp_path / "run" / "ius.jsonl").read_bytes() == ius_bytes


def test_bad_records_are_counted_not_fatal(tmp_path: Path, data_dir: Path) -> None:
    user = write_user_file(tmp_path / "mine.jsonl", n=4)
    with user.open("a") as fh:
        fh.write("{oops\n")
        fh.write(json.dumps({"id": "z", "turns": [{"speaker": "bot", "text": "x"}]}) + "\n")
    logs: list[str] = []
    summary = run_pipeline(
        MineOptions(
            data_dir=data_dir,
            out=tmp_path / "run",
            sources=(str(user),),
            min_size=1,
            log=logs.append,
        )
    )
    assert summary["dialogues"] == 4 and summary["skipped"] == 2
    assert summary["skip_reasons"] == {"bad JSON": 1, "unknown speaker": 1}
    assert any(f"{user}:5: skipped: bad JSON" in m for m in logs)
