#!/usr/bin/env bash
# Headless Chromium for the docs-site, report and dashboard screenshots: prints the browser's path, installing
# Debian's chromium package (apt-get) when no browser is found. `AIHW_CHROMIUM` overrides the path.
set -euo pipefail
find_browser() {
  for candidate in "${AIHW_CHROMIUM:-}" /usr/bin/chromium /usr/bin/chromium-browser; do
    if [ -n "$candidate" ] && [ -x "$candidate" ]; then echo "$candidate"; return 0; fi
  done
  return 1
}
if ! find_browser >/dev/null; then
  echo "[aihw] installing Chromium from Debian packages ..." >&2
  export DEBIAN_FRONTEND=noninteractive
  apt-get update -qq >/dev/null
  apt-get install -y -qq --no-install-recommends chromium fonts-dejavu-core >/dev/null
fi
find_browser
