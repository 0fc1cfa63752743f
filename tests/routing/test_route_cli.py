"""`esc-skills route` and `esc-skills eval triggers` through the real command tree."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest
from click.testing import CliRunner

from esc_skills.agent.retrievers import REGISTRY, RETRIEVER_CHOICES
from esc_skills.cli.main import cli
from esc_skills.paths import SKILLS_DIR


def run(*args: str) -> tuple[int, str, str]:
    result = CliRunner().invoke(cli, list(args))
    return result.exit_code, result.stdout, result.stderr


def test_route_json_is_the_pinned_shape() -> None:
    code, out, _ = run("route", "I failed my exam", "--format", "json")
    assert code == 0
    data = json.loads(out)
    skills = data["skills"]
    assert skills and all(set(s) >= {"name", "score"} for s in skills)
    assert skills[0]["name"] == "academic-pressure-support"
    scores = [s["score"] for s in skills]
    assert scores == sorted(scores, reverse=True)
    assert data["retriever"] == "cues"


@pytest.mark.parametrize("k", ["1", "5"])
def test_route_top_k(k: str) -> None:
    code, out, _ = run(
        "route", "my boss yells and my coworkers ignore me", "--top-k", k, "--format", "json"
    )
    assert code == 0 and len(json.loads(out)["skills"]) == int(k)


def test_route_risk_first_in_text_output() -> None:
    code, out, _ = run("route", "I've been saving my pills up")
    assert code == 0
    assert "1. crisis-safety-response" in out and "risk" in out


def test_route_with_context(tmp_path: Path) -> None:
    turns = tmp_path / "turns.jsonl"
    turns.write_text(
        '{"role": "seeker", "content": "nobody would notice if I was gone"}\n'
        '{"role": "supporter", "content": "I am glad you told me."}\n',
        encoding="utf-8",
    )
    code, out, _ = run("route", "anyway", "--context", str(turns), "--format", "json")
    assert code == 0 and json.loads(out)["skills"][0]["name"] == "crisis-safety-response"


@pytest.mark.parametrize("name", [n for n in REGISTRY if n != "llm"])
def test_every_offline_retriever_routes(name: str) -> None:
    code, out, _ = run("route", "I feel so alone", "--retriever", name, "--format", "json")
    assert code == 0
    assert isinstance(json.loads(out)["skills"], list)
    skills = json.loads(out)["skills"]
    # Only "none" may route nowhere; the others name real skills, best first.
    assert (skills == []) == (name == "none"), skills
    assert {s["name"] for s in skills} <= {p.name for p in SKILLS_DIR.iterdir() if p.is_dir()}
    scores = [s["score"] for s in skills]
    assert scores == sorted(scores, reverse=True)


def test_choices_come_from_the_registry() -> None:
    assert ("auto", *REGISTRY) == RETRIEVER_CHOICES
    for command in ("chat", "simulate"):
        params = {p.name: p for p in cli.get_command(None, command).params}  # type: ignore[arg-type,union-attr]
        assert tuple(params["retriever"].type.choices) == RETRIEVER_CHOICES


@pytest.mark.parametrize(
    ("args", "needle"),
    [
        (["route", "   "], "empty"),
        (["route", "hi", "--retriever", "magic"], "not a retriever"),
        (["route", "hi", "--bank", "/no/such/bank"], "no such bank"),
        (["eval", "triggers", "--retriever", "magic"], "not a retriever"),
    ],
)
def test_bad_input_is_one_line_exit_2(args: list[str], needle: str) -> None:
    code, _, err = run(*args)
    assert code == 2
    assert needle in err and len(err.strip().splitlines()) == 1


def test_non_utf8_text_is_rejected() -> None:
    code, _, err = run("route", "caf\udce9")
    assert code == 2 and "UTF-8" in err


def test_bank_that_does_not_lint_is_refused(tmp_path: Path) -> None:
    bank = tmp_path / "bank"
    shutil.copytree(SKILLS_DIR / "crisis-safety-response", bank / "crisis-safety-response")
    broken = bank / "grief"
    broken.mkdir()
    (broken / "SKILL.md").write_text("---\nname: other\n---\n", encoding="utf-8")
    code, _, err = run("route", "hello", "--bank", str(bank))
    assert code == 2 and "does not lint" in err and len(err.strip().splitlines()) == 1


def test_bad_context_file(tmp_path: Path) -> None:
    turns = tmp_path / "turns.jsonl"
    turns.write_text('{"role": "robot", "content": "x"}\n', encoding="utf-8")
    code, _, err = run("route", "hello", "--context", str(turns))
    assert code == 2 and f"{turns}:1" in err


def test_eval_triggers_json() -> None:
    code, out, _ = run("eval", "triggers", "--retriever", "cues", "--format", "json")
    assert code == 0
    result = json.loads(out)["retrievers"]["cues"]
    overall = result["triggers"]["overall"]
    assert 0 <= overall["recall"] <= 1 and 0 <= overall["precision"] <= 1
    assert len(result["triggers"]["skills"]) == len(list(SKILLS_DIR.glob("*/SKILL.md")))
    for split in ("dev", "heldout"):
        figures = result["routing"][split]
        assert figures["crisis_false_positives_top3"] <= 2
        assert figures["top3"] >= 0.8
    # Regression guards at the measured level: every dev risk message; the held-out half was
    # never tuned on and still has misses (see docs/routing.md).
    dev, held = result["routing"]["dev"], result["routing"]["heldout"]
    assert dev["crisis_first"] == dev["risk_messages"]
    assert held["crisis_first"] >= 0.85 * held["risk_messages"]


def test_eval_triggers_text_names_each_retriever_and_split() -> None:
    code, out, _ = run("eval", "triggers", "--k", "1")
    assert code == 0
    for name in ("cues", "bm25", "embed"):
        assert f"== retriever {name}" in out
    assert "routing set heldout" in out and "confusion" in out
