#!/usr/bin/env bash
# Custom tables at query time (issue 14, item 4): "all provinces by three variables" read from the published cells
# (stats.table_cell, A: what the API's query does, a plain indexed SELECT) against a plain GROUP BY of the same table
# over the district partials the publisher aggregates the higher levels from (B: the pre-aggregated rows, kept here
# in a table of their own: the publisher keeps them only inside its transaction). Both run in the database, timed by the server
# (EXPLAIN ANALYZE's execution time, so no client cost), alternating, REPS times; medians and A/B are printed.
# Uses the database bench/tables-publish.sh --keep-database leaves (release bench-tables-1), or makes it.
#
# Usage: bench/tables-query.sh [--reps 21]
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"
reps=21
while [ $# -gt 0 ]; do
  case "$1" in
    --reps) reps=$2; shift 2 ;;
    *) echo "usage: bench/tables-query.sh [--reps 21]" >&2; exit 2 ;;
  esac
done
need_bench_tools
db=regsosek_bench_tables
use_bench_database "$db"
if ! psql -X -At -d "$db" -c "SELECT 1 FROM stats.release WHERE name = 'bench-tables-1' AND status = 'published'" 2>/dev/null | grep -q 1; then
  bench/tables-publish.sh --reps 1 --keep-database
fi
sql() { psql -X -At -v ON_ERROR_STOP=1 -d "$db" -c "$1"; }
id=$(sql "SELECT id FROM stats.release WHERE name = 'bench-tables-1'")
# The variables: tier (32), head_sex (8), head_age_group (4): mask 44.
sql "DROP TABLE IF EXISTS bench_district_partial;
     CREATE TABLE bench_district_partial AS
     SELECT left(village_code, 8) AS region_code, tier, decile, CASE head_sex WHEN 'F' THEN 2 ELSE 1 END::smallint AS head_sex,
            head_age_group, CASE WHEN disability THEN 2 ELSE 1 END::smallint AS disability,
            CASE WHEN members <= 1 THEN 1 WHEN members = 2 THEN 2 WHEN members <= 4 THEN 3 WHEN members <= 6 THEN 4 ELSE 5 END::smallint AS family_size,
            count(*)::bigint AS n_families, sum(members)::bigint AS n_persons
       FROM microdata.family WHERE release_id = $id GROUP BY 1, 2, 3, 4, 5, 6, 7;
     ANALYZE bench_district_partial" >/dev/null
partials=$(sql "SELECT count(*) FROM bench_district_partial")
a_sql="SELECT region_code, tier, head_sex, head_age_group, families, persons FROM stats.table_cell
        WHERE release_id = $id AND variables = 44 AND region_code IN (SELECT code FROM region WHERE level = 1)
        ORDER BY region_code, tier, head_sex, head_age_group"
b_sql="SELECT left(region_code, 2), tier, head_sex, head_age_group, sum(n_families), sum(n_persons) FROM bench_district_partial
        GROUP BY 1, 2, 3, 4 ORDER BY 1, 2, 3, 4"
exec_ms() { sql "EXPLAIN (ANALYZE, TIMING OFF, FORMAT JSON) $1" | python3 -c 'import json,sys; print(json.load(sys.stdin)[0]["Execution Time"])'; }
declare -a a b
for _ in 1 2 3; do exec_ms "$a_sql" >/dev/null; exec_ms "$b_sql" >/dev/null; done
for _ in $(seq 1 "$reps"); do a+=("$(exec_ms "$a_sql")"); b+=("$(exec_ms "$b_sql")"); done
rows_a=$(sql "SELECT count(*) FROM ($a_sql) x"); rows_b=$(sql "SELECT count(*) FROM ($b_sql) x")
m_a=$(printf '%s\n' "${a[@]}" | median); m_b=$(printf '%s\n' "${b[@]}" | median)
ratio=$(awk -v a="$m_a" -v b="$m_b" 'BEGIN { printf "%.3f", a / b }')
verdict=$(awk -v r="$ratio" 'BEGIN { print (r <= 1.2) ? "PASS" : "FAIL" }')
sql "DROP TABLE bench_district_partial" >/dev/null
cat <<TABLE

All provinces by tier x head_sex x head_age_group, median of $reps alternating runs, server execution time, $(nproc) cores, load average $(cut -d' ' -f1-3 /proc/loadavg)

| A: published cells, stats.table_cell (ms) | B: GROUP BY over $partials district partials (ms) | A/B | target | verdict |
|---|---|---|---|---|
| $m_a ($rows_a rows, zero cells absent) | $m_b ($rows_b rows) | $ratio | <= 1.2 | $verdict |
TABLE
