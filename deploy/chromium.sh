#!/usr/bin/env bash
# Installs Debian's chromium and a Chinese font (for the command-centre page's browser test) if they are missing.
# Playwright drives this browser; it never downloads one of its own.
set -euo pipefail
sudo_cmd=()
[ "$(id -u)" -eq 0 ] || sudo_cmd=(sudo)
if [ ! -x /usr/bin/chromium ] || ! fc-list 2>/dev/null | grep -qi "WenQuanYi"; then
  echo "deploy/chromium.sh: installing chromium and fonts-wqy-microhei"
  "${sudo_cmd[@]}" apt-get update -qq
  DEBIAN_FRONTEND=noninteractive "${sudo_cmd[@]}" apt-get install -y -qq chromium fonts-wqy-microhei >/dev/null
fi
/usr/bin/chromium --version 2>/dev/null
