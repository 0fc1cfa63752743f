"""Analysis of conversations: offline (trajectories + thoughts) and with the analyzer role."""

from __future__ import annotations

from pathlib import Path

import jsonschema
import pytest

from esc_skills.bank import Skill
from esc_skills.data.traces import read_traces
from esc_skills.evolve.aggregate import aggregate, group_summary
from esc_skills.evolve.analyse_llm import analyse_all, analyse_llm, model_schema
from esc_skills.evolve.analyse_offline import analyse_offline, validate_analysis
from esc_skills.evolve.conversations import load_conversations
from esc_skills.llm import FakeBackend, LLMClient

from .helpers import write_traces_for


@pytest.fixture(scope="module")
def sage_log(data_dir: Path) -> list:  # type: ignore[type-arg]
    return load_conversations([data_dir / "sage" / "results" / "qwen2.5-72b_result.jsonl"])


def test_offline_on_a_released_sage_log(sage_log: list) -> None:  # type: ignore[type-arg]
    reports = [analyse_offline(t) for t in sage_log]
    assert len(reports) == 100
    assert sum(r["final_emotion"] < 10 for r in reports) == 70  # the log's 70 Failures
    failed = [r for r in reports if r["final_emotion"] < 10]
    assert all(any("failure" in p for p in r["failure_patterns"]) for r in failed)
    # No skills in a plain model's log: every drop is a need no skill covered.
    assert all(r["skill_effects"] == [] for r in reports)
    assert sum(bool(r["missing_skills"]) for r in reports) > 50
    rows = group_summary(reports)
    assert rows[0]["mean_final"] <= rows[-1]["mean_final"]
    assert {r["goal"] for r in rows} >= {"practical-advice", "deep-empathy"}
    chosen = aggregate(reports, bank=[], max_new=4)
    assert len(chosen) == 4 and all(c.kind == "new" for c in chosen)
    assert chosen[0].score >= chosen[-1].score
    finals = sorted((r["final_emotion"], r["profile_id"]) for r in reports)
    assert chosen[0].verify_profiles == [p for _, p in finals[:15]]  # globally lowest


def test_offline_blames_the_skill_before_the_drops(tmp_path: Path) -> None:
    write_traces_for(tmp_path / "t.jsonl", ["p0"])
    report = analyse_offline(read_traces(tmp_path / "t.jsonl")[0])
    (effect,) = report["skill_effects"]
    assert effect["skill"] == "exam-stress-coaching" and effect["effect"] == "hurt"
    assert effect["turns"] == [1, 3] and effect["emotion_change"] == -10
    assert report["missing_skills"][0]["turns"] == [5]  # the drop after a skill-less reply
    kinds = {(r["kind"], r["skill"]) for r in report["recommendations"]}
    assert kinds == {("refine", "exam-stress-coaching"), ("new", "practical-advice-support")}


async def test_llm_report_is_validated_and_normalised(tmp_path: Path) -> None:
    write_traces_for(tmp_path / "t.jsonl", ["p0"])
    trace = read_traces(tmp_path / "t.jsonl")[0]
    bank = [Skill(name="exam-stress-coaching", description="exams", body="x")]
    answer = {
        "skill_effects": [
            {
                "skill": "exam-stress-coaching",
                "effect": "hurt",
                "turns": [1],
                "emotion_change": -5,
                "reason": "advice came too early",
            },
            {
                "skill": "made-up",
                "effect": "hurt",
                "turns": [1],
                "emotion_change": -5,
                "reason": "x",
            },
        ],
        "unsafe_interventions": [],
        "missing_skills": [{"name": "study-planning", "need": "a plan", "turns": [5]}],
        "failure_patterns": ["negative seekers want a plan first"],
        "recommendations": [
            {"kind": "refine", "skill": "exam-stress-coaching", "reason": "slow down", "impact": 5},
            {"kind": "refine", "skill": "Study Planning", "reason": "needs a plan", "impact": 3},
        ],
    }
    fake = FakeBackend([answer])
    report = await analyse_llm(trace, client=LLMClient.with_backend(fake), bank=bank)
    validate_analysis(report)
    assert report["analyzer"] == "llm:fake/test" and report["profile_id"] == "p0"
    assert [e["skill"] for e in report["skill_effects"]] == ["exam-stress-coaching"]
    assert report["recommendations"][1] == {
        "kind": "new",
        "skill": "study-planning",
        "reason": "needs a plan",
        "impact": 3.0,
    }
    prompt = fake.calls[0].messages[0].content
    assert "T1 supporter [skills: exam-stress-coaching]" in prompt and "change -5" in prompt
    assert fake.calls[0].role == "analyzer"


def test_model_schema_rejects_a_bad_effect() -> None:
    bad = {
        "skill_effects": [
            {"skill": "x", "effect": "great", "turns": [], "emotion_change": 0, "reason": ""}
        ],
        "unsafe_interventions": [],
        "missing_skills": [],
        "failure_patterns": [],
        "recommendations": [],
    }
    with pytest.raises(jsonschema.ValidationError):
        jsonschema.validate(bad, model_schema())


async def test_a_failed_llm_analysis_falls_back_to_offline(tmp_path: Path) -> None:
    write_traces_for(tmp_path / "t.jsonl", ["p0", "p1"])
    traces = read_traces(tmp_path / "t.jsonl")
    fake = FakeBackend(lambda request: "not json at all")
    reports = await analyse_all(traces, client=LLMClient.with_backend(fake), bank=[])
    assert [r["analyzer"] for r in reports] == ["offline (analyzer model failed)"] * 2
    assert reports[0]["recommendations"] == analyse_offline(traces[0])["recommendations"]
    assert len(fake.calls) == 6  # each conversation: the question and two re-asks
