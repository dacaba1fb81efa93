#!/usr/bin/env bash
# Every check, on both engines: main job on DuckDB, lint, tests, Great Expectations, docs; and the same
# pipeline, suites and engine tests on a throwaway PostgreSQL (installed from Debian packages if missing,
# started on 127.0.0.1, stopped on exit). Two lanes: once the DuckDB main job has published, the PostgreSQL
# lane (start, main job, suites) runs in the background while the DuckDB lane lints, generates the docs and runs
# the pipeline tests (each lane is mostly one busy process: on 2 cores they overlap); its log is printed when
# it ends, and the PostgreSQL tests run last.
set -euo pipefail
source "$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)/env.sh"
# one run at a time: the whole check holds the run lock of the project's warehouse folder (a main job or
# another check started meanwhile fails at once, naming this one); its own runs reuse the lock
case ":${AIHW_RUN_LOCK_HELD:-}:" in
  *":$(pwd -P)/warehouse/.run.lock:"*) ;;
  *) exec python -m aihw.locking --lock "$(pwd -P)/warehouse" -- bash "$0" "$@" ;;
esac
start=$(date +%s)
step() { echo; echo "=== [check] $* ($(( $(date +%s) - start ))s)"; }

pg_dir="$(mktemp -d /tmp/aihw-pg.XXXXXX)"
pg_log="$pg_dir/lane.log"
pg_pid=""
cleanup() {
  if [ -n "$pg_pid" ] && kill -0 "$pg_pid" 2>/dev/null; then
    kill -- -"$pg_pid" 2>/dev/null || true  # the PostgreSQL lane's own process group (started with set -m)
    wait "$pg_pid" 2>/dev/null || true
  fi
  bash scripts/postgres.sh stop "$pg_dir"
}
trap cleanup EXIT

step "Chromium (headless screenshots of the docs site, report and dashboard; installed from Debian if missing)"
bash scripts/chromium.sh

step "ruff (Python lint)"
ruff check aihw python_ml tests scripts

step "pytest unit tests (no warehouse, fast fail; the suite tests need the parsed DuckDB manifest)"
python -m aihw land > /dev/null  # the raw seeds dbt needs to parse (a fresh clone has none)
dbt parse --target duckdb --target-path target/duckdb --quiet
python -m pytest -q -m unit --durations=10 tests/python

step "main job on DuckDB"
python -m aihw run --target duckdb

step "PostgreSQL lane started in the background (start, main job, Great Expectations; log: $pg_log)"
pg_lane() {
  local lane_start pg_port
  lane_start=$(date +%s)
  pg_port="$(python scripts/free_port.py)"
  bash scripts/postgres.sh start "$pg_dir" "$pg_port"
  source "$pg_dir/credentials.env"  # generated passwords: the owner role and the read-only BI role
  echo "=== [pg lane] main job on PostgreSQL"
  python -m aihw run --target postgres
  echo "=== [pg lane] Great Expectations checkpoints on PostgreSQL (Data Docs: target/gx_data_docs/postgres)"
  python -m aihw expect --target postgres
  echo "=== [pg lane] done in $(( $(date +%s) - lane_start ))s"
}
set -m  # the lane gets its own process group, so cleanup can stop all of it
pg_lane > "$pg_log" 2>&1 &
pg_pid=$!
set +m

step "sqlfluff lint"
sqlfluff lint models macros --processes 2 --disable-progress-bar

step "ER diagram freshness (on the docs catalog the main job generated)"
python -m aihw.erd --check

step "Great Expectations checkpoints on DuckDB (Data Docs: target/gx_data_docs/duckdb)"
python -m aihw expect --target duckdb

step "pytest pipeline tests (DuckDB; they share the published run; docs site, report and dashboard screenshots)"
AIHW_TEST_REUSE_PUBLISHED=1 python -m pytest -q -m pipeline --durations=15 tests/python

step "waiting for the PostgreSQL lane"
pg_status=0
wait "$pg_pid" || pg_status=$?
pg_pid=""
cat "$pg_log"
if [ "$pg_status" -ne 0 ]; then
  echo "[check] the PostgreSQL lane failed (exit $pg_status)" >&2
  exit "$pg_status"
fi
source "$pg_dir/credentials.env"  # the lane's server (host, port, roles)

step "pytest postgres tests"
AIHW_TEST_POSTGRES=1 AIHW_TEST_REUSE_PUBLISHED=1 python -m pytest -q -m postgres tests/python

step "all checks passed in $(( $(date +%s) - start ))s"
