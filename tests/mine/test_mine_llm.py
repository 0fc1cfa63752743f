"""LLM annotator and candidate synthesis on the fake backend (no network)."""

from __future__ import annotations

import asyncio
import json
from pathlib import Path
from typing import Any

import pytest

from esc_skills.bank import load_skill
from esc_skills.errors import DataError
from esc_skills.lint import has_errors, lint_skill
from esc_skills.llm import FakeBackend, LLMClient, LLMRequest
from esc_skills.llm.factory import make_client
from esc_skills.mine.pipeline import MineOptions, run_pipeline
from esc_skills.mine.synth_template import template_sections
from esc_skills.mine.synthesize import synthesize_run
from esc_skills.paths import SKILLS_DIR
from esc_skills.taxonomy import load_taxonomy

from .conftest import write_user_file


def _labels(request: LLMRequest) -> dict[str, Any]:
    return {
        "scenarios": ["financial-stress"],
        "states": [{"turn": 0, "label": "overwhelmed"}],
        "actions": [{"turn": 1, "label": "open-question"}],
        "changes": [{"turn": 3, "label": "plan-commitment"}],
    }


def _opts(tmp_path: Path, data_dir: Path, client: Any, out: str = "run") -> MineOptions:
    user = tmp_path / "mine.jsonl"
    if not user.exists():
        write_user_file(user, n=6)
    return MineOptions(
        data_dir=data_dir,
        out=tmp_path / out,
        sources=(str(user),),
        annotator="llm",
        llm_client=client,
        min_size=1,
        n_clusters=2,
    )


def test_llm_annotator_one_call_per_dialogue_and_resume(tmp_path: Path, data_dir: Path) -> None:
    fake = FakeBackend(_labels)
    summary = run_pipeline(_opts(tmp_path, data_dir, LLMClient.with_backend(fake)))
    assert len(fake.calls) == 6 and summary["annotator"] == "llm"
    assert all(c.role == "annotator" and c.schema for c in fake.calls)
    rows = [
        json.loads(x) for x in (tmp_path / "run" / "annotations.jsonl").read_text().splitlines()
    ]
    assert rows[0]["states"]["0"] == "overwhelmed" and rows[0]["annotator"] == "llm"
    assert rows[0]["states"]["2"]  # left out by the model, filled by the heuristic
    ius = [json.loads(x) for x in (tmp_path / "run" / "ius.jsonl").read_text().splitlines()]
    assert {iu["annotator"] for iu in ius} == {"llm"}
    # Kill mid-run: two dialogues lost, one half-written line.
    path = tmp_path / "run" / "annotations.jsonl"
    path.write_text("\n".join(path.read_text().splitlines()[:4]) + '\n{"dialogue_id": "u0')
    (tmp_path / "run" / ".stages.json").unlink()
    fake.calls.clear()
    again = run_pipeline(_opts(tmp_path, data_dir, LLMClient.with_backend(fake)))
    assert len(fake.calls) == 2
    assert again["ius"] == summary["ius"]


def test_llm_rerun_on_unchanged_input_makes_no_calls(tmp_path: Path, data_dir: Path) -> None:
    fake = FakeBackend(_labels)
    cache = tmp_path / "cache.sqlite"
    client = make_client(model="fake/test", backends={"fake": fake}, cache_path=cache)
    first = run_pipeline(_opts(tmp_path, data_dir, client, "run1"))
    calls = len(fake.calls)
    assert calls == 2  # six dialogues, two distinct prompts: identical requests are sent once
    client = make_client(model="fake/test", backends={"fake": fake}, cache_path=cache)
    second = run_pipeline(_opts(tmp_path, data_dir, client, "run2"))  # fresh output directory
    assert len(fake.calls) == calls  # every answer came from the on-disk cache
    assert second["ius"] == first["ius"]


