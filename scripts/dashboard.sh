#!/usr/bin/env bash
# Serve the Streamlit dashboard (dashboard/app.py) on 127.0.0.1 until Ctrl-C; needs a built warehouse (main job).
#   bash scripts/dashboard.sh                      # DuckDB warehouse/aihw.duckdb, read-only, port 8501
#   bash scripts/dashboard.sh --target postgres    # PostgreSQL as the read-only BI role (AIHW_PG_BI_ROLE)
#   bash scripts/dashboard.sh --check              # headless Chromium screenshot, fails unless charts show data
# Other options: --port N, --out DIR (see python -m aihw.dashboard --help).
set -euo pipefail
source "$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)/env.sh"
python -m aihw.dashboard "$@"
