#!/usr/bin/env bash
# Install (if needed) and launch Mediation Desk on its embedded SQLite database.
#   scripts/run-app.sh --demo      fill a realistic demo centre on first start
# Other options: see `.venv/bin/mediation-desk --help`.
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/bootstrap.sh
if [ -z "${DISPLAY:-}${WAYLAND_DISPLAY:-}" ] && [ -z "${QT_QPA_PLATFORM:-}" ]; then
  if command -v xvfb-run >/dev/null 2>&1; then
    echo "没有检测到显示器：在虚拟屏幕（Xvfb）上运行。"
    exec xvfb-run -a -s "-screen 0 1600x1000x24" .venv/bin/mediation-desk "$@"
  fi
  echo "没有检测到显示器：以 offscreen 方式运行（看不到窗口；可加 --screenshot 文件.png）。"
  export QT_QPA_PLATFORM=offscreen
fi
exec .venv/bin/mediation-desk "$@"
