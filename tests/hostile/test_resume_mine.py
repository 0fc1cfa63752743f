"""`mine run` resumed after an interruption at any stage boundary equals an uninterrupted run.

A kill at a stage boundary leaves exactly the outputs of the finished stages and their records
in .stages.json; each case rebuilds that state from a complete run and resumes it. One case
SIGKILLs a real subprocess mid-run. Only ``data_dir`` (an absolute path) may differ; no output
carries a timestamp or run id.
"""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from esc_skills.mine.pipeline import MineOptions, run_pipeline
from esc_skills.mine.store import STATE_FILE

STAGES = ("annotate", "ius", "prototypes", "clusters")
OUTPUTS = {
    "annotate": ["annotations.jsonl"],
    "ius": ["ius.jsonl"],
    "prototypes": ["prototypes.json"],
    "clusters": ["clusters.json"],
}
FINAL = ("summary.json", "report.md", "report.json")
COMPARED = ("annotations.jsonl", "ius.jsonl", "prototypes.json", "clusters.json", *FINAL)
SOURCES = ("esconv-valid",)  # 195 dialogues, many with 10+ turns: exercises turn-key order


def _run(data_dir: Path, out: Path) -> None:
    run_pipeline(MineOptions(data_dir=data_dir, out=out, sources=SOURCES, n_clusters=8))


def _snapshot(out: Path) -> dict[str, bytes]:
    return {name: (out / name).read_bytes() for name in COMPARED}


@pytest.fixture(scope="module")
def reference(tmp_path_factory: pytest.TempPathFactory, data_dir: Path) -> dict[str, bytes]:
    """The outputs of one uninterrupted run."""
    out = tmp_path_factory.mktemp("mine-ref") / "run"
    _run(data_dir, out)
    return _snapshot(out)


def _interrupt_after(out: Path, finished: int) -> None:
    """Leave ``out`` as a kill after the first ``finished`` stages would leave it."""
    records = json.loads((out / STATE_FILE).read_text(encoding="utf-8"))
    kept = {s: records[s] for s in STAGES[:finished]}
    (out / STATE_FILE).write_text(json.dumps(kept), encoding="utf-8")
    for stage in STAGES[finished:]:
        for name in OUTPUTS[stage]:
            (out / name).unlink()
    for name in FINAL:
        (out / name).unlink()


@pytest.mark.parametrize("finished", range(len(STAGES) + 1))
def test_resume_after_each_stage_is_byte_identical(
    finished: int, tmp_path: Path, data_dir: Path, reference: dict[str, bytes]
) -> None:
    out = tmp_path / "run"
    _run(data_dir, out)
    _interrupt_after(out, finished)
    _run(data_dir, out)
    assert _snapshot(out) == reference


def test_resume_with_stage_records_removed_is_byte_identical(
    tmp_path: Path, data_dir: Path, reference: dict[str, bytes]
) -> None:
    out = tmp_path / "run"
    _run(data_dir, out)
    (out / STATE_FILE).unlink()
    for name in ("ius.jsonl", "prototypes.json", "clusters.json", *FINAL):
        (out / name).unlink()
    _run(data_dir, out)
    assert _snapshot(out) == reference


def test_annotations_round_trip_keeps_labels(tmp_path: Path, data_dir: Path) -> None:
    """The regression: reloaded annotations ordered "10" before "2" and changed IU states."""
    from esc_skills.mine.annotation import DialogueAnnotation

    ann = DialogueAnnotation("d", [], states={2: "withdrawal", 10: "confusion"})
    line = json.dumps(ann.to_json(), sort_keys=True)
    back = DialogueAnnotation.from_json(json.loads(line))
    assert list(back.states) == [2, 10] and back == ann


def test_sigkill_mid_run_then_resume_is_byte_identical(
    tmp_path: Path, data_dir: Path, reference: dict[str, bytes]
) -> None:
    out = tmp_path / "run"
    cmd = [
        sys.executable,
        *["-m", "esc_skills.cli.main", "mine", "run", "--data-dir", str(data_dir)],
        *["--source", SOURCES[0], "--clusters", "8", "--out", str(out)],
    ]
    env = {**os.environ, "PYTHONPATH": os.pathsep.join(sys.path)}
    proc = subprocess.Popen(cmd, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    deadline = time.monotonic() + 60
    while not (out / "annotations.jsonl").exists() and time.monotonic() < deadline:
        if proc.poll() is not None:
            break
        time.sleep(0.01)
    proc.send_signal(signal.SIGKILL)
    proc.wait()
    _run(data_dir, out)
    assert _snapshot(out) == reference
