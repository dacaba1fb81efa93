#!/usr/bin/env bash
# Create (or refresh) the project's virtual environment from requirements.txt. Sourced by main.sh/check.sh.
# The venv is rebuilt only when requirements.txt changes (a hash stamp inside .venv).
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
venv="$root/.venv"
stamp="$venv/.requirements.sha256"
want="$(sha256sum "$root/requirements.txt" | cut -d' ' -f1)"
if [ ! -x "$venv/bin/python" ] || [ "$(cat "$stamp" 2>/dev/null)" != "$want" ]; then
  echo "[aihw] creating virtual environment in .venv (pinned requirements.txt) ..."
  python3 -m venv "$venv"
  "$venv/bin/python" -m pip install --quiet --disable-pip-version-check --upgrade pip 2>&1 | grep -v "is ignored" || true
  # pip byte-compiles on one core (~25 s): installed without it, then compiled on every core (compileall below;
  # leaving it to the first imports cost more: the check's two lanes compiled the same modules at once)
  # pip's own exit status decides (its output is shown without the machine's "location is ignored" notices)
  pip_status=0
  "$venv/bin/python" -m pip install --quiet --disable-pip-version-check --no-compile -r "$root/requirements.txt" \
    > "$venv/pip-install.log" 2>&1 || pip_status=$?
  grep -v "is ignored" "$venv/pip-install.log" || true
  [ "$pip_status" -eq 0 ] || { echo "[aihw] dependency install failed (pip exit $pip_status)" >&2; exit 1; }
  # (the packages' own test suites, a quarter of the files, are never imported here: not compiled)
  "$venv/bin/python" -m compileall -q -j 0 -x '/tests?/' "$venv/lib" > /dev/null || true
  echo "$want" > "$stamp"
fi
export PATH="$venv/bin:$PATH"
export DBT_PROFILES_DIR="$root"
export DBT_PROJECT_DIR="$root"
export DBT_SEND_ANONYMOUS_USAGE_STATS=false
export GX_ANALYTICS_ENABLED=false
export MPLBACKEND=Agg
export PYTHONPATH="$root${PYTHONPATH:+:$PYTHONPATH}"
cd "$root"
