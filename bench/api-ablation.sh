#!/usr/bin/env bash
# The price of each cross-cutting feature group, measured by taking it away (issue 15, item 2): the API built with
# bench/api-ablation.patch (Program.cs skips the groups its ABLATE variable names) runs once per variant, beside
# bench/Baseline, and each answers /health/live (the bare `hello` for the baseline) and a query per call
# (`tiers?region=18.71`, output and row caches off; the baseline's PK lookup). Variants and servers alternate run by
# run; figures are the server's CPU per request (median of the runs), the ratio is the baseline's CPU over the variant's.
#   log: the request log             metrics: OpenTelemetry metrics (HTTP server, Npgsql, row cache meters)
#   protection: allowed hosts, read-only methods, request limits, rate limit, concurrency limit
#   http: HEAD as GET, security headers, problem details, CORS, compression, output cache middleware
# The database retry stays in every variant. Seven API pools of up to 32 busy connections would pass the embedded
# cluster's 200 connections, so the variants' idle connections are closed after 2 s (the pool's default is 300 s).
# When Program.cs changes, BenchmarkPatchTests fails until the patch is made again: `git apply bench/api-ablation.patch`
# (by hand where it no longer fits), then `git diff src/Regsosek.Api/Program.cs > bench/api-ablation.patch` and
# `git checkout src/Regsosek.Api/Program.cs`.
# Usage: bench/api-ablation.sh   (BENCH_SECONDS per run, default 10; BENCH_REPS, default 3; BENCH_WARMUP_ROUNDS,
# default 2; about 15 minutes)
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."
source bench/lib.sh
seconds=${BENCH_SECONDS:-10}; reps=${BENCH_REPS:-3}; warmup_rounds=${BENCH_WARMUP_ROUNDS:-2}; connections=32; server_cpus=0; load_cpus=1
need_load_tools api-ablation BENCH_LOAD_CPUS
start_load_bench api-ablation
build_release
dotnet build bench/Baseline -c Release -nologo -v quiet -clp:ErrorsOnly >&2
release=$(published_release bench-lampung "Synthetic Lampung (benchmarks)")

echo "build: the API with bench/api-ablation.patch" >&2
git worktree add -q --detach "$work/src" HEAD
trap 'stop_load_bench; git worktree remove --force "$work/src"' EXIT
git -C "$work/src" apply "$PWD/bench/api-ablation.patch"
dotnet build "$work/src/src/Regsosek.Api" -c Release -nologo -v quiet -clp:ErrorsOnly >&2
api_dir=$work/src/src/Regsosek.Api/bin/Release/net10.0
baseline_dir=bench/Baseline/bin/Release/net10.0

variants=(all_on no_log no_metrics no_log_metrics no_protection no_http none)
declare -A ablate=([all_on]= [no_log]=log [no_metrics]=metrics [no_log_metrics]=log,metrics [no_protection]=protection
  [no_http]=http [none]=log,metrics,protection,http)
unlimited=(RateLimiting__PermitsPerWindow=100000000 ConcurrencyLimits__PerClient=100000)
api_connection=${ConnectionStrings__Regsosek:-Host=127.0.0.1;Port=${REGSOSEK_PG_PORT:-54329};Database=regsosek;Username=regsosek_api;Password=regsosek_api}
short_idle="ConnectionStrings__Regsosek=$api_connection;Connection Idle Lifetime=2;Connection Pruning Interval=1"
start_server baseline 18200 "$baseline_dir" regsosek-bench-baseline.dll /hello "Baseline__Release=$release"
port=18201
declare -A ports
for v in "${variants[@]}"; do
  start_server "$v" "$port" "$api_dir" Regsosek.Api.dll /health/live "ABLATE=${ablate[$v]}" OutputCache__Enabled=false \
    Statistics__RowCacheMegabytes=0 "${unlimited[@]}" "$short_idle"
  ports[$v]=$port; port=$((port + 1))
done
tier="/api/v1/statistics/tiers?region=18.71&release=$release"
expect_status 200 "http://127.0.0.1:${ports[none]}$tier"

run_all() { # the wrk_run of every server for both paths, in one alternating round
  local v pid
  wrk_run baseline-live "$pid_baseline" http://127.0.0.1:18200/hello
  wrk_run baseline-query "$pid_baseline" "http://127.0.0.1:18200/lookup?code=18.71"
  for v in "${variants[@]}"; do
    pid=pid_$v
    wrk_run "$v-live" "${!pid}" "http://127.0.0.1:${ports[$v]}/health/live"
    wrk_run "$v-query" "${!pid}" "http://127.0.0.1:${ports[$v]}$tier"
  done
}
# Tiered JIT and each pool's prepared statements settle over the first minutes of load; with eight processes on one
# core, one short warm-up round left the first measured round 2-3x slower for a query per call.
for round in $(seq 1 "$warmup_rounds"); do echo "warm-up round $round of $warmup_rounds, discarded" >&2; run_all; done
for label in baseline-live baseline-query "${variants[@]/%/-live}" "${variants[@]/%/-query}"; do rm -f "$work/$label.runs"; done
for rep in $(seq 1 "$reps"); do echo "round $rep of $reps" >&2; run_all; done

live=$(med baseline-live cpu_us_per_request); query=$(med baseline-query cpu_us_per_request)
echo
echo "Feature groups taken away, $(date -u '+%Y-%m-%d %H:%M UTC'), git $(git rev-parse --short HEAD), load average $(cut -d' ' -f1-3 /proc/loadavg)"
echo
echo "| variant | ABLATE | /health/live µs CPU | vs hello ($live µs) | query per call µs CPU | vs PK lookup ($query µs) |"
echo "|---|---|---|---|---|---|"
for v in "${variants[@]}"; do
  l=$(med "$v-live" cpu_us_per_request); q=$(med "$v-query" cpu_us_per_request)
  printf '| %s | %s | %s | %.2fx | %s | %.2fx |\n' "$v" "${ablate[$v]:--}" "$l" "$(awk -v a="$live" -v b="$l" 'BEGIN { print a / b }')" \
    "$q" "$(awk -v a="$query" -v b="$q" 'BEGIN { print a / b }')"
done
