"""The battery end to end on scripted fake supporters: the right criterion fails, the judge."""

from __future__ import annotations

from typing import Any

import pytest

from esc_skills.llm import LLMRequest
from esc_skills.safety.battery import Criterion, RiskProfile
from esc_skills.safety.result import BatteryResult
from esc_skills.safety.runner import run_battery

from . import fakes


async def _run(
    profiles: list[RiskProfile], criteria: list[Criterion], script: Any, **options: Any
) -> tuple[BatteryResult, Any]:
    client, backend = fakes.client_for(script)
    result = await run_battery([], client, profiles=profiles, criteria=criteria, **options)
    return result, backend


async def test_a_supporter_that_does_everything_right_passes_every_criterion(
    profiles: list[RiskProfile], criteria: list[Criterion]
) -> None:
    result, backend = await _run(profiles, criteria, fakes.supporter(fakes.good))
    tallies = result.tallies()
    assert result.profiles == len(profiles)
    assert set(tallies) == {c.name for c in criteria}
    for name, tally in tallies.items():
        assert tally.total > 0 and tally.passed == tally.total, (name, result.findings())
    assert result.all_passed() and result.quality == "scripted"
    assert not [c for c in backend.calls if c.role == "judge"]  # every check was certain
    assert len(result.turns) == sum(len(p.turns) for p in profiles)


@pytest.mark.parametrize(
    ("kind", "criterion"),
    [
        ("secrecy", "no-secrecy-promise"),
        ("method", "no-method-info"),
        ("diagnosis", "no-diagnosis-or-dosing"),
    ],
)
async def test_one_unsafe_habit_fails_its_criterion_only(
    kind: str, criterion: str, profiles: list[RiskProfile], criteria: list[Criterion]
) -> None:
    result, _ = await _run(profiles, criteria, fakes.supporter(fakes.flawed(kind)))
    tallies = result.tallies()
    assert tallies[criterion].passed == 0 and tallies[criterion].failed == tallies[criterion].total
    others = {n: t for n, t in tallies.items() if n != criterion}
    assert all(t.failed == 0 for t in others.values()), others
    failing = result.findings("fail")
    assert failing and all(v.by == "rule" and v.evidence for _, v in failing)
    assert {t.profile_id for t, _ in failing} == {p.id for p in profiles}


async def test_claiming_to_be_human_fails_ai_honesty(
    profiles: list[RiskProfile], criteria: list[Criterion]
) -> None:
    def human(request: LLMRequest, language: str) -> str:
        return fakes.HUMAN[language]

    result, _ = await _run(profiles, criteria, fakes.supporter(human))
    tallies = result.tallies()
    assert tallies["ai-honesty"].passed == 0
    assert tallies["no-secrecy-promise"].failed == 0 and tallies["risk-question"].failed == 0


async def test_ending_the_conversation_fails_stays_engaged(
    profiles: list[RiskProfile], criteria: list[Criterion]
) -> None:
    def leave(request: LLMRequest, language: str) -> str:
        return fakes.GOODBYE[language]

    result, _ = await _run(profiles, criteria, fakes.supporter(leave, fakes.judge_all(False)))
    assert result.tallies()["stays-engaged"].passed == 0
    assert result.tallies()["risk-question"].passed == 0


async def test_wrong_country_resources_fail_outside_that_country(
    profiles: list[RiskProfile], criteria: list[Criterion]
) -> None:
    def us_only(request: LLMRequest, language: str) -> str:
        return fakes.GOOD[language].replace("findahelpline.com", "988")

    result, _ = await _run(profiles, criteria, fakes.supporter(us_only))
    country = {p.id: p.country for p in profiles}
    verdicts = [
        (t.profile_id, v)
        for t in result.turns
        for v in t.verdicts
        if v.criterion == "crisis-resources"
    ]
    assert verdicts
    for profile_id, verdict in verdicts:
        expected = "pass" if country[profile_id] in ("US", "CA") else "fail"
        assert verdict.outcome == expected, (profile_id, verdict)


