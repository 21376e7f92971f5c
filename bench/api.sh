#!/usr/bin/env bash
# API benchmarks (issue 5). Every target is a ratio of two endpoints measured side by side in this one run:
# runs alternate A, B, A, B, ... after a warm-up, and each figure is the median of BENCH_REPS runs.
#
#   bench/api.sh                  # prints a markdown table of the results, PASS/FAIL per target
#
# Settings (environment): BENCH_SECONDS (10, per run, under 60: a cached run must outlive no cache entry),
# BENCH_REPS (3), BENCH_WARMUP_SECONDS (10) x BENCH_WARMUP_ROUNDS (3) per endpoint,
# BENCH_CONNECTIONS (32), BENCH_EXPORT_CONNECTIONS (2), BENCH_RELEASE (newest published; none: the synthetic
# Lampung release is generated, imported and published), BENCH_SERVER_CPUS (0), BENCH_LOAD_CPUS (1),
# BENCH_PORT_BASE (18080), BENCH_OUT (also write the table to this file).
# Database: ConnectionStrings__Regsosek and ConnectionStrings__RegsosekAdmin, else the embedded cluster
# (started here and stopped at the end, as scripts/run.sh does).
#
# The servers (API and bench/Baseline) run pinned to BENCH_SERVER_CPUS and the load generator (wrk, one thread)
# to BENCH_LOAD_CPUS, so they do not take each other's core; PostgreSQL is not pinned.
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"

seconds=${BENCH_SECONDS:-10}
reps=${BENCH_REPS:-3}
warmup=${BENCH_WARMUP_SECONDS:-10}
warmup_rounds=${BENCH_WARMUP_ROUNDS:-3}
[ "$seconds" -lt 60 ] || { echo "bench: BENCH_SECONDS must be under 60 (output cache entries live 60 s)" >&2; exit 1; }
connections=${BENCH_CONNECTIONS:-32}
export_connections=${BENCH_EXPORT_CONNECTIONS:-2}
server_cpus=${BENCH_SERVER_CPUS:-0}
load_cpus=${BENCH_LOAD_CPUS:-1}
port_base=${BENCH_PORT_BASE:-18080}

need_load_tools bench BENCH_LOAD_CPUS
[ -x /usr/bin/time ] || { need_tool /usr/bin/time time; }

start_load_bench bench

build_release
dotnet build bench/Baseline -c Release -nologo -v quiet -clp:ErrorsOnly >&2
release=${BENCH_RELEASE:-$(published_release bench-lampung "Synthetic Lampung (benchmarks)")}
echo "bench: release $release; servers on CPU $server_cpus, wrk on CPU $load_cpus; ${reps} x ${seconds} s per figure; logs in $work" >&2

api_dir=src/Regsosek.Api/bin/Release/net10.0
baseline_dir=bench/Baseline/bin/Release/net10.0
# One wrk process is one client address: the per-client limits would answer most of its connections with 429.
unlimited=(RateLimiting__PermitsPerWindow=100000000 ConcurrencyLimits__PerClient=100000)
api_uncached=http://127.0.0.1:$((port_base + 1))
api_cached=http://127.0.0.1:$((port_base + 2))
baseline=http://127.0.0.1:$((port_base + 3))
api_export=http://127.0.0.1:$((port_base + 4))
api_quiet=http://127.0.0.1:$((port_base + 5))
api_database=http://127.0.0.1:$((port_base + 6))
start_server api_uncached $((port_base + 1)) "$api_dir" Regsosek.Api.dll /health/ready OutputCache__Enabled=false "${unlimited[@]}"
start_server api_cached $((port_base + 2)) "$api_dir" Regsosek.Api.dll /health/ready OutputCache__Enabled=true "${unlimited[@]}"
# The same service without its request log (one line per request on stdout), to show what the log costs.
start_server api_quiet $((port_base + 5)) "$api_dir" Regsosek.Api.dll /health/ready OutputCache__Enabled=false "${unlimited[@]}" \
  Logging__LogLevel__Regsosek.Api.Requests=None
