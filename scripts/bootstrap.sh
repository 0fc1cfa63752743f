#!/usr/bin/env bash
# Create or reuse .venv and install the package with everything the tests and the
# offline demo need. Re-installs only when pyproject.toml or the build flags changed.
set -euo pipefail
cd "$(dirname "$0")/.."
PYTHON=${PYTHON:-python3}
VENV=${ESC_SKILLS_VENV:-.venv}

# The embedded model (llama-cpp-python) compiles from source. A native build
# (-march=native) turns on llama.cpp's AMX path on recent Intel Xeons, which crashes
# on the first decode; so we build portably: x86-64 with AVX2/FMA/F16C and no AMX,
# or the generic build elsewhere. ESC_SKILLS_NATIVE_BUILD=1 asks for a native build.
LLAMA_SPEC=${ESC_SKILLS_LLAMA_SPEC:-llama-cpp-python==0.3.36}
if [ "${ESC_SKILLS_NATIVE_BUILD:-0}" = 1 ]; then
  LLAMA_CMAKE="-DGGML_NATIVE=ON"
else
  case "$(uname -m)" in
    x86_64 | amd64)
      LLAMA_CMAKE="-DGGML_NATIVE=OFF -DGGML_AVX=ON -DGGML_AVX2=ON -DGGML_FMA=ON -DGGML_F16C=ON"
      LLAMA_CMAKE="$LLAMA_CMAKE -DGGML_AVX512=OFF -DGGML_AMX_TILE=OFF -DGGML_AMX_INT8=OFF -DGGML_AMX_BF16=OFF"
      ;;
    *) LLAMA_CMAKE="-DGGML_NATIVE=OFF" ;;
  esac
fi
build_key=$(printf '%s\n%s\n' "$LLAMA_SPEC" "$LLAMA_CMAKE" | sha256sum | cut -c1-16)
stamp="$VENV/.installed-$(cat pyproject.toml scripts/bootstrap.sh | sha256sum | cut -c1-16)"

if [ ! -x "$VENV/bin/python" ]; then
  echo "== creating $VENV"
  "$PYTHON" -m venv "$VENV"
fi
if [ ! -f "$stamp" ]; then
  "$VENV/bin/python" -m pip install --quiet --upgrade pip wheel
  # One portable wheel per (version, flags), kept outside the clone so a fresh clone
  # reuses it. pip's own wheel cache ignores CMAKE_ARGS, so it is bypassed here.
  wheelhouse="${XDG_CACHE_HOME:-$HOME/.cache}/esc-skills/wheels/$build_key"
  if ! ls "$wheelhouse"/llama_cpp_python-*.whl >/dev/null 2>&1; then
    echo "== building $LLAMA_SPEC portably ($LLAMA_CMAKE)"
    echo "   (compiles from source once per machine: about 5 minutes on 2 cores)"
    mkdir -p "$wheelhouse.tmp"
    CMAKE_ARGS="$LLAMA_CMAKE" FORCE_CMAKE=1 "$VENV/bin/python" -m pip wheel --quiet \
      --no-deps --no-cache-dir --no-binary llama-cpp-python -w "$wheelhouse.tmp" "$LLAMA_SPEC"
    rm -rf "$wheelhouse" && mv "$wheelhouse.tmp" "$wheelhouse"
  fi
  echo "== installing esc-skills with the dev and local extras into $VENV"
  "$VENV/bin/python" -m pip install --quiet --force-reinstall --no-deps "$wheelhouse"/llama_cpp_python-*.whl
  "$VENV/bin/python" -m pip install --quiet --find-links "$wheelhouse" -e ".[dev,local]"
  # DeerFlow's own skill code, for the export tests. Its declared dependencies (LangChain,
  # LangGraph, web services; Python >= 3.12) are not needed to parse, validate and install
  # skills, so it is installed alone; python-dotenv is the one its config modules import.
  "$VENV/bin/python" -m pip install --quiet --no-deps --ignore-requires-python \
    "deerflow-kernel==0.1.7" "python-dotenv>=1"
  rm -f "$VENV"/.installed-*
  touch "$stamp"
fi

# METEOR (eval esconv) needs WordNet 3.0, which is not on PyPI: Debian's wordnet-base has it.
# Best effort: without it the METEOR column reads "unavailable" with the reason.
if [ ! -f /usr/share/wordnet/data.noun ] && [ "$(id -u)" = 0 ] && command -v apt-get >/dev/null; then
  echo "== installing Debian's wordnet-base for METEOR"
  { apt-get update -qq && apt-get install -y -qq wordnet-base >/dev/null; } \
    || echo "   (wordnet-base could not be installed; METEOR will be reported unavailable)"
fi
