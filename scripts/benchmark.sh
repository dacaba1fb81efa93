#!/usr/bin/env bash
# Benchmark command: wall time of landing, dbt build per engine, train + write-back, and peak memory,
# on DuckDB and on a throwaway PostgreSQL (same lifecycle as the check command).
set -euo pipefail
source "$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)/env.sh"
# one run at a time: the whole benchmark holds the run lock of the project's warehouse folder (a main job or
# another check started meanwhile fails at once, naming this one); its own runs reuse the lock
case ":${AIHW_RUN_LOCK_HELD:-}:" in
  *":$(pwd -P)/warehouse/.run.lock:"*) ;;
  *) exec python -m aihw.locking --lock "$(pwd -P)/warehouse" -- bash "$0" "$@" ;;
esac
pg_dir="$(mktemp -d /tmp/aihw-pg.XXXXXX)"
trap 'bash scripts/postgres.sh stop "$pg_dir"' EXIT
pg_port="$(python scripts/free_port.py)"
bash scripts/postgres.sh start "$pg_dir" "$pg_port"
source "$pg_dir/credentials.env"  # generated passwords: the owner role and the read-only BI role
python -m aihw benchmark --targets duckdb postgres
