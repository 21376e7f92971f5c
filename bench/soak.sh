#!/usr/bin/env bash
# Soak (issue 7): one API instance under a random mix of real requests at high concurrency for minutes, on loopback.
# Passes with zero 5xx and socket errors, no unexpected 4xx, and no memory growth trend in the API process.
#
#   bench/soak.sh                 # prints a markdown table of the result with PASS/FAIL; exits 1 on FAIL
#
# Settings (environment): SOAK_SECONDS (300), SOAK_CONNECTIONS (64), SOAK_SEED (18, of the request mix),
# SOAK_BAD_PERCENT (2, deliberately bad requests that must answer 4xx), SOAK_SAMPLE_SECONDS (5, RSS sampling),
# SOAK_MAX_SLOPE_MB_PER_MIN (1), SOAK_RELEASE (newest published; none: the synthetic Lampung release is generated,
# imported and published), SOAK_FAMILIES (families of that release; default the generator's ~2.7 M),
# SOAK_SERVER_CPUS (0), SOAK_LOAD_CPUS (1), SOAK_PORT (18180), SOAK_OUT (also write the table to this file).
# Database: ConnectionStrings__Regsosek and ConnectionStrings__RegsosekAdmin, else the embedded cluster
# (started here and stopped at the end, as scripts/run.sh does).
#
# The API runs as deployed (output cache on, request log on: its writer's queue is part of the memory picture) except
# for the rate limit, lifted so that one client can load it. Its log goes to /dev/null, as a log shipper would take it.
# It is pinned to SOAK_SERVER_CPUS and wrk (one thread) to SOAK_LOAD_CPUS; PostgreSQL is not pinned.
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"

seconds=${SOAK_SECONDS:-300}
connections=${SOAK_CONNECTIONS:-64}
seed=${SOAK_SEED:-18}
bad_percent=${SOAK_BAD_PERCENT:-2}
sample_seconds=${SOAK_SAMPLE_SECONDS:-5}
max_slope=${SOAK_MAX_SLOPE_MB_PER_MIN:-1}
server_cpus=${SOAK_SERVER_CPUS:-0}
load_cpus=${SOAK_LOAD_CPUS:-1}
port=${SOAK_PORT:-18180}
[ "$seconds" -ge 60 ] || { echo "soak: SOAK_SECONDS must be at least 60 (the trend is fitted to the second half)" >&2; exit 1; }

need_load_tools soak SOAK_LOAD_CPUS

start_load_bench soak

build_release
release=${SOAK_RELEASE:-$(published_release soak-lampung "Synthetic Lampung (soak)" "${SOAK_FAMILIES:-}")}

api=http://127.0.0.1:$port
# The process id is the server's own (env, taskset and dotnet exec in turn), so its RSS can be read from /proc.
# The request log goes to stdout: discarded, as a log shipper would take it, without filling the disk.
(cd src/Regsosek.Api/bin/Release/net10.0 && exec env "Urls=$api" OutputCache__Enabled=true \
  RateLimiting__PermitsPerWindow=100000000 ConcurrencyLimits__PerClient=100000 \
  taskset -c "$server_cpus" dotnet Regsosek.Api.dll) >/dev/null 2>"$work/api.err" &
server=$!
pids+=("$server")
for _ in $(seq 1 120); do
  curl -sf -o /dev/null "$api/health/ready" && break
  kill -0 "$server" 2>/dev/null || { echo "soak: the API exited:" >&2; cat "$work/api.err" >&2; exit 1; }
  sleep 0.5
done
curl -sf -o /dev/null "$api/health/ready" || { echo "soak: the API did not get ready on $api" >&2; exit 1; }

# The regions the mix asks about: every regency, district and village of Lampung in the release.
for level in regency district village; do
  curl -sf "$api/api/v1/statistics/tiers?parent=18&level=$level&limit=5000&format=csv&release=$release" \
    | tail -n +2 | cut -d, -f1 | tr -d '"' | sort -u | sed "s/^/$level /"
done >"$work/codes"
for level in regency district village; do
  n=$(grep -c "^$level " "$work/codes" || true)
  [ "$n" -gt 0 ] || { echo "soak: no $level of Lampung in release $release" >&2; exit 1; }
  echo "soak: $level: $n regions" >&2
