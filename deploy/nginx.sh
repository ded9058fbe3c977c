#!/usr/bin/env bash
# Installs nginx from Debian's packages if missing and starts (or reloads) Coordination's nginx in front of a cluster's
# nodes, on 127.0.0.1: round robin, server-sent events unbuffered, idempotent requests retried on the next node.
#   deploy/nginx.sh [--dir DIR] [--port PORT] --node HOST:PORT [--node HOST:PORT ...]     defaults: data/nginx, 5080
# DIR gets nginx.conf (from deploy/nginx/nginx.conf.template), nginx.pid, access.log, error.log and tmp/. nginx runs as
# the current user with its own prefix; run the script again with other nodes to reload it. Stop it with
# kill "$(cat DIR/nginx.pid)".
set -euo pipefail
root="$(cd "$(dirname "$0")/.." && pwd)"
dir="$root/data/nginx"
port=5080
nodes=()
while [ $# -gt 0 ]; do
  case "$1" in
    --dir) dir="$2"; shift 2 ;;
    --port) port="$2"; shift 2 ;;
    --node) nodes+=("$2"); shift 2 ;;
    *) echo "deploy/nginx.sh: unknown argument '$1' (use --dir DIR --port PORT --node HOST:PORT ...)" >&2; exit 2 ;;
  esac
done
if [ ${#nodes[@]} -eq 0 ]; then
  echo "deploy/nginx.sh: name at least one node with --node HOST:PORT" >&2
  exit 2
fi

"$(dirname "$0")/install-packages.sh" nginx
nginx_bin=$(command -v nginx || echo /usr/sbin/nginx)

mkdir -p "$dir/tmp"
dir="$(cd "$dir" && pwd)"
servers=""
for node in "${nodes[@]}"; do
  servers+="        server $node max_fails=0;"$'\n'
done
user=""
if [ "$(id -u)" -eq 0 ]; then
  # Started as root, the workers drop to nobody: they must be able to write their temporary files.
  user="user nobody nogroup;"
  chown -R nobody:nogroup "$dir/tmp"
fi
template="$root/deploy/nginx/nginx.conf.template"
awk -v dir="$dir" -v port="$port" -v servers="${servers%$'\n'}" -v user="$user" '
  /^@SERVERS@$/ { print servers; next }
  /^@USER@$/ { print user; next }
  { gsub("@DIR@", dir); gsub("@PORT@", port); print }' "$template" > "$dir/nginx.conf"
nginx=("$nginx_bin" -p "$dir" -c "$dir/nginx.conf" -e "$dir/error.log")
if ! check=$("${nginx[@]}" -t -q 2>&1); then
  echo "deploy/nginx.sh: nginx refused $dir/nginx.conf: $check" >&2
  exit 1
fi

if [ -f "$dir/nginx.pid" ] && kill -0 "$(cat "$dir/nginx.pid")" 2>/dev/null; then
  kill -HUP "$(cat "$dir/nginx.pid")"   # reloads the configuration (other nodes)
else
  "${nginx[@]}"
fi

for _ in $(seq 1 50); do
  if (exec 3<>"/dev/tcp/127.0.0.1/$port") 2>/dev/null; then
    echo "deploy/nginx.sh: nginx ready on 127.0.0.1:$port in front of ${nodes[*]} (config and logs in $dir)"
    exit 0
  fi
  sleep 0.1
done
echo "deploy/nginx.sh: nginx did not start on 127.0.0.1:$port; see $dir/error.log" >&2
exit 1
