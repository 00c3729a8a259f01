#!/usr/bin/env bash
# Build DINO as one file with PyInstaller (build.spec): dist/dino on Linux.
#   bash scripts/build.sh            translations (.ts -> .qm), then the single file
#   bash scripts/build.sh --check    ... then run the built file, from outside the source tree:
#                                    `dist/dino --version` and `dist/dino selftest`
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
        -h | --help) sed -n '2,8p' "${BASH_SOURCE[0]}" | sed 's/^# \{0,1\}//'; exit 0 ;;
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
info "built $exe: $(du -m "$exe" | cut -f1) MB in $((SECONDS - started)) s"

if [ "$check" -eq 1 ]; then
    # From an empty folder and without DINO_RESOURCES: the file must carry what it needs.
    away="$(mktemp -d)"
    trap 'rm -rf "$away"' EXIT
    section "dist/dino --version"
    version="$(cd "$away" && env -u DINO_RESOURCES "$exe" --version)"
    echo "$version"
    expected="dino $("$VENV/bin/python" -c \
        'from importlib.metadata import version; print(version("dino-desktop"))')"
    [ "$version" = "$expected" ] || die "dist/dino --version says '$version', expected '$expected'"
    section "dist/dino selftest"
    (cd "$away" && env -u DINO_RESOURCES "$exe" selftest)
fi
section "done"
