#!/usr/bin/env bash
# Set up DINO (first run, or when requirements/app.lock changed) and start it on the local profile.
#   bash scripts/run.sh              start DINO
#   bash scripts/run.sh ARGS...      run `dino ARGS...` instead, e.g. `inspect my.csv --json`
# Needs a Debian/Ubuntu machine with Python 3.11+; installs python3-venv (sudo) if it is missing.
set -euo pipefail
# shellcheck source=scripts/_setup.sh
source "$(dirname "${BASH_SOURCE[0]}")/_setup.sh"

dino_setup requirements/app.lock
cd "$DINO_ROOT"

# The local profile is DINO's default: no cloud, everything under DINO_HOME.
if [ "$#" -gt 0 ]; then
    exec "$VENV/bin/dino" "$@"
fi
# Until the GUI exists, show what DINO makes of the sample file. With the GUI: exec "$VENV/bin/dino"
exec "$VENV/bin/dino" inspect resources/samples/vendas_exemplo.csv
