#!/usr/bin/env bash
# Release pipeline benchmark: the importer against `psql \copy` of the same file, publish against import, and the
# importer's peak memory. A and B alternate, each measured REPS times after a warm-up; medians and ratios are printed
# as a markdown table. Runs in its own database (dropped at the end) on the embedded cluster, or wherever
# ConnectionStrings__RegsosekAdmin points (its role needs CREATEDB).
#
# Usage: bench/pipeline.sh [--scope lampung|national|NN] [--families N] [--reps 3] [--keep-file]
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"
need_dotnet; need_npm

scope=lampung families= reps=3 keep_file=0
while [ $# -gt 0 ]; do
  case "$1" in
    --scope) scope=$2; shift 2 ;;
    --families) families=$2; shift 2 ;;
    --reps) reps=$2; shift 2 ;;
    --keep-file) keep_file=1; shift ;;
    *) echo "usage: bench/pipeline.sh [--scope lampung|national|NN] [--families N] [--reps 3] [--keep-file]" >&2; exit 2 ;;
  esac
done
need_bench_tools
db=regsosek_bench_pipeline
use_bench_database "$db"
sql() { psql -X -q -v ON_ERROR_STOP=1 -d "$1" -c "$2"; }

echo "bench: building Release" >&2
dotnet build Regsosek.sln -c Release -nologo -v quiet -clp:ErrorsOnly >/dev/null
cli=(dotnet src/Regsosek.Cli/bin/Release/net10.0/regsosek.dll)
cli() { "${cli[@]}" "$@"; }

drop_bench_database "$db" 2>/dev/null
sql postgres "CREATE DATABASE $db"
trap 'drop_bench_database "$db" || true' EXIT
cli migrate >/dev/null
cli regions load >/dev/null
# The baseline tables hold the file's columns as they are (tier and age group as text): "bare" without
# constraints, "constrained" with what the release table enforces (primary key, village must exist).
sql "$db" "CREATE TABLE copy_bare (family_key bigint, village_code text, tier text, decile smallint, members smallint,
           head_sex text, head_age_group text, disability smallint)"
sql "$db" "CREATE TABLE copy_constrained (LIKE copy_bare, PRIMARY KEY (family_key), FOREIGN KEY (village_code) REFERENCES region (code))"

mkdir -p .local/bench
file=.local/bench/families-$scope${families:+-$families}.csv
if [ ! -f "$file" ]; then
  /usr/bin/time -f "%e %M" -o .local/bench/generate.time "${cli[@]}" generate --scope "$scope" ${families:+--families $families} -o "$file"
else
  echo "bench: reusing $file" >&2; echo "- -" > .local/bench/generate.time
fi
rows=$(($(wc -l <"$file") - 1))
bytes=$(stat -c %s "$file")

timed() { local out=$1; shift; /usr/bin/time -f "%e %M" -o "$out" "$@" >/dev/null 2>.local/bench/last.log || { cat .local/bench/last.log >&2; exit 1; }; }
copy_into() { sql "$db" "TRUNCATE $1"; timed ".local/bench/$1.time" psql -X -q -v ON_ERROR_STOP=1 -d "$db" -c "\\copy $1 FROM '$file' WITH (FORMAT csv, HEADER true)"; }
median() { sort -n | awk '{ a[NR] = $1 } END { print (NR % 2) ? a[(NR + 1) / 2] : (a[NR / 2] + a[NR / 2 + 1]) / 2 }'; }

declare -a bare constrained import publish memory
echo "bench: warm-up" >&2
copy_into copy_bare
for i in $(seq 1 "$reps"); do
  echo "bench: round $i of $reps ($rows rows)" >&2
  copy_into copy_bare; bare+=("$(cut -d' ' -f1 .local/bench/copy_bare.time)")
  timed .local/bench/import.time "${cli[@]}" import "$file" --release "bench-$i"
  read -r t m <.local/bench/import.time; import+=("$t"); memory+=("$m")
  copy_into copy_constrained; constrained+=("$(cut -d' ' -f1 .local/bench/copy_constrained.time)")
  timed .local/bench/publish.time "${cli[@]}" publish --release "bench-$i" --stage
  publish+=("$(cut -d' ' -f1 .local/bench/publish.time)")
done

m_bare=$(printf '%s\n' "${bare[@]}" | median)
m_constrained=$(printf '%s\n' "${constrained[@]}" | median)
m_import=$(printf '%s\n' "${import[@]}" | median)
m_publish=$(printf '%s\n' "${publish[@]}" | median)
peak_mb=$(printf '%s\n' "${memory[@]}" | sort -n | tail -1 | awk '{ printf "%.0f", $1 / 1024 }')
ratio() { awk -v a="$1" -v b="$2" 'BEGIN { printf "%.2f", a / b }'; }
verdict() { awk -v r="$1" -v t="$2" 'BEGIN { print (r <= t) ? "PASS" : "FAIL" }'; }
r_bare=$(ratio "$m_import" "$m_bare"); r_constrained=$(ratio "$m_import" "$m_constrained"); r_publish=$(ratio "$m_publish" "$m_import")
read -r gen_s gen_kb <.local/bench/generate.time

cat <<TABLE

Pipeline benchmark: $rows families ($scope), $(numfmt --to=iec "$bytes") CSV, median of $reps alternating rounds, $(nproc) cores

| measurement | median s | rows/s | ratio | target | verdict |
|---|---|---|---|---|---|
| psql \\copy into a bare table (A) | $m_bare | $(awk -v n="$rows" -v t="$m_bare" 'BEGIN { printf "%.0f", n / t }') | | | |
| psql \\copy into a table with primary key and village FK (A') | $m_constrained | $(awk -v n="$rows" -v t="$m_constrained" 'BEGIN { printf "%.0f", n / t }') | | | |
| regsosek import (B) | $m_import | $(awk -v n="$rows" -v t="$m_import" 'BEGIN { printf "%.0f", n / t }') | B/A $r_bare | <= 2.0 (issue 15) | $(verdict "$r_bare" 2.0) |
| | | | B/A' $r_constrained | <= 1.0 (issue 15) | $(verdict "$r_constrained" 1.0) |
| regsosek publish, with the custom tables config/disclosure.json allows (C) | $m_publish | | C/B $r_publish | <= 1.0 | $(verdict "$r_publish" 1.0) |
| importer peak RSS | ${peak_mb} MB | | | < 200 MB | $(verdict "$peak_mb" 199) |
| generate (once) | $gen_s | | | | |

Import rounds in order (the first registers every family's record keys; later ones find them known): ${import[*]} s
TABLE
[ "$keep_file" = 1 ] || rm -f "$file"
