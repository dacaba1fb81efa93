#!/usr/bin/env bash
# Every check, on both engines: main job on DuckDB, lint, tests, Great Expectations, docs; and the same
# pipeline, suites and engine tests on a throwaway PostgreSQL (installed from Debian packages if missing,
# started on 127.0.0.1, stopped on exit). Two lanes from the start (each lane is mostly one busy process: on 2
# cores they overlap). The second, in the background, starts PostgreSQL and runs the main job on it (its model
# artifacts and reports in folders of its own while it runs, so neither job's start-up clean-up of partial files
# can touch the other's: they join the project's folders when both jobs are done), its Great Expectations suites
# and sqlfluff; once the DuckDB run has published, the engine tests and the pipeline test modules listed in
# SECOND_LANE_TESTS (they build warehouses of their own). The first runs the unit tests, the DuckDB main job, the
# suites on DuckDB and every other pipeline test (the ER diagram's freshness among them). The second lane's log is
# printed when it ends.
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

step "land and parse (the raw seeds and the DuckDB manifest the unit tests and the suites read)"
python -m aihw land > /dev/null  # the raw seeds dbt needs to parse (a fresh clone has none)
# parsed with the profile values of the main job's build copy (aihw.config.Settings.dbt_duckdb_path), so the
# job's first dbt call keeps this parse instead of parsing again (its build copy: aihw.pipeline.build_copy_path)
AIHW_DUCKDB_PATH=warehouse/.building/aihw.duckdb dbt parse --target duckdb --target-path target/duckdb --quiet

# pipeline test modules the second lane runs, the first lane every other one: ones that build warehouses of their
# own from altered raw files (the published run only copied or read), chosen so that the lanes end together (the
# DuckDB round test, which builds one too, is in the first lane)
SECOND_LANE_TESTS=(tests/python/test_flagged_values.py tests/python/test_training_reconciliation.py
  tests/python/test_run_lock_pipeline.py)
published_flag="$pg_dir/duckdb-published"  # written by the first lane when the DuckDB main job has published

step "second lane started in the background (log: $pg_log)"
pg_lane() {
  local lane_start pg_port
  lane_start=$(date +%s)
  pg_port="$(python scripts/free_port.py)"
  bash scripts/postgres.sh start "$pg_dir" "$pg_port"
  source "$pg_dir/credentials.env"  # generated passwords: the owner role and the read-only BI role
  echo "=== [lane 2] main job on PostgreSQL ($(( $(date +%s) - lane_start ))s)"
  AIHW_ARTIFACTS_DIR="$pg_dir/artifacts" AIHW_REPORTS_DIR="$pg_dir/reports" python -m aihw run --target postgres
  echo "=== [lane 2] Great Expectations checkpoints on PostgreSQL (Data Docs: target/gx_data_docs/postgres) ($(( $(date +%s) - lane_start ))s)"
  python -m aihw expect --target postgres
  echo "=== [lane 2] sqlfluff lint ($(( $(date +%s) - lane_start ))s)"
  # one process: the other lane keeps the other core busy (two cost ~10 % more CPU: each sets up dbt's templater)
  sqlfluff lint models macros --processes 1 --disable-progress-bar
  echo "=== [lane 2] waiting for the DuckDB main job to publish ($(( $(date +%s) - lane_start ))s)"
  while [ ! -e "$published_flag" ]; do sleep 1; done
  # the PostgreSQL run's model artifact and report join the project's folders (names are unique model versions)
  # (merged: the PostgreSQL report lives in reports/warehouse/postgres beside DuckDB's)
  mkdir -p artifacts reports
  cp -r "$pg_dir/artifacts/." artifacts/
  cp -r "$pg_dir/reports/." reports/
  echo "=== [lane 2] pytest postgres tests (both engines) ($(( $(date +%s) - lane_start ))s)"
  AIHW_TEST_POSTGRES=1 AIHW_TEST_REUSE_PUBLISHED=1 python -m pytest -q -p no:cacheprovider \
    --basetemp "$pytest_tmp/postgres" -m postgres --durations=5 tests/python
  echo "=== [lane 2] pytest pipeline tests: ${SECOND_LANE_TESTS[*]} ($(( $(date +%s) - lane_start ))s)"
  AIHW_TEST_REUSE_PUBLISHED=1 python -m pytest -q -p no:cacheprovider --basetemp "$pytest_tmp/pipeline" \
    -m pipeline --durations=5 "${SECOND_LANE_TESTS[@]}"
  echo "=== [lane 2] done in $(( $(date +%s) - lane_start ))s"
}
set -m  # the lane gets its own process group, so cleanup can stop all of it
pg_lane > "$pg_log" 2>&1 &
pg_pid=$!
set +m

step "pytest unit tests (no warehouse, fast fail)"
python -m pytest -q -m unit --durations=10 tests/python

step "main job on DuckDB"
python -m aihw run --target duckdb
touch "$published_flag"

step "Great Expectations checkpoints on DuckDB (Data Docs: target/gx_data_docs/duckdb)"
python -m aihw expect --target duckdb

step "pytest pipeline tests (DuckDB; they share the published run; docs site, report and dashboard screenshots; the ER diagram's freshness)"
AIHW_TEST_REUSE_PUBLISHED=1 python -m pytest -q -m pipeline --durations=15 \
  "${SECOND_LANE_TESTS[@]/#/--ignore=}" tests/python

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
