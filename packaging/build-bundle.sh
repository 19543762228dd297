#!/usr/bin/env bash
# Build the one-folder bundle of Mediation Desk with PyInstaller (Linux).
#
#   bash packaging/build-bundle.sh            -> build/bundle/dist/MediationDesk/MediationDesk
#
# Everything goes under build/bundle/ (ignored by git): venv/ (the build environment, reused by
# later runs), work/ (PyInstaller's scratch), dist/MediationDesk/ (the bundle), build.log.
#
# Settings (environment variables):
#   PYTHON=python3.11        interpreter for the build venv (>= 3.11; its libpython is bundled)
#   PYSIDE6_VERSION=6.9.3    use this PySide6-Essentials/shiboken6 instead of the pinned one
#                            (6.9.3 is the last release whose wheels run on glibc 2.28)
#   WITH_POSTGRES=1          also bundle psycopg, for counters sharing a PostgreSQL server
#   UNPINNED=1               ignore packaging/constraints.txt (newest versions allowed)
#   FRESH=1                  delete the build venv first
#   BUILD_DIR=/path          put venv/, work/ and dist/ there instead of build/bundle
#
# The bundle contains this machine's system libraries (glibc level, libxcb, fontconfig…):
# build on the oldest Linux the bundle must run on. See packaging/README.md.
set -euo pipefail

REPO="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
BUILD="${BUILD_DIR:-$REPO/build/bundle}"
VENV="$BUILD/venv"
SPEC="$REPO/packaging/pyinstaller/mediation_desk.spec"
CONSTRAINTS="$REPO/packaging/constraints.txt"
PYTHON="${PYTHON:-python3}"

mkdir -p "$BUILD"
LOG="$BUILD/build.log"
: >"$LOG"
say() { printf '%s\n' "$*" | tee -a "$LOG"; }
run() { "$@" >>"$LOG" 2>&1 || { echo "FAILED: $* (see $LOG)" >&2; tail -n 30 "$LOG" >&2; exit 1; }; }

start=$(date +%s)

"$PYTHON" -c 'import sys; sys.exit(sys.version_info < (3, 11))' || {
    echo "Python >= 3.11 is needed (PYTHON=$PYTHON is $("$PYTHON" -V 2>&1))." >&2; exit 1; }
"$PYTHON" -c 'import sysconfig, sys; sys.exit(not sysconfig.get_config_var("Py_ENABLE_SHARED"))' || {
    echo "warning: $PYTHON was built without --enable-shared; PyInstaller needs libpython3.x.so" >&2; }

if [ "${FRESH:-0}" = 1 ]; then rm -rf "$VENV"; fi
if [ ! -x "$VENV/bin/python" ]; then
    say "Creating the build venv: $VENV ($("$PYTHON" -V 2>&1))"
    run "$PYTHON" -m venv "$VENV"
fi
PY="$VENV/bin/python"

# Version pins: packaging/constraints.txt (the set this recipe was last built and run with),
# with PySide6 swapped for PYSIDE6_VERSION when that is given.
PIP_C=()
if [ "${UNPINNED:-0}" != 1 ] && [ -f "$CONSTRAINTS" ]; then
    grep -viE '^(pyside6|shiboken6)' "$CONSTRAINTS" >"$BUILD/constraints.txt" || true
    if [ -z "${PYSIDE6_VERSION:-}" ]; then
        grep -iE '^(pyside6|shiboken6)' "$CONSTRAINTS" >>"$BUILD/constraints.txt" || true
    fi
    PIP_C=(-c "$BUILD/constraints.txt")
fi
EXTRA=()
if [ -n "${PYSIDE6_VERSION:-}" ]; then
    EXTRA+=("PySide6-Essentials==$PYSIDE6_VERSION" "shiboken6==$PYSIDE6_VERSION")
fi
TARGET="$REPO"
if [ "${WITH_POSTGRES:-0}" = 1 ]; then TARGET="$REPO[postgres]"; fi

