#!/usr/bin/env bash
# Installs Debian's chromium and a Chinese font (for the command-centre page's browser test) if they are missing.
# Playwright drives this browser; it never downloads one of its own.
set -euo pipefail
"$(dirname "$0")/install-packages.sh" chromium fonts-wqy-microhei
/usr/bin/chromium --version 2>/dev/null
