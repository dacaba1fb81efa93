#!/usr/bin/env bash
# Throwaway PostgreSQL for checks: `postgres.sh start DIR PORT` / `postgres.sh stop DIR`.
# Installs Debian's postgresql when no server binaries are found. Never runs the server as root.
set -euo pipefail
cmd="$1"; dir="$2"; port="${3:-55432}"

find_bindir() { ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -n 1; }

as_pg() {
  if [ "$(id -u)" = 0 ]; then runuser -u postgres -- "$@"; else "$@"; fi
}

case "$cmd" in
  start)
    bindir="$(find_bindir)"
    if [ -z "$bindir" ] || [ ! -x "$bindir/initdb" ]; then
      echo "[aihw] installing PostgreSQL from Debian packages ..."
      export DEBIAN_FRONTEND=noninteractive
      apt-get update -qq >/dev/null
      apt-get install -y -qq postgresql >/dev/null
      bindir="$(find_bindir)"
    fi
    mkdir -p "$dir"
    [ "$(id -u)" = 0 ] && chown postgres:postgres "$dir"
    as_pg "$bindir/initdb" -D "$dir/data" -U postgres -A trust --no-sync >/dev/null
    as_pg "$bindir/pg_ctl" -D "$dir/data" -l "$dir/server.log" -w -t 30 \
      -o "-c listen_addresses=127.0.0.1 -p $port -k $dir -c fsync=off -c synchronous_commit=off -c full_page_writes=off" \
      start >/dev/null
    "$bindir/psql" -h 127.0.0.1 -p "$port" -U postgres -d postgres -v ON_ERROR_STOP=1 -q \
      -c "create role aihw login password 'aihw'" -c "create database aihw owner aihw" >/dev/null
    echo "[aihw] PostgreSQL $("$bindir/postgres" --version | awk '{print $3}') up on 127.0.0.1:$port (data in $dir)"
    ;;
  stop)
    bindir="$(find_bindir)"
    if [ -n "$bindir" ] && [ -f "$dir/data/postmaster.pid" ]; then
      as_pg "$bindir/pg_ctl" -D "$dir/data" -m fast -w stop >/dev/null || true
      echo "[aihw] PostgreSQL stopped"
    fi
    rm -rf "$dir"
    ;;
  *) echo "usage: postgres.sh start|stop DIR [PORT]" >&2; exit 2 ;;
esac
