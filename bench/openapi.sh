#!/usr/bin/env bash
# The OpenAPI document under load, and what that load does to the API's latency. Against a running API:
#   bench/openapi.sh http://127.0.0.1:8080 [SECONDS]
# Prints: the document's requests/s with 16 connections; the latency of GET /api/v1/regions/18 (one connection) alone,
# then while 16 connections fetch the document. Needs wrk (apt-get install -y wrk).
set -euo pipefail
api=${1:?usage: bench/openapi.sh API_URL [SECONDS]}
seconds=${2:-15}
document="$api/swagger/v1/swagger.json"
probe="$api/api/v1/regions/18"
command -v wrk >/dev/null || { echo "openapi: wrk not found; apt-get install -y wrk" >&2; exit 1; }
curl -sf -o /dev/null "$document" && curl -sf -o /dev/null "$probe" || { echo "openapi: $api does not answer" >&2; exit 1; }
echo "openapi: load average before: $(cut -d' ' -f1-3 /proc/loadavg); document $(curl -s "$document" | wc -c) bytes"

latency() { # LABEL: p50/p99 of the probe, one connection
  wrk -t1 -c1 -d"${seconds}s" --latency "$probe" | awk -v label="$1" '
    /Requests\/sec/ { rps = $2 } $1 == "50%" { p50 = $2 } $1 == "99%" { p99 = $2 }
    END { printf "openapi: %s: probe p50 %s, p99 %s, %s requests/s\n", label, p50, p99, rps }'
}

latency "API alone"
wrk -t1 -c16 -d"$((seconds + 4))s" "$document" > /tmp/openapi-doc.$$ &
loader=$!
sleep 2
latency "API while 16 connections fetch the document"
wait "$loader"
awk '/Requests\/sec/ { printf "openapi: document: %s requests/s with 16 connections\n", $2 }' /tmp/openapi-doc.$$
rm -f /tmp/openapi-doc.$$
echo "openapi: load average after: $(cut -d' ' -f1-3 /proc/loadavg)"
