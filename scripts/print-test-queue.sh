#!/usr/bin/env bash
# Real CUPS print queues for the printing tests (tests/ui/test_printing.py). As root, with
# Debian's cups and printer-driver-cups-pdf installed:
#   bash scripts/print-test-queue.sh start STATE_DIR   # prints the variables to export
#   bash scripts/print-test-queue.sh stop STATE_DIR
# start runs cupsd (unless one is running already) and adds two virtual PDF printers:
#   MD-Test-PDF      cups-pdf; each job arrives as a PDF file in MEDIATION_DESK_TEST_PRINT_DIR
#   MD-Test-Offline  the same printer, stopped (cupsdisable): a printer that cannot print now
# The queue's PPD is cups-pdf's own with two changes a real driver may also have: CUPS makes
# the copies (cupsManualCopies, so 2 copies arrive as 2 copies), and PDF goes to PostScript
# through pdftocairo, which keeps the text's Unicode (Ghostscript's PostScript loses CJK text).
# The output folder is under /var/spool/cups-pdf, where cups-pdf may write under AppArmor too.
set -euo pipefail

queue=MD-Test-PDF
offline=MD-Test-Offline
config=/etc/cups/cups-pdf-mdtest.conf

usage() { echo "usage: $0 start|stop STATE_DIR" >&2; exit 2; }
[ $# -eq 2 ] || usage
action=$1
state=$2

scheduler_running() { lpstat -r 2>/dev/null | grep -q "is running"; }

start() {
  [ "$(id -u)" -eq 0 ] || { echo "print-test-queue.sh: run as root (cups-pdf needs it)" >&2; exit 1; }
  for tool in cupsd lpadmin lpstat cupsdisable; do
    command -v "$tool" >/dev/null || { echo "print-test-queue.sh: $tool missing (apt-get install cups printer-driver-cups-pdf)" >&2; exit 1; }
  done
  [ -x /usr/lib/cups/backend/cups-pdf ] || { echo "print-test-queue.sh: printer-driver-cups-pdf missing" >&2; exit 1; }
  mkdir -p "$state" /var/spool/cups-pdf
  if ! scheduler_running; then
    cupsd -f >"$state/cupsd.log" 2>&1 &
    echo $! >"$state/cupsd.pid"
    for _ in $(seq 100); do scheduler_running && break; sleep 0.1; done
    scheduler_running || { cat "$state/cupsd.log" >&2; echo "cupsd did not start" >&2; exit 1; }
  fi
  out=$(mktemp -d /var/spool/cups-pdf/md-test.XXXXXX)
  chmod 0755 "$out"
  echo "$out" >"$state/out"
  printf 'Out %s\nAnonDirName %s\nLabel 1\n' "$out" "$out" >"$config"
  ppd=$state/md-test-pdf.ppd
  # No cupsFilter line: CUPS prints PostScript to it (pdftops, with the renderer set below).
  { cat /usr/share/ppd/cups-pdf/CUPS-PDF_opt.ppd; echo '*cupsManualCopies: True'; } >"$ppd"
  for name in "$queue" "$offline"; do
    lpadmin -p "$name" -E -v cups-pdf:/mdtest -P "$ppd" \
      -o pdftops-renderer-default=pdftocairo -o printer-error-policy=abort-job \
      -o printer-is-shared=false 2>/dev/null  # "printer drivers are deprecated"
  done
  cupsdisable -r "offline for the tests" "$offline"
  echo "MEDIATION_DESK_TEST_PRINTER=$queue"
  echo "MEDIATION_DESK_TEST_PRINTER_OFFLINE=$offline"
  echo "MEDIATION_DESK_TEST_PRINT_DIR=$out"
}

stop() {
  lpadmin -x "$queue" 2>/dev/null || true
  lpadmin -x "$offline" 2>/dev/null || true
  rm -f "$config"
  if [ -f "$state/out" ]; then rm -rf "$(cat "$state/out")"; fi
  if [ -f "$state/cupsd.pid" ]; then
    kill "$(cat "$state/cupsd.pid")" 2>/dev/null || true
    rm -f "$state/cupsd.pid"
  fi
}

case $action in
  start) start ;;
  stop) stop ;;
  *) usage ;;
esac
