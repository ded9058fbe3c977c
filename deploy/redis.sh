#!/usr/bin/env bash
# Installs redis-server from Debian's packages if missing and starts Coordination's Redis (the cluster's membership
# table) on 127.0.0.1, with a password and AOF persistence.
#   deploy/redis.sh [--dir DIR] [--port PORT]     defaults: data/redis, 6379
# DIR gets redis.conf, the generated password (DIR/password, read by the nodes: Cluster:RedisPasswordFile), the append-only
# file and the log. Safe to run again: it keeps the password and the data, and leaves a running Redis as it is.
set -euo pipefail
root="$(cd "$(dirname "$0")/.." && pwd)"
dir="$root/data/redis"
port=6379
while [ $# -gt 0 ]; do
  case "$1" in
    --dir) dir="$2"; shift 2 ;;
    --port) port="$2"; shift 2 ;;
    *) echo "deploy/redis.sh: unknown argument '$1' (use --dir DIR --port PORT)" >&2; exit 2 ;;
  esac
done

"$(dirname "$0")/install-packages.sh" redis-server redis-tools

mkdir -p "$dir/data"
dir="$(cd "$dir" && pwd)"
if [ ! -s "$dir/password" ]; then
  (umask 077; head -c 24 /dev/urandom | base64 | tr -d '/+=' > "$dir/password")
fi
(umask 077; cat > "$dir/redis.conf" <<CONF
# Coordination's Redis, written by deploy/redis.sh: loopback only, a password, every write in the append-only file.
bind 127.0.0.1
port $port
protected-mode yes
requirepass $(cat "$dir/password")
daemonize yes
pidfile $dir/redis.pid
logfile $dir/redis.log
dir $dir/data
appendonly yes
appendfsync everysec
save ""
CONF
)

if [ -f "$dir/redis.pid" ] && kill -0 "$(cat "$dir/redis.pid")" 2>/dev/null; then
  :
else
  redis-server "$dir/redis.conf"
fi

for _ in $(seq 1 50); do
  if REDISCLI_AUTH="$(cat "$dir/password")" redis-cli -h 127.0.0.1 -p "$port" ping 2>/dev/null | grep -q PONG; then
    echo "deploy/redis.sh: redis ready on 127.0.0.1:$port (config and password in $dir)"
    exit 0
  fi
  sleep 0.1
done
echo "deploy/redis.sh: redis did not start on 127.0.0.1:$port; see $dir/redis.log" >&2
exit 1
