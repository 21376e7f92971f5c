#!/usr/bin/env bash
# Scale-out demo: the API reads from a streaming-replication standby through Npgsql's multi-host connection string
# while the admin CLI writes to the primary. Starts a throwaway primary and standby on free loopback ports
# (tests/scale/pg-pair.sh; never the embedded cluster), migrates and loads regions on the primary with the CLI, runs the
# API on "Host=standby,primary;Target Session Attributes=prefer-standby;Load Balance Hosts=true", publishes a small
# synthetic Lampung release on the primary, and checks that the API serves it from the standby.
# Prints one PASS/FAIL line per check and a summary; exits 0 only when every check passed; removes everything it made.
#
# Usage: tests/scale/standby.sh [FAMILIES]   (default 20000 synthetic families)
set -uo pipefail
repo=$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)
cd "$repo"
families=${1:-20000}
pair=tests/scale/pg-pair.sh
release=standby-demo
step() { echo "demo: $*" >&2; }

dir=$(mktemp -d /tmp/regsosek-standby-demo.XXXXXX)
api_pid=""
cleanup() {
  [ -n "$api_pid" ] && kill "$api_pid" 2>/dev/null && wait "$api_pid" 2>/dev/null
  bash "$pair" destroy "$dir" 2>/dev/null
}
trap cleanup EXIT

step "build (Release): CLI and API"
dotnet build src/Regsosek.Cli -c Release -nologo -v quiet -clp:ErrorsOnly >&2 || { echo "standby demo: FAIL (build)"; exit 1; }
dotnet build src/Regsosek.Api -c Release -nologo -v quiet -clp:ErrorsOnly >&2 || { echo "standby demo: FAIL (build)"; exit 1; }
cli() { dotnet src/Regsosek.Cli/bin/Release/net10.0/regsosek.dll "$@"; }
psql_bin=$(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V -r | head -1)/psql
[ -x "$psql_bin" ] || psql_bin=$(command -v psql)

primary_port=$(bash "$pair" free-port)
standby_port=$(bash "$pair" free-port)
while [ "$standby_port" = "$primary_port" ]; do standby_port=$(bash "$pair" free-port); done
api_port=$(bash "$pair" free-port)
while [ "$api_port" = "$primary_port" ] || [ "$api_port" = "$standby_port" ]; do api_port=$(bash "$pair" free-port); done
metrics_port=$(bash "$pair" free-port)
while [ "$metrics_port" = "$primary_port" ] || [ "$metrics_port" = "$standby_port" ] || [ "$metrics_port" = "$api_port" ]; do metrics_port=$(bash "$pair" free-port); done
sql() { # PORT SQL: one value, as the pair's superuser
  PGPASSWORD=$(cat "$dir/superuser.password") "$psql_bin" -X -qAt -h 127.0.0.1 -p "$1" -U postgres -d regsosek -c "$2"
}

bash "$pair" primary "$dir" "$primary_port" || { echo "standby demo: FAIL (could not start the primary)"; exit 1; }
export ConnectionStrings__RegsosekAdmin="Host=127.0.0.1;Port=$primary_port;Database=regsosek;Username=regsosek;Password=regsosek"
export ConnectionStrings__Regsosek="Host=127.0.0.1:$standby_port,127.0.0.1:$primary_port;Database=regsosek;Username=regsosek_api;Password=regsosek_api;Target Session Attributes=prefer-standby;Load Balance Hosts=true"
step "migrate and load regions on the primary (127.0.0.1:$primary_port)"
cli migrate >/dev/null || { echo "standby demo: FAIL (migrate)"; exit 1; }
cli regions load >&2 || { echo "standby demo: FAIL (regions load)"; exit 1; }
bash "$pair" standby "$dir" "$primary_port" "$standby_port" || { echo "standby demo: FAIL (could not start the standby)"; exit 1; }

step "API on 127.0.0.1:$api_port, connection string: ${ConnectionStrings__Regsosek/Password=regsosek_api/Password=***}"
# Started from its build folder, so it reads its appsettings.json; the API log goes to $dir/api.log.
(cd src/Regsosek.Api/bin/Release/net10.0 && exec env Urls="http://127.0.0.1:$api_port" Metrics__Port="$metrics_port" dotnet Regsosek.Api.dll) >"$dir/api.log" 2>&1 &
api_pid=$!
api="http://127.0.0.1:$api_port"
for _ in $(seq 1 150); do
  [ "$(curl -s -o /dev/null -w '%{http_code}' "$api/health/ready")" = 200 ] && break
  kill -0 "$api_pid" 2>/dev/null || { cat "$dir/api.log" >&2; echo "standby demo: FAIL (the API did not start)"; exit 1; }
  sleep 0.2
done

