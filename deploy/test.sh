#!/usr/bin/env bash
# Runs every test: installs and starts PostgreSQL on 127.0.0.1 (deploy/postgres.sh) for the
# PostgreSQL provider suite, installs chromium for the browser test (deploy/chromium.sh), then the whole solution's
# tests, two projects at a time (mosquitto and redis are installed and started by the tests that need them, through
# deploy/mosquitto.sh and deploy/redis.sh). Ends with one line
# "tests: N passed, N failed, N skipped" and exits non-zero if any test failed.
set -euo pipefail
cd "$(dirname "$0")/.."
source deploy/require-dotnet.sh

deploy/postgres.sh
deploy/chromium.sh
logs=$(mktemp -d)
trap 'rm -rf "$logs"' EXIT

status=0
if ! dotnet build Coordination.sln -c Release --nologo > "$logs/build.txt" 2>&1; then
  cat "$logs/build.txt"
  echo "tests: the build failed"
  exit 1
fi

# Two lanes, each running its projects one after another, balanced by their times here: Silo.Tests (the node
# executables, clusters, rolling restart; about 10 minutes) with the two short ones, and the rest (Gateway.Tests about
# 8, Pages.Tests about 4) beside it. Each project's output is printed whole when it ends.
run() {
  local project=$1
  local code=0
  dotnet test "tests/$project/$project.csproj" -c Release --no-build --nologo > "$logs/$project.log" 2>&1 || code=$?
  cat "$logs/$project.log"
  return "$code"
}
lane() {
  local code=0
  for project in "$@"; do run "$project" || code=1; done
  return "$code"
}
first=(Silo.Tests DeviceBridge.Tests Grains.Tests)
second=()
for csproj in tests/*/*.Tests.csproj; do
  project=$(basename "$csproj" .csproj)
  [[ " ${first[*]} " == *" $project "* ]] || second+=("$project")
done
lane "${first[@]}" & one=$!
lane "${second[@]}" & two=$!
wait "$one" || status=1
wait "$two" || status=1

awk '/^(Passed|Failed)! +- Failed: / {
       gsub(",", ""); failed += $4; passed += $6; skipped += $8; found = 1 }
     END { if (!found) { print "tests: no test results found"; exit 1 }
           printf "tests: %d passed, %d failed, %d skipped\n", passed, failed, skipped }' "$logs"/*.log || status=1
exit "$status"
