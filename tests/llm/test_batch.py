"""Batch mode against a loopback fake of both providers' batch endpoints (real SDKs)."""

from __future__ import annotations

import asyncio
import json
import re
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from esc_skills.config import BackendConfig
from esc_skills.llm import LLMClient, LLMError, RoleSettings
from esc_skills.llm.anthropic_backend import AnthropicBackend
from esc_skills.llm.batch import prefetch
from esc_skills.llm.cache import ResponseCache
from esc_skills.llm.errors import Secret
from esc_skills.llm.openai_backend import OpenAIBackend
from esc_skills.llm.retry import RetryPolicy

from .batch_server import BatchServer

SCHEMA = {"type": "object", "properties": {"n": {"type": "integer"}}, "required": ["n"]}
KEY = Secret("sk-test-batch-0123456789")


def answer(body: dict[str, Any]) -> dict[str, Any]:
    """The number in the last user message, doubled: each item has a checkable answer."""
    text = json.dumps(body["messages"][-1]["content"])
    return {"n": 2 * int(re.search(r"item (\d+)", text).group(1))}  # type: ignore[union-attr]


@pytest.fixture
def server() -> Iterator[BatchServer]:
    with BatchServer(answer, polls=2) as srv:
        yield srv


def make_client(kind: str, server: BatchServer, tmp_path: Path) -> LLMClient:
    if kind == "anthropic":
        cfg = BackendConfig(
            name="anthropic",
            type="anthropic",
            base_url=server.root,
            api_key_env="ANTHROPIC_API_KEY",
        )
        backend: Any = AnthropicBackend(cfg, KEY)
    else:
        cfg = BackendConfig(
            name="openai", type="openai", base_url=server.root + "/v1", api_key_env="OPENAI_API_KEY"
        )
        backend = OpenAIBackend(cfg, KEY)
    return LLMClient(
        roles={"annotator": RoleSettings(f"{kind}/model-x")},
        backends={kind: backend},
        cache=ResponseCache(tmp_path / "cache.sqlite"),
        retry=RetryPolicy(max_retries=1, base_delay=0.01, max_delay=0.02),
        secrets=[KEY],
    )


def requests_for(client: LLMClient, count: int) -> list[Any]:
    return [
        client.request_for(
            "annotator",
            [{"role": "user", "content": f"label item {i}"}],
            schema=SCHEMA,
            schema_name="label",
        )
        for i in range(count)
    ]


async def complete_all(client: LLMClient, count: int) -> list[int]:
    out = []
    for i in range(count):
        response = await client.complete(
            "annotator",
            [{"role": "user", "content": f"label item {i}"}],
            schema=SCHEMA,
            schema_name="label",
        )
        out.append(response.data["n"])
    return out


@pytest.mark.parametrize("kind", ["anthropic", "openai"])
def test_batch_answers_land_in_the_cache(kind: str, server: BatchServer, tmp_path: Path) -> None:
    client = make_client(kind, server, tmp_path)

    async def go() -> tuple[Any, list[int]]:
        report = await prefetch(
            client, requests_for(client, 6), state_path=tmp_path / "s.json", poll_seconds=0.01
        )
        return report, await complete_all(client, 6)

    report, values = asyncio.run(go())
    assert report.submitted == 6 and report.succeeded == 6 and not report.failed
    assert values == [2 * i for i in range(6)]
    assert server.created == 1 and server.interactive == 0  # every call was a cache hit
    total = client.accounting.total()
    assert total.calls == 6 and total.cache_hits == 6
    # A second prefetch finds everything cached and submits nothing.
    again = asyncio.run(prefetch(client, requests_for(client, 6), state_path=tmp_path / "s.json"))
    assert again.cached == 6 and again.submitted == 0 and server.created == 1


@pytest.mark.parametrize("kind", ["anthropic", "openai"])
def test_partial_failures_go_out_interactively(
    kind: str, server: BatchServer, tmp_path: Path
) -> None:
    client = make_client(kind, server, tmp_path)
    requests = requests_for(client, 5)
    server.fail = {requests[1].cache_key()[:32], requests[3].cache_key()[:32]}

    async def go() -> tuple[Any, list[int]]:
        report = await prefetch(client, requests, state_path=tmp_path / "s.json", poll_seconds=0.01)
        return report, await complete_all(client, 5)

    report, values = asyncio.run(go())
    assert report.succeeded == 3 and len(report.failed) == 2
    assert all("fail" in reason or "error" in reason for reason in report.failed.values())
    assert values == [0, 2, 4, 6, 8]  # nothing dropped: the failed two were asked directly
    assert server.interactive == 2


