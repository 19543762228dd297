#!/usr/bin/env bash
# A throwaway PostgreSQL server for the test suite, listening on 127.0.0.1 only.
#
#   scripts/pg-test-server.sh start DIR PORT   initdb into DIR (if needed), start, wait until
#                                              ready, print the URL for
#                                              MEDIATION_DESK_TEST_PG_URL on stdout
#   scripts/pg-test-server.sh stop DIR         stop the server started in DIR
#
# Trust authentication, fsync off: for tests only, never for real data. As root, the server
# runs as the `postgres` user (PostgreSQL refuses to run as root) and DIR is handed to it.
# Binaries are found with `pg_config --bindir`, then /usr/lib/postgresql/*/bin, then PATH.
set -euo pipefail

usage() {
  echo "usage: $0 start DIR PORT | stop DIR" >&2
  exit 2
}

log() { echo "pg-test-server: $*" >&2; }

find_bindir() {
  local dir
  if command -v pg_config >/dev/null 2>&1; then
    dir=$(pg_config --bindir 2>/dev/null || true)
    if [ -n "$dir" ] && [ -x "$dir/initdb" ] && [ -x "$dir/pg_ctl" ]; then
      echo "$dir"; return 0
    fi
  fi
  # Newest installed major version first.
  for dir in $(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -t/ -k5 -V -r); do
    if [ -x "$dir/initdb" ] && [ -x "$dir/pg_ctl" ]; then
      echo "$dir"; return 0
    fi
  done
  if command -v initdb >/dev/null 2>&1 && command -v pg_ctl >/dev/null 2>&1; then
    dirname "$(command -v initdb)"; return 0
  fi
  log "PostgreSQL server binaries (initdb, pg_ctl) not found; install the 'postgresql' package"
  return 1
}

# Run a command as the server's OS user: `postgres` when we are root, ourselves otherwise.
as_pg() {
  if [ "$(id -u)" -ne 0 ]; then
    "$@"
  elif command -v runuser >/dev/null 2>&1; then
    runuser -u postgres -- "$@"
  else
    su postgres -s /bin/sh -c "$(printf '%q ' "$@")"
  fi
}

cmd=${1:-}
case "$cmd" in start|stop) ;; *) usage ;; esac
dir=${2:-}
[ -n "$dir" ] || usage

BINDIR=$(find_bindir)
if [ "$cmd" = start ]; then mkdir -p "$dir"; fi
if [ ! -d "$dir" ]; then log "no directory $dir"; exit 0; fi
dir=$(cd "$dir" && pwd)
DATA="$dir/data"
LOGFILE="$dir/postgres.log"

case "$cmd" in
  start)
    port=${3:-}
    case "$port" in ''|*[!0-9]*) usage ;; esac
    if [ "$(id -u)" -eq 0 ]; then
      id postgres >/dev/null 2>&1 || { log "no 'postgres' OS user (install the 'postgresql' package)"; exit 1; }
      chown postgres: "$dir"
      chmod 700 "$dir"
      if ! as_pg test -w "$dir"; then
        log "$dir is not reachable by the postgres user; use a directory such as \$(mktemp -d)"
        exit 1
      fi
    fi
    if [ ! -f "$DATA/PG_VERSION" ]; then
      as_pg "$BINDIR/initdb" -D "$DATA" -U postgres -E UTF8 --locale=C.UTF-8 \
        --auth-local=trust --auth-host=trust >"$dir/initdb.log" 2>&1 || {
        log "initdb failed:"; cat "$dir/initdb.log" >&2; exit 1; }
    fi
    if as_pg "$BINDIR/pg_ctl" -D "$DATA" status >/dev/null 2>&1; then
      log "already running in $DATA"
    else
      opts="-c listen_addresses=127.0.0.1 -p $port -c fsync=off -c synchronous_commit=off"
      opts+=" -c full_page_writes=off -c unix_socket_directories='$dir' -c max_connections=200"
      as_pg "$BINDIR/pg_ctl" -D "$DATA" -l "$LOGFILE" -o "$opts" -w -t 60 start >/dev/null || {
        log "the server did not start:"; tail -n 30 "$LOGFILE" >&2 || true; exit 1; }
    fi
    # pg_ctl -w waits already; check the TCP port too, as the tests will use it.
    for _ in $(seq 1 100); do
      if "$BINDIR/pg_isready" -q -h 127.0.0.1 -p "$port" -U postgres; then
        echo "postgresql+psycopg://postgres@127.0.0.1:$port/postgres"
        exit 0
      fi
      sleep 0.1
    done
    log "the server is not accepting connections on 127.0.0.1:$port"
    tail -n 30 "$LOGFILE" >&2 || true
    exit 1
    ;;
  stop)
    if [ ! -f "$DATA/PG_VERSION" ]; then
      log "no server data in $DATA"
      exit 0
    fi
    if as_pg "$BINDIR/pg_ctl" -D "$DATA" status >/dev/null 2>&1; then
      as_pg "$BINDIR/pg_ctl" -D "$DATA" -m fast -w -t 60 stop >/dev/null
    fi
    ;;
  *)
    usage
    ;;
esac
