#!/usr/bin/env bash
# Sets everything up, then starts the bot: on Discord when DISCORD_TOKEN is
# configured (.env or environment), otherwise the local console.
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/setup.sh
exec .venv/bin/filmbot start "$@"
