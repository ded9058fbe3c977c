#!/usr/bin/env bash
# The main job: starts mosquitto on 127.0.0.1:1883 (deploy/mosquitto.sh), builds and runs one Coordination node on its
# embedded SQLite default (./data/coordination.db) at http://127.0.0.1:5080 with its device bridge, and a device
# simulator moving the sample field teams (COORDINATION_SIMULATE=0 leaves it out). On the first run it sets a random
# password for the command-centre user centre-chen (kept in data/command-centre.password). Ctrl+C stops both; the node
# shuts down gracefully. Extra arguments go to the node, e.g. --urls=http://127.0.0.1:6080
set -euo pipefail
cd "$(dirname "$0")/.."
source deploy/require-dotnet.sh

deploy/mosquitto.sh
dotnet build src/Silo -c Release -v quiet -nologo
silo=src/Silo/bin/Release/net10.0/Coordination.Silo.dll

password_file=data/command-centre.password
if [ ! -s "$password_file" ]; then
  (umask 077; head -c 18 /dev/urandom | base64 | tr -d '/+=' > "$password_file")
  dotnet "$silo" set-password centre-chen < "$password_file"
fi

simulator=""
if [ "${COORDINATION_SIMULATE:-1}" != "0" ]; then
  (sleep 5; exec dotnet "$silo" simulate --rate 20) &
  simulator=$!
  trap '[ -n "$simulator" ] && kill "$simulator" 2>/dev/null || true' EXIT
fi

echo "Coordination node starting on http://127.0.0.1:5080 (health: curl http://127.0.0.1:5080/health)"
echo "Pages: open http://127.0.0.1:5080/ and sign in (the command centre as centre-chen, with the password in $password_file)"
echo "Live positions: curl -N http://127.0.0.1:5080/streams/courts/SH01/positions -H \"Authorization: Bearer \$(dotnet $silo token chief-zhao)\""
dotnet "$silo" "$@"
