#!/usr/bin/env bash
# Runs every test: installs and starts PostgreSQL on 127.0.0.1 (deploy/postgres.sh) for the
# PostgreSQL provider suite, installs chromium for the browser test (deploy/chromium.sh), then the whole solution's
# tests (mosquitto and redis are installed and started by the tests that need them, through deploy/mosquitto.sh and
# deploy/redis.sh). Ends with one line
# "tests: N passed, N failed, N skipped" and exits non-zero if any test failed.
set -euo pipefail
cd "$(dirname "$0")/.."
source deploy/require-dotnet.sh

deploy/postgres.sh
deploy/chromium.sh
log=$(mktemp)
trap 'rm -f "$log"' EXIT

status=0
dotnet test Coordination.sln -c Release --nologo 2>&1 | tee "$log" || status=$?

awk '/^(Passed|Failed)! +- Failed: / {
       gsub(",", ""); failed += $4; passed += $6; skipped += $8; found = 1 }
     END { if (!found) { print "tests: no test results found"; exit 1 }
           printf "tests: %d passed, %d failed, %d skipped\n", passed, failed, skipped }' "$log" || status=1
exit "$status"
