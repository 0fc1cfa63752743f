#!/usr/bin/env bash
# Create or reuse .venv and install the package with everything the tests and the
# offline demo need. Re-installs only when pyproject.toml changed since the last run.
set -euo pipefail
cd "$(dirname "$0")/.."
PYTHON=${PYTHON:-python3}
VENV=${ESC_SKILLS_VENV:-.venv}
stamp="$VENV/.installed-$(sha256sum pyproject.toml | cut -c1-16)"
if [ ! -x "$VENV/bin/python" ]; then
  echo "== creating $VENV"
  "$PYTHON" -m venv "$VENV"
fi
if [ ! -f "$stamp" ]; then
  echo "== installing esc-skills with the dev and local extras into $VENV"
  echo "   (llama-cpp-python compiles from source the first time: several minutes on 2 cores)"
  "$VENV/bin/python" -m pip install --quiet --upgrade pip wheel
  "$VENV/bin/python" -m pip install --quiet -e ".[dev,local]"
  rm -f "$VENV"/.installed-*
  touch "$stamp"
fi
