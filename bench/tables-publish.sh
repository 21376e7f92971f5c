#!/usr/bin/env bash
# Custom tables' cost at publish time (issue 14, item 4): publishing the Lampung demo release with its custom tables
# (config/disclosure.json, B) against the same families published with the fixed tables only (A: the same settings
# without customTables, which is what the publisher did before custom tables). Each round imports the families twice
# (untimed) and times the first publish of each release, A then B, REPS rounds; then one rebuild of each (a rebuild
# deletes the release's values and computes them again) is timed for reference. Medians and their ratio are printed
# as a markdown table. Runs in its own database
# (dropped at the end) on the embedded cluster, or wherever ConnectionStrings__RegsosekAdmin points (role needs CREATEDB).
#
# Usage: bench/tables-publish.sh [--scope lampung|NN] [--families N] [--reps 3] [--keep-database]
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"
need_dotnet

scope=lampung families= reps=3 keep=0
while [ $# -gt 0 ]; do
  case "$1" in
    --scope) scope=$2; shift 2 ;;
    --families) families=$2; shift 2 ;;
    --reps) reps=$2; shift 2 ;;
    --keep-database) keep=1; shift ;;
    *) echo "usage: bench/tables-publish.sh [--scope lampung|NN] [--families N] [--reps 3] [--keep-database]" >&2; exit 2 ;;
  esac
done
need_bench_tools
db=regsosek_bench_tables
use_bench_database "$db"
sql() { psql -X -q -v ON_ERROR_STOP=1 -d "$1" -c "$2"; }

echo "bench: building Release" >&2
dotnet build Regsosek.sln -c Release -nologo -v quiet -clp:ErrorsOnly >/dev/null
cli=(dotnet src/Regsosek.Cli/bin/Release/net10.0/regsosek.dll)

drop_bench_database "$db" 2>/dev/null
sql postgres "CREATE DATABASE $db"
[ "$keep" = 1 ] || trap 'drop_bench_database "$db" || true' EXIT
"${cli[@]}" migrate >/dev/null
"${cli[@]}" regions load >/dev/null

mkdir -p .local/bench
file=.local/bench/families-$scope${families:+-$families}.csv
[ -f "$file" ] || "${cli[@]}" generate --scope "$scope" ${families:+--families $families} -o "$file"
rows=$(($(wc -l <"$file") - 1))
# A: the same parameters without customTables, so the release gets the fixed tables only.
fixed=.local/bench/disclosure-fixed-only.json
write_fixed_only_disclosure "$fixed"

timed() { local out=$1; shift; /usr/bin/time -f "%e" -o "$out" "$@" >/dev/null 2>.local/bench/last.log || { cat .local/bench/last.log >&2; exit 1; }; }
declare -a a b
for i in $(seq 1 "$reps"); do
  echo "bench: round $i of $reps: importing $rows families twice" >&2
  "${cli[@]}" import "$file" --release "bench-fixed-$i" >/dev/null
  "${cli[@]}" import "$file" --release "bench-tables-$i" >/dev/null
  # The imports leave autovacuum work on the new partitions; it would be timed with the publish that follows.
  psql -X -q -d "$db" -c "VACUUM ANALYZE microdata.family_r$(psql -X -At -d "$db" -c "SELECT id FROM stats.release WHERE name = 'bench-fixed-$i'")" \
       -c "VACUUM ANALYZE microdata.family_r$(psql -X -At -d "$db" -c "SELECT id FROM stats.release WHERE name = 'bench-tables-$i'")"
  echo "bench: round $i of $reps: publishing" >&2
  timed .local/bench/a.time "${cli[@]}" publish --release "bench-fixed-$i" --stage --disclosure "$fixed"; a+=("$(cat .local/bench/a.time)")
  timed .local/bench/b.time "${cli[@]}" publish --release "bench-tables-$i" --stage; b+=("$(cat .local/bench/b.time)")
done
echo "bench: one rebuild of each" >&2
timed .local/bench/a.time "${cli[@]}" publish --release bench-fixed-1 --stage --disclosure "$fixed"; rebuild_a=$(cat .local/bench/a.time)
timed .local/bench/b.time "${cli[@]}" publish --release bench-tables-1 --stage; rebuild_b=$(cat .local/bench/b.time)
cells=$(psql -X -At -d "$db" -c "SELECT count(*) FROM stats.table_cell c JOIN stats.release r ON r.id = c.release_id WHERE r.name = 'bench-tables-1'")
m_a=$(printf '%s\n' "${a[@]}" | median)
m_b=$(printf '%s\n' "${b[@]}" | median)
ratio=$(awk -v a="$m_a" -v b="$m_b" 'BEGIN { printf "%.2f", b / a }')
verdict=$(awk -v r="$ratio" 'BEGIN { print (r <= 1.5) ? "PASS" : "FAIL" }')
cat <<TABLE

Custom tables at publish: $rows families ($scope), median of $reps alternating rounds, $(nproc) cores, load average $(cut -d' ' -f1-3 /proc/loadavg)

| A: publish, fixed tables only (s) | B: publish with custom tables (s) | B/A | target | verdict |
|---|---|---|---|---|
| $m_a | $m_b | $ratio | <= 1.5 | $verdict |

Rounds (first publishes): A ${a[*]} s; B ${b[*]} s. A rebuild: A $rebuild_a s, B $rebuild_b s (B/A $(awk -v a="$rebuild_a" -v b="$rebuild_b" 'BEGIN { printf "%.2f", b / a }')).
Custom-table cells stored (non-zero) per release: $cells.
TABLE
