#!/usr/bin/env bash
# Custom tables benchmark (issue 14, point 4): one district by two variables, uncached, against the uncached /tiers
# call for the same district, side by side in this one run (runs alternate A, B, A, B, ... after a warm-up; each figure
# is the median of BENCH_REPS runs). Goal: the table takes at most twice the time of the tiers call, i.e. tiers
# throughput / table throughput <= 2.
#
#   bench/tables-api.sh           # prints a markdown table of the result, PASS/FAIL
#
# Settings (environment) as bench/api.sh: BENCH_SECONDS (10), BENCH_REPS (3), BENCH_WARMUP_SECONDS (10) x
# BENCH_WARMUP_ROUNDS (3), BENCH_CONNECTIONS (32), BENCH_RELEASE (newest published; it must publish custom tables),
# BENCH_DISTRICT (the first district of Kota Bandar Lampung), BENCH_BY (tier,head_sex), BENCH_SERVER_CPUS (0),
# BENCH_LOAD_CPUS (1), BENCH_PORT_BASE (18180), BENCH_OUT (also write the table to this file), BENCH_NO_BUILD (set: use the
# Release build as it is).
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"

seconds=${BENCH_SECONDS:-10}
reps=${BENCH_REPS:-3}
warmup=${BENCH_WARMUP_SECONDS:-10}
warmup_rounds=${BENCH_WARMUP_ROUNDS:-3}
connections=${BENCH_CONNECTIONS:-32}
server_cpus=${BENCH_SERVER_CPUS:-0}
load_cpus=${BENCH_LOAD_CPUS:-1}
port_base=${BENCH_PORT_BASE:-18180}
by=${BENCH_BY:-tier,head_sex}

need_load_tools bench BENCH_LOAD_CPUS
start_load_bench bench-tables
[ -n "${BENCH_NO_BUILD:-}" ] || build_release
release=${BENCH_RELEASE:-$(published_release bench-lampung "Synthetic Lampung (benchmarks)")}

# Both calls on one API process with the output cache off: the tiers call is answered from the published rows in
# memory; the table reads the district's row from memory too and its cells with one statement.
unlimited=(RateLimiting__PermitsPerWindow=100000000 ConcurrencyLimits__PerClient=100000)
api=http://127.0.0.1:$((port_base + 1))
start_server api_uncached $((port_base + 1)) src/Regsosek.Api/bin/Release/net10.0 Regsosek.Api.dll /health/ready OutputCache__Enabled=false "${unlimited[@]}"
district=${BENCH_DISTRICT:-$(curl -s "$api/api/v1/statistics/tiers.csv?parent=18.71&level=district&limit=1&release=$release" | sed -n '2s/,.*//p')}
tiers_path="/api/v1/statistics/tiers?region=$district&release=$release"
table_path="/api/v1/statistics/tables?by=$by&region=$district&release=$release"
expect_status 200 "$api$tiers_path"
expect_status 200 "$api$table_path"
echo "bench: release $release, district $district, by=$by; ${reps} x ${seconds} s per figure; logs in $work" >&2

for round in $(seq 1 "$warmup_rounds"); do
  echo "bench: warm-up round $round of $warmup_rounds" >&2
  for path in "$tiers_path" "$table_path"; do
    taskset -c "$load_cpus" wrk -t1 -c"$connections" -d"${warmup}s" --timeout 60s "$api$path" >/dev/null
  done
done
for rep in $(seq 1 "$reps"); do
  echo "bench: repetition $rep of $reps" >&2
  wrk_run table "$pid_api_uncached" "$api$table_path"
  wrk_run tiers "$pid_api_uncached" "$api$tiers_path"
done

fmt() { awk -v v="$1" 'BEGIN { printf "%\047.0f", v }'; }
runs() { field "$1" "$2" | awk '{ printf "%s%\047.0f", (NR > 1 ? ", " : ""), $1 }'; }
ratio() { awk -v a="$1" -v b="$2" 'BEGIN { printf "%.2f", a / b }'; }
slowdown=$(ratio "$(med tiers rps)" "$(med table rps)")
cost=$(ratio "$(med table cpu_us_per_request)" "$(med tiers cpu_us_per_request)")
{
  echo "### Custom tables benchmark: release \`$release\`, $(date -u '+%Y-%m-%d %H:%M UTC'), git $(git rev-parse --short HEAD)$(git diff --quiet HEAD -- src db bench || echo '+changes')"
  echo
  echo "$(nproc) CPUs, load average $(cut -d' ' -f1-3 /proc/loadavg) at the end; server pinned to CPU $server_cpus, wrk (1 thread, $connections connections) to CPU $load_cpus."
  echo "Median of $reps runs of $seconds s each, A and B alternating, after $warmup_rounds warm-up rounds of $warmup s per endpoint; output cache off."
  echo
  echo "| target | A | B | A: median req/s (runs) | B: median req/s (runs) | time per call A/B (= B/A req/s) | goal | result | server CPU per request A / B | A/B |"
  echo "|---|---|---|---|---|---|---|---|---|---|"
  echo "| one district by two variables, uncached | \`tables?by=$by&region=$district\` | \`tiers?region=$district\` | $(fmt "$(med table rps)") ($(runs table rps)) | $(fmt "$(med tiers rps)") ($(runs tiers rps)) | ${slowdown}x | <= 2x | $(awk -v r="$slowdown" 'BEGIN { print (r <= 2) ? "PASS" : "FAIL" }') | $(med table cpu_us_per_request) / $(med tiers cpu_us_per_request) µs | ${cost}x |"
} | tee "$work/results.md"
[ -z "${BENCH_OUT:-}" ] || cp "$work/results.md" "$BENCH_OUT"
echo "bench: done; logs and runs in $work" >&2
