#!/usr/bin/env bash
# A release's bulk file against a static file of the same size from the same server, side by side in one run. Against a
# running API whose content root is src/Regsosek.Api (scripts/run.sh, or dotnet run --project src/Regsosek.Api):
#   bench/files.sh http://127.0.0.1:8080 RELEASE [SECONDS] [CONNECTIONS]
# The export's bytes are copied to wwwroot/explorer/ (served by the framework's static files), so both answers are the
# same bytes; wrk alternates export, static, export, ... 3 times each and the medians are compared (target >= 0.8x).
# Needs wrk (apt-get install -y wrk).
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"
api=${1:?usage: bench/files.sh API_URL RELEASE [SECONDS] [CONNECTIONS]}
release=${2:?usage: bench/files.sh API_URL RELEASE [SECONDS] [CONNECTIONS]}
seconds=${3:-10}
connections=${4:-4}
command -v wrk >/dev/null || { echo "files: wrk not found; apt-get install -y wrk" >&2; exit 1; }
export_url="$api/api/v1/releases/$release/exports/tiers.csv"
static_name="bench-static-$$.csv"
static_file="src/Regsosek.Api/wwwroot/explorer/$static_name"
static_url="$api/explorer/$static_name"
trap 'rm -f "$static_file"' EXIT
curl -sf -o "$static_file" "$export_url" || { echo "files: $export_url does not answer" >&2; exit 1; }
size=$(stat -c %s "$static_file")
[ "$(curl -s "$static_url" | wc -c)" = "$size" ] || { echo "files: $static_url does not serve the copy (is the API's content root src/Regsosek.Api?)" >&2; exit 1; }
echo "files: load average before: $(cut -d' ' -f1-3 /proc/loadavg); $(nproc) CPUs; file $size bytes; $connections connections, ${seconds}s per run"

rate() { # URL: requests/s
  wrk -t1 -c"$connections" -d"${seconds}s" "$1" | awk '/Requests\/sec/ { print $2 }'
}
wrk -t1 -c"$connections" -d2s "$export_url" >/dev/null; wrk -t1 -c"$connections" -d2s "$static_url" >/dev/null # warm-up
exports=(); statics=()
for run in 1 2 3; do
  exports+=("$(rate "$export_url")"); statics+=("$(rate "$static_url")")
  echo "files: run $run: export ${exports[-1]} req/s, static ${statics[-1]} req/s"
done
e=$(printf '%s\n' "${exports[@]}" | median); s=$(printf '%s\n' "${statics[@]}" | median)
awk -v e="$e" -v s="$s" -v size="$size" 'BEGIN {
  printf "files: export %.1f req/s (%.0f MB/s), static %.1f req/s (%.0f MB/s): %.2fx (target >= 0.80x) %s\n",
    e, e * size / 1e6, s, s * size / 1e6, e / s, (e / s >= 0.8 ? "PASS" : "FAIL") }'
echo "files: load average after: $(cut -d' ' -f1-3 /proc/loadavg)"
