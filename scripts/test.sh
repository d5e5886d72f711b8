#!/usr/bin/env bash
# Sets everything up, then runs the linters and the whole test suite
# (unit, property and end-to-end tests against the local fake of Discord).
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/setup.sh
.venv/bin/ruff check .
.venv/bin/ruff format --check .
.venv/bin/python -m pytest -q "$@"
