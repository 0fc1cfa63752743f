"""The `esc-skills lint` command: exit codes, formats, selection, paths, no tracebacks."""

from __future__ import annotations

import json
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from click.testing import CliRunner

from esc_skills.cli.main import cli

HERE = Path(__file__).parent
POSITIVE = HERE / "positive"
NEG = HERE / "negative"


def run(args: list[str]) -> tuple[int, str, str]:
    result = CliRunner().invoke(cli, ["lint", *args])
    assert result.exception is None or isinstance(result.exception, SystemExit), result.output
    return result.exit_code, result.stdout, result.stderr


def test_clean_bank_exits_0() -> None:
    code, out, _ = run([str(POSITIVE)])
    assert code == 0
    assert "3 skills checked, no findings" in out


def test_error_exits_1_with_location_rule_and_fix() -> None:
    case = NEG / "esc108-name-folder-mismatch"
    code, out, _ = run([str(case), "--color", "never"])
    assert code == 1
    line = next(ln for ln in out.splitlines() if "ESC108" in ln)
    assert "esc108-name-folder-mismatch/SKILL.md:2:7: ESC108 [error]" in line
    assert "rename" in line


def test_warning_exits_0_but_1_under_strict() -> None:
    case = NEG / "esc112-description-over-300"
    assert run([str(case)])[0] == 0
    assert run([str(case), "--strict"])[0] == 1


def test_select_and_ignore() -> None:
    case = NEG / "esc106-name-uppercase"  # ESC106 and ESC108
    code, out, _ = run([str(case), "--format", "json", "--ignore", "ESC106"])
    rules = {f["rule"] for f in json.loads(out)["findings"]}
    assert rules == {"ESC108"} and code == 1
    code, out, _ = run([str(case), "--format", "json", "--select", "ESC106"])
    assert {f["rule"] for f in json.loads(out)["findings"]} == {"ESC106"}
    code, out, _ = run([str(case), "--format", "json", "--select", "ESC6"])  # a group prefix
    assert json.loads(out)["findings"] == [] and code == 0


def test_json_format() -> None:
    code, out, _ = run([str(NEG / "esc302-unknown-state"), "--format", "json"])
    doc = json.loads(out)
    assert code == 1
    (finding,) = doc["findings"]
    assert finding["rule"] == "ESC302" and finding["name"] == "unknown-label"
    assert finding["line"] == 8 and finding["severity"] == "error"
    assert finding["col"] == 32  # the unknown label itself, after "sadness, "
    assert "did you mean 'loneliness'" in finding["message"]
    assert doc["summary"] == {"skills": 1, "errors": 1, "warnings": 0}


def test_github_format() -> None:
    code, out, _ = run([str(NEG / "esc113-description-angle"), "--format", "github"])
    assert code == 1
    line = out.splitlines()[0]
    assert line.startswith("::error file=")
    assert ",line=3,col=14,title=ESC113 description-angle-brackets::" in line


def test_color_always_and_never() -> None:
    case = str(NEG / "esc110-description-empty")
    assert "\x1b[" in run([case, "--color", "always"])[1]
    assert "\x1b[" not in run([case, "--color", "never"])[1]


def test_skill_md_file_and_inner_file_paths(tmp_path: Path) -> None:
    shutil.copytree(POSITIVE / "grief-companioning", tmp_path / "grief-companioning")
    skill = tmp_path / "grief-companioning"
    assert run([str(skill / "SKILL.md")])[0] == 0
    code, out, _ = run([str(skill / "references" / "evidence.json")])
    assert code == 0 and "1 skill checked" in out


@pytest.mark.parametrize(
    ("args", "reason"),
    [
        (["does/not/exist"], "no such file or directory"),
        (["--format", "xml", "."], "Invalid value for '--format'"),
        (["--select", "ESC999", "."], "unknown rule id 'ESC999'"),
    ],
)
def test_usage_errors_exit_2(args: list[str], reason: str) -> None:
    code, out, err = run(args)
    assert code == 2
    assert reason in out + err
    assert "Traceback" not in out + err


def test_not_a_skill_exits_2(tmp_path: Path) -> None:
    (tmp_path / "notes.txt").write_text("hello\n")
    (tmp_path / "empty").mkdir()
    for target in (tmp_path / "empty", tmp_path / "notes.txt"):
        code, _out, err = run([str(target)])
        assert code == 2
        assert len(err.strip().splitlines()) == 1 and err.startswith("error: ")


def test_default_path_is_skills_of_cwd(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    shutil.copytree(POSITIVE, tmp_path / "skills")
    monkeypatch.chdir(tmp_path)
    code, out, _ = run([])
    assert code == 0 and "3 skills checked" in out
    shutil.rmtree(tmp_path / "skills")
    code, _, err = run([])
    assert code == 2 and "./skills does not exist" in err


def test_list_rules() -> None:
    code, out, _ = run(["--list-rules"])
    assert code == 0 and "ESC601" in out and "ESC703" in out


def test_whole_process_has_no_traceback_on_garbage(tmp_path: Path) -> None:
    skill = tmp_path / "garbage"
    skill.mkdir()
    (skill / "SKILL.md").write_bytes(b"---\n\x00\xff: [\n---\n")
    exe = Path(sys.executable).parent / "esc-skills"
    proc = subprocess.run([str(exe), "lint", str(skill)], capture_output=True, text=True)
    assert proc.returncode == 1
    assert "Traceback" not in proc.stderr and "ESC401" in proc.stdout