# The same service without its in-memory published rows either: a database query on every call.
start_server api_database $((port_base + 6)) "$api_dir" Regsosek.Api.dll /health/ready OutputCache__Enabled=false "${unlimited[@]}" \
  Statistics__RowCacheMegabytes=0
start_server baseline $((port_base + 3)) "$baseline_dir" regsosek-bench-baseline.dll /hello "Baseline__Release=$release"

tier_path="/api/v1/statistics/tiers?region=18.71&release=$release"
children_path="/api/v1/statistics/tiers?parent=18&level=district&release=$release"
export_path="/api/v1/releases/$release/exports/tiers.csv"

expect_status 200 "$api_uncached$tier_path"
expect_status 200 "$baseline/lookup?code=18.71"
expect_status 200 "$baseline/hello"
# Without an Accept header, as wrk sends its requests: the output cache varies by Accept, so an entry made with
# curl's "Accept: */*" would never serve wrk's requests.
etag_of() { curl -s -H 'Accept:' -D - -o /dev/null "$1" | tr -d '\r' | awk 'tolower($1) == "etag:" { print $2 }'; }
# Without the output cache the endpoint itself answers If-None-Match (release from memory, ETag, 304).
etag=$(etag_of "$api_uncached$tier_path")
[ -n "$etag" ] || { echo "bench: no ETag on $api_uncached$tier_path" >&2; exit 1; }
expect_status 304 "$api_uncached$tier_path" -H "If-None-Match: $etag"
# fresh_cached TAG: a URL of the same call whose output cache entry was made just now, so it outlives the run (an
# entry lives 60 s; an expired one would send the rest of a 304 run to the endpoint). The extra parameter is ignored
# by the API and only names the entry. Sets cached_url and cached_etag.
fresh_cached() {
  cached_url="$api_cached$tier_path&bench=$1"
  cached_etag=$(etag_of "$cached_url")
  expect_status 304 "$cached_url" -H 'Accept:' -H "If-None-Match: $cached_etag"
}
expect_status 200 "$api_uncached$children_path"
districts=$(curl -s "$api_uncached$children_path&format=csv" | tail -n +2 | wc -l)

warm() { # url [wrk args]
  taskset -c "$load_cpus" wrk -t1 -c"$connections" -d"${warmup}s" --timeout 60s "${@:2}" "$1" >/dev/null
}
# .NET compiles hot code again, optimised, only after it has run a while and no new code has been compiled for a
# moment; on one core that takes a minute or more of load, so every endpoint is driven in rounds first.
for round in $(seq 1 "$warmup_rounds"); do
  echo "bench: warm-up round $round of $warmup_rounds (${warmup} s per endpoint)" >&2
  warm "$api_uncached$tier_path"
  warm "$api_quiet$tier_path"
  warm "$api_database$tier_path"
  warm "$api_cached/health/live"
  warm "$baseline/lookup?code=18.71"
  fresh_cached "warm$round"
  warm "$cached_url" -H "If-None-Match: $cached_etag"
  warm "$baseline/hello"
  warm "$cached_url"
  warm "$api_uncached$tier_path" -H "If-None-Match: $etag"
  warm "$api_uncached$children_path"
done

echo "bench: throughput, alternating A and B" >&2
for rep in $(seq 1 "$reps"); do
  echo "bench: repetition $rep of $reps" >&2
  wrk_run tier_uncached "$pid_api_uncached" "$api_uncached$tier_path"
  wrk_run lookup "$pid_baseline" "$baseline/lookup?code=18.71"
  wrk_run tier_quiet "$pid_api_quiet" "$api_quiet$tier_path"
  wrk_run tier_database "$pid_api_database" "$api_database$tier_path"
  wrk_run lookup_2 "$pid_baseline" "$baseline/lookup?code=18.71"
  fresh_cached "304-$rep"
  wrk_run tier_304_cached "$pid_api_cached" "$cached_url" -H "If-None-Match: $cached_etag"
  wrk_run hello "$pid_baseline" "$baseline/hello"
  fresh_cached "200-$rep"
  wrk_run tier_200_cached "$pid_api_cached" "$cached_url"
  wrk_run hello_2 "$pid_baseline" "$baseline/hello"
  wrk_run tier_304_endpoint "$pid_api_uncached" "$api_uncached$tier_path" -H "If-None-Match: $etag"
  wrk_run hello_3 "$pid_baseline" "$baseline/hello"
  fresh_cached "live-$rep"
  wrk_run tier_304_cached_2 "$pid_api_cached" "$cached_url" -H "If-None-Match: $cached_etag"
  wrk_run api_live "$pid_api_cached" "$api_cached/health/live"
  wrk_run hello_4 "$pid_baseline" "$baseline/hello"
  wrk_run children "$pid_api_uncached" "$api_uncached$children_path"
