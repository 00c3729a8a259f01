# shellcheck shell=bash
# Shared by run.sh, test.sh and .ci/run (sourced, not run). Makes <repo>/.venv from a lock file:
#   dino_setup requirements/app.lock
# Idempotent and fast when nothing changed: pip only runs when the lock, pyproject.toml or the
# venv's Python differ from what .venv/.dino-lock records.

DINO_ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
VENV="$DINO_ROOT/.venv"
STAMP="$VENV/.dino-lock"

section() { printf '\n=== %s ===\n' "$*"; }
info() { printf -- '--- %s\n' "$*"; }
die() { printf 'error: %s\n' "$*" >&2; exit 1; }

# Run a command as root: directly when root, else through sudo.
as_root() {
    if [ "$(id -u)" -eq 0 ]; then
        "$@"
    elif command -v sudo >/dev/null 2>&1; then
        sudo "$@"
    else
        die "root is needed to run: $* (run as root or install sudo)"
    fi
}

# apt_install PKG...: install Debian/Ubuntu packages; refreshes the package lists only if needed.
apt_install() {
    command -v apt-get >/dev/null 2>&1 || die "apt-get not found: install $* yourself"
    info "apt-get install $*"
    local apt=(env DEBIAN_FRONTEND=noninteractive apt-get -y -q --no-install-recommends)
    as_root "${apt[@]}" install "$@" || {
        as_root env DEBIAN_FRONTEND=noninteractive apt-get -q update
        as_root "${apt[@]}" install "$@"
    }
}

# _py_ok PY: PY runs and is Python 3.11+.
_py_ok() {
    "$1" -c 'import sys; sys.exit(sys.version_info < (3, 11))' >/dev/null 2>&1
}

# Sets PY to a Python 3.11+ interpreter ($PYTHON if set), installing python3 if there is none.
dino_find_python() {
    local c
    for c in "${PYTHON:-}" python3 python3.13 python3.12 python3.11; do
        if [ -n "$c" ] && command -v "$c" >/dev/null 2>&1 && _py_ok "$c"; then
            PY="$c"
            return 0
        fi
    done
    if ! command -v python3 >/dev/null 2>&1 && command -v apt-get >/dev/null 2>&1; then
        apt_install python3 python3-venv
        _py_ok python3 && { PY=python3; return 0; }
    fi
    die "DINO needs Python 3.11+ (python3 is $(python3 --version 2>&1 || echo missing)); \
install it (and its -venv package) or point PYTHON= at one"
}

# The Debian/Ubuntu package that makes `$PY -m venv` work.
_venv_package() {
    local ver sys_ver
    ver="$("$PY" -c 'import sys; print("%d.%d" % sys.version_info[:2])')"
    sys_ver="$(/usr/bin/python3 -c 'import sys; print("%d.%d" % sys.version_info[:2])' 2>/dev/null || true)"
    if [ "$ver" = "$sys_ver" ]; then echo python3-venv; else echo "python${ver}-venv"; fi
}

# Makes sure $PY can create virtual environments (Debian ships venv without ensurepip).
dino_ensure_venv_module() {
    "$PY" -c 'import ensurepip, venv' >/dev/null 2>&1 || apt_install "$(_venv_package)"
}

_venv_ok() {
    [ -x "$VENV/bin/python" ] && _py_ok "$VENV/bin/python" \
        && "$VENV/bin/python" -m pip --version >/dev/null 2>&1
}

# Creates .venv if it is missing or broken (e.g. its base Python was removed).
dino_make_venv() {
    _venv_ok && return 0
    dino_find_python
    if [ -e "$VENV" ]; then
        info "$VENV is broken: recreating it"
        rm -rf "$VENV"
    fi
    dino_ensure_venv_module
    info "creating $VENV with $("$PY" --version 2>&1)"
    if ! "$PY" -m venv "$VENV"; then
        # `python3 -m venv` half-creates the folder when ensurepip is missing: install, retry.
        rm -rf "$VENV"
        apt_install "$(_venv_package)"
        "$PY" -m venv "$VENV"
    fi
    _venv_ok || die "could not create a working $VENV"
}