def test_a_torn_result_file_is_an_error_naming_the_line(
    server: BatchServer, tmp_path: Path
) -> None:
    client = make_client("openai", server, tmp_path)
    server.torn_output = True
    job = prefetch(
        client, requests_for(client, 3), state_path=tmp_path / "s.json", poll_seconds=0.01
    )
    with pytest.raises(
        LLMError, match=r"line 4 of file .* is not a result record \(not valid JSON"
    ):
        asyncio.run(job)


@pytest.mark.parametrize("kind", ["anthropic", "openai"])
def test_an_expired_batch_reports_what_is_missing(kind: str, tmp_path: Path) -> None:
    with BatchServer(answer, polls=1, expire=True) as server:
        client = make_client(kind, server, tmp_path)

        async def go() -> tuple[Any, list[int]]:
            report = await prefetch(
                client, requests_for(client, 4), state_path=tmp_path / "s.json", poll_seconds=0.01
            )
            return report, await complete_all(client, 4)

        report, values = asyncio.run(go())
        assert report.succeeded == 2 and len(report.failed) == 2
        assert all("expired" in r or "no result" in r for r in report.failed.values())
        assert values == [0, 2, 4, 6] and server.interactive == 2


def test_a_crashed_wait_resumes_the_same_batch(tmp_path: Path) -> None:
    with BatchServer(answer, polls=1000) as server:
        client = make_client("anthropic", server, tmp_path)
        requests = requests_for(client, 3)
        with pytest.raises(LLMError, match="rerun the same command"):
            asyncio.run(
                prefetch(
                    client,
                    requests,
                    state_path=tmp_path / "s.json",
                    poll_seconds=0.01,
                    max_wait_seconds=0.05,
                )
            )
        state = json.loads((tmp_path / "s.json").read_text())
        assert state["anthropic"]["batch_id"] == "msgbatch_1"
        server.polls = 0  # the provider finishes the batch while we were away
        report = asyncio.run(
            prefetch(client, requests, state_path=tmp_path / "s.json", poll_seconds=0.01)
        )
        assert report.resumed and report.succeeded == 3 and server.created == 1
        assert json.loads((tmp_path / "s.json").read_text()) == {}


def test_backends_without_a_batch_api_are_left_to_the_normal_path(tmp_path: Path) -> None:
    from esc_skills.llm.fake import FakeBackend

    client = LLMClient(
        roles={"annotator": RoleSettings("fake/x")},
        backends={"fake": FakeBackend()},
        cache=ResponseCache(tmp_path / "c.sqlite"),
        cache_all=True,
    )
    seen: list[str] = []
    report = asyncio.run(
        prefetch(client, requests_for(client, 2), state_path=tmp_path / "s.json", log=seen.append)
    )
    assert report.submitted == 0 and "no batch API" in seen[0]


def test_eval_esconv_batch_end_to_end(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, data_dir: Path
) -> None:
    from click.testing import CliRunner

    from esc_skills.cli.main import cli
    from esc_skills.llm.fake import example_for_schema

    def reply(body: dict[str, Any]) -> dict[str, Any]:
        return example_for_schema(body["response_format"]["json_schema"]["schema"])

    with BatchServer(reply, polls=1) as server:
        monkeypatch.setenv("OPENAI_BASE_URL", server.root + "/v1")
        monkeypatch.setenv("OPENAI_API_KEY", KEY.reveal())
        monkeypatch.setenv("ESC_SKILLS_CACHE", str(tmp_path / "cache.sqlite"))
        monkeypatch.setenv("ESC_SKILLS_BATCH_POLL_SECONDS", "0.01")
        args = [
            "eval",
            "esconv",
            "--predictor",
            "agent",
            "--batch",
            "--model",
            "openai/m",
            "--limit",
            "1",
            "--data-dir",
            str(data_dir),
            "--out",
            str(tmp_path / "run"),
            "--format",
            "json",
        ]
        result = CliRunner().invoke(cli, args)
        assert result.exit_code == 0, result.output
        data = json.loads(result.stdout)
        assert data["turns"] > 0 and data["errored"] == 0
        assert server.created == 1 and server.interactive == 0
        assert "batch:" in result.stderr


def test_batch_is_for_the_agent_predictor_only(tmp_path: Path, data_dir: Path) -> None:
    from click.testing import CliRunner

    from esc_skills.cli.main import cli

    result = CliRunner().invoke(
        cli, ["eval", "esconv", "--predictor", "router", "--batch", "--data-dir", str(data_dir)]
    )
    assert result.exit_code == 2 and "--batch applies to --predictor agent" in result.output
