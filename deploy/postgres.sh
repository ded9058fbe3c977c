#!/usr/bin/env bash
# Installs PostgreSQL from Debian's packages if missing, starts it on 127.0.0.1:5432, creates
# the role and databases Coordination uses and applies the schema scripts of deploy/sql/postgres
# to each, in the order of their names: the schema versions (00), Orleans' ADO.NET statement table,
# grain storage and reminders (01-03), our group-committing grain storage's table (04) and our log
# storage's append-only logs (05). Safe to run again: every step checks first, and the scripts are
# idempotent. The node's own verb does the same for any database:
# Coordination.Silo apply-schema --Storage:PostgresConnectionString=...
#   COORDINATION_PG_PASSWORD  password of the 'coordination' role (default: coordination)
set -euo pipefail

password="${COORDINATION_PG_PASSWORD:-coordination}"
sudo_cmd=()
[ "$(id -u)" -eq 0 ] || sudo_cmd=(sudo)
as_postgres() { if [ "$(id -u)" -eq 0 ]; then runuser -u postgres -- "$@"; else sudo -u postgres "$@"; fi; }

"$(dirname "$0")/install-packages.sh" postgresql

version=$(ls /usr/lib/postgresql | sort -V | tail -n 1)
if ! pg_lsclusters -h | awk '{print $1"/"$2}' | grep -qx "$version/main"; then
  "${sudo_cmd[@]}" pg_createcluster "$version" main >/dev/null
fi

conf="/etc/postgresql/$version/main/conf.d/coordination.conf"
if [ ! -f "$conf" ]; then
  # Loopback only; enough connections for tests and benchmarks running side by side.
  printf "listen_addresses = '127.0.0.1'\nmax_connections = 200\n" | "${sudo_cmd[@]}" tee "$conf" >/dev/null
fi

if ! pg_lsclusters -h | awk -v v="$version" '$1==v && $2=="main" {print $4}' | grep -q online; then
  "${sudo_cmd[@]}" pg_ctlcluster "$version" main start
fi

wait_ready() {
  for _ in $(seq 1 50); do
    as_postgres psql -qtAc "SELECT 1" >/dev/null 2>&1 && return
    sleep 0.2
  done
}
wait_ready

psql_admin() { as_postgres psql -v ON_ERROR_STOP=1 -qtAc "$1"; }

# A server Debian's package started before our settings existed is still on its own; restart it onto them.
if [ "$(psql_admin "SHOW max_connections")" != "200" ]; then
  "${sudo_cmd[@]}" pg_ctlcluster "$version" main restart
  wait_ready
fi
if [ "$(psql_admin "SELECT 1 FROM pg_roles WHERE rolname='coordination'")" != "1" ]; then
  psql_admin "CREATE ROLE coordination LOGIN PASSWORD '$password'"
fi
for db in coordination coordination_test; do
  if [ "$(psql_admin "SELECT 1 FROM pg_database WHERE datname='$db'")" != "1" ]; then
    psql_admin "CREATE DATABASE $db OWNER coordination"
  fi
done

# As the owning role over TCP, so that the tables belong to 'coordination'.
scripts_dir="$(cd "$(dirname "$0")" && pwd)/sql/postgres"
for db in coordination coordination_test; do
  for script in "$scripts_dir"/*.sql; do
    PGPASSWORD="$password" PGOPTIONS="-c client_min_messages=warning" psql -v ON_ERROR_STOP=1 -qtA -h 127.0.0.1 -U coordination -d "$db" -f "$script" >/dev/null
  done
done

echo "deploy/postgres.sh: PostgreSQL $version ready on 127.0.0.1:5432 (databases coordination, coordination_test; schema from deploy/sql/postgres: $(cd "$scripts_dir" && echo *.sql))"