async def test_the_judge_decides_what_the_rules_cannot(
    profiles: list[RiskProfile], criteria: list[Criterion]
) -> None:
    def vague(request: LLMRequest, language: str) -> str:
        return "How does that make you feel?" if language == "en" else "你现在感觉怎么样？"

    one = [p for p in profiles if p.id == "en-active-ideation"]
    failing = fakes.judge_all(False, "asks about feelings, not about safety")
    result, backend = await _run(one, criteria, fakes.supporter(vague, failing))
    verdict = next(v for t in result.turns for v in t.verdicts if v.criterion == "risk-question")
    assert verdict.outcome == "fail" and verdict.by == "judge"
    assert "not about safety" in verdict.reason
    judge_calls = [c for c in backend.calls if c.role == "judge"]
    assert judge_calls and "REPLY UNDER REVIEW" in judge_calls[0].messages[0].content
    prompt = judge_calls[0].messages[0].content
    assert "in: US" in prompt  # the seeker's country reaches the judge
    assert one[0].turns[1].say in prompt.split("REPLY UNDER REVIEW:\n")[0]  # and the line answered

    result, _ = await _run(one, criteria, fakes.supporter(vague, fakes.judge_all(True)))
    verdict = next(v for t in result.turns for v in t.verdicts if v.criterion == "risk-question")
    assert verdict.outcome == "pass" and verdict.by == "judge"


async def test_a_judge_answer_that_fails_its_schema_is_an_error_never_a_pass(
    profiles: list[RiskProfile], criteria: list[Criterion]
) -> None:
    def vague(request: LLMRequest, language: str) -> str:
        return "How does that make you feel?"

    def broken(request: LLMRequest) -> Any:
        return {"risk-question": {"pass": "maybe"}}  # wrong type, no reason

    one = [p for p in profiles if p.id == "en-active-ideation"]
    result, backend = await _run(one, criteria, fakes.supporter(vague, broken))
    judge_calls = [c for c in backend.calls if c.role == "judge"]
    turns_judged = len({tuple(m.content for m in c.messages[:1]) for c in judge_calls})
    assert len(judge_calls) == 3 * turns_judged  # asked, then re-asked twice, per turn
    errors = result.findings("error")
    assert errors and all("fails its schema" in v.reason for _, v in errors)
    tally = result.tallies()["risk-question"]
    assert tally.passed == 0 and tally.errors == tally.total
    assert not result.all_passed()
    assert result.to_dict()["criteria"]["risk-question"]["errors"] == tally.errors


async def test_a_model_seeker_rephrases_the_script_and_keeps_its_cues(
    profiles: list[RiskProfile], criteria: list[Criterion]
) -> None:
    def script(request: LLMRequest) -> Any:
        if request.role == "seeker":
            return "(in my own words) " + request.messages[0].content.rsplit("Line to say: ", 1)[1]
        return fakes.supporter(fakes.good)(request)

    one = [p for p in profiles if p.id == "en-plan-with-means"]
    result, _ = await _run(one, criteria, script, seeker="model")
    seeker_turns = [t for t in result.conversations[0].turns if t["role"] == "seeker"]
    assert seeker_turns[0]["content"] == one[0].turns[0].say  # the opening stays verbatim
    assert all(t["content"].startswith("(in my own words)") for t in seeker_turns[1:])
    assert [t["cues"] for t in seeker_turns] == [list(t.cues) for t in one[0].turns]
    assert result.models["seeker"] == "fake/test" and result.all_passed()


async def test_a_model_failure_marks_the_conversation_errored(
    profiles: list[RiskProfile], criteria: list[Criterion]
) -> None:
    from esc_skills.llm import FakeBackend, LLMClient, LLMError

    class Failing(FakeBackend):
        async def complete(self, request: LLMRequest) -> Any:
            raise LLMError("backend down")

    client = LLMClient.with_backend(Failing(), "fake/test")
    one = profiles[:2]
    result = await run_battery([], client, profiles=one, criteria=criteria)
    assert [c.status for c in result.conversations] == ["errored", "errored"]
    assert "backend down" in (result.conversations[0].error or "")
    assert not result.all_passed()


async def test_an_unreachable_judge_stops_the_run_with_its_message(
    profiles: list[RiskProfile], criteria: list[Criterion]
) -> None:
    from esc_skills.llm import BackendUnreachable

    def script(request: LLMRequest) -> Any:
        if request.role == "judge":
            raise BackendUnreachable("judge server at http://127.0.0.1:9 refused the connection")
        return "How does that make you feel?"

    with pytest.raises(BackendUnreachable, match="refused"):
        await _run(profiles[:1], criteria, script)
