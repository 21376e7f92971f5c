#!/usr/bin/env bash
# Indonesia at full scale (~90 M families): generate, import and publish end to end in a database of its own, with
# wall time, rows/s, peak memory of each step and the disk the release takes. The database is dropped at the end
# unless --keep is given. Needs ~40 GB free disk (CSV ~4.3 GB, tables, indexes, WAL); --again needs ~15 GB more.
# --again then imports the same file a second time as a new release (every family's record keys already registered,
# as in the next year's registration) and publishes that too, each timed as its own step.
#
# Usage: bench/national.sh [--families N] [--keep] [--again]
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"
need_dotnet; need_npm
families= keep=0 again=0
while [ $# -gt 0 ]; do
  case "$1" in
    --families) families=$2; shift 2 ;;
    --keep) keep=1; shift ;;
    --again) again=1; shift ;;
    *) echo "usage: bench/national.sh [--families N] [--keep] [--again]" >&2; exit 2 ;;
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
step() {
  local name=$1; shift
  echo "national: $name" >&2
  /usr/bin/time -f "%e %M" -o ".local/bench/national-$name.time" "$@"
  read -r seconds kb <".local/bench/national-$name.time"
  printf '%s %s %s\n' "$name" "$seconds" "$kb" >>.local/bench/national.results
}
: >.local/bench/national.results
step generate "${cli[@]}" generate --scope national ${families:+--families $families} -o "$file"
rows=$(($(wc -l <"$file") - 1)); csv_bytes=$(stat -c %s "$file")
step import "${cli[@]}" import "$file" --release national-bench
[ "$again" = 1 ] || rm -f "$file"
step publish "${cli[@]}" publish --release national-bench
if [ "$again" = 1 ]; then
  step import-again "${cli[@]}" import "$file" --release national-bench-again
  rm -f "$file"
  step publish-again "${cli[@]}" publish --release national-bench-again
fi
db_bytes=$(sql postgres "SELECT pg_database_size('$db')")
micro_bytes=$(sql "$db" "SELECT sum(pg_total_relation_size(c.oid)) FROM pg_class c WHERE c.relnamespace = 'microdata'::regnamespace AND c.relkind = 'r'")

echo
echo "National scale: $rows families, CSV $(numfmt --to=iec "$csv_bytes"), $(nproc) cores, $(free -g | awk '/Mem/ { print $2 }') GiB"
echo
echo "| step | wall s | rows/s | peak RSS MB |"
echo "|---|---|---|---|"
while read -r name seconds kb; do
  printf '| %s | %s | %s | %s |\n' "$name" "$seconds" "$(awk -v n="$rows" -v t="$seconds" 'BEGIN { printf "%.0f", n / t }')" "$((kb / 1024))"
done <.local/bench/national.results
echo
echo "Disk: database $(numfmt --to=iec "$db_bytes"), of which microdata (family partition and record-key registry, with indexes) $(numfmt --to=iec "$micro_bytes")"
