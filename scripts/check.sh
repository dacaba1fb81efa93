#!/usr/bin/env bash
# Every check, on both engines: main job on DuckDB, lint, tests, Great Expectations, docs; then the same
# pipeline, suites and engine tests on a throwaway PostgreSQL (installed from Debian packages if missing,
# started on 127.0.0.1, stopped on exit).
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

step "ruff (Python lint)"
ruff check aihw python_ml tests scripts

step "pytest unit tests (no warehouse, fast fail; the suite tests need the parsed DuckDB manifest)"
python -m aihw land > /dev/null  # the raw seeds dbt needs to parse (a fresh clone has none)
dbt parse --target duckdb --target-path target/duckdb --quiet
python -m pytest -q -m unit tests/python

step "main job on DuckDB"
python -m aihw run --target duckdb

step "sqlfluff lint"
sqlfluff lint models macros --processes 2 --disable-progress-bar

step "dbt docs generate + ER diagram freshness"
dbt docs generate --target duckdb --target-path target/duckdb --quiet
python -m aihw.erd --check

step "Great Expectations checkpoints on DuckDB (Data Docs: target/gx_data_docs/duckdb)"
python -m aihw expect --target duckdb

pg_dir="$(mktemp -d /tmp/aihw-pg.XXXXXX)"
trap 'bash scripts/postgres.sh stop "$pg_dir"' EXIT
pg_port="$(python scripts/free_port.py)"
step "PostgreSQL start"
bash scripts/postgres.sh start "$pg_dir" "$pg_port"
source "$pg_dir/credentials.env"  # generated passwords: the owner role and the read-only BI role

step "main job on PostgreSQL"
python -m aihw run --target postgres

step "Great Expectations checkpoints on PostgreSQL (Data Docs: target/gx_data_docs/postgres)"
python -m aihw expect --target postgres

step "pytest pipeline and postgres tests (DuckDB and PostgreSQL)"
AIHW_TEST_POSTGRES=1 AIHW_TEST_REUSE_PUBLISHED=1 python -m pytest -q -m "pipeline or postgres" tests/python

step "all checks passed in $(( $(date +%s) - start ))s"
