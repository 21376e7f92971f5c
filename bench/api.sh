#!/usr/bin/env bash
# API benchmarks (issue 5). Every target is a ratio of two endpoints measured side by side in this one run:
# runs alternate A, B, A, B, ... after a warm-up, and each figure is the median of BENCH_REPS runs.
#
#   bench/api.sh                  # prints a markdown table of the results, PASS/FAIL per target
#
# Settings (environment): BENCH_SECONDS (10, per run), BENCH_REPS (3), BENCH_WARMUP_SECONDS (5),
# BENCH_CONNECTIONS (32), BENCH_EXPORT_CONNECTIONS (2), BENCH_RELEASE (newest published; none: the synthetic
# Lampung release is generated, imported and published), BENCH_SERVER_CPUS (0), BENCH_LOAD_CPUS (1),
# BENCH_PORT_BASE (18080), BENCH_OUT (also write the table to this file).
# Database: ConnectionStrings__Regsosek and ConnectionStrings__RegsosekAdmin, else the embedded cluster
# (started here and stopped at the end, as scripts/run.sh does).
#
# The servers (API and bench/Baseline) run pinned to BENCH_SERVER_CPUS and the load generator (wrk, one thread)
# to BENCH_LOAD_CPUS, so they do not take each other's core; PostgreSQL is not pinned.
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/../scripts/lib.sh"

seconds=${BENCH_SECONDS:-10}
reps=${BENCH_REPS:-3}
warmup=${BENCH_WARMUP_SECONDS:-5}
connections=${BENCH_CONNECTIONS:-32}
export_connections=${BENCH_EXPORT_CONNECTIONS:-2}
server_cpus=${BENCH_SERVER_CPUS:-0}
load_cpus=${BENCH_LOAD_CPUS:-1}
port_base=${BENCH_PORT_BASE:-18080}

need_tool() { # command, Debian package
  command -v "$1" >/dev/null 2>&1 && return
  if [ "$(id -u)" = 0 ] && command -v apt-get >/dev/null 2>&1; then
    echo "setup: installing $2 (apt-get)" >&2
    DEBIAN_FRONTEND=noninteractive apt-get update -qq >/dev/null && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "$2" >/dev/null
  else
    echo "$1 not found. Fix: sudo apt-get install -y $2" >&2; exit 1
  fi
}
need_dotnet
need_tool wrk wrk
need_tool curl curl
need_tool taskset util-linux
[ -x /usr/bin/time ] || { need_tool /usr/bin/time time; }
if [ "$(nproc)" -lt 2 ] && [ -z "${BENCH_LOAD_CPUS:-}" ]; then
  echo "bench: only $(nproc) CPU; the load generator shares the servers' core (set BENCH_LOAD_CPUS to silence this)" >&2
  load_cpus=0
fi

work=$(mktemp -d /tmp/regsosek-bench.XXXXXX)
pids=()
stop_embedded=false
cleanup() {
  for pid in "${pids[@]}"; do kill "$pid" 2>/dev/null || true; done
  for pid in "${pids[@]}"; do wait "$pid" 2>/dev/null || true; done
  if $stop_embedded; then scripts/pg.sh stop; fi
}
trap cleanup EXIT

if uses_embedded_db; then
  scripts/pg.sh start
  stop_embedded=true
fi

echo "build: Release (solution and bench/Baseline)" >&2
dotnet build Regsosek.sln -c Release -nologo -v quiet -clp:ErrorsOnly >&2
dotnet build bench/Baseline -c Release -nologo -v quiet -clp:ErrorsOnly >&2
cli() { dotnet src/Regsosek.Cli/bin/Release/net10.0/regsosek.dll "$@"; }
cli migrate >&2
release=${BENCH_RELEASE:-$(cli releases list --published --names | tail -n 1)}
if [ -z "$release" ]; then
  release=bench-lampung
  echo "bench: no published release; generating, importing and publishing the synthetic Lampung release ($release)" >&2
  need_npm
  cli regions load >&2
  cli generate --scope lampung -o "$work/$release.csv" >&2
  cli import "$work/$release.csv" --release "$release" --description "Synthetic Lampung (benchmarks)" >&2
  cli publish --release "$release" >&2
  rm -f "$work/$release.csv"
fi
echo "bench: release $release; servers on CPU $server_cpus, wrk on CPU $load_cpus; ${reps} x ${seconds} s per figure; logs in $work" >&2