GOOD = {
    "name": "gentle-next-steps",
    "description": "Helps a worried seeker find one small next step after they feel heard. "
    "Use when the seeker is anxious and asks what to do.",
    "title": "Gentle next steps",
    "overview": "Anxious seekers often want a way forward, but advice lands only after they "
    "feel heard. Reflect first, then offer one small, optional step.",
    "when_to_use": ["The seeker sounds anxious and asks what they could do."],
    "recommended_actions": [
        "Reflect the worry in a sentence.",
        "Offer one small step and ask whether it fits.",
    ],
    "pitfalls": ["Do not list many options at once."],
    "expected_outcomes": ["The seeker commits to a small step they chose."],
    "risks": ["If the seeker mentions self-harm, ask directly about safety."],
    "examples": [
        {
            "seeker": "I keep panicking about rent.",
            "supporter": "That sounds really "
            "stressful. Would it help to look at just this month's costs together?",
        }
    ],
}


@pytest.fixture
def small_run(tmp_path: Path, data_dir: Path) -> Path:
    opts = _opts(tmp_path, data_dir, None)
    opts.annotator = "heuristic"
    run_pipeline(opts)
    return opts.out


def test_synthesis_with_a_usable_model_answer(small_run: Path, tmp_path: Path) -> None:
    fake = FakeBackend(lambda req: GOOD)
    out = tmp_path / "candidates"
    results = asyncio.run(synthesize_run(small_run, out, LLMClient.with_backend(fake)))
    assert [r["status"] for r in results] == ["model", "model"]
    assert [r["name"] for r in results] == ["gentle-next-steps", "gentle-next-steps-2"]
    clusters = json.loads((small_run / "clusters.json").read_text())["clusters"]
    for req, cluster in zip(fake.calls, clusters, strict=True):
        assert req.role == "generator"
        evidence = req.messages[-1].content.split("Cluster evidence:", 1)[1]
        assert json.loads(evidence)["cluster"] == cluster["id"]
    for r in results:
        folder = out / r["name"]
        assert not has_errors(lint_skill(folder)), lint_skill(folder)
        skill = load_skill(folder)
        assert skill.metadata["esc-origin"] == "mined"
        ev = json.loads((folder / "references" / "evidence.json").read_text())
        assert ev["synthesis"]["mode"] == "model" and ev["ius"]


@pytest.mark.parametrize("bad_name", ["", "!!", "claude", "a"])
def test_a_model_name_too_short_to_use_takes_each_clusters_template_name(
    small_run: Path, tmp_path: Path, bad_name: str
) -> None:
    fake = FakeBackend(lambda req: {**GOOD, "name": bad_name})
    out = tmp_path / "candidates"
    results = asyncio.run(synthesize_run(small_run, out, LLMClient.with_backend(fake)))
    clusters = json.loads((small_run / "clusters.json").read_text())["clusters"]
    tax = load_taxonomy()
    assert [r["status"] for r in results] == ["model"] * len(clusters)
    for r, cluster in zip(results, clusters, strict=True):
        # The model's text is kept; only the name comes from this cluster's template.
        assert r["name"].startswith(template_sections(cluster, tax)["name"])
        assert load_skill(out / r["name"]).description.startswith("Helps a worried seeker")


def test_unusable_model_text_falls_back_to_template(small_run: Path, tmp_path: Path) -> None:
    fake = FakeBackend()  # minimal schema-valid answers: far too thin to use
    out = tmp_path / "candidates"
    results = asyncio.run(
        synthesize_run(small_run, out, LLMClient.with_backend(fake), max_attempts=2)
    )
    assert {r["status"] for r in results} == {"template"}
    assert len(fake.calls) == 4  # bounded: 2 attempts per cluster
    for r in results:
        folder = out / r["name"]
        assert not has_errors(lint_skill(folder))
        ev = json.loads((folder / "references" / "evidence.json").read_text())
        assert ev["synthesis"]["mode"] == "template" and "too short" in ev["synthesis"]["reason"]


def test_synthesis_refuses_the_bank_directory(small_run: Path) -> None:
    with pytest.raises(DataError, match="never go straight into skills"):
        asyncio.run(synthesize_run(small_run, SKILLS_DIR, LLMClient.with_backend(FakeBackend())))