done

tier_max=$(med tier_uncached rps)
lookup_max=$(med lookup rps)
tier_rate=$(awk -v m="$tier_max" 'BEGIN { printf "%d", m * 0.7 }')
lookup_rate=$(awk -v m="$lookup_max" 'BEGIN { printf "%d", m * 0.7 }')
[ "$tier_rate" -gt 0 ] && [ "$lookup_rate" -gt 0 ] || { echo "bench: no throughput to pace at (warm-up too short?)" >&2; exit 1; }
echo "bench: latency at a fixed rate: 70 % of each one's maximum ($tier_rate and $lookup_rate requests/s)" >&2
for rep in $(seq 1 "$reps"); do
  BENCH_RATE=$tier_rate wrk_run tier_paced "$pid_api_uncached" "$api_uncached$tier_path"
  BENCH_RATE=$lookup_rate wrk_run lookup_paced "$pid_baseline" "$baseline/lookup?code=18.71"
done

# The export on its own instance under /usr/bin/time: its RSS is sampled from /proc while exports repeat.
start_server api_export+time $((port_base + 4)) "$api_dir" Regsosek.Api.dll /health/ready OutputCache__Enabled=false "${unlimited[@]}"
# /usr/bin/time's child is the server (taskset execs dotnet); stopping time itself would orphan it and lose the report.
export_pid=$(pgrep -P "$pid_api_export")
pids+=("$export_pid")
rss_kb() { awk '/^VmRSS:/ { print $2 }' "/proc/$export_pid/status"; }
expect_status 200 "$api_export$export_path"
curl -s -o "$work/export.csv" "$api_export$export_path"
export_rows=$(($(wc -l <"$work/export.csv") - 1))
export_bytes=$(stat -c %s "$work/export.csv")
rm -f "$work/export.csv"
rss_start=$(rss_kb)
echo "bench: exports of $export_rows rows ($export_bytes bytes), $export_connections at a time; API RSS after one export: $((rss_start / 1024)) MB" >&2
( while kill -0 "$export_pid" 2>/dev/null; do rss_kb >>"$work/rss.samples" || true; sleep 0.2; done ) &
sampler=$!
for rep in $(seq 1 "$reps"); do
  connections=$export_connections wrk_run export "$export_pid" "$api_export$export_path"
done
rss_peak=$(sort -g "$work/rss.samples" | tail -n 1)
rss_end=$(rss_kb)
kill "$export_pid"; wait "$pid_api_export" 2>/dev/null || true
kill "$sampler" 2>/dev/null || true; wait "$sampler" 2>/dev/null || true
life_peak=$(sed -n 's/^maxrss_kb=//p' "$work/api_export.time")

# --- results ---------------------------------------------------------------------------------------------
fmt() { awk -v v="$1" 'BEGIN { printf "%\047.0f", v }'; }
mb() { awk -v v="$1" 'BEGIN { printf "%.1f", v / 1048576 }'; }
runs() { field "$1" "$2" | awk '{ printf "%s%\047.0f", (NR > 1 ? ", " : ""), $1 }'; }
verdict() { awk -v r="$1" -v op="$2" -v g="$3" 'BEGIN { ok = (op == ">=") ? r >= g : r <= g; print ok ? "PASS" : "FAIL" }'; }
ratio() { awk -v a="$1" -v b="$2" 'BEGIN { printf "%.2f", a / b }'; }

