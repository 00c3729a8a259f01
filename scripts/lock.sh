#!/usr/bin/env bash
# Regenerate the pinned, hashed requirement locks from pyproject.toml with uv.
#   bash scripts/lock.sh              keep current pins where still allowed
#   bash scripts/lock.sh --upgrade    move everything to the newest allowed versions
# Extra arguments go to every `uv pip compile`. Needs uv: $UV, on PATH, or in .venv.
#
# Each lock = pyproject's base deps + the extras listed for it, resolved for every platform
# (--universal: the app runs on Windows, CI on Linux) and Python 3.11+. Later locks are
# constrained by earlier ones, so a package pinned in app.lock has the same pin in dev.lock.
# To add a lock or an extra, edit LOCKS below ("name: extra extra ...").
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."

LOCKS=(
    "app: gui azure"   # base dependencies, the desktop GUI, the azure profile
    "dev: gui azure dev"   # app + test and lint tools
)

UV="${UV:-$(command -v uv || true)}"
[ -n "$UV" ] || { [ -x .venv/bin/uv ] && UV=.venv/bin/uv; }
[ -n "$UV" ] || { echo "error: uv not found; install it (pip install uv) or set UV=" >&2; exit 1; }

mkdir -p requirements
constraints=()
for entry in "${LOCKS[@]}"; do
    name="${entry%%:*}"
    extras=()
    for extra in ${entry#*:}; do extras+=(--extra "$extra"); done
    out="requirements/$name.lock"
    echo "--- $out (extras:${entry#*:})"
    "$UV" pip compile pyproject.toml --universal --python-version 3.11 --generate-hashes \
        "${extras[@]}" "${constraints[@]}" --custom-compile-command "bash scripts/lock.sh" \
        --quiet "$@" -o "$out"
    constraints+=(-c "$out")
done
