"""`esc-skills data fetch`: download the public ESConv files and check pinned SHA-256 hashes.

Each file is fetched from its upstream at a pinned commit (or the Hugging Face mirror),
written to a temporary file, hashed, and only moved into place when the hash matches, so
an interrupted or tampered download never leaves a half-file under the data directory.
"""

from __future__ import annotations

import hashlib
import http.client
import urllib.error
import urllib.parse
import urllib.request
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import BinaryIO

from esc_skills import atomic
from esc_skills.errors import DataError

_THU = (
    "https://raw.githubusercontent.com/thu-coai/Emotional-Support-Conversation/"
    "f262d062ad74cb39b17ea476facc81568ddcba24"
)
_T5 = "https://raw.githubusercontent.com/yulinlp/T5-PEFT/be2ffc3fc712312221043fc1bd5e70992a06b13f"
_HF = "https://huggingface.co/datasets/thu-coai/esconv/resolve/main"
_SAGE = (
    "https://raw.githubusercontent.com/Tencent/digitalhuman/"
    "6dcfa78b6556e7398a82809e383bd60a67fe19eb/SAGE"
)
_RLVER = (
    "https://raw.githubusercontent.com/zzjweb/digitalhuman/"
    "789ccd6f5258f58fcacaa7af6d8e97941c393929/RLVER/data"
)
_SAGE_LOGS = f"{_SAGE}/dataset/deepseek-v3-2024-1227_based_simulator"


@dataclass(frozen=True)
class RemoteFile:
    """One official file: where it goes under the data directory, its URLs and hash."""

    dest: str
    urls: tuple[str, ...]
    sha256: str | None  # None: not pinned (we never held a verified copy)
    size: int | None = None


DATASETS: dict[str, tuple[RemoteFile, ...]] = {
    "esconv": tuple(
        RemoteFile(
            f"esconv_hf/{split}.txt",
            (f"{_HF}/{split}.txt", f"{_T5}/dataset/esconv/{split}.txt"),
            sha,
            size,
        )
        for split, sha, size in (
            ("train", "e545e49c49b5d47636f15702d9acd1f1d0b25a18e8a2d7528ca53a5d341242f8", 4037147),
            ("valid", "d3650e8e75e76b7eb63c1ef6e29b175eb5a3f8a78c3f654cab6c5d0d3f2ea6c8", 865254),
            ("test", "fd62a8b3dd9705d8442217fa7f486129ed407f9bf577ca9e710e4a7780f44081", 881152),
        )
    ),
    "failed-esconv": (
        RemoteFile(
            "esconv/FailedESConv.json",
            (f"{_THU}/FailedESConv.json",),
            "d21bad5409d88ecbca18abfee26a8c188d09c34b03962cb53a4c30d8de95b279",
            911614,
        ),
        RemoteFile(
            "esconv/strategy.json",
            (f"{_THU}/strategy.json",),
            "79d335ea4d5b2e460cf2f1ffab100b2d7486624f9554de7927713e941458c73c",
            219,
        ),
    ),
    # SAGE evaluation seekers (MIT, Tencent) and RLVER training profiles (MIT, fork of
    # Tencent/digitalhuman holding the RLVER commits), as listed in shared/data/README.md.
    "sage": (
        RemoteFile(
            "sage/simulator_profile_withfirsttalk.jsonl",
            (f"{_SAGE}/profile/simulator_profile_withfirsttalk.jsonl",),
            "99a2ed2ce2da3702a12c4abb4ccac85703bd1ad2a984012bf81b292458c3ee8b",
            622323,
        ),
        RemoteFile(
            "sage/simulator_profile.jsonl",
            (f"{_SAGE}/profile/simulator_profile.jsonl",),
            "a0b1f645151f45bbfc0565daf05de98837e9cc50fdd7880edb4e0464f5012d85",
            612573,
        ),
    ),
    "sage-results": tuple(
        RemoteFile(f"sage/results/{name}", (f"{_SAGE_LOGS}/{name}",), sha, size)
        for name, sha, size in (
            (
                "gpt-4.1_result.jsonl",
                "a6a5a053cf04e7982cc9f08687cee10dd3f08eac2505e6bd64d2b2941bcbf56e",
                3969811,
            ),
            (
                "claude3.7_result.jsonl",
                "7b3ac828129648f28e6e4723c23f73ee667e0c61dffc662fa9c9b4d686365238",
                3399951,
            ),
            (
                "deepseek-v3-0324_result.jsonl",
                "06ce2d6812410a625c443b3c1ebc2777ba896cf4db36c88c2c0a077c277851ef",
                3572134,
            ),
            (
                "qwen2.5-72b_result.jsonl",
                "6d1c84805263067a2d39f8ee3e2767651bfff67a31cb8881c56fdca1234f35d3",
                3858020,
            ),
        )
    ),
    "rlver": (
        RemoteFile(
            "rlver/train_profile.jsonl",
            (f"{_RLVER}/train_profile.jsonl",),
            "82e09e73a89bf6e167fe8e56823aaa5e62b0bd55c1d08ef9618011aeb7fa53a3",
            3047463,
        ),
        RemoteFile(
            "rlver/test_profile.jsonl",
            (f"{_RLVER}/test_profile.jsonl",),
            "99a2ed2ce2da3702a12c4abb4ccac85703bd1ad2a984012bf81b292458c3ee8b",
            622323,
        ),
    ),
    # The original corpus with per-turn feedback; never held here, so its hash is not pinned
    # and fetching it needs --allow-unpinned.
    "esconv-json": (RemoteFile("esconv/ESConv.json", (f"{_THU}/ESConv.json",), None),),
}


