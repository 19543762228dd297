#!/usr/bin/env bash
# A minimal Debian root file system for the bundle's smoke test, cached between runs.
#
#   bash packaging/smoke-root.sh            -> prints the path of the (cached) root
#
# debootstrap --variant=minbase (no Python: checked) plus exactly the packages of
# packaging/target-packages.txt and their dependencies, and a user `smoke` (uid 1000) to run
# the app as. The root is kept under $SMOKE_CACHE (default /var/cache/mediation-desk-smoke),
# keyed by the suite, the mirror and the package list: a second run reuses it (seconds), a
# change of the list builds a new one. Needs root (debootstrap, chroot) and the network on the
# first run.
#
# Settings: SUITE=bookworm, MIRROR=http://deb.debian.org/debian, SMOKE_CACHE=/path.
set -euo pipefail

REPO="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
SUITE="${SUITE:-bookworm}"
MIRROR="${MIRROR:-http://deb.debian.org/debian}"
CACHE="${SMOKE_CACHE:-/var/cache/mediation-desk-smoke}"

[ "$(id -u)" = 0 ] || { echo "smoke-root.sh: needs root (debootstrap, chroot)" >&2; exit 1; }
command -v debootstrap >/dev/null || { echo "smoke-root.sh: apt-get install debootstrap" >&2; exit 1; }

mapfile -t PACKAGES < <(grep -vE '^\s*(#|$)' "$REPO/packaging/target-packages.txt")
KEY=$(printf '%s\n' "$SUITE" "$MIRROR" "${PACKAGES[@]}" | sha256sum | cut -c1-16)
ROOT="$CACHE/$SUITE-$KEY"

if [ ! -f "$ROOT/.complete" ]; then
    mkdir -p "$CACHE"
    rm -rf "$ROOT.tmp"
    echo "smoke-root.sh: debootstrap $SUITE into $ROOT (${PACKAGES[*]})" >&2
    include=$(IFS=,; echo "${PACKAGES[*]}")
    debootstrap --variant=minbase --include="$include" "$SUITE" "$ROOT.tmp" "$MIRROR" \
        >"$CACHE/debootstrap-$KEY.log" 2>&1 || {
        tail -n 20 "$CACHE/debootstrap-$KEY.log" >&2; exit 1; }
    chroot "$ROOT.tmp" useradd --create-home --uid 1000 --shell /bin/sh smoke
    chroot "$ROOT.tmp" apt-get clean
    rm -rf "$ROOT.tmp"/var/lib/apt/lists/*
    touch "$ROOT.tmp/.complete"
    mv "$ROOT.tmp" "$ROOT"
fi

# The premises of the test: no Python, no CJK font.
if compgen -G "$ROOT/usr/bin/python*" >/dev/null; then
    echo "smoke-root.sh: $ROOT has a Python; the smoke test needs a root without one" >&2
    exit 1
fi
cjk=$(find "$ROOT/usr/share/fonts" -iname '*cjk*' -o -iname '*wqy*' -o -iname '*uming*' \
    -o -iname '*ukai*' -o -iname '*droid*' 2>/dev/null | head -n 1)
if [ -n "$cjk" ]; then
    echo "smoke-root.sh: $ROOT has a CJK font ($cjk); the smoke test needs a root without one" >&2
    exit 1
fi
echo "$ROOT"
