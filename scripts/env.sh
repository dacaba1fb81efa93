#!/usr/bin/env bash
# Create (or refresh) the project's virtual environment from requirements.txt. Sourced by main.sh/check.sh.
# The venv is rebuilt only when requirements.txt changes (a hash stamp inside .venv).
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
venv="$root/.venv"
stamp="$venv/.requirements.sha256"
UV_VERSION=0.13.9  # the installer (https://docs.astral.sh/uv/), pinned like everything it installs
want="$(sha256sum "$root/requirements.txt" | cut -d' ' -f1)"
if [ ! -x "$venv/bin/python" ] || [ "$(cat "$stamp" 2>/dev/null)" != "$want" ]; then
  echo "[aihw] creating virtual environment in .venv (pinned requirements.txt) ..."
  python3 -m venv "$venv"
  # uv installs the pinned requirements: it downloads, unpacks and byte-compiles on every core (~12 s here, where
  # pip took ~26 s: one core, then a compileall). The bytecode is written now because this machine's Python writes
  # none on import (PYTHONDONTWRITEBYTECODE): without it every process would compile what it imports again.
  # Each installer's own exit status decides; their output is in the log (pip's "location is ignored" notices
  # about the machine's pip configuration left out).
  install_log="$venv/install.log"
  install_status=0
  { "$venv/bin/python" -m pip install --quiet --disable-pip-version-check "uv==$UV_VERSION" &&
    "$venv/bin/uv" pip install --quiet --python "$venv/bin/python" --compile-bytecode --link-mode copy \
      -r "$root/requirements.txt"; } > "$install_log" 2>&1 || install_status=$?
  grep -v "is ignored" "$install_log" || true
  [ "$install_status" -eq 0 ] || { echo "[aihw] dependency install failed (exit $install_status; log: $install_log)" >&2; exit 1; }
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