# start_server NAME PORT DIR DLL READY_PATH [VAR=value ...]: the process id is the server's own (exec), so it can be
# measured in /proc; with NAME ending in +time it runs under /usr/bin/time, which reports its peak RSS at exit.
start_server() {
  local name=$1 port=$2 dir=$3 dll=$4 ready=$5; shift 5
  local timed=()
  [[ $name == *+time ]] && timed=(/usr/bin/time -f "maxrss_kb=%M" -o "$work/${name%+time}.time")
  name=${name%+time}
  # The request log goes to stdout: discarded, as a log shipper would take it, without filling the disk.
  (cd "$dir" && exec env "Urls=http://127.0.0.1:$port" "$@" "${timed[@]}" taskset -c "$server_cpus" dotnet "$dll") \
    >/dev/null 2>"$work/$name.err" &
  pids+=($!)
  eval "pid_$name=$!"
  for _ in $(seq 1 120); do
    curl -sf -o /dev/null "http://127.0.0.1:$port$ready" && return
    kill -0 "$!" 2>/dev/null || break
    sleep 0.5
  done
  echo "bench: $name did not start on port $port:" >&2; cat "$work/$name.err" >&2; exit 1
}

api_dir=src/Regsosek.Api/bin/Release/net10.0
baseline_dir=bench/Baseline/bin/Release/net10.0
unlimited=RateLimiting__PermitsPerWindow=100000000
api_uncached=http://127.0.0.1:$((port_base + 1))
api_cached=http://127.0.0.1:$((port_base + 2))
baseline=http://127.0.0.1:$((port_base + 3))
api_export=http://127.0.0.1:$((port_base + 4))
start_server api_uncached $((port_base + 1)) "$api_dir" Regsosek.Api.dll /health/ready OutputCache__Enabled=false "$unlimited"
start_server api_cached $((port_base + 2)) "$api_dir" Regsosek.Api.dll /health/ready OutputCache__Enabled=true "$unlimited"
start_server baseline $((port_base + 3)) "$baseline_dir" regsosek-bench-baseline.dll /hello "Baseline__Release=$release"

tier_path="/api/v1/statistics/tiers?region=18.71&release=$release"
children_path="/api/v1/statistics/tiers?parent=18&level=district&release=$release"
export_path="/api/v1/releases/$release/exports/tiers.csv"

expect_status() { # expected URL [curl args]
  local expected=$1 url=$2; shift 2
  local got; got=$(curl -s -o /dev/null -w '%{http_code}' "$@" "$url")
  [ "$got" = "$expected" ] || { echo "bench: $url answered $got, expected $expected" >&2; exit 1; }
}
expect_status 200 "$api_uncached$tier_path"
expect_status 200 "$baseline/lookup?code=18.71"
expect_status 200 "$baseline/hello"
etag=$(curl -s -D - -o /dev/null "$api_cached$tier_path" | tr -d '\r' | awk 'tolower($1) == "etag:" { print $2 }')
[ -n "$etag" ] || { echo "bench: no ETag on $api_cached$tier_path" >&2; exit 1; }
expect_status 304 "$api_cached$tier_path" -H "If-None-Match: $etag"
expect_status 200 "$api_uncached$children_path"
districts=$(curl -s "$api_uncached$children_path&format=csv" | tail -n +2 | wc -l)

