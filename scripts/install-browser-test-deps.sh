#!/usr/bin/env bash
# The browser test's tools: Debian's Chromium (Playwright drives it; it never
# downloads a browser of its own) and axe-core from the npm registry, kept in
# the git-ignored .cache/axe.  Run by .ci/run before the tests; safe to re-run.
set -euo pipefail
cd "$(dirname "$0")/.."
if ! command -v chromium >/dev/null 2>&1; then
  if [ "$(id -u)" -eq 0 ]; then apt=(apt-get); else apt=(sudo apt-get); fi
  "${apt[@]}" update
  DEBIAN_FRONTEND=noninteractive "${apt[@]}" install -y --no-install-recommends chromium
fi
if [ ! -f .cache/axe/node_modules/axe-core/axe.min.js ]; then
  mkdir -p .cache/axe
  npm install --prefix .cache/axe --no-audit --no-fund --no-save axe-core@4
fi
