#!/usr/bin/env bash
# Install what Mediation Desk needs on a fresh Debian/Ubuntu machine, into ./.venv.
#   scripts/bootstrap.sh          the app
#   scripts/bootstrap.sh test     the app and its test tools
# System packages (Qt's runtime libraries, CJK fonts) are installed with apt when missing and
# this runs as root (or with sudo). Safe to run again: it only installs what is missing.
set -euo pipefail
cd "$(dirname "$0")/.."

QT_RUNTIME=(libegl1 libgl1 libglib2.0-0 libfontconfig1 libfreetype6 libdbus-1-3 libxkbcommon0
  libx11-xcb1 libxcb-cursor0 libxcb-icccm4 libxcb-keysyms1 libxcb-image0 libxcb-randr0
  libxcb-render0 libxcb-render-util0 libxcb-shape0 libxcb-shm0 libxcb-sync1 libxcb-util1
  libxcb-xfixes0 libxcb-xkb1 libxcb-glx0 libxkbcommon-x11-0)
FONTS=(fonts-noto-cjk fonts-arphic-uming fonts-wqy-zenhei)
TOOLS=(python3-venv)
[ "${1:-}" = test ] && TOOLS+=(poppler-utils)

apt_install() {
  command -v apt-get >/dev/null 2>&1 || return 0
  local missing=()
  for pkg in "$@"; do
    dpkg-query -W -f='${Status}' "$pkg" 2>/dev/null | grep -q "install ok installed" || missing+=("$pkg")
  done
  [ ${#missing[@]} -eq 0 ] && return 0
  local sudo=""
  if [ "$(id -u)" -ne 0 ]; then
    if command -v sudo >/dev/null 2>&1; then sudo="sudo"; else
      echo "缺少系统软件包（需要管理员安装）：${missing[*]}" >&2; return 0; fi
  fi
  echo "安装系统软件包：${missing[*]}"
  $sudo apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
}

apt_install "${QT_RUNTIME[@]}" "${FONTS[@]}" "${TOOLS[@]}"

PYTHON=${PYTHON:-python3}
if [ ! -x .venv/bin/python ]; then
  "$PYTHON" -m venv .venv
fi
extra=""
[ "${1:-}" = test ] && extra="[test]"
# Install the project only when pyproject.toml changed since the last install: a later launch
# then needs no package index (offline township PCs) and starts at once.
stamp=".venv/.installed${extra:+-test}"
wanted=$(sha256sum pyproject.toml | cut -d' ' -f1)
if [ "$(cat "$stamp" 2>/dev/null)" != "$wanted" ]; then
  .venv/bin/python -m pip install -q --disable-pip-version-check -e ".${extra}"
  echo "$wanted" > "$stamp"
fi
