#!/usr/bin/env bash
# Refreshes the pages' third-party files under src/Gateway/wwwroot/ui/vendor from the npm registry, at the versions
# below. They are committed, so that the node serves them with nothing fetched at build or run time; run this only to
# change a version, then commit what changed.
set -euo pipefail
cd "$(dirname "$0")/.."
leaflet=1.9.4
chartjs=4.6.1
vendor=src/Gateway/wwwroot/ui/vendor
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
(cd "$work" && npm pack --silent "leaflet@$leaflet" "chart.js@$chartjs" >/dev/null)
mkdir -p "$work/leaflet" "$work/chart.js"
tar xzf "$work/leaflet-$leaflet.tgz" -C "$work/leaflet"
tar xzf "$work/chart.js-$chartjs.tgz" -C "$work/chart.js"
rm -rf "$vendor/leaflet" "$vendor/chart.js"
mkdir -p "$vendor/leaflet/images" "$vendor/chart.js"
cp "$work/leaflet/package/dist/leaflet.js" "$work/leaflet/package/dist/leaflet.css" "$work/leaflet/package/LICENSE" "$vendor/leaflet/"
cp "$work/leaflet/package/dist/images/"* "$vendor/leaflet/images/"
cp "$work/chart.js/package/dist/chart.umd.min.js" "$work/chart.js/package/LICENSE.md" "$vendor/chart.js/"
echo "vendor.sh: leaflet $leaflet and chart.js $chartjs in $vendor"