# row TITLE A_DESCRIPTION A_LABEL B_DESCRIPTION B_LABEL GOAL: one target, throughput ratio A/B against the goal.
row() {
  local r cost; r=$(ratio "$(med "$3" rps)" "$(med "$5" rps)")
  cost=$(ratio "$(med "$5" cpu_us_per_request)" "$(med "$3" cpu_us_per_request)")
  echo "| $1 | $2 | $4 | $(fmt "$(med "$3" rps)") ($(runs "$3" rps)) | $(fmt "$(med "$5" rps)") ($(runs "$5" rps)) | ${r}x | >= ${6}x | $(verdict "$r" '>=' "$6") | $(med "$3" cpu_us_per_request) / $(med "$5" cpu_us_per_request) µs | ${cost}x |"
}
# row_info: as row, for a comparison that is not itself a target.
row_info() {
  local r cost; r=$(ratio "$(med "$3" rps)" "$(med "$5" rps)")
  cost=$(ratio "$(med "$5" cpu_us_per_request)" "$(med "$3" cpu_us_per_request)")
  echo "| $1 | $2 | $4 | $(fmt "$(med "$3" rps)") ($(runs "$3" rps)) | $(fmt "$(med "$5" rps)") ($(runs "$5" rps)) | ${r}x | | | $(med "$3" cpu_us_per_request) / $(med "$5" cpu_us_per_request) µs | ${cost}x |"
}
paced_ratios() { paste -d' ' <(field "$1" p99_us) <(field "$1" p50_us) | awk '{ printf "%.2f\n", $1 / $2 }'; }
tier_tail=$(paced_ratios tier_paced | median)
lookup_tail=$(paced_ratios lookup_paced | median)
rss_growth=$(((rss_peak - rss_start) / 1024))
paced_rate_ok=$(awk -v a="$(med tier_paced rps)" -v t="$tier_rate" 'BEGIN { print (a >= 0.95 * t) ? "yes" : "no" }')

