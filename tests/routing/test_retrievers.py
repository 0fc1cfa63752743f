"""The retriever registry, route_skills for every kind, the embed fallback, chat's route lines."""

from __future__ import annotations

import pytest
from click.testing import CliRunner

from esc_skills.agent import embed_ranker
from esc_skills.agent.retrieval import (
    BM25Ranker,
    LLMChooser,
    RetrievalQuery,
    skill_document,
    tokenize,
)
from esc_skills.agent.retrievers import (
    DEFAULT_OFFLINE,
    REGISTRY,
    FallbackRanker,
    make_retriever,
    offline_names,
    route_message,
    route_skills,
)
from esc_skills.bank import load_bank
from esc_skills.cli.main import cli
from esc_skills.errors import UserError
from esc_skills.llm import FakeBackend, LLMClient, LLMRequest
from esc_skills.paths import SKILLS_DIR

SKILLS = load_bank(SKILLS_DIR)
QUERY = RetrievalQuery([{"role": "seeker", "content": "I lost my job and rent is due"}])


def test_registry_names_and_defaults() -> None:
    assert DEFAULT_OFFLINE == "cues" and DEFAULT_OFFLINE in offline_names()
    assert "llm" in REGISTRY and "llm" not in offline_names()
    with pytest.raises(UserError, match="needs a model"):
        make_retriever("llm", SKILLS)


async def test_llm_choice_becomes_scored_results() -> None:
    def script(request: LLMRequest) -> object:
        return {"seeker_state": "scared about money", "skills": ["job-loss-and-money-worry"]}

    ranker = make_retriever("llm", SKILLS, LLMClient.with_backend(FakeBackend(script)))
    assert isinstance(ranker, LLMChooser)
    results = await route_skills(ranker, QUERY, 3)
    assert [r.skill.name for r in results] == ["job-loss-and-money-worry"]
    assert results[0].score == 1.0 and results[0].why["seeker_state"] == ["scared about money"]


async def test_bm25_results_explain_shared_terms() -> None:
    results = await route_skills(make_retriever("bm25", SKILLS), QUERY, 3)
    assert results and all(r.why.get("terms") for r in results)


@pytest.mark.parametrize(
    "text", ["I lost my job and rent is due", "my exams are next week and I cannot sleep", "xyzzy"]
)
async def test_bm25_terms_are_the_words_query_and_skill_share(text: str) -> None:
    query = RetrievalQuery([{"role": "seeker", "content": text}])
    ranker = make_retriever("bm25", SKILLS)
    assert isinstance(ranker, BM25Ranker)
    results = await route_skills(ranker, query, 5)
    assert [r.skill.name for r in results] == [s.name for s, _ in ranker.rank(query, 5)]
    words = set(tokenize(query.text()))
    for r in results:
        shared = sorted(words & set(tokenize(skill_document(r.skill))))
        assert r.why["terms"] == shared[:8]


@pytest.mark.parametrize("name", offline_names())
async def test_route_message_is_route_skills_on_one_seeker_turn(name: str) -> None:
    ranker = make_retriever(name, SKILLS)
    text = QUERY.context[0]["content"]
    expected = await route_skills(ranker, QUERY, 3)
    assert expected and await route_message(ranker, text, 3) == expected


def test_embed_falls_back_honestly_without_the_model(monkeypatch: pytest.MonkeyPatch) -> None:
    def missing() -> object:
        raise ImportError("no static_model")

    monkeypatch.setattr(embed_ranker, "_encoder", missing)
    ranker = make_retriever("embed", SKILLS)
    assert isinstance(ranker, FallbackRanker) and "not installed" in ranker.reason
    code = CliRunner().invoke(
        cli, ["route", "I lost my job", "--retriever", "embed", "--format", "json"]
    )
    assert code.exit_code == 0 and '"requested": "embed"' in code.stdout


def test_chat_prints_the_routing_of_each_turn() -> None:
    result = CliRunner().invoke(
        cli,
        ["chat", "--retriever", "cues", "--model", "fake/echo", "--no-cache"],
        input="I failed my exam\n\n",
    )
    assert result.exit_code == 0, result.output
    assert "[route academic-pressure-support" in result.output
