#!/usr/bin/env bash
# Set up .venv from requirements/dev.lock (only when it changed), then run, stopping at the
# first failure: ruff, the import contract (import-linter) and the whole pytest suite.
#   bash scripts/test.sh                 everything
#   bash scripts/test.sh -k csv -x       extra arguments go to pytest
set -euo pipefail
# shellcheck source=scripts/_setup.sh
source "$(dirname "${BASH_SOURCE[0]}")/_setup.sh"

current="setup"
on_exit() {
    local rc=$?
    if [ "$rc" -ne 0 ]; then printf '\n=== FAILED: %s (exit %s) ===\n' "$current" "$rc" >&2; fi
}
trap on_exit EXIT

section "setup: .venv from requirements/dev.lock"
apt_ensure "${QT_APT_PACKAGES[@]}" "${TEST_APT_PACKAGES[@]}"
dino_setup requirements/dev.lock
dino_build_translations
dino_node_deps
cd "$DINO_ROOT"

current="ruff check ."
section "$current"
"$VENV/bin/ruff" check .

current="lint-imports (core, ports and services stay free of Qt and cloud SDKs)"
section "$current"
"$VENV/bin/lint-imports" --no-cache --no-logo

current="pytest"
section "$current"
"$VENV/bin/pytest" -p no:cacheprovider "$@"

section "all checks passed"
