#!/usr/bin/env bash
# Sets everything up, then runs the linters and the whole test suite
# (unit, property and end-to-end tests against the local fake of Discord),
# the store's tests on SQLite and on a throw-away PostgreSQL cluster
# (scripts/postgres.sh; skipped with a loud line where PostgreSQL cannot be installed).
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/setup.sh
.venv/bin/ruff check .
.venv/bin/ruff format --check .
# shellcheck source=scripts/postgres.sh
source scripts/postgres.sh
trap postgres_stop EXIT
postgres_start || true
.venv/bin/python -m pytest -q "$@"
