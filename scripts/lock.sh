#!/usr/bin/env bash
# Refreshes requirements.lock: exact versions of every dependency (runtime, test and
# build) with the hashes of every file PyPI has for them, for all platforms (uv's
# universal resolution). Run it after changing dependencies in pyproject.toml.
set -euo pipefail
cd "$(dirname "$0")/.."
if ! command -v uv >/dev/null; then
    python3 -m pip install --quiet --disable-pip-version-check uv
fi
uv pip compile --quiet --universal --generate-hashes --python-version 3.11 \
    --extra test --extra speed --output-file requirements.lock \
    --custom-compile-command "bash scripts/lock.sh" \
    pyproject.toml requirements/build.in
