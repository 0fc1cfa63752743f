"""The LLM agent predictor on the scripted fake backend: prompts, scoring and resume."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest

from esc_skills.bank import Skill
from esc_skills.errors import ConfigError
from esc_skills.esconv_eval.agent import AgentPredictor
from esc_skills.esconv_eval.runner import PREDICTIONS, evaluate_agent, read_predictions
from esc_skills.llm import FakeBackend, LLMClient, LLMRequest
from esc_skills.taxonomy import load_taxonomy

STRATEGIES = load_taxonomy().esconv_strategies


def scripted(request: LLMRequest) -> dict[str, Any]:
    """Question on every turn, applying the first skill it was offered (if any)."""
    assert request.schema is not None
    answer: dict[str, Any] = {"strategy": "Question", "reply": "How are you feeling about that?"}
    if "skills_applied" in request.schema["properties"]:
        answer["skills_applied"] = request.schema["properties"]["skills_applied"]["items"]["enum"][
            :1
        ]
    return answer


def make(
    skills: list[Skill] | None = None, model: str = "fake/test"
) -> tuple[AgentPredictor, FakeBackend]:
    fake = FakeBackend(scripted)
    client = LLMClient.with_backend(fake, model=model)
    return AgentPredictor(client, skills or [], strategies=STRATEGIES), fake


async def test_agent_scores_every_turn(tiny_data: Path, tmp_path: Path) -> None:
    predictor, fake = make()
    result = await evaluate_agent(tiny_data, predictor=predictor, bank_label="none", out=tmp_path)
    assert len(fake.calls) == result["turns"] == 9 and result["complete"]
    # gold Question on 3 of the 9 invented supporter turns
    assert result["acc"] == pytest.approx(3 / 9)
    assert result["metrics"]["bleu1"] is not None and 0 <= result["metrics"]["bleu1"] <= 1
    assert result["metrics"]["rougeL"] is not None
    assert result["metrics"]["bertscore"] is None and "bertscore" in result["unavailable"]
    assert set(result["baselines"]) == {"majority", "transition"}
    records = read_predictions(tmp_path / PREDICTIONS)
    assert [r["predicted_strategy"] for r in records] == ["Question"] * 9
    assert {r["key"] for r in records} == {f"esconv-test-0000:{i}" for i in (0, 2, 3, 5)} | {
        "esconv-test-0001:1",
        "esconv-test-0001:3",
        "esconv-test-0002:1",
        "esconv-test-0002:3",
        "esconv-test-0002:4",
    }


async def test_agent_prompt_holds_history_strategies_and_skills(
    tiny_data: Path, tmp_path: Path
) -> None:
    skills = [
        Skill(
            name=f"s{i}",
            description=d,
            body=f"## When to use\n\n{d}\n",
            metadata={"esc-support-actions": "emotion-reflection"},
        )
        for i, d in enumerate(["a pet died, grief and crying", "exams and grades", "moving city"])
    ]
    predictor, fake = make(skills)
    result = await evaluate_agent(
        tiny_data, predictor=predictor, bank_label="tiny", out=tmp_path, limit=3
    )
    grief = next(c for c in fake.calls if "My dog died" in c.messages[-1].content)
    task = grief.messages[-1].content
    assert "Seeker: My dog died" in task and "Reflection of feelings" in task
    assert '<skill name="s0">' in grief.messages[0].content  # BM25 loaded the grief skill
    record = next(
        r for r in read_predictions(tmp_path / PREDICTIONS) if r["key"] == "esconv-test-0002:1"
    )
    assert record["skills_offered"][0] == "s0" and record["skills_applied"] == ["s0"]
    assert result["bank"] == "tiny"
    # the supporter continuing its own turn: the task ends on the supporter's line
    cont = next(
        c
        for c in fake.calls
        if "What happened" not in c.messages[-1].content
        and "Supporter: That sounds really discouraging." in c.messages[-1].content
    )
    assert cont.messages[-1].role == "user"


async def test_agent_resumes_from_its_predictions(tiny_data: Path, tmp_path: Path) -> None:
    predictor, fake = make()
    first = await evaluate_agent(
        tiny_data, predictor=predictor, bank_label="none", out=tmp_path, limit=2
    )
    assert len(fake.calls) == first["turns"] == 6
    predictor, fake = make()
    second = await evaluate_agent(tiny_data, predictor=predictor, bank_label="none", out=tmp_path)
    assert len(fake.calls) == 3 and second["resumed"] == 6 and second["turns"] == 9
    # an interrupted write leaves a torn last line: that turn alone runs again
    path = tmp_path / PREDICTIONS
    text = path.read_text(encoding="utf-8")
    path.write_text(text[: len(text) - 20], encoding="utf-8")
    predictor, fake = make()
    third = await evaluate_agent(tiny_data, predictor=predictor, bank_label="none", out=tmp_path)
    assert len(fake.calls) == 1 and third["turns"] == 9
    predictor, fake = make()
    again = await evaluate_agent(tiny_data, predictor=predictor, bank_label="none", out=tmp_path)
    assert fake.calls == [] and again["metrics"] == third["metrics"]


async def test_agent_refuses_to_mix_runs(tiny_data: Path, tmp_path: Path) -> None:
    predictor, _ = make()
    await evaluate_agent(tiny_data, predictor=predictor, bank_label="none", out=tmp_path, limit=1)
    other, fake = make(model="fake/other")
    with pytest.raises(ConfigError, match="another run"):
        await evaluate_agent(tiny_data, predictor=other, bank_label="none", out=tmp_path)
    assert fake.calls == []


async def test_failed_turns_are_reported_and_retried(tiny_data: Path, tmp_path: Path) -> None:
    def flaky(request: LLMRequest) -> Any:
        # the turn right after this seeker line never answers valid JSON, even when re-asked
        if "stop crying.\n\nAnswer with JSON" in request.messages[1].content:
            return "not json"
        return scripted(request)

    client = LLMClient.with_backend(FakeBackend(flaky))
    predictor = AgentPredictor(client, [], strategies=STRATEGIES)
    result = await evaluate_agent(tiny_data, predictor=predictor, bank_label="none", out=tmp_path)
    assert result["errored"] == 1 and not result["complete"] and result["turns"] == 8
    predictor, fake = make()
    fixed = await evaluate_agent(tiny_data, predictor=predictor, bank_label="none", out=tmp_path)
    assert len(fake.calls) == 1 and fixed["complete"]
    assert (
        json.loads((tmp_path / PREDICTIONS).read_text().splitlines()[-1])["key"]
        == "esconv-test-0002:1"
    )


async def test_history_window_limits_the_prompt_and_the_run_identity(
    tiny_data: Path, tmp_path: Path
) -> None:
    fake = FakeBackend(scripted)
    client = LLMClient.with_backend(fake)
    short = AgentPredictor(client, [], strategies=STRATEGIES, history_utterances=1)
    await evaluate_agent(tiny_data, predictor=short, bank_label="none", out=tmp_path, limit=1)
    last = fake.calls[-1].messages[-1].content
    assert "Seeker: I froze and forgot everything." in last
    assert "That sounds really discouraging" not in last
    full, _ = make()
    with pytest.raises(ConfigError, match="another run"):
        await evaluate_agent(tiny_data, predictor=full, bank_label="none", out=tmp_path, limit=1)


async def test_a_corrupt_line_inside_the_file_is_an_error(tiny_data: Path, tmp_path: Path) -> None:
    predictor, _ = make()
    await evaluate_agent(tiny_data, predictor=predictor, bank_label="none", out=tmp_path, limit=1)
    path = tmp_path / PREDICTIONS
    lines = path.read_text(encoding="utf-8").splitlines()
    path.write_text("\n".join([lines[0], "{oops", *lines[1:]]) + "\n", encoding="utf-8")
    predictor, fake = make()
    with pytest.raises(ConfigError, match=r"predictions.jsonl:2: not valid JSON"):
        await evaluate_agent(tiny_data, predictor=predictor, bank_label="none", out=tmp_path)
    assert fake.calls == []
