#!/usr/bin/env bash
# Installs mosquitto from Debian's packages if missing and starts (or reloads) Coordination's broker on 127.0.0.1.
#   deploy/mosquitto.sh [--dir DIR] [--port PORT]     defaults: data/mosquitto, 1883
# DIR gets mosquitto.conf (from deploy/mosquitto/), the ACL, the password file, persistence (data/), the log, and
# credentials/<user>: generated passwords of the 'bridge' and 'simulator' users, read by the node and the simulator.
# Add a device: mosquitto_passwd -b DIR/passwd <device-id> <password>, then run this script again (it reloads).
# Safe to run again: it keeps passwords and persisted sessions.
set -euo pipefail
root="$(cd "$(dirname "$0")/.." && pwd)"
dir="$root/data/mosquitto"
port=1883
while [ $# -gt 0 ]; do
  case "$1" in
    --dir) dir="$2"; shift 2 ;;
    --port) port="$2"; shift 2 ;;
    *) echo "deploy/mosquitto.sh: unknown argument '$1' (use --dir DIR --port PORT)" >&2; exit 2 ;;
  esac
done

"$(dirname "$0")/install-packages.sh" mosquitto mosquitto-clients
mosquitto_bin=$(command -v mosquitto || echo /usr/sbin/mosquitto)

mkdir -p "$dir/data" "$dir/credentials"
dir="$(cd "$dir" && pwd)"
sed -e "s|@DIR@|$dir|g" -e "s|@PORT@|$port|g" "$root/deploy/mosquitto/mosquitto.conf.template" > "$dir/mosquitto.conf"
cp "$root/deploy/mosquitto/acl" "$dir/acl"
[ -f "$dir/passwd" ] || : > "$dir/passwd"
for user in bridge simulator; do
  if [ ! -s "$dir/credentials/$user" ]; then
    (umask 077; head -c 18 /dev/urandom | base64 | tr -d '/+=' > "$dir/credentials/$user")
  fi
  mosquitto_passwd -b "$dir/passwd" "$user" "$(cat "$dir/credentials/$user")"
done
chmod 600 "$dir/passwd" "$dir/acl"
if [ "$(id -u)" -eq 0 ]; then
  # Started as root, mosquitto drops to the 'mosquitto' user: it must own its files.
  chown -R mosquitto: "$dir/data" "$dir/passwd" "$dir/acl"
  touch "$dir/mosquitto.log" && chown mosquitto: "$dir/mosquitto.log"
  chown mosquitto: "$dir"
fi

if [ -f "$dir/mosquitto.pid" ] && kill -0 "$(cat "$dir/mosquitto.pid")" 2>/dev/null; then
  kill -HUP "$(cat "$dir/mosquitto.pid")"   # reloads passwords and the ACL
else
  "$mosquitto_bin" -c "$dir/mosquitto.conf" -d
fi

for _ in $(seq 1 50); do
  if (exec 3<>"/dev/tcp/127.0.0.1/$port") 2>/dev/null; then
    echo "deploy/mosquitto.sh: mosquitto ready on 127.0.0.1:$port (config and credentials in $dir)"
    exit 0
  fi
  sleep 0.1
done
echo "deploy/mosquitto.sh: mosquitto did not start on 127.0.0.1:$port; see $dir/mosquitto.log" >&2
exit 1
