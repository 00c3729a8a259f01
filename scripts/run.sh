#!/usr/bin/env bash
# Set up DINO (first run, or when requirements/app.lock changed) and start it on the local profile.
#   bash scripts/run.sh              start the DINO desktop app (a sample file open in Upload)
#   bash scripts/run.sh ARGS...      run `dino ARGS...` instead, e.g. `inspect my.csv --json`
# Needs a Debian/Ubuntu machine with Python 3.11+; installs python3-venv (sudo) if it is missing.
set -euo pipefail
# shellcheck source=scripts/_setup.sh
source "$(dirname "${BASH_SOURCE[0]}")/_setup.sh"

apt_ensure "${QT_APT_PACKAGES[@]}"
dino_setup requirements/app.lock
dino_build_translations
cd "$DINO_ROOT"

# The local profile is DINO's default: no cloud, everything under DINO_HOME.
if [ "$#" -gt 0 ]; then
    exec "$VENV/bin/dino" "$@"
fi
if [ "$(uname -s)" = Linux ] && [ -z "${DISPLAY:-}${WAYLAND_DISPLAY:-}" ] \
        && [ -z "${QT_QPA_PLATFORM:-}" ]; then
    die "no screen found (DISPLAY is not set): run this on a desktop session, or on a virtual \
screen with: xvfb-run -a bash scripts/run.sh"
fi
# The desktop app, with a sample Brazilian export open in the Upload tab, ready to try.
exec "$VENV/bin/dino" gui resources/samples/vendas_exemplo.csv
