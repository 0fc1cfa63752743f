#!/usr/bin/env bash
# The main job: set up .venv if needed, then run the most complete offline pipeline.
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/bootstrap.sh
exec .venv/bin/esc-skills demo "$@"
