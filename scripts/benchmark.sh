#!/usr/bin/env bash
# Benchmark command: wall time of landing, dbt build per engine, train + write-back, and peak memory,
# on DuckDB and on a throwaway PostgreSQL (same lifecycle as the check command).
set -euo pipefail
source "$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)/env.sh"
pg_dir="$(mktemp -d /tmp/aihw-pg.XXXXXX)"
trap 'bash scripts/postgres.sh stop "$pg_dir"' EXIT
export AIHW_PG_HOST=127.0.0.1 AIHW_PG_PORT="$(python scripts/free_port.py)" AIHW_PG_USER=aihw AIHW_PG_PASSWORD=aihw AIHW_PG_DATABASE=aihw
bash scripts/postgres.sh start "$pg_dir" "$AIHW_PG_PORT"
python -m aihw benchmark --targets duckdb postgres
