#!/usr/bin/env bash
# What one request-log line costs, in CPU time, in each console log set-up (bench/LogCost): the API's JSON log
# (ZLogger), the built-in JSON console logger it replaced, plain text, and the log turned off. One process per run,
# pinned to one CPU as the API is in bench/api.sh, so the log writer's thread competes with the caller as it does there.
# Runs alternate between set-ups; each figure is the median of BENCH_REPS (3) runs of BENCH_LINES (200000) lines.
#
#   bench/log.sh        # prints a markdown table; no database needed
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"
need_dotnet
need_tool taskset util-linux
reps=${BENCH_REPS:-3}
lines=${BENCH_LINES:-200000}
cpu=${BENCH_SERVER_CPUS:-0}
variants=(none json simple builtin-json)

echo "bench: building bench/LogCost (Release)" >&2
dotnet build bench/LogCost -c Release -nologo -v quiet -clp:ErrorsOnly >&2
dll=bench/LogCost/bin/Release/net10.0/regsosek-bench-logcost.dll

declare -A runs
for rep in $(seq 1 "$reps"); do
  for variant in "${variants[@]}"; do
    # The log itself goes to /dev/null, as a log shipper would take it; the figure is on stderr.
    us=$(taskset -c "$cpu" dotnet "$dll" "$variant" "$lines" 2>&1 >/dev/null | awk -v v="$variant" '$1 == v { print $2 }')
    [ -n "$us" ] || { echo "bench: $variant printed no figure" >&2; exit 1; }
    runs[$variant]+="$us "
    echo "bench: round $rep/$reps $variant: $us us per line" >&2
  done
done

median_of() { tr ' ' '\n' <<<"$1" | grep -v '^$' | median; }
builtin=$(median_of "${runs[builtin-json]}")
echo "| console log set-up | CPU per request line (median of $reps, $lines lines, one CPU) | vs the built-in JSON console logger |"
echo "|---|---|---|"
for variant in "${variants[@]}"; do
  m=$(median_of "${runs[$variant]}")
  echo "| $variant | $m us | $(awk -v a="$m" -v b="$builtin" 'BEGIN { printf "%.2fx", a / b }') |"
done
