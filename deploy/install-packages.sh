#!/usr/bin/env bash
# Installs those of the named Debian packages that are not installed yet:  deploy/install-packages.sh PACKAGE...
# One install at a time: the tests start brokers and servers from two lanes at once, and apt refuses a second
# installer, so a caller waits for the others, then installs only what is still missing.
set -euo pipefail
missing() {
  for package in "$@"; do
    dpkg-query -W -f='${Status}' "$package" 2>/dev/null | grep -q "install ok installed" || echo "$package"
  done
}
[ -n "$(missing "$@")" ] || exit 0

sudo_cmd=()
[ "$(id -u)" -eq 0 ] || sudo_cmd=(sudo)
exec 9>>"${TMPDIR:-/tmp}/coordination-install-packages.lock"
flock 9
mapfile -t wanted < <(missing "$@")
[ "${#wanted[@]}" -gt 0 ] || exit 0
echo "deploy/install-packages.sh: installing ${wanted[*]}"
# Waits for any other apt user too (unattended upgrades) rather than failing on its lock.
"${sudo_cmd[@]}" apt-get -o DPkg::Lock::Timeout=300 update -qq
DEBIAN_FRONTEND=noninteractive "${sudo_cmd[@]}" apt-get -o DPkg::Lock::Timeout=300 install -y -qq "${wanted[@]}" >/dev/null
