"""`esc-skills mcp`, driven by the official MCP SDK's own client over stdio."""

from __future__ import annotations

import json
import os
import shutil
import sys
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from pathlib import Path
from typing import Any

import pytest
from mcp.client.stdio import StdioServerParameters, stdio_client

from mcp import ClientSession

REPO = Path(__file__).parents[2]
BANK_NAMES = sorted(p.name for p in (REPO / "skills").iterdir() if (p / "SKILL.md").is_file())


@asynccontextmanager
async def session(*args: str) -> AsyncIterator[ClientSession]:
    env = {**os.environ, "PYTHONPATH": str(REPO / "tools")}
    params = StdioServerParameters(
        command=sys.executable, args=["-m", "esc_skills.cli.main", "mcp", *args], env=env
    )
    async with stdio_client(params) as (read, write), ClientSession(read, write) as client:
        await client.initialize()
        yield client


def _payload(result: Any) -> Any:
    if result.structured_content is not None:
        content = result.structured_content
        return content.get("result", content)
    return json.loads(result.content[0].text)


async def test_tools_and_resources_over_stdio() -> None:
    async with session("--bank", str(REPO / "skills")) as client:
        tools = {t.name for t in (await client.list_tools()).tools}
        assert {"list_skills", "route_message", "read_skill"} <= tools

        listing = _payload(await client.call_tool("list_skills", {}))
        assert [s["name"] for s in listing] == BANK_NAMES
        assert all(s["description"] and "body" not in s for s in listing)

        routed = _payload(
            await client.call_tool("route_message", {"text": "I failed my exam", "top_k": 3})
        )
        assert 1 <= len(routed) <= 3 and all(r["name"] in BANK_NAMES for r in routed)
        assert routed[0]["name"] == "academic-pressure-support"
        risky = _payload(
            await client.call_tool("route_message", {"text": "I've started giving my things away"})
        )
        assert risky[0]["name"] == "crisis-safety-response" and risky[0]["why"]
        assert [r["score"] for r in routed] == sorted((r["score"] for r in routed), reverse=True)

        body = await client.call_tool("read_skill", {"name": "crisis-safety-response"})
        assert not body.is_error
        text = body.content[0].text
        assert text == (REPO / "skills" / "crisis-safety-response" / "SKILL.md").read_text()

        resources = {str(r.uri) for r in (await client.list_resources()).resources}
        assert {f"skill://{n}" for n in BANK_NAMES} <= resources
        read = await client.read_resource("skill://crisis-safety-response")
        assert read.contents[0].text == text


@pytest.mark.parametrize(
    ("tool", "arguments", "message"),
    [
        ("read_skill", {"name": "no-such-skill"}, "no skill named"),
        ("read_skill", {"name": "crisis-safety-response", "file": "../../README.md"}, "outside"),
        ("read_skill", {"name": "crisis-safety-response", "file": "nope.md"}, "no such"),
        ("route_message", {"text": "   "}, "text is empty"),
        ("route_message", {"text": "hi", "top_k": 0}, "out of range"),
    ],
)
async def test_bad_requests_are_mcp_errors_and_the_server_lives(
    tool: str, arguments: dict[str, Any], message: str
) -> None:
    async with session("--bank", str(REPO / "skills")) as client:
        result = await client.call_tool(tool, arguments)
        assert result.is_error and message in result.content[0].text
        again = _payload(await client.call_tool("list_skills", {}))
        assert len(again) == len(BANK_NAMES)


def test_a_bank_that_fails_lint_is_refused(tmp_path: Path) -> None:
    from click.testing import CliRunner

    from esc_skills.cli.main import cli

    bank = tmp_path / "bank"
    shutil.copytree(REPO / "skills" / "crisis-safety-response", bank / "crisis-safety-response")
    skill = bank / "crisis-safety-response" / "SKILL.md"
    skill.write_text(skill.read_text().replace("name: crisis-safety-response", "name: Bad_Name"))
    result = CliRunner().invoke(cli, ["mcp", "--bank", str(bank)])
    assert result.exit_code == 1 and "fails lint" in result.output
