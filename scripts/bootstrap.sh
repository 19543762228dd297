#!/usr/bin/env bash
# Install what Mediation Desk needs on a fresh Debian/Ubuntu machine, into ./.venv.
#   scripts/bootstrap.sh          the app
#   scripts/bootstrap.sh test     the app and its test tools
# System packages (Qt's runtime libraries, CJK fonts) are installed with apt when missing and
# this runs as root (or with sudo). Safe to run again: it only installs what is missing.
set -euo pipefail

QT_RUNTIME=(libegl1 libgl1 libglib2.0-0 libfontconfig1 libfreetype6 libdbus-1-3 libxkbcommon0
  libx11-xcb1 libxcb-cursor0 libxcb-icccm4 libxcb-keysyms1 libxcb-image0 libxcb-randr0
  libxcb-render0 libxcb-render-util0 libxcb-shape0 libxcb-shm0 libxcb-sync1 libxcb-util1
  libxcb-xfixes0 libxcb-xkb1 libxcb-glx0 libxkbcommon-x11-0)
FONTS=(fonts-noto-cjk fonts-arphic-uming fonts-wqy-zenhei)
TOOLS=(python3-venv)
[ "${1:-}" = test ] && TOOLS+=(poppler-utils)

# Another install (unattended-upgrades at boot, a second terminal, the software centre) holds
# the package manager's lock: wait for it, saying so, rather than fail with apt's raw error.
APT_LOCK_TIMEOUT=${APT_LOCK_TIMEOUT:-600}   # seconds
APT_LOCK_POLL=${APT_LOCK_POLL:-2}
APT_LOCKS=${APT_LOCKS:-/var/lib/dpkg/lock-frontend /var/lib/dpkg/lock /var/lib/apt/lists/lock /var/cache/apt/archives/lock}

# The locks are fcntl locks (dpkg, apt): try each without waiting; busy when one is taken.
package_lock_held() {
  local sudo=${1:-}
  # shellcheck disable=SC2086
  $sudo python3 - $APT_LOCKS <<'PY' 2>/dev/null
import fcntl, os, sys
for path in sys.argv[1:]:
    if not os.path.exists(path):
        continue
    with open(path, "r+") as f:
        try:
            fcntl.lockf(f, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except OSError:
            sys.exit(0)  # held by another process
sys.exit(1)
PY
}

wait_for_package_lock() {
  local sudo=${1:-} start=$SECONDS waited=0
  command -v python3 >/dev/null 2>&1 || return 0  # apt's own lock timeout still applies
  package_lock_held "$sudo" || return 0
  while package_lock_held "$sudo"; do
    waited=$(( SECONDS - start ))
    if [ "$waited" -ge "$APT_LOCK_TIMEOUT" ]; then
      printf '\n' >&2
      echo "另一个程序正在安装软件，已等待 ${waited} 秒仍未结束。请等它完成（或重启电脑）后再运行本脚本。" >&2
      echo "Another program is still installing packages after ${waited} s; run this again once it has finished." >&2
      return 1
    fi
    printf '\r另一个程序正在安装软件，等待其结束… 已等待 %s 秒 / waiting for another package install to finish… %ss ' "$waited" "$waited" >&2
    sleep "$APT_LOCK_POLL"
  done
  printf '\r软件包管理器已空闲，继续安装。 / the package manager is free, going on.%40s\n' "" >&2
}

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
  local log
  log=$(mktemp)
  local apt=($sudo apt-get -o "DPkg::Lock::Timeout=$APT_LOCK_TIMEOUT")
  if ! { wait_for_package_lock "$sudo" && "${apt[@]}" update -qq >"$log" 2>&1 &&
    wait_for_package_lock "$sudo" &&
    DEBIAN_FRONTEND=noninteractive "${apt[@]}" install -y -qq --no-install-recommends \
      "${missing[@]}" >"$log" 2>&1; }; then
    if [ -s "$log" ]; then
      echo "系统软件包安装失败（${missing[*]}）。软件包管理器的输出如下：" >&2
      sed 's/^/  /' "$log" >&2
    fi
    rm -f "$log"
    return 1
  fi
  rm -f "$log"
}

main() {
  cd "$(dirname "$0")/.."
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
}

# Sourced (tests): the functions only.
if [ "${BASH_SOURCE[0]}" = "$0" ]; then
  main "$@"
fi
