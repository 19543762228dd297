#!/usr/bin/env bash
# Smoke test of the Linux package on a clean system: no Python, no CJK font, only the system
# libraries of packaging/target-packages.txt.
#
#   sudo bash packaging/smoke-test.sh [MediationDesk-<version>-linux-<machine>.tar.gz]
#   sudo PREVIOUS=old.tar.gz bash packaging/smoke-test.sh     also the upgrade from an older package
#   sudo PREVIOUS_DATA=dir bash packaging/smoke-test.sh       …or of data the previous schema's code
#                                                             made (packaging/previous-schema-data.sh)
#
# (default: the newest package in build/bundle/dist, from packaging/build-bundle.sh). Needs
# root (chroot, mounts), debootstrap (first run: the network, then the cached root), Xvfb,
# poppler-utils (pdffonts, pdftoppm) and python3 on this machine, not in the root; makensis
# (Debian's nsis) if there, to compile the Windows installer script against the bundle.
#
# In a fresh copy of the cached minimal Debian root (packaging/smoke-root.sh), as an ordinary
# user with an empty home, on an Xvfb display:
#   1. every bundled library and Qt plugin resolves its dependencies (ldd: none "not found");
#   2. install.sh installs for the user (timed), with the desktop entry and its icon;
#   3. --version shows the version and the build date;
#   4. the window starts with a fresh data folder, creates the demo centre and saves a
#      screenshot, then quits with exit code 0;
#   5. `documents` writes an agreement PDF, whose fonts pdffonts must list as embedded (the
#      bundled CJK font: the root has none);
#   6. `backup` makes a verified backup, `check` finds the data intact;
#   7. reinstalling over it (an upgrade) keeps the data, uninstall.sh removes the program and
#      its menu entry and keeps the data; then the same for all users (--system, /opt);
#   8. the Windows installer script (packaging/windows/mediation-desk.nsi) compiles.
# Any failure, a missing library or resource, stops the run with a non-zero exit code. The
# screenshot, the PDF (and its first page as PNG) and the logs are left in build/smoke/.
set -euo pipefail

REPO="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
OUT="${SMOKE_OUT:-$REPO/build/smoke}"
TARBALL="${1:-$(ls -t "$REPO"/build/bundle/dist/MediationDesk-*-linux-*.tar.gz 2>/dev/null | head -n 1)}"
[ -f "$TARBALL" ] || { echo "smoke-test.sh: no package (run packaging/build-bundle.sh)" >&2; exit 1; }
[ "$(id -u)" = 0 ] || { echo "smoke-test.sh: needs root (chroot, mounts)" >&2; exit 1; }
for tool in Xvfb pdffonts pdftoppm python3; do
    command -v "$tool" >/dev/null || { echo "smoke-test.sh: $tool is missing" >&2; exit 1; }
done

started=$SECONDS
fail() { echo "SMOKE FAILED: $*" >&2; exit 1; }
step() { printf '[%4d s] %s\n' $((SECONDS - started)) "$*"; }