@dataclass
class FetchResult:
    """What happened to one file."""

    dest: Path
    status: str  # "downloaded" | "present" | "unpinned"
    sha256: str
    url: str | None = None


def sha256_of(path: Path) -> str:
    """SHA-256 of a file, read in blocks."""
    h = hashlib.sha256()
    with path.open("rb") as fh:
        for block in iter(lambda: fh.read(1 << 20), b""):
            h.update(block)
    return h.hexdigest()


def _download(url: str, out: BinaryIO, timeout: float) -> str:
    """Stream ``url`` into ``out``; return the SHA-256 of what was written."""
    h = hashlib.sha256()
    req = urllib.request.Request(url, headers={"User-Agent": "esc-skills-data-fetch"})
    with urllib.request.urlopen(req, timeout=timeout) as resp:
        for block in iter(lambda: resp.read(1 << 16), b""):
            h.update(block)
            out.write(block)
    return h.hexdigest()


def fetch_file(
    spec: RemoteFile,
    data_dir: Path,
    *,
    mirror: str | None = None,
    allow_unpinned: bool = False,
    force: bool = False,
    timeout: float = 60.0,
) -> FetchResult:
    """Fetch one file into ``data_dir`` unless a copy with the pinned hash is already there."""
    dest = data_dir / spec.dest
    if spec.sha256 is None and not allow_unpinned:
        raise DataError(
            f"{spec.dest} has no pinned hash in esc_skills/data/fetch.py; pass --allow-unpinned "
            "to download it anyway (its SHA-256 is printed so you can pin it)"
        )
    if dest.is_file() and not force and spec.sha256 and sha256_of(dest) == spec.sha256:
        return FetchResult(dest, "present", spec.sha256)
    urls = (f"{mirror.rstrip('/')}/{spec.dest}",) if mirror else spec.urls
    try:
        dest.parent.mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        raise DataError(
            f"cannot create {dest.parent}: {exc.strerror}; pass --data-dir to a writable folder"
        ) from exc
    errors: list[str] = []
    for url in urls:
        try:
            with atomic.open_binary(dest) as out:
                got = _download(url, out, timeout)
                if spec.sha256 and got != spec.sha256:  # raising keeps the old file
                    raise ValueError(f"SHA-256 {got} does not match the pinned {spec.sha256}")
            return FetchResult(dest, "downloaded" if spec.sha256 else "unpinned", got, url)
        except (urllib.error.URLError, OSError, ValueError, http.client.HTTPException) as exc:
            # HTTPException: a server that does not speak HTTP (BadStatusLine, IncompleteRead).
            errors.append(f"{url}: {type(exc).__name__}: {exc}".replace("\n", " "))
    raise DataError(
        f"could not fetch {spec.dest}: "
        + "; ".join(errors)
        + " (check the network or pass --mirror URL)"
    )


def fetch(
    names: list[str],
    data_dir: Path,
    *,
    mirror: str | None = None,
    allow_unpinned: bool = False,
    force: bool = False,
    on_file: Callable[[FetchResult], None] | None = None,
) -> list[FetchResult]:
    """Fetch the named datasets (default: esconv and failed-esconv) into ``data_dir``."""
    if mirror is not None:
        parsed = urllib.parse.urlsplit(mirror)
        if parsed.scheme not in ("http", "https", "file") or (
            parsed.scheme != "file" and not parsed.netloc
        ):
            raise DataError(
                f"--mirror {mirror!r} is not an http(s):// or file:// URL; "
                "pass a base URL such as http://127.0.0.1:8000/data"
            )
    unknown = [n for n in names if n not in DATASETS]
    if unknown:
        raise DataError(f"unknown dataset {', '.join(unknown)}; choose from {', '.join(DATASETS)}")
    from esc_skills.outputs import check_output_folder

    check_output_folder(data_dir, "--data-dir")  # before any download
    results = []
    for name in names or ["esconv", "failed-esconv"]:
        for spec in DATASETS[name]:
            res = fetch_file(
                spec, data_dir, mirror=mirror, allow_unpinned=allow_unpinned, force=force
            )
            results.append(res)
            if on_file:
                on_file(res)
    return results
