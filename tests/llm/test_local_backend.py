"""The embedded llama.cpp backend: schema conversion, model lookup, one real-model run."""

from __future__ import annotations

import importlib.util
from pathlib import Path

import pytest

from esc_skills.config import BackendConfig
from esc_skills.errors import ConfigError
from esc_skills.llm.factory import make_client
from esc_skills.llm.local_backend import grammar_schema, model_path

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