step "publish a release of $families synthetic Lampung families on the primary"
cli generate --scope 18 --families "$families" -o "$dir/$release.csv.gz" >&2 \
  && cli import "$dir/$release.csv.gz" --release "$release" --description "Scale-out demo (synthetic)" >&2 \
  && cli publish --release "$release" >&2 \
  || { echo "standby demo: FAIL (generate, import or publish on the primary)"; exit 1; }

step "ask the API for the current release until the standby has replayed the publication"
latest=""
for _ in $(seq 1 100); do
  latest=$(curl -s "$api/api/v1/releases/latest")
  [[ "$latest" == *"\"$release\""* ]] && break
  sleep 0.2
done
statistics_status=$(curl -s -o "$dir/statistics.json" -w '%{http_code}' "$api/api/v1/regions/18/statistics")
# A custom table reads stats.table_cell (published cells only): it must be answered from the standby as well.
table_status=$(curl -s -o "$dir/table.csv" -w '%{http_code}' "$api/api/v1/statistics/tables.csv?by=tier,head_sex&region=18")
table_rows=$(grep -c ',18,Lampung,province,families,' "$dir/table.csv" 2>/dev/null || echo 0)
# /metrics answers only on the metrics port (loopback), never on the API's own.
metrics=$(curl -s "http://127.0.0.1:$metrics_port/metrics")
operations_on() { # PORT: database operations of the API's pool on that server, from /metrics
  echo "$metrics" | awk -v port="server_port=\"$1\"" '/^db_client_operation_duration_seconds_count/ && /db_client_connection_pool_name="regsosek-api"/ && index($0, port) { n += $NF } END { print n + 0 }'
}
standby_ops=$(operations_on "$standby_port")
primary_ops=$(operations_on "$primary_port")
in_recovery=$(sql "$standby_port" "SELECT pg_is_in_recovery()")
replicated=$(sql "$standby_port" "SELECT count(*) FROM stats.release WHERE name = '$release' AND status = 'published'")
replicated_cells=$(sql "$standby_port" "SELECT count(*) FROM stats.table_cell c JOIN stats.release r ON r.id = c.release_id WHERE r.name = '$release'")
# pg_stat_activity keeps each session's last statement. Npgsql runs two of its own on a new connection: its type catalogue
# query and a probe of whether the server is a standby (SHOW default_transaction_read_only); neither is an API statement.
api_sessions="SELECT count(*) FROM pg_stat_activity WHERE application_name = 'regsosek-api'"
api_statements="$api_sessions AND query <> '' AND query NOT LIKE 'SELECT version();%' AND query <> 'SHOW default_transaction_read_only'"
standby_sessions=$(sql "$standby_port" "$api_statements")
primary_sessions=$(sql "$primary_port" "$api_statements")
primary_connections=$(sql "$primary_port" "$api_sessions")
standby_connections=$(sql "$standby_port" "$api_sessions")

passed=0 failed=0
check() { # DESCRIPTION CONDITION...
  local description=$1; shift
  if "$@"; then echo "PASS  $description"; passed=$((passed + 1)); else echo "FAIL  $description"; failed=$((failed + 1)); fi
}
echo
echo "standby demo: primary 127.0.0.1:$primary_port, standby 127.0.0.1:$standby_port, API $api"
check "the standby is a hot standby in recovery (pg_is_in_recovery() = $in_recovery)" test "$in_recovery" = t
check "the release published on the primary was replicated to the standby ($replicated row)" test "$replicated" = 1
check "the API serves it as the current release (GET /api/v1/releases/latest)" test -n "$(echo "$latest" | grep -F "\"$release\"")"
check "the API serves its statistics (GET /api/v1/regions/18/statistics -> $statistics_status)" test "$statistics_status" = 200
check "the API serves a custom table (GET /api/v1/statistics/tables.csv?by=tier,head_sex&region=18 -> $table_status, $table_rows rows: total + 4 x 2)" \
  test "$table_status" = 200 -a "$table_rows" = 9
check "its published cells were replicated to the standby ($replicated_cells rows of stats.table_cell)" test "$replicated_cells" -gt 0
check "the API's queries ran on the standby (/metrics: $standby_ops operations, $standby_connections connections)" \
  test "$standby_ops" -gt "$standby_connections"
check "on the primary only Npgsql's standby probe ran (/metrics: $primary_ops operations, $primary_connections connections)" \
  test "$primary_ops" -le "$primary_connections"
check "pg_stat_activity: API sessions whose last statement was the API's: standby $standby_sessions, primary $primary_sessions" \
  test "$standby_sessions" -gt 0 -a "$primary_sessions" = 0
if [ "$failed" != 0 ]; then
  echo "API sessions on the primary, last statement:"
  sql "$primary_port" "SELECT left(regexp_replace(query, '\s+', ' ', 'g'), 120) FROM pg_stat_activity WHERE application_name = 'regsosek-api'"
fi
echo "standby demo: $([ "$failed" = 0 ] && echo PASS || echo FAIL) ($passed passed, $failed failed)"
[ "$failed" = 0 ]
