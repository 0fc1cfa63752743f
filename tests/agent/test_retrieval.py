"""Skill rankers: BM25 over skill metadata, the LLM chooser, the factory."""

from __future__ import annotations

import pytest

from esc_skills.agent.retrieval import (
    BM25Ranker,
    LLMChooser,
    NoRanker,
    RetrievalQuery,
    expand_chinese,
    make_ranker,
    skill_document,
    tokenize,
)
from esc_skills.bank import Skill
from esc_skills.errors import UserError
from esc_skills.llm import FakeBackend, LLMClient, LLMRequest


def _skill(name: str, description: str, when: str = "", **meta: str) -> Skill:
    body = f"## Overview\n\n{description}\n\n## When to use\n\n{when}\n"
    return Skill(name=name, description=description, body=body, metadata=meta)


SKILLS = [
    _skill("grief-companioning", "Stay with a seeker mourning a death.", "A parent or pet died."),
    _skill("job-loss-support", "Support after being laid off.", "Fired, unemployed, job search."),
    _skill("self-blame-reframing", "Gently question harsh self-blame.", esc_seeker_states="x"),
    _skill(
        "exam-stress", "Help a student facing exams.", "", **{"esc-scenarios": "academic-pressure"}
    ),
]


def test_tokenize_mixes_words_and_chinese_bigrams() -> None:
    assert tokenize("The Job was LOST") == ["job", "was", "lost"]
    assert tokenize("失业了") == ["失业", "业了"]


def test_document_includes_taxonomy_label_names_and_cues() -> None:
    doc = skill_document(SKILLS[3]).lower()
    assert "academic pressure" in doc and "thesis" in doc  # label name and a cue from taxonomy.yaml


def test_bm25_ranks_the_matching_skill_first() -> None:
    ranker = BM25Ranker(SKILLS)
    ranked = ranker.rank("I got laid off last week and the job search is killing me", top_k=2)
    assert ranked[0][0].name == "job-loss-support"
    assert ranked[0][1] > 0
    assert ranker.rank("my finals and thesis are due", top_k=1)[0][0].name == "exam-stress"
    assert ranker.rank("zzz qqq", top_k=3) == []  # nothing shared: nothing offered


async def test_bm25_select_uses_recent_context() -> None:
    query = RetrievalQuery(
        context=[
            {"role": "seeker", "content": "My dog died yesterday."},
            {"role": "supporter", "content": "I'm so sorry."},
        ]
    )
    chosen = await BM25Ranker(SKILLS).select(query, top_k=1)
    assert [s.name for s in chosen] == ["grief-companioning"]


async def test_llm_chooser_keeps_only_known_names() -> None:
    def script(request: LLMRequest) -> object:
        assert "job-loss-support: Support after being laid off." in request.messages[0].content
        assert request.schema is not None
        assert request.schema["properties"]["skills"]["maxItems"] == 2
        return {"seeker_state": "worried", "skills": ["job-loss-support", "job-loss-support"]}

    client = LLMClient.with_backend(FakeBackend(script))
    chooser = LLMChooser(client, SKILLS)
    chosen = await chooser.select(RetrievalQuery([{"role": "seeker", "content": "fired"}]), 2)
    assert [s.name for s in chosen] == ["job-loss-support"] and chooser.last_state == "worried"


async def test_llm_chooser_invalid_name_fails_schema() -> None:
    client = LLMClient.with_backend(
        FakeBackend(lambda r: {"seeker_state": "", "skills": ["made-up"]})
    )
    with pytest.raises(Exception, match="schema"):
        await LLMChooser(client, SKILLS).select(RetrievalQuery([]), 2)


def test_make_ranker() -> None:
    client = LLMClient.with_backend(FakeBackend())
    assert isinstance(make_ranker("bm25", SKILLS), BM25Ranker)
    assert isinstance(make_ranker("llm", SKILLS, client), LLMChooser)
    assert isinstance(make_ranker("bm25", []), NoRanker)
    with pytest.raises(UserError, match="not a retriever"):
        make_ranker("magic", SKILLS)


def test_chinese_dialogue_reaches_english_skills_through_the_glossary() -> None:
    assert expand_chinese("plain English") == "plain English"
    assert "unemployed" in expand_chinese("我失业了")
    ranked = BM25Ranker(SKILLS).rank("我上个月失业了，找工作也不顺", top_k=1)
    assert ranked and ranked[0][0].name == "job-loss-support"
