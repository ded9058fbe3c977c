#!/usr/bin/env bash
# Runs an Orleans cluster of N nodes (default 3) on this machine behind nginx, used exactly like one node:
#   deploy/run-cluster.sh [N] [--port PORT] [node settings ...]     e.g. deploy/run-cluster.sh 3 --Orleans:ReminderPeriod=00:00:10
# Starts Redis (membership, deploy/redis.sh), PostgreSQL with the schema (deploy/postgres.sh) and mosquitto
# (deploy/mosquitto.sh) unless they already run, builds src/Silo once, and starts node K (1..N) on 127.0.0.1 with HTTP
# port PORT+K, silo port 11110+K and gateway port 30000+K, its working folder data/cluster/node-K (log: node.log there).
# The nodes share one signing key (data/cluster/signing.key), the password file, the attachments folder, the database
# and every other setting; nginx (deploy/nginx.sh, data/cluster/nginx) listens on 127.0.0.1:PORT (default 5080) in front.
# Ctrl+C or SIGTERM stops the nodes gracefully, then nginx, then whichever of Redis, PostgreSQL and mosquitto it started.
# Every node runs the device bridge on the one mosquitto: 2 x N bridge slots (DeviceBridge:Slots), leased to the live
# nodes, so that a node's share of the device sessions moves to the others when it stops or dies.
set -euo pipefail
root="$(cd "$(dirname "$0")/.." && pwd)"
cd "$root"
source deploy/require-dotnet.sh

count=3
if [[ "${1:-}" =~ ^[0-9]+$ ]]; then count=$1; shift; fi
port=5080
if [ "${1:-}" = "--port" ]; then port=$2; shift 2; fi
if [ "$count" -lt 1 ]; then echo "deploy/run-cluster.sh: N must be at least 1" >&2; exit 2; fi
pg="Host=127.0.0.1;Username=coordination;Password=${COORDINATION_PG_PASSWORD:-coordination};Database=coordination"
cluster="$root/data/cluster"
mkdir -p "$cluster"

running() { [ -f "$1" ] && kill -0 "$(cat "$1")" 2>/dev/null; }
pg_online() { pg_lsclusters -h 2>/dev/null | awk '$4 == "online"' | grep -q .; }
started_redis=0; started_mosquitto=0; started_postgres=0
running data/redis/redis.pid || started_redis=1
running data/mosquitto/mosquitto.pid || started_mosquitto=1
pg_online || started_postgres=1
nodes=()

stop_all() {
  trap - EXIT INT TERM
  echo "deploy/run-cluster.sh: stopping"
  for pid in "${nodes[@]}"; do kill -TERM "$pid" 2>/dev/null || true; done
  for pid in "${nodes[@]}"; do wait "$pid" 2>/dev/null || true; done
  if running "$cluster/nginx/nginx.pid"; then kill -TERM "$(cat "$cluster/nginx/nginx.pid")"; fi
  if [ "$started_mosquitto" = 1 ] && running data/mosquitto/mosquitto.pid; then kill -TERM "$(cat data/mosquitto/mosquitto.pid)"; fi
  if [ "$started_redis" = 1 ] && running data/redis/redis.pid; then kill -TERM "$(cat data/redis/redis.pid)"; fi
  if [ "$started_postgres" = 1 ]; then
    version=$(ls /usr/lib/postgresql | sort -V | tail -n 1)
    if [ "$(id -u)" -eq 0 ]; then pg_ctlcluster "$version" main stop; else sudo pg_ctlcluster "$version" main stop; fi
  fi
}
trap stop_all EXIT
trap 'exit 130' INT
trap 'exit 143' TERM

deploy/redis.sh
deploy/postgres.sh
deploy/mosquitto.sh
dotnet build src/Silo -c Release -v quiet -nologo
silo="$root/src/Silo/bin/Release/net10.0/Coordination.Silo.dll"

if [ ! -s "$cluster/signing.key" ]; then
  (umask 077; head -c 48 /dev/urandom | base64 | tr -d '/+=\n' > "$cluster/signing.key")
fi
shared=(--Cluster:Mode=Redis "--Cluster:RedisPasswordFile=$root/data/redis/password" "--Storage:PostgresConnectionString=$pg"
  "--Auth:SigningKeyFile=$cluster/signing.key" "--Auth:PasswordsFile=$cluster/passwords.json" "--Attachments:Directory=$cluster/attachments"
  "--DeviceBridge:PasswordFile=$root/data/mosquitto/credentials/bridge" "--DeviceBridge:Slots=$((2 * count))")

upstreams=()
for k in $(seq 1 "$count"); do
  folder="$cluster/node-$k"
  mkdir -p "$folder"
  (cd "$folder" && exec dotnet "$silo" "--urls=http://127.0.0.1:$((port + k))" "--Orleans:SiloPort=$((11110 + k))" "--Orleans:GatewayPort=$((30000 + k))" \
    "${shared[@]}" "$@" >"$folder/node.log" 2>&1) &
  nodes+=($!)
  upstreams+=(--node "127.0.0.1:$((port + k))")
done
deploy/nginx.sh --dir "$cluster/nginx" --port "$port" "${upstreams[@]}"

echo "deploy/run-cluster.sh: waiting for $count nodes to see $count active silos"
for _ in $(seq 1 240); do
  ready=0
  for k in $(seq 1 "$count"); do
    if curl -s --max-time 2 "http://127.0.0.1:$((port + k))/health" | grep -q "\"activeSilos\":$count[,}]"; then ready=$((ready + 1)); fi
  done
  [ "$ready" = "$count" ] && break
  for k in $(seq 1 "$count"); do
    if ! kill -0 "${nodes[$((k - 1))]}" 2>/dev/null; then
      echo "deploy/run-cluster.sh: node $k stopped:" >&2; tail -n 5 "$cluster/node-$k/node.log" >&2; exit 1
    fi
  done
  sleep 0.5
done
if [ "$ready" != "$count" ]; then echo "deploy/run-cluster.sh: after 120 s only $ready of $count nodes see the whole cluster; logs in $cluster/node-*/node.log" >&2; exit 1; fi

echo
echo "Coordination cluster of $count nodes, used like one node at http://127.0.0.1:$port (nginx; config and logs in $cluster/nginx)"
for k in $(seq 1 "$count"); do
  echo "  node $k: http://127.0.0.1:$((port + k))  silo 127.0.0.1:$((11110 + k))  gateway 127.0.0.1:$((30000 + k))  folder $cluster/node-$k (node.log)"
done
echo "  membership: Redis 127.0.0.1:6379 (data/redis); storage: PostgreSQL 127.0.0.1:5432/coordination; broker: mosquitto 127.0.0.1:1883"
echo "  health:  curl -s http://127.0.0.1:$port/health      (silo.node says which node answered)"
echo "  a token: dotnet $silo token judge-wang --Auth:SigningKeyFile=$cluster/signing.key"
echo "  sign-in password for the command centre: dotnet $silo set-password centre-chen --Auth:PasswordsFile=$cluster/passwords.json"
echo "Ctrl+C stops everything this script started."
wait "${nodes[@]}"
