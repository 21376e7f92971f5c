#!/usr/bin/env bash
# Indonesia at full scale (~90 M families): generate, import and publish end to end in a database of its own, with
# wall time, rows/s, peak memory of each step, the CPU it kept busy and the disk the release takes. The database is
# dropped at the end unless --keep is given. Needs ~40 GB free disk (CSV ~4.3 GB, tables, indexes, WAL); --again
# needs ~15 GB more.
# --again then imports the same file a second time as a new release (every family's record keys already registered,
# as in the next year's registration) and publishes that too, each timed as its own step.
#
# --fixed-only publishes the fixed tables only (config/disclosure.json without customTables), to price the custom
# tables at national scale.
#
# Usage: bench/national.sh [--families N] [--keep] [--again] [--fixed-only]
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"
need_dotnet; need_npm
families= keep=0 again=0 fixed_only=0
while [ $# -gt 0 ]; do
  case "$1" in
    --families) families=$2; shift 2 ;;
    --keep) keep=1; shift ;;
    --again) again=1; shift ;;
    --fixed-only) fixed_only=1; shift ;;
    *) echo "usage: bench/national.sh [--families N] [--keep] [--again] [--fixed-only]" >&2; exit 2 ;;
  esac
done
need_bench_tools
db=regsosek_bench_national
use_bench_database "$db"
sql() { psql -X -q -t -A -v ON_ERROR_STOP=1 -d "$1" -c "$2"; }

dotnet build Regsosek.sln -c Release -nologo -v quiet -clp:ErrorsOnly >/dev/null
cli=(dotnet src/Regsosek.Cli/bin/Release/net10.0/regsosek.dll)
drop_bench_database "$db" 2>/dev/null
sql postgres "CREATE DATABASE $db"
[ "$keep" = 1 ] || trap 'drop_bench_database "$db" || true' EXIT
"${cli[@]}" migrate >/dev/null
"${cli[@]}" regions load >/dev/null

mkdir -p .local/bench
file=.local/bench/national.csv
disclosure=()
if [ "$fixed_only" = 1 ]; then
  disclosure=(--disclosure .local/bench/disclosure-fixed-only.json)
  write_fixed_only_disclosure "${disclosure[1]}"
fi
# Busy CPU-seconds of the whole machine (every state but idle and iowait), so a step's CPU includes PostgreSQL's
# backends and parallel workers, not only the client process /usr/bin/time sees.
busy_cpu_seconds() {
  awk -v hz="$(getconf CLK_TCK)" '/^cpu / { print ($2 + $3 + $4 + $7 + $8 + $9) / hz }' /proc/stat
}
# Progress lines go to the terminal as they come, stamped with the seconds since the step began. The log keeps each
# line with the cores the machine kept busy until the next line, i.e. during the phase that line announces, so a
# phase that leaves a core idle shows as such (intervals under a second are too short for /proc/stat's ticks).
stamp_progress() {
  local log=$1 start previous='' previous_at busy_previous now busy
  start=$(date +%s.%N)
  while IFS= read -r line; do
    now=$(date +%s.%N); busy=$(busy_cpu_seconds)
    [ -z "$previous" ] || annotate "$start" "$previous_at" "$now" "$busy_previous" "$busy" "$previous" >>"$log"
    awk -v s="$start" -v n="$now" 'BEGIN { printf "[%6.1f s] ", n - s }'; printf '%s\n' "$line"
    previous=$line; previous_at=$now; busy_previous=$busy
  done
  now=$(date +%s.%N)
  [ -z "$previous" ] || annotate "$start" "$previous_at" "$now" "$busy_previous" "$(busy_cpu_seconds)" "$previous" >>"$log"
}
annotate() {
  line=$6 awk -v s="$1" -v p="$2" -v n="$3" -v bp="$4" -v b="$5" 'BEGIN {
    cores = n - p >= 1 ? sprintf("%4.2f", (b - bp) / (n - p)) : "   -"
    printf "[%6.1f s, %s cores until the next line] %s\n", p - s, cores, ENVIRON["line"] }'
}
step() {
  local name=$1; shift
  echo "national: $name" >&2
  : >".local/bench/national-$name.log"
  local busy_before; busy_before=$(busy_cpu_seconds)
  # stderr through the stamps, stdout (fd 3) as it is; the pipeline ends when both the step and its stamps have.
  { /usr/bin/time -f "%e %M %U %S" -o ".local/bench/national-$name.time" "$@" 2>&1 >&3 3>&- \
      | stamp_progress ".local/bench/national-$name.log" >&2; } 3>&1
  local busy_after; busy_after=$(busy_cpu_seconds)
  read -r seconds kb user system <".local/bench/national-$name.time"
  printf '%s %s %s %s %s\n' "$name" "$seconds" "$kb" "$(awk -v a="$busy_after" -v b="$busy_before" 'BEGIN { printf "%.0f", a - b }')" \
    "$(awk -v u="$user" -v s="$system" 'BEGIN { printf "%.0f", u + s }')" >>.local/bench/national.results
}
: >.local/bench/national.results
step generate "${cli[@]}" generate --scope national ${families:+--families $families} -o "$file"
rows=$(($(wc -l <"$file") - 1)); csv_bytes=$(stat -c %s "$file")
step import "${cli[@]}" import "$file" --release national-bench
[ "$again" = 1 ] || rm -f "$file"
step publish "${cli[@]}" publish --release national-bench "${disclosure[@]}"
if [ "$again" = 1 ]; then
  step import-again "${cli[@]}" import "$file" --release national-bench-again
  rm -f "$file"
  step publish-again "${cli[@]}" publish --release national-bench-again "${disclosure[@]}"
fi
db_bytes=$(sql postgres "SELECT pg_database_size('$db')")
micro_bytes=$(sql "$db" "SELECT sum(pg_total_relation_size(c.oid)) FROM pg_class c WHERE c.relnamespace = 'microdata'::regnamespace AND c.relkind = 'r'")

echo
echo "National scale: $rows families, CSV $(numfmt --to=iec "$csv_bytes"), $(nproc) cores, $(free -g | awk '/Mem/ { print $2 }') GiB"
echo
echo "| step | wall s | rows/s | peak RSS MB | machine CPU s | cores busy | the step's own process CPU s |"
echo "|---|---|---|---|---|---|---|"
while read -r name seconds kb busy own; do
  printf '| %s | %s | %s | %s | %s | %s | %s |\n' "$name" "$seconds" "$(awk -v n="$rows" -v t="$seconds" 'BEGIN { printf "%.0f", n / t }')" \
    "$((kb / 1024))" "$busy" "$(awk -v c="$busy" -v t="$seconds" 'BEGIN { printf "%.2f", c / t }')" "$own"
done <.local/bench/national.results
awk -v cores="$(nproc)" '$1 !~ /again/ { wall += $2; busy += $4 }
  END { printf "\nFirst round: %.0f s wall, %.0f CPU-seconds busy; on %d cores that work needs at least %.0f s (%.1f min)\n", wall, busy, cores, busy / cores, busy / cores / 60 }' \
  .local/bench/national.results
echo
echo "Disk: database $(numfmt --to=iec "$db_bytes"), of which microdata (family partition and record-key registry, with indexes) $(numfmt --to=iec "$micro_bytes")"
