"""`data fetch` against a real loopback HTTP server: pinned hashes, atomic files, mirrors."""

from __future__ import annotations

import functools
import http.server
import shutil
import threading
from collections.abc import Iterator
from pathlib import Path

import pytest
from click.testing import CliRunner

from esc_skills.cli.main import cli
from esc_skills.data.fetch import DATASETS, fetch, sha256_of
from esc_skills.errors import DataError


class _Quiet(http.server.SimpleHTTPRequestHandler):
    def log_message(self, format: str, *args: object) -> None:
        pass


@pytest.fixture
def mirror(tmp_path: Path, data_dir: Path) -> Iterator[tuple[str, Path]]:
    """Serve a copy of the official files from 127.0.0.1; yields (base URL, served root)."""
    root = tmp_path / "served"
    for spec in (
        *DATASETS["esconv"],
        *DATASETS["failed-esconv"],
        *DATASETS["sage"],
        *DATASETS["rlver"],
    ):
        (root / spec.dest).parent.mkdir(parents=True, exist_ok=True)
        shutil.copyfile(data_dir / spec.dest, root / spec.dest)
    handler = functools.partial(_Quiet, directory=str(root))
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}", root
    finally:
        server.shutdown()
        server.server_close()


def test_fetch_verifies_pinned_hashes(mirror: tuple[str, Path], tmp_path: Path) -> None:
    url, _ = mirror
    target = tmp_path / "data"
    results = fetch(["esconv", "failed-esconv"], target, mirror=url)
    assert [r.status for r in results] == ["downloaded"] * 5
    for spec in (*DATASETS["esconv"], *DATASETS["failed-esconv"]):
        assert sha256_of(target / spec.dest) == spec.sha256
    again = fetch(["failed-esconv"], target, mirror=url)
    assert {r.status for r in again} == {"present"}


def test_tampered_file_is_rejected_and_not_written(
    mirror: tuple[str, Path], tmp_path: Path
) -> None:
    url, root = mirror
    served = root / "esconv" / "strategy.json"
    served.write_text(served.read_text() + " ", encoding="utf-8")
    target = tmp_path / "data"
    with pytest.raises(DataError, match="does not match the pinned"):
        fetch(["failed-esconv"], target, mirror=url)
    assert not (target / "esconv" / "strategy.json").exists()
    assert not [p for p in (target / "esconv").iterdir() if p.name.startswith(".")]


def test_unpinned_needs_opt_in_and_unknown_names_fail(tmp_path: Path) -> None:
    with pytest.raises(DataError, match="--allow-unpinned"):
        fetch(["esconv-json"], tmp_path)
    with pytest.raises(DataError, match="unknown dataset"):
        fetch(["nope"], tmp_path)


def test_cli_fetch_and_info(mirror: tuple[str, Path], tmp_path: Path) -> None:
    url, _ = mirror
    target = tmp_path / "data"
    runner = CliRunner()
    res = runner.invoke(cli, ["data", "fetch", "--data-dir", str(target), "--mirror", url])
    assert res.exit_code == 0, res.output
    assert "5 files ready" in res.output
    res = runner.invoke(cli, ["data", "info", "--data-dir", str(target)])
    assert res.exit_code == 0, res.output
    assert "910" in res.output and "196" in res.output
    res = runner.invoke(
        cli,
        ["data", "fetch", "--force", "--data-dir", str(target), "--mirror", "http://127.0.0.1:9"],
    )
    assert res.exit_code == 2
    assert "could not fetch" in res.output


def test_profiles_fetch_from_mirror(mirror: tuple[str, Path], tmp_path: Path) -> None:
    url, _ = mirror
    results = fetch(["sage", "rlver"], tmp_path / "data", mirror=url)
    assert [r.status for r in results] == ["downloaded"] * 4
    assert all(sha256_of(r.dest) == r.sha256 for r in results)
