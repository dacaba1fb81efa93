#!/usr/bin/env bash
# Scale benchmark: per stage (land, dbt build, train + validate + write-back, ML marts) wall time, CPU time and
# peak memory at 1x, 10x, 100x the raw data (aihw/scale.py), with the ratios to 1x, on DuckDB and on a throwaway
# PostgreSQL (same lifecycle as the check command), after the scaled-build tests (`pytest -m scale`). Options go
# to `python -m aihw benchmark`, e.g.
#   bash scripts/benchmark.sh --scales 1 10 --cap 300
set -euo pipefail
source "$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)/env.sh"
# one run at a time: the whole benchmark holds the run lock of the project's warehouse folder (a main job or
# another check started meanwhile fails at once, naming this one); its own runs reuse the lock
case ":${AIHW_RUN_LOCK_HELD:-}:" in
  *":$(pwd -P)/warehouse/.run.lock:"*) ;;
  *) exec python -m aihw.locking --lock "$(pwd -P)/warehouse" -- bash "$0" "$@" ;;
esac
# the scaled-build tests first (3 x the data through every data test; too slow for the check command's budget):
# a failure stops the benchmark here
python -m pytest -q -m scale tests/python
pg_dir="$(mktemp -d /tmp/aihw-pg.XXXXXX)"
trap 'bash scripts/postgres.sh stop "$pg_dir"' EXIT
pg_port="$(python scripts/free_port.py)"
bash scripts/postgres.sh start "$pg_dir" "$pg_port"
source "$pg_dir/credentials.env"  # generated passwords: the owner role and the read-only BI role
python -m aihw benchmark --targets duckdb postgres "$@"
