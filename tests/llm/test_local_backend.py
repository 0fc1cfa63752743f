"""The embedded llama.cpp backend: schema conversion, model lookup, one real-model run."""

from __future__ import annotations

import asyncio
import importlib.util
import json
import os
import sys
from pathlib import Path
from typing import Any

import numpy as np
import pytest

from esc_skills.config import BackendConfig
from esc_skills.errors import ConfigError
from esc_skills.llm.factory import make_client
from esc_skills.llm.local_backend import model_path
from esc_skills.llm.local_grammar import grammar_schema
from esc_skills.llm.local_prefix import PROMPT_CACHE_ENV, PrefixCache, prompt_cache_enabled
from esc_skills.llm.local_profile import PROFILE_ENV
from esc_skills.llm.types import LLMRequest, Message

HAS_LLAMA = importlib.util.find_spec("llama_cpp") is not None


def test_integer_ranges_become_enums_everywhere() -> None:
    schema = {
        "type": "object",
        "properties": {
            "mood": {"type": "integer", "minimum": 0, "maximum": 3},
            "turns": {
                "type": "array",
                "items": {"type": "integer", "exclusiveMinimum": 0, "exclusiveMaximum": 3},
            },
            "open": {"type": "integer", "minimum": 0},
            "huge": {"type": "integer", "minimum": 0, "maximum": 10**6},
        },
    }
    out = grammar_schema(schema)
    props = out["properties"]
    assert props["mood"]["enum"] == [0, 1, 2, 3]
    assert props["turns"]["items"]["enum"] == [1, 2]
    assert "enum" not in props["open"] and "enum" not in props["huge"]
    assert "enum" not in schema["properties"]["mood"]  # the caller's schema is not changed
    assert props["turns"]["maxItems"] == 3  # unbounded lists loop until max_tokens otherwise


def test_array_and_string_bounds_for_the_grammar() -> None:
    out = grammar_schema(
        {
            "type": "array",
            "minItems": 12,
            "items": {"type": "string", "minLength": 2, "maxLength": 5000},
        },
        max_items=4,
    )
    assert out["maxItems"] == 12  # never below what the schema requires
    assert out["items"] == {"type": "string"}
    bounded = grammar_schema({"type": "array", "maxItems": 30, "items": {}})
    assert bounded["maxItems"] == 30
    # "Not empty" stays: one grammar rule, and it stops empty replies at the source.
    nonempty = grammar_schema({"type": "string", "minLength": 1, "maxLength": 2000})
    assert nonempty == {"type": "string", "minLength": 1}


def test_model_forms(tmp_path: Path) -> None:
    with pytest.raises(ConfigError, match=r"neither 'smollm2' nor a \.gguf path"):
        model_path("llama3")
    with pytest.raises(ConfigError, match="does not exist"):
        model_path(str(tmp_path / "missing.gguf"))
    gguf = tmp_path / "m.gguf"
    gguf.write_bytes(b"GGUF")
    assert model_path(str(gguf)) == gguf


def test_missing_llama_cpp_names_the_extra(monkeypatch: pytest.MonkeyPatch) -> None:
    from esc_skills.llm import local_backend

    real = importlib.util.find_spec
    monkeypatch.setattr(
        local_backend.importlib.util,
        "find_spec",
        lambda name, *a: None if name == "llama_cpp" else real(name, *a),
    )
    with pytest.raises(ConfigError, match=r"pip install -e \.\[local\]"):
        local_backend.LocalBackend(BackendConfig(name="local", type="local"))


@pytest.mark.slow
@pytest.mark.skipif(not HAS_LLAMA, reason="needs the [local] extra")
async def test_smollm2_returns_schema_valid_json_deterministically(tmp_path: Path) -> None:
    schema = {
        "type": "object",
        "properties": {
            "emotion": {"type": "integer", "minimum": 0, "maximum": 100},
            "feeling": {"type": "string", "enum": ["better", "same", "worse"]},
        },
        "required": ["emotion", "feeling"],
    }
    messages = [
        {"role": "system", "content": "You judge how a person feels. Answer in JSON."},
        {"role": "user", "content": "I finally talked to my sister and I feel a bit lighter."},
    ]
    answers = []
    for _ in range(2):
        client = make_client(model="local/smollm2", no_cache=True)
        resp = await client.complete(
            "seeker", messages, schema=schema, temperature=0.7, max_tokens=40, seed=3
        )
        answers.append(resp.data)
    assert 0 <= answers[0]["emotion"] <= 100 and answers[0]["feeling"] in {
        "better",
        "same",
        "worse",
    }
    assert answers[0] == answers[1]  # same seed, same answer
    assert "smoke quality" in client.summary()


class _State:
    """What llama-cpp-python's save_state returns, as far as the cache looks at it."""

    def __init__(self, size: int, rows: int = 4) -> None:
        self.llama_state_size = size
        self.scores = np.zeros((rows, 8), dtype=np.single)


