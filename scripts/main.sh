#!/usr/bin/env bash
# The main job: environment, landing, dbt build on DuckDB, training, write-back, summary.
# Extra arguments go to `python -m aihw run` (e.g. --target postgres with AIHW_PG_* set).
set -euo pipefail
source "$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)/env.sh"
python -m aihw run "$@"
