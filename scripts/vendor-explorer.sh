#!/usr/bin/env bash
# Vendors the explorer page's charting library into src/Regsosek.Api/wwwroot/explorer/vendor.
# The result is committed, so the page works without this script; run it only to change the pinned version
# (edit version and integrity together: `npm view chart.js@VERSION dist.integrity`).
set -euo pipefail
repo=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
version=4.6.1
integrity=sha512-hJyniucsFmq//EvXYvJ6c6mahPoI3kaxdjVH8awTaJ/fDNWeSqqqArixMJWkWNN6fcYvPU3HneSANFNYtRi61g==
target="$repo/src/Regsosek.Api/wwwroot/explorer/vendor"

command -v npm >/dev/null 2>&1 || { echo "npm not found. Fix: apt-get install -y npm" >&2; exit 1; }
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
echo "vendor: npm pack chart.js@$version" >&2
(cd "$work" && npm pack "chart.js@$version" --silent >/dev/null)
tarball="$work/chart.js-$version.tgz"
actual="sha512-$(openssl dgst -sha512 -binary "$tarball" | base64 -w0)"
[ "$actual" = "$integrity" ] || { echo "vendor: chart.js-$version.tgz has integrity $actual, expected $integrity; not vendoring" >&2; exit 1; }
tar -xzf "$tarball" -C "$work" package/dist/chart.umd.min.js package/LICENSE.md
mkdir -p "$target"
cp "$work/package/dist/chart.umd.min.js" "$target/chart.umd.min.js"
cp "$work/package/LICENSE.md" "$target/chart.js.LICENSE.md"
# The map file is left out: the minified file's last line points to it, so drop that line rather than 404 on it.
sed -i '/^\/\/# sourceMappingURL=/d' "$target/chart.umd.min.js"
printf 'chart.js %s (MIT licence, see chart.js.LICENSE.md), dist/chart.umd.min.js from the npm tarball with integrity %s\n' \
  "$version" "$integrity" > "$target/chart.js.VERSION"
echo "vendor: wrote $target/chart.umd.min.js ($(wc -c < "$target/chart.umd.min.js") bytes) and its licence" >&2