done

# Every deliberately bad request of bench/wrk/soak.lua must answer 4xx and repeat its mark, or it would be counted
# as an unexpected 4xx.
expect_bad() { # path mark
  local body status
  body=$(curl -s -w '\n%{http_code}' "$api$1")
  status=${body##*$'\n'}
  [[ $status == 4* && $body == *"$2"* ]] || { echo "soak: $1 answered $status without '$2': $body" >&2; exit 1; }
}
expect_bad /api/v1/regions/18.98/statistics 18.98
expect_bad "/api/v1/statistics/tiers?region=18.98&release=$release" 18.98
expect_bad /api/v1/releases/soak-missing-release soak-missing-release
expect_bad "/api/v1/statistics/deciles?parent=18&level=hamlet" hamlet

rss_kb() { awk '/^VmRSS:/ { print $2 }' "/proc/$server/status"; }
echo "soak: release $release; $connections connections for $seconds s; API (pid $server) on CPU $server_cpus, wrk on CPU $load_cpus; RSS every $sample_seconds s; load average $(cut -d' ' -f1-3 /proc/loadavg); logs in $work" >&2
load_before=$(cut -d' ' -f1-3 /proc/loadavg)
start=$(date +%s.%N)
(
  while kill -0 "$server" 2>/dev/null; do
    now=$(date +%s.%N)
    printf '%.1f %s\n' "$(awk -v n="$now" -v s="$start" 'BEGIN { print n - s }')" "$(rss_kb)" >>"$work/rss.samples" || true
    sleep "$sample_seconds"
  done
) &
sampler=$!
pids+=("$sampler")
# Progress: one line a minute with the RSS so far.
(
  while sleep 60; do
    echo "soak: $(awk '{ t = $1 } END { printf "%.0f", t }' "$work/rss.samples") s of $seconds, API RSS $(($(rss_kb) / 1024)) MB" >&2
  done
) &
progress=$!
pids+=("$progress")

SOAK_CODES="$work/codes" SOAK_RELEASE="$release" SOAK_SEED="$seed" SOAK_BAD_PERCENT="$bad_percent" \
  taskset -c "$load_cpus" wrk -t1 -c"$connections" -d"${seconds}s" --timeout 10s --latency -s bench/wrk/soak.lua "$api" \
  >"$work/wrk.out" 2>"$work/wrk.err" || { echo "soak: wrk failed:" >&2; cat "$work/wrk.out" "$work/wrk.err" >&2; exit 1; }
kill "$progress" "$sampler" 2>/dev/null || true
wait "$progress" "$sampler" 2>/dev/null || true
load_after=$(cut -d' ' -f1-3 /proc/loadavg)
kill -0 "$server" 2>/dev/null || { echo "soak: the API died during the run:" >&2; cat "$work/api.err" >&2; exit 1; }
line=$(grep '^SOAK ' "$work/wrk.out") || { echo "soak: wrk printed no result:" >&2; cat "$work/wrk.out" "$work/wrk.err" >&2; exit 1; }
[ ! -s "$work/wrk.err" ] || { echo "soak: wrk's Lua script reported:" >&2; cat "$work/wrk.err" >&2; }

f() { sed -n "s/.*\b$1=\([0-9.]*\).*/\1/p" <<<"$line"; }
fmt() { awk -v v="$1" 'BEGIN { printf "%\047.0f", v }'; }
ms() { awk -v v="$1" 'BEGIN { printf "%.1f ms", v / 1000 }'; }

# RSS: first, last and max sample, and over the second half of the run the median and the least-squares slope.
read -r rss_first rss_last rss_max half_median slope samples half_samples < <(awk -v d="$seconds" '
  { t[NR] = $1; r[NR] = $2 / 1024 }
  END {
    max = 0; for (i = 1; i <= NR; i++) if (r[i] > max) max = r[i]
    n = 0
    for (i = 1; i <= NR; i++) if (t[i] >= d / 2 && t[i] <= d) { n++; x[n] = t[i] / 60; y[n] = r[i]; sx += x[n]; sy += y[n] }
    mx = sx / n; my = sy / n
    for (i = 1; i <= n; i++) { sxy += (x[i] - mx) * (y[i] - my); sxx += (x[i] - mx) ^ 2 }
    # the median of the second half
    for (i = 1; i <= n; i++) s[i] = y[i]
    for (i = 2; i <= n; i++) { v = s[i]; j = i - 1; while (j > 0 && s[j] > v) { s[j + 1] = s[j]; j-- } s[j + 1] = v }
    med = (n % 2) ? s[(n + 1) / 2] : (s[n / 2] + s[n / 2 + 1]) / 2
    # the last sample taken during the run
    last = r[1]; for (i = 1; i <= NR; i++) if (t[i] <= d + 1) last = r[i]
    printf "%.1f %.1f %.1f %.1f %.2f %d %d\n", r[1], last, max, med, (sxx > 0 ? sxy / sxx : 0), NR, n
  }' "$work/rss.samples")

errors=$(($(f s5xx) + $(f socket_errors)))
unexpected=$(($(f s4xx_unexpected) + $(f sother)))
errors_ok=$([ "$errors" -eq 0 ] && [ "$unexpected" -eq 0 ] && echo PASS || echo FAIL)
slope_ok=$(awk -v s="$slope" -v m="$max_slope" 'BEGIN { print (s < m) ? "PASS" : "FAIL" }')
last_ok=$(awk -v l="$rss_last" -v m="$half_median" 'BEGIN { d = l - m; if (d < 0) d = -d; print (d <= 0.1 * m) ? "PASS" : "FAIL" }')
verdict=$([ "$errors_ok$slope_ok$last_ok" = PASSPASSPASS ] && echo PASS || echo FAIL)

{
  echo "### Soak: release \`$release\`, $(date -u '+%Y-%m-%d %H:%M UTC'), git $(git rev-parse --short HEAD)$(git diff --quiet HEAD -- src db bench || echo '+changes')"
  echo
  echo "$(nproc) CPUs ($(awk -F': ' '/^model name/ { print $2; exit }' /proc/cpuinfo)), $(awk '/^MemTotal/ { printf "%.0f GB", $2 / 1048576 }' /proc/meminfo) memory;"
  echo "API pinned to CPU $server_cpus, wrk (1 thread, $connections connections, seed $seed) to CPU $load_cpus; PostgreSQL not pinned."
  echo "Load average (1, 5, 15 min) before: $load_before; after: $load_after."
  echo
  echo "| measure | value |"
  echo "|---|---|"
  echo "| duration | $(f seconds) s |"
  echo "| requests | $(fmt "$(f requests)") |"
  echo "| requests/s | $(fmt "$(f rps)") |"
  echo "| 2xx / 3xx | $(fmt "$(f s2xx)") / $(fmt "$(f s3xx)") |"
  echo "| 4xx to the deliberately bad requests (sent: $(fmt "$(f bad_sent)")) | $(fmt "$(f s4xx_expected)") |"
  echo "| unexpected 4xx or other status | $unexpected |"
  echo "| **errors: 5xx + socket errors (of which timeouts)** | **$(f s5xx) + $(f socket_errors) ($(f timeouts))** |"
  echo "| latency p50 / p90 / p99 (max) | $(ms "$(f p50_us)") / $(ms "$(f p90_us)") / $(ms "$(f p99_us)") ($(ms "$(f max_us)")) |"
  echo "| API RSS first / last / max ($samples samples, every $sample_seconds s) | $rss_first / $rss_last / $rss_max MB |"
  echo "| RSS second half: median, least-squares slope ($half_samples samples) | $half_median MB, $slope MB/min |"
  echo "| zero errors, no unexpected status | $errors_ok |"
  echo "| second-half slope < $max_slope MB/min | $slope_ok |"
  echo "| last sample within 10 % of the second-half median | $last_ok |"
  echo "| **result** | **$verdict** |"
} | tee "$work/results.md"
[ -z "${SOAK_OUT:-}" ] || cp "$work/results.md" "$SOAK_OUT"
echo "soak: done; wrk output, RSS samples and the API's stderr in $work" >&2
[ "$verdict" = PASS ]