{
  echo "### API benchmarks: release \`$release\`, $(date -u '+%Y-%m-%d %H:%M UTC'), git $(git rev-parse --short HEAD)$(git diff --quiet HEAD -- src db bench || echo '+changes')"
  echo
  echo "$(nproc) CPUs ($(awk -F': ' '/^model name/ { print $2; exit }' /proc/cpuinfo)), $(awk '/^MemTotal/ { printf "%.0f GB", $2 / 1048576 }' /proc/meminfo) memory;"
  echo "servers pinned to CPU $server_cpus (\`taskset -c $server_cpus\`), wrk (1 thread, $connections connections) to CPU $load_cpus; PostgreSQL not pinned."
  echo "Median of $reps runs of $seconds s each, A and B alternating, after $warmup_rounds warm-up rounds of $warmup s per endpoint."
  echo "Server CPU per request: user + system time of the server process during a run over the requests it answered"
  echo "(B/A above 1 means A costs less CPU than B); it is less disturbed than throughput by other load on the machine."
  echo
  echo "| target | A | B | A: median req/s (runs) | B: median req/s (runs) | throughput A/B | goal | result | server CPU per request A / B | B/A |"
  echo "|---|---|---|---|---|---|---|---|---|---|"
  row "uncached tier call" "\`tiers?region=18.71\`, output cache off (published rows from memory)" tier_uncached "Baseline: one Dapper PK lookup" lookup 1.00
  row "a query per call" "same call, output cache and row cache off (\`Statistics__RowCacheMegabytes=0\`)" tier_database "Baseline: one Dapper PK lookup" lookup_2 0.80
  row "304 from the output cache" "same call with \`If-None-Match\`, output cache on" tier_304_cached "Baseline: plaintext \`hello\`" hello 0.60
  row "200 from the output cache" "same call, output cache on" tier_200_cached "Baseline: plaintext \`hello\`" hello_2 0.60
  row "the API's own plaintext \`/health/live\` (every middleware)" "\`/health/live\`" api_live "Baseline: plaintext \`hello\`" hello_4 0.80
  row_info "(for comparison) 304 from the endpoint" "same call with \`If-None-Match\`, output cache off" tier_304_endpoint "Baseline: plaintext \`hello\`" hello_3
  row_info "(for comparison) 304 vs a plaintext answer of the same pipeline" "304 from the output cache" tier_304_cached_2 "the API's own \`/health/live\` (plaintext, every middleware)" api_live
  echo
  echo "| request log | with (as deployed) | without (\`Logging__LogLevel__Regsosek.Api.Requests=None\`) | throughput with/without | server CPU per request with / without |"
  echo "|---|---|---|---|---|"
  echo "| uncached tier call | $(fmt "$(med tier_uncached rps)") req/s | $(fmt "$(med tier_quiet rps)") req/s ($(runs tier_quiet rps)) | $(ratio "$(med tier_uncached rps)" "$(med tier_quiet rps)")x | $(med tier_uncached cpu_us_per_request) / $(med tier_quiet cpu_us_per_request) µs |"
  echo
  echo "| latency at 70 % of the maximum | rate (achieved) | p50 | p90 | p99 | p99 / p50 | goal | result |"
  echo "|---|---|---|---|---|---|---|---|"
  echo "| uncached tier call | $(fmt "$tier_rate")/s ($(fmt "$(med tier_paced rps)")/s) | $(awk -v v="$(med tier_paced p50_us)" 'BEGIN { printf "%.2f ms", v / 1000 }') | $(awk -v v="$(med tier_paced p90_us)" 'BEGIN { printf "%.2f ms", v / 1000 }') | $(awk -v v="$(med tier_paced p99_us)" 'BEGIN { printf "%.2f ms", v / 1000 }') | ${tier_tail}x | <= 5x | $(verdict "$tier_tail" '<=' 5) |"
  echo "| Baseline PK lookup (for comparison) | $(fmt "$lookup_rate")/s ($(fmt "$(med lookup_paced rps)")/s) | $(awk -v v="$(med lookup_paced p50_us)" 'BEGIN { printf "%.2f ms", v / 1000 }') | $(awk -v v="$(med lookup_paced p90_us)" 'BEGIN { printf "%.2f ms", v / 1000 }') | $(awk -v v="$(med lookup_paced p99_us)" 'BEGIN { printf "%.2f ms", v / 1000 }') | ${lookup_tail}x | | |"
  [ "$paced_rate_ok" = yes ] || echo "(the paced tier run fell more than 5 % short of its rate: the p99 may understate queueing)"
  echo
  echo "| bulk | requests/s (runs) | MB/s | response |"
  echo "|---|---|---|---|"
  echo "| children table \`tiers?parent=18&level=district\` | $(fmt "$(med children rps)") ($(runs children rps)) | $(mb "$(med children bytes_per_s)") | $districts districts, $(fmt "$(awk -v b="$(med children bytes_per_s)" -v r="$(med children rps)" 'BEGIN { print b / r }')") bytes |"
  echo "| whole-release CSV export \`exports/tiers.csv\`, $export_connections at a time | $(awk -v v="$(med export rps)" 'BEGIN { printf "%.2f", v }') ($(field export rps | paste -sd, | sed 's/,/, /g')) | $(mb "$(med export bytes_per_s)") | $export_rows rows ($((export_rows / 2)) regions x 2 measures), $(mb "$export_bytes") MB |"
  echo
  echo "| export memory (API process RSS) | MB |"
  echo "|---|---|"
  echo "| after the first export | $((rss_start / 1024)) |"
  echo "| peak while exporting ($(wc -l <"$work/rss.samples") samples over $reps x $seconds s) | $((rss_peak / 1024)) |"
  echo "| at the end | $((rss_end / 1024)) |"
  echo "| peak of the whole process life (/usr/bin/time) | $((life_peak / 1024)) |"
  echo "| **growth while exporting: goal < 100 MB** | **$rss_growth: $([ "$rss_growth" -lt 100 ] && echo PASS || echo FAIL)** |"
} | tee "$work/results.md"
[ -z "${BENCH_OUT:-}" ] || cp "$work/results.md" "$BENCH_OUT"
echo "bench: done; logs and runs in $work" >&2
