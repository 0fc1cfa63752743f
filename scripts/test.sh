#!/usr/bin/env bash
# The test command: set up .venv if needed, then lint, type-check and run the whole suite.
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/bootstrap.sh
export ESC_SKILLS_DATA_DIR=${ESC_SKILLS_DATA_DIR:-$(cd .. && pwd)/shared/data}
echo "== ruff"
.venv/bin/ruff check tools tests benchmarks
.venv/bin/ruff format --check tools tests benchmarks
echo "== mypy"
.venv/bin/mypy
echo "== esc-skills lint --strict (bank and human-curated baseline) and index check"
.venv/bin/esc-skills lint --strict skills baselines/human-curated
.venv/bin/esc-skills bank index --check
echo "== esc-skills eval triggers (routing set: dev and the held-out split benchmarks/routing/heldout.jsonl)"
.venv/bin/esc-skills eval triggers
echo "== pytest"
.venv/bin/pytest "$@"