# The fingerprint of what an install from LOCK depends on.
_lock_digest() {
    {
        sha256sum "$1" pyproject.toml
        "$VENV/bin/python" -c 'import sys; print(sys.version)'
    } | sha256sum | cut -d' ' -f1
}

# dino_setup LOCK: .venv with LOCK's packages and DINO itself (editable) installed.
dino_setup() {
    local lock="$1" digest tmp
    cd "$DINO_ROOT" || exit
    [ -f "$lock" ] || die "$lock not found (regenerate it with: bash scripts/lock.sh)"
    dino_make_venv
    digest="$(_lock_digest "$lock")"
    if [ -f "$STAMP" ] && grep -qxF "$lock $digest" "$STAMP"; then
        info "$lock already installed in .venv (unchanged): skipping pip"
        return 0
    fi
    info "installing $lock into .venv (first run, or the lock changed)"
    # Hashes in the lock put pip in --require-hashes mode for this step.
    "$VENV/bin/python" -m pip install --disable-pip-version-check -q -r "$lock"
    "$VENV/bin/python" -m pip install --disable-pip-version-check -q --no-deps -e .
    tmp="$STAMP.tmp"
    { grep -vF "$lock " "$STAMP" 2>/dev/null || true; echo "$lock $digest"; } >"$tmp"
    mv "$tmp" "$STAMP"
}

# What Qt needs from the system to open a window (xcb) or draw offscreen, on Debian/Ubuntu.
QT_APT_PACKAGES=(libegl1 libgl1 libxkbcommon0 libxkbcommon-x11-0 libfontconfig1 libdbus-1-3
    libxcb-cursor0 libxcb-icccm4 libxcb-keysyms1 libxcb-shape0 libxcb-render-util0
    libxcb-image0 libxcb-randr0 fonts-dejavu-core)

# What the test suite needs beyond Qt: unixODBC (pyodbc loads libodbc.so.2 in the Azure SQL
# tests) and a Java 17 runtime (the spark_job tests run local PySpark).
TEST_APT_PACKAGES=(unixodbc openjdk-17-jre-headless)

# apt_ensure PKG...: install those of the packages that are missing (no-op off Debian/Ubuntu).
apt_ensure() {
    local need=() pkg
    command -v dpkg >/dev/null 2>&1 || return 0
    for pkg in "$@"; do
        dpkg -s "$pkg" >/dev/null 2>&1 || need+=("$pkg")
    done
    [ "${#need[@]}" -eq 0 ] || apt_install "${need[@]}"
}

# dino_build_translations: resources/translations/*.ts → .qm (only those whose .ts changed).
dino_build_translations() {
    local ts qm lrelease="$VENV/bin/pyside6-lrelease"
    [ -x "$lrelease" ] || die "$lrelease not found (is the gui extra installed?)"
    for ts in "$DINO_ROOT"/resources/translations/*.ts; do
        [ -e "$ts" ] || continue
        qm="${ts%.ts}.qm"
        if [ ! -f "$qm" ] || [ "$ts" -nt "$qm" ]; then
            "$lrelease" -silent "$ts" -qm "$qm"
        fi
    done
}

# dino_node_deps: node_modules/ from package-lock.json (Azurite, which the tests start
# themselves); npm ci runs only when the lock changed. Installs nodejs + npm with apt if needed.
dino_node_deps() {
    local stamp="$DINO_ROOT/node_modules/.dino-lock" digest
    command -v npm >/dev/null 2>&1 || apt_install nodejs npm
    digest="$(sha256sum "$DINO_ROOT/package-lock.json" | cut -d' ' -f1)"
    if [ -f "$stamp" ] && [ "$(cat "$stamp")" = "$digest" ]; then
        info "node_modules up to date: skipping npm ci"
        return 0
    fi
    info "npm ci (Azurite for the storage tests)"
    (cd "$DINO_ROOT" && npm ci --no-audit --no-fund --loglevel=error)
    echo "$digest" >"$stamp"
}
