"""Run every hostile case in-process: exit code, one-line message, no traceback, files untouched."""

from __future__ import annotations

import os
import re
import stat
import subprocess
from collections.abc import Iterator
from pathlib import Path

import pytest
from click.testing import CliRunner

from esc_skills.cli.main import cli
from esc_skills.paths import REPO_ROOT
from tests.hostile.cases import CASES, Case
from tests.hostile.servers import start_all

_URL = re.compile(r"\{url:(\w+)\}")


@pytest.fixture(scope="module")
def servers() -> Iterator[dict[str, str]]:
    """The misbehaving loopback servers, one per kind, for the whole module."""
    urls, stop = start_all()
    yield urls
    stop()


def _fill(text: str, tmp: Path, data: Path, urls: dict[str, str]) -> str:
    text = text.replace("{tmp}", str(tmp)).replace("{data}", str(data))
    text = text.replace("{repo}", str(REPO_ROOT))
    return _URL.sub(lambda m: urls[m.group(1)], text)


def _git(cwd: Path, *args: str) -> None:
    subprocess.run(["git", *args], cwd=cwd, check=True, capture_output=True)


def _setup(case: Case, tmp: Path, data: Path, urls: dict[str, str]) -> None:
    for name, content in case.files.items():
        path = tmp / name
        if name.endswith("/"):
            path.mkdir(parents=True, exist_ok=True)
            continue
        path.parent.mkdir(parents=True, exist_ok=True)
        if isinstance(content, bytes):
            path.write_bytes(content)
        else:
            path.write_text(_fill(content, tmp, data, urls), encoding="utf-8")
    if case.git == "bare":
        _git(tmp, "init", "-q", "--bare", "bare.git")
    elif case.git == "empty":
        _git(tmp, "init", "-q", "-b", "main")
    elif case.git in ("repo", "detached", "dirty"):
        _git(tmp, "init", "-q", "-b", "main")
        (tmp / "skills").mkdir(exist_ok=True)
        (tmp / "skills" / ".keep").write_text("", encoding="utf-8")
        _git(tmp, "add", "skills")
        _git(tmp, "commit", "-q", "-m", "init")
        if case.git == "detached":
            _git(tmp, "checkout", "-q", "--detach")
        elif case.git == "dirty":
            (tmp / "skills" / ".keep").write_text("changed", encoding="utf-8")
    for name in case.read_only:
        path = tmp / name
        path.chmod(0o555 if path.is_dir() else 0o444)


def _snapshot(root: Path) -> dict[str, tuple[bytes | None, int]]:
    """Every file and folder under root (but .git internals): content and mode."""
    out: dict[str, tuple[bytes | None, int]] = {}
    for dirpath, dirnames, filenames in os.walk(root):
        dirnames[:] = [d for d in dirnames if d != ".git" and not d.endswith(".git")]
        for name in dirnames + filenames:
            path = Path(dirpath) / name
            mode = stat.S_IMODE(path.lstat().st_mode)
            out[str(path.relative_to(root))] = (None if path.is_dir() else path.read_bytes(), mode)
    return out


@pytest.mark.parametrize("case", CASES, ids=[c.id for c in CASES])
def test_hostile_case(
    case: Case,
    tmp_path: Path,
    data_dir: Path,
    servers: dict[str, str],
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    tmp = tmp_path / "case dir"  # a space in every path, on purpose
    tmp.mkdir()
    _setup(case, tmp, data_dir, servers)
    monkeypatch.chdir(tmp)
    monkeypatch.setenv("ESC_SKILLS_CACHE", str(tmp_path / "cache.sqlite"))
    before = _snapshot(tmp)
    env = {k: _fill(v, tmp, data_dir, servers) for k, v in case.env.items()}
    args = [_fill(a, tmp, data_dir, servers) for a in case.args]
    result = CliRunner().invoke(cli, args, env=env, input=case.stdin)
    for name in case.read_only:
        (tmp / name).chmod(0o755 if (tmp / name).is_dir() else 0o644)
    out, err = result.stdout, result.stderr
    detail = f"exit {result.exit_code}\nstdout: {out[-1500:]}\nstderr: {err[-1500:]}"
    assert result.exit_code == case.exit, detail
    assert "Traceback" not in out + err, detail
    assert "internal error" not in err, detail
    if case.exit == 2:
        errors = [line for line in err.splitlines() if line.startswith(("error:", "Error:"))]
        assert len(errors) == 1, detail
        assert case.fragment.lower() in errors[0].lower(), detail
    else:
        assert case.fragment.lower() in (out + err).lower(), detail
    after = _snapshot(tmp)
    for name, (content, mode) in before.items():
        if name in case.read_only or name in case.ours:
            continue
        assert name in after, f"{name} was removed\n{detail}"
        assert after[name] == (content, mode), f"{name} was changed\n{detail}"


def test_corpus_is_large_and_ids_are_unique() -> None:
    ids = [c.id for c in CASES]
    assert len(ids) == len(set(ids))
    assert len(ids) >= 150
