"""`esc-skills lint --review`: reviewer findings, re-asks, failures reported, never required."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest
from click.testing import CliRunner

from esc_skills.cli.main import cli
from esc_skills.lint.review import REVIEW_SCHEMA, listing, review_paths
from esc_skills.llm import FakeBackend, LLMClient, LLMRequest

SEED = Path(__file__).parent / "positive" / "grief-companioning"
UNSAFE_LINE = "Tell them their grief will lift within a month."


@pytest.fixture()
def skill(tmp_path: Path) -> Path:
    folder = tmp_path / "grief-companioning"
    shutil.copytree(SEED, folder)
    (folder / "references").mkdir(exist_ok=True)
    (folder / "references" / "notes.md").write_text(f"# Notes\n\n{UNSAFE_LINE}\n", "utf-8")
    return folder


def _client(script: object) -> tuple[LLMClient, FakeBackend]:
    backend = FakeBackend(script)  # type: ignore[arg-type]
    return LLMClient.with_backend(backend), backend


def test_listing_numbers_every_guidance_file(skill: Path) -> None:
    text, names = listing(skill)
    assert {"SKILL.md", "references/notes.md"} <= set(names)
    assert "references/evidence.json" not in names  # data, not guidance
    assert f"   3| {UNSAFE_LINE}" in text


def test_finding_lands_on_the_quoted_line(skill: Path) -> None:
    answer = {
        "findings": [
            {
                "category": "outcome",
                "file": "references/notes.md",
                "line": 99,  # wrong on purpose: the quote decides the line
                "quote": "their grief will lift within a month",
                "explanation": "Promises an outcome with a timeline.",
            }
        ]
    }
    client, backend = _client([answer])
    (finding,) = review_paths([skill], client)
    assert (finding.rule, finding.path.name, finding.line) == ("ESC904", "notes.md", 3)
    assert "timeline" in finding.message
    request: LLMRequest = backend.calls[0]
    assert request.role == "reviewer" and request.schema == REVIEW_SCHEMA
    assert UNSAFE_LINE in request.messages[-1].content


def test_invalid_answer_is_reasked_then_reported(skill: Path) -> None:
    bad = {"findings": [{"category": "not-a-category"}]}
    good = {"findings": []}
    client, backend = _client([bad, good])
    assert review_paths([skill], client) == []
    assert len(backend.calls) == 2  # re-asked once with the validation error
    assert "invalid" in backend.calls[1].messages[-1].content

    client, backend = _client(["not json", bad, "{}"])
    (finding,) = review_paths([skill], client)
    assert finding.rule == "ESC900" and finding.path == skill / "SKILL.md"
    assert "not reviewed" in finding.message and len(backend.calls) == 3


def test_finding_pointing_nowhere_is_an_error(skill: Path) -> None:
    answer = {
        "findings": [
            {
                "category": "secrecy",
                "file": "SKILL.md",
                "line": 5000,
                "quote": "words that are nowhere in the skill",
                "explanation": "x",
            }
        ]
    }
    client, _ = _client([answer])
    (finding,) = review_paths([skill], client)
    assert finding.rule == "ESC900"


def test_cli_review_with_fake_backend(skill: Path, tmp_path: Path) -> None:
    runner = CliRunner()
    env = {"ESC_SKILLS_CACHE": str(tmp_path / "cache.sqlite")}
    args = ["lint", "--review", "--model", "fake/test", "--format", "json"]
    result = runner.invoke(cli, [*args, str(SEED)], env=env)
    assert result.exit_code == 0, result.output
    assert json.loads(result.stdout)["findings"] == []
    # Deterministic findings and the review's come out together; --ignore drops either.
    result = runner.invoke(cli, [*args, "--ignore", "ESC9", str(skill)], env=env)
    assert result.exit_code == 1
    assert [f["rule"] for f in json.loads(result.stdout)["findings"]] == ["ESC604"]
    assert "reviewer" in result.stderr  # the run's LLM accounting


def test_without_review_no_model_is_touched(skill: Path) -> None:
    # A reviewer on a backend with no key would fail if lint built a client at all.
    env = {"ESC_SKILLS_REVIEWER_MODEL": "anthropic/claude-x", "ANTHROPIC_API_KEY": ""}
    result = CliRunner().invoke(cli, ["lint", str(SEED)], env=env)
    assert result.exit_code == 0, result.output


def test_review_rules_are_listed() -> None:
    result = CliRunner().invoke(cli, ["lint", "--list-rules"])
    assert "ESC900" in result.stdout and "ESC906" in result.stdout
