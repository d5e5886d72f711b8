#!/usr/bin/env bash
# Creates .venv (if missing) and installs filmbot with its test tools from the lock
# (requirements.lock: exact versions and hashes), so what CI tested is what a user
# gets. Skips the install when neither the lock nor pyproject.toml changed since the
# last one (a stamp in .venv), so a second start takes seconds. Idempotent.
set -euo pipefail
cd "$(dirname "$0")/.."
PYTHON=${PYTHON:-python3}
STAMP=.venv/.filmbot-installed
want=$(cat requirements.lock pyproject.toml | sha256sum | cut -d' ' -f1)
if [ -x .venv/bin/python ] && [ -f "$STAMP" ] && [ "$(cat "$STAMP")" = "$want" ]; then
    exit 0
fi
if [ ! -x .venv/bin/python ]; then
    "$PYTHON" -m venv .venv
fi
pip=(.venv/bin/python -m pip --quiet --disable-pip-version-check)
"${pip[@]}" install --require-hashes --no-deps -r requirements.lock
# filmbot itself: built with the locked setuptools, and its dependencies are all above.
"${pip[@]}" install --no-deps --no-build-isolation -e .
echo "$want" > "$STAMP"
