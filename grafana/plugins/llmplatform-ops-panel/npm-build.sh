#!/usr/bin/env bash
# The panel's npm steps for Maven (pom.xml beside this file): install (npm ci), build (the plugin into dist/ and the
# end-to-end test's harness page into harness-dist/), test (Jest). Skipped, saying why, when node or npm is absent.
set -euo pipefail
cd "$(dirname "$0")"
step=${1:?usage: npm-build.sh install|build|test}
if ! command -v node >/dev/null 2>&1 || ! command -v npm >/dev/null 2>&1; then
  echo "SKIPPED: llmplatform-ops-panel ($step): node and npm are not on the PATH; the panel's unit tests and build need Node 20 or later"
  exit 0
fi
case "$step" in
  install)
    # npm ci starts from nothing each time; skip it when node_modules already matches package-lock.json.
    if [ -f node_modules/.package-lock.json ] && [ node_modules/.package-lock.json -nt package-lock.json ]; then
      echo "llmplatform-ops-panel: node_modules matches package-lock.json, npm ci not needed"
    else
      npm ci --no-audit --no-fund
    fi
    ;;
  build)
    npm run build
    npm run build:harness
    ;;
  test)
    npm test
    ;;
  *)
    echo "unknown step $step" >&2
    exit 2
    ;;
esac
