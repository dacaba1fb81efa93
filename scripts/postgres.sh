#!/usr/bin/env bash
# Throwaway PostgreSQL for checks: `postgres.sh start DIR PORT` / `postgres.sh stop DIR`.
# Installs Debian's postgresql when no server binaries are found. Never runs the server as root.
# Password authentication only (scram-sha-256, never trust), passwords generated at every start: the
# superuser's stays in DIR/superuser.pw; DIR/credentials.env (mode 600, to `source`) exports the owner role the
# pipeline builds with (AIHW_PG_USER / AIHW_PG_PASSWORD) and the read-only BI role (AIHW_PG_BI_ROLE /
# AIHW_PG_BI_PASSWORD), which dbt's grants let select the marts and nothing else.
set -euo pipefail
cmd="$1"; dir="$2"; port="${3:-55432}"

find_bindir() { ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -n 1; }

as_pg() {
  if [ "$(id -u)" = 0 ]; then runuser -u postgres -- "$@"; else "$@"; fi
}

gen_password() { od -An -N18 -tx1 /dev/urandom | tr -d ' \n'; }

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
    chmod 700 "$dir"
    super_pw="$(gen_password)"; owner_pw="$(gen_password)"; bi_pw="$(gen_password)"
    (umask 077; printf '%s\n' "$super_pw" > "$dir/superuser.pw")
    [ "$(id -u)" = 0 ] && chown -R postgres:postgres "$dir"
    as_pg "$bindir/initdb" -D "$dir/data" -U postgres --auth=scram-sha-256 --pwfile="$dir/superuser.pw" \
      --no-sync >/dev/null
    as_pg "$bindir/pg_ctl" -D "$dir/data" -l "$dir/server.log" -w -t 30 \
      -o "-c listen_addresses=127.0.0.1 -p $port -k $dir -c fsync=off -c synchronous_commit=off -c full_page_writes=off" \
      start >/dev/null
    as_super() { PGPASSWORD="$super_pw" "$bindir/psql" -h 127.0.0.1 -p "$port" -U postgres -v ON_ERROR_STOP=1 -q "$@"; }
    as_super -d postgres \
      -c "create role aihw login password '$owner_pw'" \
      -c "create role aihw_bi login nosuperuser nocreatedb nocreaterole noinherit password '$bi_pw'" \
      -c "create database aihw owner aihw" \
      -c "revoke all on database aihw from public" \
      -c "grant connect on database aihw to aihw_bi" >/dev/null
    as_super -d aihw -c "revoke all on schema public from public" >/dev/null
    (
      umask 077
      {
        printf 'export AIHW_PG_HOST=127.0.0.1 AIHW_PG_PORT=%s AIHW_PG_DATABASE=aihw\n' "$port"
        printf 'export AIHW_PG_USER=aihw AIHW_PG_PASSWORD=%s\n' "$owner_pw"
        printf 'export AIHW_PG_BI_ROLE=aihw_bi AIHW_PG_BI_PASSWORD=%s\n' "$bi_pw"
      } > "$dir/credentials.env"
    )
    echo "[aihw] PostgreSQL $("$bindir/postgres" --version | awk '{print $3}') up on 127.0.0.1:$port" \
      "(scram-sha-256; data and credentials.env in $dir)"
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