say "Installing the project and PyInstaller into the build venv"
# Editable: the spec analyses the sources in this checkout anyway (pathex), and an editable
# install builds nothing inside the repository except the usual (ignored) *.egg-info.
run "$PY" -m pip install "${PIP_C[@]}" -e "$TARGET" pyinstaller "${EXTRA[@]}"
if [ "${WITH_POSTGRES:-0}" != 1 ]; then
    # A venv reused from a WITH_POSTGRES build would otherwise still bundle psycopg.
    "$PY" -m pip uninstall -y psycopg psycopg-binary >>"$LOG" 2>&1 || true
fi
say "  $("$PY" -m pip list 2>/dev/null | grep -iE '^(pyinstaller|pyside6[-_]essentials|sqlalchemy|alembic) ' | tr -s ' ' | paste -sd ',' -)"

say "Running PyInstaller"
pyi_start=$(date +%s)
# PYTHONHASHSEED fixed: the same inputs give the same archive contents. Run from the build
# folder so that nothing in the current directory (e.g. a stale *.egg-info) is picked up.
cd "$BUILD"
PYTHONHASHSEED=0 run "$PY" -m PyInstaller --noconfirm --clean --log-level WARN \
    --distpath "$BUILD/dist" --workpath "$BUILD/work" "$SPEC"
end=$(date +%s)

BUNDLE="$BUILD/dist/MediationDesk"
[ -x "$BUNDLE/MediationDesk" ] || { echo "No executable at $BUNDLE/MediationDesk" >&2; exit 1; }
# Qt's ICU data (32 MB) down to the Chinese and English locales (packaging/shrink_icu.py says
# what stays and why).
for icu in "$BUNDLE"/_internal/PySide6/Qt/lib/libicudata.so.*; do
    [ -f "$icu" ] && say "$("$PY" "$REPO/packaging/shrink_icu.py" "$icu")"
done
# The Linux package: the bundle with install.sh (per user or --system), uninstall.sh and the
# desktop entry (packaging/linux/), as MediationDesk-<version>-linux-<machine>.tar.gz.
VERSION=$("$PY" -c 'import sys, tomllib; print(tomllib.load(open(sys.argv[1], "rb"))["project"]["version"])' "$REPO/pyproject.toml")
PKG="MediationDesk-$VERSION"
TARBALL="$BUILD/dist/$PKG-linux-$(uname -m).tar.gz"
rm -rf "$BUILD/pkg" && mkdir -p "$BUILD/pkg/$PKG"
cp "$REPO"/packaging/linux/install.sh "$REPO"/packaging/linux/uninstall.sh \
    "$REPO"/packaging/linux/mediation-desk.desktop "$BUILD/pkg/$PKG/"
chmod 755 "$BUILD/pkg/$PKG/install.sh"
cp -R "$BUNDLE" "$BUILD/pkg/$PKG/MediationDesk"
tar -C "$BUILD/pkg" --sort=name --owner=0 --group=0 --numeric-owner -czf "$TARBALL" "$PKG"
rm -rf "$BUILD/pkg"

# The newest glibc symbol any bundled binary needs: the oldest glibc the bundle can run on.
GLIBC=$(find "$BUNDLE" -type f \( -name '*.so*' -o -name MediationDesk \) -exec objdump -T {} + 2>/dev/null \
    | grep -o 'GLIBC_[0-9][0-9.]*' | sort -uV | tail -n 1 | sed 's/GLIBC_//')
say ""
say "Bundle:      $BUNDLE"
say "Executable:  $BUNDLE/MediationDesk"
say "Size:        $(du -sm --apparent-size "$BUNDLE" | cut -f1) MB ($(find "$BUNDLE" -type f | wc -l) files)"
say "Needs:       glibc >= ${GLIBC:-?} (the build machine has $(ldd --version 2>/dev/null | head -n 1 | grep -o '[0-9.]*$'))"
say "Package:     $TARBALL ($(du -m "$TARBALL" | cut -f1) MB)"
say "Build time:  $((end - start)) s (PyInstaller $((end - pyi_start)) s)"
say "Try it:      QT_QPA_PLATFORM=offscreen $BUNDLE/MediationDesk --data-dir /tmp/md-try --demo 300 --screenshot /tmp/md-try.png"