def test_prefix_cache_offers_the_longest_shared_prefix() -> None:
    cache = PrefixCache(capacity_bytes=10_000)
    with pytest.raises(KeyError):
        cache[[1, 2, 3]]
    assert cache  # consulted even when empty (llama-cpp-python tests `if self.cache`)
    short, long = _State(100), _State(100)
    cache[[1, 2, 9]] = short
    cache[[1, 2, 3, 4, 5]] = long
    assert cache[[1, 2, 3, 4, 7, 7]] is long
    assert cache[[1, 2, 9, 9]] is short
    with pytest.raises(KeyError):
        cache[[5, 1, 2]]
    assert [1, 2] in cache and [7] not in cache
    assert cache.stats.lookups == 4 and cache.stats.offered == 2


def test_prefix_cache_keeps_recently_used_states_within_its_budget() -> None:
    cache = PrefixCache(capacity_bytes=1_000)
    for first in range(1, 5):
        cache[[first, 0, 0]] = _State(300)
    # Each state: 300 bytes plus one kept row of logits (8 floats); three fit in 1,000.
    assert len(cache) == 3 and cache.cache_size <= 1_000
    assert [1, 0] not in cache and cache.stats.evicted == 1
    cache[[2, 0, 0, 1]]  # a lookup makes 2 the most recent; 3 goes next
    cache[[5, 0, 0]] = _State(300)
    assert [2, 0] in cache and [3, 0] not in cache
    huge = _State(5_000)
    cache[[6]] = huge
    assert len(cache) == 1 and cache[[6, 1]] is huge  # the newest stays even over budget
    assert huge.scores.shape == (1, 8)  # unused logits rows are not kept


def test_a_later_turn_of_the_same_prompt_replaces_its_state() -> None:
    cache = PrefixCache(capacity_bytes=10_000)
    turn_one = list(range(100))
    other_role = [*range(50), *range(900, 960)]  # shares the system prompt only
    first, other, second = _State(10), _State(10), _State(10)
    cache[turn_one] = first
    cache[other_role] = other
    cache[[*range(95), *range(500, 520)]] = second  # the next turn: 95 of 100 tokens shared
    assert len(cache) == 2 and cache.stats.superseded == 1
    assert cache[turn_one] is second and cache[other_role] is other


@pytest.mark.parametrize(
    ("env", "option", "expected"),
    [
        (None, None, True),
        (None, False, False),
        (None, "off", False),
        ("0", True, False),
        ("on", False, True),
        ("  No ", None, False),
    ],
)
def test_prompt_cache_switch(
    env: str | None, option: object, expected: bool, monkeypatch: pytest.MonkeyPatch
) -> None:
    if env is None:
        monkeypatch.delenv(PROMPT_CACHE_ENV, raising=False)
    else:
        monkeypatch.setenv(PROMPT_CACHE_ENV, env)
    assert prompt_cache_enabled(option) is expected