# wrk_run LABEL URL [wrk args]: one run; appends the BENCH line's fields to $work/LABEL.runs.
wrk_run() {
  local label=$1 url=$2; shift 2
  local out line
  out=$(taskset -c "$load_cpus" wrk -t1 -c"$connections" -d"${seconds}s" --timeout 60s -s bench/wrk/report.lua "$@" "$url")
  line=$(grep '^BENCH ' <<<"$out") || { echo "bench: wrk printed no result for $label:" >&2; echo "$out" >&2; exit 1; }
  line=${line#BENCH }
  if [[ $line != *" errors=0" ]]; then
    echo "bench: $label had errors (non-2xx/3xx or socket errors): $line" >&2; exit 1
  fi
  echo "$line" >>"$work/$label.runs"
  printf 'bench: %-22s %s\n' "$label" "$line" >&2
}

# field LABEL NAME: the values of one field over the runs of LABEL, one per line.
field() { sed -n "s/.*\b$2=\([0-9.]*\).*/\1/p" "$work/$1.runs"; }
median() { sort -g | awk '{ v[NR] = $1 } END { print (NR % 2) ? v[(NR + 1) / 2] : (v[NR / 2] + v[NR / 2 + 1]) / 2 }'; }
med() { field "$1" "$2" | median; }

warm() { # label url [wrk args]
  echo "bench: warming up $1 (${warmup} s)" >&2
  taskset -c "$load_cpus" wrk -t1 -c"$connections" -d"${warmup}s" --timeout 60s "${@:3}" "$2" >/dev/null
}
warm tier_uncached "$api_uncached$tier_path"
warm lookup "$baseline/lookup?code=18.71"
warm tier_304 "$api_cached$tier_path" -H "If-None-Match: $etag"
warm tier_cached_200 "$api_cached$tier_path"
warm hello "$baseline/hello"
warm children "$api_uncached$children_path"

echo "bench: throughput, alternating A and B" >&2
for rep in $(seq 1 "$reps"); do
  echo "bench: repetition $rep of $reps" >&2
  wrk_run tier_uncached "$api_uncached$tier_path"
  wrk_run lookup "$baseline/lookup?code=18.71"
  wrk_run tier_304 "$api_cached$tier_path" -H "If-None-Match: $etag"
  wrk_run hello "$baseline/hello"
  wrk_run tier_cached_200 "$api_cached$tier_path"
  wrk_run children "$api_uncached$children_path"
done

tier_max=$(med tier_uncached rps)
lookup_max=$(med lookup rps)
tier_rate=$(awk -v m="$tier_max" 'BEGIN { printf "%d", m * 0.7 }')
lookup_rate=$(awk -v m="$lookup_max" 'BEGIN { printf "%d", m * 0.7 }')
echo "bench: latency at a fixed rate: 70 % of each one's maximum ($tier_rate and $lookup_rate requests/s)" >&2
for rep in $(seq 1 "$reps"); do
  BENCH_RATE=$tier_rate wrk_run tier_paced "$api_uncached$tier_path"
  BENCH_RATE=$lookup_rate wrk_run lookup_paced "$baseline/lookup?code=18.71"
done

# The export on its own instance under /usr/bin/time: its RSS is sampled from /proc while exports repeat.
start_server api_export+time $((port_base + 4)) "$api_dir" Regsosek.Api.dll /health/ready OutputCache__Enabled=false "$unlimited"
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
  connections=$export_connections wrk_run export "$api_export$export_path"
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

tier_lookup=$(ratio "$(med tier_uncached rps)" "$(med lookup rps)")
n304_hello=$(ratio "$(med tier_304 rps)" "$(med hello rps)")
cached_hello=$(ratio "$(med tier_cached_200 rps)" "$(med hello rps)")
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
  echo "Median of $reps runs of $seconds s each, A and B alternating, after a ${warmup} s warm-up of each."
  echo
  echo "| target | A | B | A: median req/s (runs) | B: median req/s (runs) | ratio A/B | goal | result |"
  echo "|---|---|---|---|---|---|---|---|"
  echo "| uncached tier call | \`tiers?region=18.71\`, output cache off | Baseline: one Dapper PK lookup | $(fmt "$(med tier_uncached rps)") ($(runs tier_uncached rps)) | $(fmt "$(med lookup rps)") ($(runs lookup rps)) | ${tier_lookup}x | >= 1.00x | $(verdict "$tier_lookup" '>=' 1.0) |"
  echo "| 304 from cache | same call with \`If-None-Match\`, output cache on | Baseline: plaintext \`hello\` | $(fmt "$(med tier_304 rps)") ($(runs tier_304 rps)) | $(fmt "$(med hello rps)") ($(runs hello rps)) | ${n304_hello}x | >= 0.85x | $(verdict "$n304_hello" '>=' 0.85) |"
  echo "| 200 from output cache | same call, output cache on | Baseline: plaintext \`hello\` | $(fmt "$(med tier_cached_200 rps)") ($(runs tier_cached_200 rps)) | $(fmt "$(med hello rps)") | ${cached_hello}x | >= 0.85x | $(verdict "$cached_hello" '>=' 0.85) |"
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
  echo "| whole-release CSV export \`exports/tiers.csv\`, $export_connections at a time | $(awk -v v="$(med export rps)" 'BEGIN { printf "%.2f", v }') ($(field export rps | paste -sd, | sed 's/,/, /g')) | $(mb "$(med export bytes_per_s)") | $export_rows rows, $(mb "$export_bytes") MB |"
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
