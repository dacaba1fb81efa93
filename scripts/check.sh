#!/usr/bin/env bash
# Every check, on both engines: main job on DuckDB, lint, tests, Great Expectations, docs; and the same
# pipeline, suites and engine tests on a throwaway PostgreSQL (installed from Debian packages if missing,
# started on 127.0.0.1, stopped on exit). Two lanes once the DuckDB main job has published (each lane is mostly
# one busy process: on 2 cores they overlap): the second, in the background, starts PostgreSQL, runs the main
# job, the suites and the engine tests on it, then sqlfluff and the pipeline tests that build warehouses of their
# own (OWN_BUILD_TESTS); the first checks the ER diagram, runs the suites on DuckDB and the pipeline tests that
# read the published run. The second lane's log is printed when it ends.
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
pytest_tmp="$(mktemp -d /tmp/aihw-pytest.XXXXXX)"  # the second lane's own pytest base folders
pg_pid=""
cleanup() {
  if [ -n "$pg_pid" ] && kill -0 "$pg_pid" 2>/dev/null; then
    kill -- -"$pg_pid" 2>/dev/null || true  # the PostgreSQL lane's own process group (started with set -m)
    wait "$pg_pid" 2>/dev/null || true
  fi
  bash scripts/postgres.sh stop "$pg_dir"
  rm -rf "$pytest_tmp"
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

# pipeline test modules whose fixtures build whole warehouses of their own from altered raw files (the published
# run only copied or read): the second lane runs them, the first lane every other pipeline test
OWN_BUILD_TESTS=(tests/python/test_flagged_values.py)

step "second lane started in the background (log: $pg_log)"
pg_lane() {
  local lane_start pg_port
  lane_start=$(date +%s)
  pg_port="$(python scripts/free_port.py)"
  bash scripts/postgres.sh start "$pg_dir" "$pg_port"
  source "$pg_dir/credentials.env"  # generated passwords: the owner role and the read-only BI role
  echo "=== [lane 2] main job on PostgreSQL ($(( $(date +%s) - lane_start ))s)"
  python -m aihw run --target postgres
  echo "=== [lane 2] Great Expectations checkpoints on PostgreSQL (Data Docs: target/gx_data_docs/postgres) ($(( $(date +%s) - lane_start ))s)"
  python -m aihw expect --target postgres
  echo "=== [lane 2] pytest postgres tests (both engines: the DuckDB run has published) ($(( $(date +%s) - lane_start ))s)"
  AIHW_TEST_POSTGRES=1 AIHW_TEST_REUSE_PUBLISHED=1 python -m pytest -q -p no:cacheprovider \
    --basetemp "$pytest_tmp/postgres" -m postgres tests/python
  echo "=== [lane 2] sqlfluff lint ($(( $(date +%s) - lane_start ))s)"
  sqlfluff lint models macros --processes 2 --disable-progress-bar
  echo "=== [lane 2] pytest pipeline tests that build their own warehouses ($(( $(date +%s) - lane_start ))s)"
  AIHW_TEST_REUSE_PUBLISHED=1 python -m pytest -q -p no:cacheprovider --basetemp "$pytest_tmp/pipeline" \
    -m pipeline --durations=5 "${OWN_BUILD_TESTS[@]}"
  echo "=== [lane 2] done in $(( $(date +%s) - lane_start ))s"
}
set -m  # the lane gets its own process group, so cleanup can stop all of it
pg_lane > "$pg_log" 2>&1 &
pg_pid=$!
set +m

step "ER diagram freshness (on the docs catalog the main job generated)"
python -m aihw.erd --check

step "Great Expectations checkpoints on DuckDB (Data Docs: target/gx_data_docs/duckdb)"
python -m aihw expect --target duckdb

step "pytest pipeline tests (DuckDB; they share the published run; docs site, report and dashboard screenshots)"
AIHW_TEST_REUSE_PUBLISHED=1 python -m pytest -q -m pipeline --durations=15 \
  "${OWN_BUILD_TESTS[@]/#/--ignore=}" tests/python

step "waiting for the second lane"
pg_status=0
wait "$pg_pid" || pg_status=$?
pg_pid=""
cat "$pg_log"
if [ "$pg_status" -ne 0 ]; then
  echo "[check] the second lane failed (exit $pg_status)" >&2
  exit "$pg_status"
fi

step "all checks passed in $(( $(date +%s) - start ))s"
