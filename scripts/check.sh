#!/usr/bin/env bash
# Every check, on both engines: main job on DuckDB, lint, tests, Great Expectations, docs; then the same
# pipeline, suites and engine tests on a throwaway PostgreSQL (installed from Debian packages if missing,
# started on 127.0.0.1, stopped on exit).
set -euo pipefail
source "$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)/env.sh"
start=$(date +%s)
step() { echo; echo "=== [check] $* ($(( $(date +%s) - start ))s)"; }

step "ruff (Python lint)"
ruff check aihw python_ml tests scripts

step "pytest unit tests (no warehouse, fast fail; the suite tests need the parsed DuckDB manifest)"
dbt parse --target duckdb --target-path target/duckdb --quiet
python -m pytest -q -m unit tests/python

step "main job on DuckDB"
python -m aihw run --target duckdb

step "sqlfluff lint"
sqlfluff lint models macros --processes 2 --disable-progress-bar

step "dbt docs generate + ER diagram freshness"
dbt docs generate --target duckdb --target-path target/duckdb --quiet
python -m aihw.erd --check

step "Great Expectations on DuckDB"
python -m aihw expect --target duckdb

pg_dir="$(mktemp -d /tmp/aihw-pg.XXXXXX)"
trap 'bash scripts/postgres.sh stop "$pg_dir"' EXIT
export AIHW_PG_HOST=127.0.0.1 AIHW_PG_PORT="$(python scripts/free_port.py)" AIHW_PG_USER=aihw AIHW_PG_PASSWORD=aihw AIHW_PG_DATABASE=aihw
step "PostgreSQL start"
bash scripts/postgres.sh start "$pg_dir" "$AIHW_PG_PORT"

step "main job on PostgreSQL"
python -m aihw run --target postgres

step "Great Expectations on PostgreSQL"
python -m aihw expect --target postgres

step "pytest pipeline and postgres tests (DuckDB and PostgreSQL)"
AIHW_TEST_POSTGRES=1 AIHW_TEST_REUSE_PUBLISHED=1 python -m pytest -q -m "pipeline or postgres" tests/python

step "all checks passed in $(( $(date +%s) - start ))s"
