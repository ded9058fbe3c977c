#!/usr/bin/env bash
# The main job: builds and runs one Coordination node on its embedded SQLite default
# (data in ./data/coordination.db), listening on http://127.0.0.1:5080. Stop it with Ctrl+C;
# it shuts down gracefully. Extra arguments go to the node, e.g. --urls=http://127.0.0.1:6080
set -euo pipefail
cd "$(dirname "$0")/.."
source deploy/require-dotnet.sh

dotnet build src/Silo -c Release -v quiet -nologo
echo "Coordination node starting on http://127.0.0.1:5080 (health: curl http://127.0.0.1:5080/health)"
exec dotnet src/Silo/bin/Release/net10.0/Coordination.Silo.dll "$@"
