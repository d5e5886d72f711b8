#!/usr/bin/env bash
# Sets everything up, then runs the linters, the import contract (lint-imports: the layers of
# the README's Layout, in pyproject.toml), the type checker (mypy over bot/ and cogs/), and the
# whole test suite (unit, property and end-to-end tests against the local fake of Discord),
# the store's tests on SQLite and on a throw-away PostgreSQL cluster
# (scripts/postgres.sh; skipped with a loud line where PostgreSQL cannot be installed).
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/setup.sh
.venv/bin/ruff check .
.venv/bin/ruff format --check .
.venv/bin/lint-imports
.venv/bin/python -m mypy
# shellcheck source=scripts/postgres.sh
source scripts/postgres.sh
trap postgres_stop EXIT
if ! postgres_start; then
    # On a developer's machine the PostgreSQL tests skip (loudly); CI must run them.
    if [ -n "${CI:-}" ]; then
        echo "CI needs PostgreSQL for the store's contract tests; stopping." >&2
        exit 1
    fi
fi
.venv/bin/python -m pytest -q "$@"
