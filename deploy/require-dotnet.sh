#!/usr/bin/env bash
# Sourced by the other scripts: stops with a clear message if the .NET 10 SDK is missing.
if ! command -v dotnet >/dev/null 2>&1 || ! dotnet --list-sdks 2>/dev/null | grep -q '^10\.'; then
  echo "Coordination needs the .NET 10 SDK on PATH (dotnet --list-sdks shows none). Install it, then run this again." >&2
  exit 1
fi
export DOTNET_CLI_TELEMETRY_OPTOUT=1 DOTNET_NOLOGO=1 DOTNET_SKIP_FIRST_TIME_EXPERIENCE=1