CACHED=$(bash "$REPO/packaging/smoke-root.sh")
step "root: $CACHED"
WORK=$(mktemp -d /tmp/md-smoke.XXXXXX)
ROOT="$WORK/root"
mkdir -p "$ROOT" "$WORK/upper" "$WORK/work"
XVFB_PID=""
MOUNTS=()
cleanup() {
    if [ -n "$XVFB_PID" ]; then kill "$XVFB_PID" 2>/dev/null || true; fi
    for ((i = ${#MOUNTS[@]} - 1; i >= 0; i--)); do umount -l "${MOUNTS[i]}" 2>/dev/null || true; done
    rm -rf "$WORK"
}
trap cleanup EXIT
# A throw-away copy of the cached root: an overlay where the kernel allows it, else a copy.
if mount -t overlay overlay \
    -o "lowerdir=$CACHED,upperdir=$WORK/upper,workdir=$WORK/work" "$ROOT" 2>/dev/null; then
    MOUNTS+=("$ROOT")
else
    cp -a "$CACHED/." "$ROOT/"
fi
mount --bind /dev "$ROOT/dev" && MOUNTS+=("$ROOT/dev")
mount -t proc proc "$ROOT/proc" && MOUNTS+=("$ROOT/proc")
mkdir -p "$ROOT/tmp/.X11-unix"
mount --bind /tmp/.X11-unix "$ROOT/tmp/.X11-unix" && MOUNTS+=("$ROOT/tmp/.X11-unix")

# The display: Xvfb on this machine, its socket shared with the root.
display=90
while [ -e "/tmp/.X11-unix/X$display" ] || [ -e "/tmp/.X$display-lock" ]; do display=$((display + 1)); done
Xvfb ":$display" -screen 0 1280x1024x24 -nolisten tcp >"$WORK/xvfb.log" 2>&1 &
XVFB_PID=$!
for _ in $(seq 50); do [ -e "/tmp/.X11-unix/X$display" ] && break; sleep 0.1; done
[ -e "/tmp/.X11-unix/X$display" ] || fail "Xvfb did not start"

HOME_IN=/home/smoke
HOME_OUT="$ROOT$HOME_IN"
# Run a command in the root as the user `smoke` (or as root with AS=root), with a bare
# environment: nothing of this machine's Python, fonts or Qt leaks in.
in_root() {
    local spec=1000:1000 home=$HOME_IN
    if [ "${AS:-}" = root ]; then spec=0:0 home=/root; fi
    chroot --userspec="$spec" "$ROOT" /usr/bin/env -i HOME="$home" USER=smoke LANG=C.UTF-8 \
        PATH=/usr/local/bin:/usr/bin:/bin DISPLAY=":$display" QT_QPA_PLATFORM=xcb \
        XDG_RUNTIME_DIR=/tmp/runtime-smoke "$@"
}
mkdir -p "$ROOT/tmp/runtime-smoke" && chown 1000:1000 "$ROOT/tmp/runtime-smoke" && chmod 700 "$ROOT/tmp/runtime-smoke"
cp "$TARBALL" "$HOME_OUT/package.tar.gz"
chown 1000:1000 "$HOME_OUT/package.tar.gz"
in_root /bin/tar -xzf "$HOME_IN/package.tar.gz" -C "$HOME_IN"
PKG_IN=$(cd "$HOME_OUT" && ls -d MediationDesk-*/ | head -n 1)
PKG_IN="$HOME_IN/${PKG_IN%/}"
step "unpacked $(basename "$TARBALL") ($(du -sm --apparent-size "$ROOT$PKG_IN/MediationDesk" | cut -f1) MB)"

# 1. Libraries: what the bundle does not carry must come from the root's packages.
# (_internal/ on the search path, as the bootloader puts it; Qt's libraries find each other
# through their RUNPATH.)
missing=$(in_root /bin/sh -c "cd '$PKG_IN/MediationDesk' && find . -type f \( -name '*.so*' \
    -o -name MediationDesk \) -exec env LD_LIBRARY_PATH=\$PWD/_internal ldd {} + 2>/dev/null \
    | grep 'not found' | sort -u" || true)
[ -z "$missing" ] || fail "libraries missing on the target (bundle them or list their package in packaging/target-packages.txt):
$missing"
step "1. every library resolves"

# 0. With PREVIOUS=<an older package>: that version installed first, and data made with it
# (the demo centre), to be opened by the new version in step 7.
count_cases() {
    python3 -c "import sqlite3,sys; print(sqlite3.connect(sys.argv[1]).execute('select count(*) from mediation_case').fetchone()[0])" "$1"
}
schema_of() {
    python3 -c "import sqlite3,sys; print(sqlite3.connect(sys.argv[1]).execute('select version_num from alembic_version').fetchone()[0])" "$1"
}
OLD_DATA="$HOME_IN/data-previous"
if [ -n "${PREVIOUS:-}" ]; then
    mkdir -p "$HOME_OUT/previous" && tar -xzf "$PREVIOUS" -C "$HOME_OUT/previous"
    chown -R 1000:1000 "$HOME_OUT/previous"
    old_pkg=$(cd "$HOME_OUT/previous" && ls -d MediationDesk-*/ | head -n 1)
    in_root /bin/sh "$HOME_IN/previous/${old_pkg%/}/install.sh" >"$WORK/install-previous.log"
    in_root /bin/mkdir -p "$OLD_DATA"
    in_root /usr/bin/timeout -k 10 240 "$HOME_IN/.local/bin/mediation-desk" --data-dir "$OLD_DATA" \
        --demo 40 --screenshot "$HOME_IN/previous.png" >"$WORK/previous.log" 2>&1 \
        || fail "the previous version ($(basename "$PREVIOUS")) did not start"
    previous_cases=$(count_cases "$ROOT$OLD_DATA/mediation.db")
    previous_schema=$(schema_of "$ROOT$OLD_DATA/mediation.db")
    step "0. previous version $(in_root "$HOME_IN/.local/bin/mediation-desk" --version): $previous_cases cases"
elif [ -n "${PREVIOUS_DATA:-}" ]; then  # data made by the previous schema's code
    mkdir -p "$ROOT$OLD_DATA"
    cp -a "$PREVIOUS_DATA/." "$ROOT$OLD_DATA/"
    chown -R 1000:1000 "$ROOT$OLD_DATA"
    previous_cases=$(count_cases "$ROOT$OLD_DATA/mediation.db")
    previous_schema=$(schema_of "$ROOT$OLD_DATA/mediation.db")
    step "0. data of the previous schema ($PREVIOUS_DATA): $previous_cases cases"
fi

# 2. Install for the user (over the previous version, if any: an upgrade in place).
t0=$(date +%s.%N)
in_root /bin/sh "$PKG_IN/install.sh" >"$WORK/install.log"
install_s=$(python3 -c "import sys; print(f'{float(sys.argv[2]) - float(sys.argv[1]):.1f}')" "$t0" "$(date +%s.%N)")
APP="$HOME_IN/.local/opt/MediationDesk"
DESKTOP="$HOME_OUT/.local/share/applications/mediation-desk.desktop"
[ -x "$ROOT$APP/MediationDesk" ] || fail "install.sh: no $APP/MediationDesk"
[ -L "$HOME_OUT/.local/bin/mediation-desk" ] || fail "install.sh: no ~/.local/bin/mediation-desk"
grep -q '^Name\[zh_CN\]=矛盾纠纷多元化解中心' "$DESKTOP" || fail "desktop entry without its Chinese name"
icon=$(sed -n 's/^Icon=//p' "$DESKTOP")
[ -f "$ROOT$icon" ] || fail "desktop entry's icon $icon is missing"
step "2. installed for the user in $install_s s"

# 3. Version and build date.
MD="$HOME_IN/.local/bin/mediation-desk"
version=$(in_root "$MD" --version)
echo "$version" | grep -qE '^mediation-desk [0-9][^（]*（[0-9]{4}-[0-9]{2}-[0-9]{2} 构建）$' \
    || fail "--version printed: $version"
step "3. $version"

# 4. The window: a fresh data folder, the demo centre, a screenshot, exit code 0.
DATA="$HOME_IN/data"
SHOTS="$HOME_IN/out"
in_root /bin/mkdir -p "$DATA" "$SHOTS"
rc=0
in_root /usr/bin/timeout -k 10 240 "$MD" --data-dir "$DATA" --demo 40 \
    --screenshot "$SHOTS/window.png" >"$WORK/window.log" 2>&1 || rc=$?
mkdir -p "$OUT" && rm -rf "${OUT:?}"/* && cp "$WORK/window.log" "$OUT/"
cp -r "$ROOT$DATA/logs" "$OUT/app-logs" 2>/dev/null || true
[ "$rc" = 0 ] || fail "the window exited with $rc (124: it hung, e.g. on an error dialog; see $OUT/app-logs)"
if grep -E 'cannot open shared object|Could not load|Cannot load library|Traceback' "$WORK/window.log"; then
    fail "the window reported a missing library or module ($OUT/window.log)"
fi
[ -s "$ROOT$SHOTS/window.png" ] || fail "no screenshot"
cp "$ROOT$SHOTS/window.png" "$OUT/"
step "4. window with the demo centre: $OUT/window.png"

# 5. An agreement PDF with its CJK font embedded.
pick=$(python3 - "$ROOT$DATA/mediation.db" <<'PY'
import sqlite3, sys
db = sqlite3.connect(f"file:{sys.argv[1]}?mode=ro", uri=True)
case = db.execute(
    "SELECT c.number FROM mediation_case c JOIN agreement a ON a.case_id = c.id "
    "WHERE a.form = 'written' ORDER BY c.id LIMIT 1").fetchone()
who = db.execute(
    "SELECT name FROM operator WHERE active AND NOT is_system ORDER BY id LIMIT 1").fetchone()
print(case[0] if case else "", who[0] if who else "", sep="\t")
PY
)
case_no=${pick%%$'\t'*}
operator=${pick#*$'\t'}
[ -n "$case_no" ] || fail "the demo centre has no case with a written agreement"
in_root "$MD" documents --data-dir "$DATA" --case "$case_no" --kind agreement \
    --format pdf --operator "$operator" --out "$SHOTS" >"$WORK/documents.log" 2>&1 \
    || { cat "$WORK/documents.log" >&2; fail "documents --kind agreement"; }
pdf=$(find "$ROOT$SHOTS" -name '*.pdf' | head -n 1)
[ -n "$pdf" ] || fail "documents wrote no PDF"
cp "$pdf" "$OUT/agreement.pdf"
pdffonts "$OUT/agreement.pdf" | tee "$OUT/pdffonts.txt"
# Every font embedded, and a CJK one among them (the bundled WenQuanYi Micro Hei).
if awk 'NR > 2 && $(NF-4) != "yes"' "$OUT/pdffonts.txt" | grep -q .; then
    fail "a font is not embedded in the agreement PDF"
fi
grep -q 'WenQuanYi' "$OUT/pdffonts.txt" || fail "the bundled CJK font is not in the PDF"
pdftoppm -r 60 -png -f 1 -l 1 "$OUT/agreement.pdf" "$OUT/agreement"
step "5. agreement PDF for $case_no: fonts embedded ($OUT/agreement.pdf)"

# 6. A verified backup, and the data checked.
in_root "$MD" backup --data-dir "$DATA" --to "$HOME_IN/backup" >"$WORK/backup.log" 2>&1 \
    || { cat "$WORK/backup.log" >&2; fail "backup"; }
in_root "$MD" check --data-dir "$DATA" >"$WORK/check.log" 2>&1 \
    || { cat "$WORK/check.log" >&2; fail "check"; }
step "6. $(tail -n 1 "$WORK/backup.log")"

# 7. Upgrade in place keeps the data: the previous version's data (PREVIOUS) opened, upgraded
# and checked by this one; reinstalling keeps this run's data. Uninstalling keeps it too.
if [ -n "${PREVIOUS:-}${PREVIOUS_DATA:-}" ]; then
    in_root /usr/bin/timeout -k 10 240 "$MD" --data-dir "$OLD_DATA" \
        --screenshot "$SHOTS/upgraded.png" >"$WORK/upgraded.log" 2>&1 \
        || fail "the new version did not open the previous version's data"
    in_root "$MD" check --data-dir "$OLD_DATA" >>"$WORK/check.log" 2>&1 || fail "check of the upgraded data"
    upgraded_cases=$(count_cases "$ROOT$OLD_DATA/mediation.db")
    [ "$previous_cases" = "$upgraded_cases" ] \
        || fail "the upgrade changed the data ($previous_cases -> $upgraded_cases cases)"
    head=$(sed -n 's/^HEAD_REVISION = "\(.*\)"/\1/p' "$REPO/mediation_desk/db/migrate.py")
    [ "$(schema_of "$ROOT$OLD_DATA/mediation.db")" = "$head" ] \
        || fail "the previous version's data was not migrated to $head"
    if [ "$previous_schema" != "$head" ]; then  # a migration ran: after its verified copy
        kept=$(ls "$ROOT$OLD_DATA"/mediation.db.before-upgrade-*.bak 2>/dev/null | head -n 1)
        [ -n "$kept" ] || fail "no verified copy was made before the migration"
        [ "$(schema_of "$kept")" = "$previous_schema" ] \
            || fail "the copy made before the migration is not the previous schema's data"
    fi
    cp "$ROOT$SHOTS/upgraded.png" "$OUT/"
    step "7. the previous version's $upgraded_cases cases ($previous_schema) opened, migrated to $head and checked by this one"
fi
cases_before=$(count_cases "$ROOT$DATA/mediation.db")
in_root /bin/sh "$PKG_IN/install.sh" >>"$WORK/install.log"
in_root "$MD" check --data-dir "$DATA" >>"$WORK/check.log" 2>&1 || fail "check after reinstalling"
cases_after=$(count_cases "$ROOT$DATA/mediation.db")
[ "$cases_before" = "$cases_after" ] || fail "reinstalling changed the data ($cases_before -> $cases_after cases)"
in_root /bin/sh "$APP/uninstall.sh" >"$WORK/uninstall.log"
[ ! -e "$ROOT$APP" ] && [ ! -e "$DESKTOP" ] && [ ! -e "$HOME_OUT/.local/bin/mediation-desk" ] \
    || fail "uninstall.sh left files behind"
[ -f "$ROOT$DATA/mediation.db" ] || fail "uninstall.sh removed the data"
AS=root in_root /bin/sh "$PKG_IN/install.sh" --system >>"$WORK/install.log"
[ -f "$ROOT/usr/share/applications/mediation-desk.desktop" ] || fail "--system: no desktop entry"
in_root /usr/local/bin/mediation-desk --version >/dev/null || fail "--system: the user cannot start it"
AS=root in_root /bin/sh /opt/MediationDesk/uninstall.sh >>"$WORK/uninstall.log"
[ ! -e "$ROOT/opt/MediationDesk" ] && [ ! -e "$ROOT/usr/local/bin/mediation-desk" ] \
    || fail "--system uninstall left files behind"
step "7. upgrade in place kept $cases_after cases; uninstalled (user and --system)"

# 8. The Windows installer script compiled against this bundle (Debian's nsis): a check of the
# script and of the files it takes, warnings counted as errors.
if command -v makensis >/dev/null; then
    makensis -V2 -WX -DSYNTAX_CHECK -DBUNDLE="$ROOT$PKG_IN/MediationDesk" -DVERSION=0.0.1 \
        -DOUTFILE="$WORK/MediationDesk-check-installer.exe" "$REPO/packaging/windows/mediation-desk.nsi" >"$WORK/nsis.log" 2>&1 \
        || { cat "$WORK/nsis.log" >&2; fail "makensis packaging/windows/mediation-desk.nsi"; }
    step "8. the NSIS script compiles (makensis)"
else
    step "8. skipped: no makensis (apt-get install nsis)"
fi

step "OK in $((SECONDS - started)) s (install $install_s s)"
