#!/usr/bin/env bash
# Build DINO as one file with PyInstaller (build.spec): dist/dino on Linux.
#   bash scripts/build.sh            translations (.ts -> .qm), then the single file dist/dino
#                                    (and the app folder it carries, dist/dino-app)
#   bash scripts/build.sh --check    ... then check its size and run it from outside the source
#                                    tree: `dist/dino --version` (the first start, which unpacks
#                                    the app) and `dist/dino selftest` (a later one, which must not)
# The build runs in .venv, set up from requirements/dev.lock (which has PyInstaller) as
# scripts/test.sh does; DINO_VENV=/path/to/venv uses another environment with DINO and
# PyInstaller installed. Windows builds dino.exe the same way: .github/workflows/release.yml.
set -euo pipefail
# shellcheck source=scripts/_setup.sh
source "$(dirname "${BASH_SOURCE[0]}")/_setup.sh"

check=0
for arg in "$@"; do
    case "$arg" in
        --check) check=1 ;;
        -h | --help) sed -n '2,10p' "${BASH_SOURCE[0]}" | sed 's/^# \{0,1\}//'; exit 0 ;;
        *) die "unknown argument: $arg (see: bash scripts/build.sh --help)" ;;
    esac
done

section "setup"
apt_ensure binutils  # objdump and strip, which PyInstaller and build.spec use on Linux
if [ -n "${DINO_VENV:-}" ]; then
    VENV="$DINO_VENV"
    info "using $VENV (DINO_VENV)"
else
    apt_ensure "${QT_APT_PACKAGES[@]}"
    dino_setup requirements/dev.lock
fi
[ -x "$VENV/bin/pyinstaller" ] || die "$VENV/bin/pyinstaller not found: install the dev lock \
(bash scripts/test.sh does) or point DINO_VENV at an environment with PyInstaller"
dino_build_translations
cd "$DINO_ROOT"

section "pyinstaller build.spec"
started=$SECONDS
"$VENV/bin/pyinstaller" --noconfirm --log-level WARN --distpath dist --workpath build build.spec
exe="$DINO_ROOT/dist/dino"
[ -x "$exe" ] || die "$exe was not built"
bytes="$(wc -c <"$exe")"
info "built $exe: $((bytes / 1000000)) MB (the app it carries: dist/dino-app) in $((SECONDS - started)) s"

if [ "$check" -eq 1 ]; then
    # The size target (bench/bench_binary.py measures the start): the file is built from
    # pinned dependencies, so its size is the same on every machine.
    [ "$bytes" -le 120000000 ] || die "dist/dino is $((bytes / 1000000)) MB: over the 120 MB \
target (see bench/README.md, bench_binary.py)"
    # From an empty folder, without DINO_RESOURCES and with an empty cache: the file must
    # carry what it needs, unpack it on the first start, and not again on the next.
    away="$(mktemp -d)"
    trap 'rm -rf "$away"' EXIT
    export DINO_APP_CACHE="$away/cache"
    section "dist/dino --version (first start: unpacks into $DINO_APP_CACHE)"
    version="$(cd "$away" && env -u DINO_RESOURCES "$exe" --version 2>"$away/first.err")"
    cat "$away/first.err" >&2
    echo "$version"
    expected="dino $("$VENV/bin/python" -c \
        'from importlib.metadata import version; print(version("dino-desktop"))')"
    [ "$version" = "$expected" ] || die "dist/dino --version says '$version', expected '$expected'"
    grep -q "preparing its first start" "$away/first.err" \
        || die "the first start of dist/dino did not unpack the app"
    section "dist/dino selftest (a later start: from the unpacked folder)"
    (cd "$away" && env -u DINO_RESOURCES "$exe" selftest 2>"$away/later.err" | tee "$away/selftest")
    cat "$away/later.err" >&2
    if grep -q "preparing its first start" "$away/later.err"; then
        die "dist/dino unpacked the app again on its second start"
    fi
    grep -q "single file $exe" "$away/selftest" \
        || die "the self-test did not run from the single file $exe"
fi
section "done"