def test_prompt_cache_switch_rejects_other_values(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv(PROMPT_CACHE_ENV, "sometimes")
    with pytest.raises(ConfigError, match=rf"\${PROMPT_CACHE_ENV} is 'sometimes'; use 1"):
        prompt_cache_enabled(None)
    monkeypatch.delenv(PROMPT_CACHE_ENV)
    with pytest.raises(ConfigError, match="prompt_cache option of the local backend"):
        prompt_cache_enabled("maybe")


SHARED_SYSTEM = "You are a calm listener. Reflect feelings first, then ask one question. " * 12


def _requests() -> list[LLMRequest]:
    """Two roles with long system prompts, interleaved, one of them asked twice verbatim."""
    other = "You play a tired student who failed an exam and is unsure what to do next. " * 10

    def ask(system: str, user: str) -> LLMRequest:
        messages = (Message("system", system), Message("user", user))
        return LLMRequest(
            model="local/smollm2", messages=messages, temperature=0.8, max_tokens=24, seed=5
        )

    return [
        ask(SHARED_SYSTEM, "I failed my exam."),
        ask(other, "Say how you feel."),
        ask(SHARED_SYSTEM, "I failed my exam and my parents are upset."),
        ask(other, "Say how you feel."),
        ask(SHARED_SYSTEM, "I failed my exam."),
    ]


@pytest.mark.slow
@pytest.mark.skipif(not HAS_LLAMA, reason="needs the [local] extra")
async def test_prefix_cache_changes_speed_not_answers(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    from esc_skills.llm import local_backend
    from esc_skills.llm.local_backend import LocalBackend

    # A freshly loaded model: the novel-token bound only holds when every call it saw was
    # profiled, and other tests share the process-wide model.
    models: dict[Path, Any] = {}
    monkeypatch.setattr(local_backend, "_MODELS", models)
    monkeypatch.delenv(PROMPT_CACHE_ENV, raising=False)
    runs: dict[bool, list[tuple[str, int]]] = {}
    for run, enabled in enumerate((False, True, False)):
        profile = tmp_path / f"calls-{run}.jsonl"
        monkeypatch.setenv(PROFILE_ENV, str(profile))
        backend = LocalBackend(
            BackendConfig(name="local", type="local", options={"prompt_cache": enabled})
        )
        answers = [await backend.complete(r) for r in _requests()]
        texts = [(a.text, a.usage.input_tokens) for a in answers]
        assert runs.setdefault(enabled, texts) == texts  # deterministic for a seed
        if enabled:
            reused = [a.usage.cached_tokens for a in answers]
            # Calls 3 to 5 resume a saved state of their own system prompt.
            assert all(r > 100 for r in reused[2:]), reused
            # Saved states hold the KV cache, not llama-cpp-python's n_batch x n_vocab logits.
            states = [state for m in models.values() for state in m.prefixes._states.values()]
            assert states and all(len(state.scores) == 1 for state in states)
        calls = [json.loads(line) for line in profile.read_text(encoding="utf-8").splitlines()]
        assert [c["prompt_tokens"] for c in calls] == [a.usage.input_tokens for a in answers]
        for call, answer in zip(calls, answers, strict=True):
            # Reuse comes from an earlier prompt, so it never beats the novel-token bound.
            assert call["novel"] <= call["evaluated"] <= call["prompt_tokens"]
            assert call["evaluated"] == answer.usage.input_tokens - answer.usage.cached_tokens
            assert 0 <= call["prompt_seconds"] <= call["seconds"]
        assert calls[4]["novel"] <= 2  # call 5 repeats call 1's prompt verbatim
    assert runs[True] == runs[False]  # identical with and without the prefix cache


@pytest.mark.slow
@pytest.mark.skipif(not HAS_LLAMA, reason="needs the [local] extra")
async def test_concurrent_calls_share_two_contexts_and_answer_as_one_would(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    from esc_skills.llm import local_backend
    from esc_skills.llm.local_backend import LocalBackend

    monkeypatch.delenv(PROMPT_CACHE_ENV, raising=False)
    answers: dict[int, list[str]] = {}
    stdout, stdout_file = sys.stdout, os.fstat(1)
    for contexts in (1, 2):
        models: dict[Path, Any] = {}
        monkeypatch.setattr(local_backend, "_MODELS", models)
        backend = LocalBackend(BackendConfig(name="local", type="local", concurrency=contexts))
        results = await asyncio.gather(*(backend.complete(r) for r in _requests()))
        answers[contexts] = [r.text for r in results]
        assert [model.contexts.made for model in models.values()] == [contexts]
        # llama-cpp-python points fds 1 and 2 at /dev/null while it loads a model; two
        # loads at once used to leave them there, and every later line of output was lost.
        assert sys.stdout is stdout
        assert (os.fstat(1).st_dev, os.fstat(1).st_ino) == (stdout_file.st_dev, stdout_file.st_ino)
    # Which context answers, what it held before, and its thread count change nothing.
    assert answers[1] == answers[2]


@pytest.mark.slow
@pytest.mark.skipif(not HAS_LLAMA, reason="needs the [local] extra")
def test_the_bundled_model_runs_from_an_f16_copy_made_once(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    from esc_skills.llm import local_weights
    from esc_skills.llm.local_backend import LocalBackend, smollm2_path

    source = smollm2_path()
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "cache"))
    local_weights.f16_weights.cache_clear()
    try:
        backend = LocalBackend(BackendConfig(name="local", type="local"))
        copy = backend.weights_file("smollm2")
        assert copy.parent == tmp_path / "cache" / "esc-skills" / "models"
        with copy.open("rb") as handle:
            assert handle.read(4) == b"GGUF"
        assert copy.stat().st_size > source.stat().st_size
        assert [p.name for p in copy.parent.iterdir()] == [copy.name]  # no temp file left
        made = copy.stat().st_mtime_ns
        local_weights.f16_weights.cache_clear()
        assert backend.weights_file("smollm2") == copy and copy.stat().st_mtime_ns == made
        as_is = LocalBackend(BackendConfig(name="l", type="local", options={"weights": "file"}))
        assert as_is.weights_file("smollm2") == source
        # A cache folder that cannot be made: the shipped file, and a note saying so.
        (tmp_path / "blocked").write_text("a file, not a folder", encoding="utf-8")
        monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "blocked"))
        local_weights.f16_weights.cache_clear()
        assert backend.weights_file("smollm2") == source
        assert "using SmolLM2-135M-Instruct.Q4_1.gguf as shipped" in capsys.readouterr().err
    finally:
        local_weights.f16_weights.cache_clear()


@pytest.mark.skipif(not HAS_LLAMA, reason="needs the [local] extra")
def test_unknown_weights_setting_is_refused_with_the_choices() -> None:
    from esc_skills.llm.local_backend import LocalBackend

    with pytest.raises(ConfigError, match=r"weights = 'q4'.*auto, f16, file"):
        LocalBackend(BackendConfig(name="local", type="local", options={"weights": "q4"}))
