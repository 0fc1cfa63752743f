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

# METEOR (eval esconv) needs WordNet 3.0, which is not on PyPI: Debian's wordnet-base has it.
# Best effort: without it the METEOR column reads "unavailable" with the reason.
if [ ! -f /usr/share/wordnet/data.noun ] && [ "$(id -u)" = 0 ] && command -v apt-get >/dev/null; then
  echo "== installing Debian's wordnet-base for METEOR"
  { apt-get update -qq && apt-get install -y -qq wordnet-base >/dev/null; } \
    || echo "   (wordnet-base could not be installed; METEOR will be reported unavailable)"
fi
