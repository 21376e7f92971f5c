# Shared by the release-pipeline benchmarks: tools they need and a database of their own.
source "$(dirname "${BASH_SOURCE[0]}")/../scripts/lib.sh"

need_bench_tools() {
  command -v psql >/dev/null || { echo "psql not found. Fix: sudo apt-get install -y postgresql-client" >&2; exit 1; }
  [ -x /usr/bin/time ] || { echo "/usr/bin/time not found. Fix: sudo apt-get install -y time" >&2; exit 1; }
}

# Points the CLI (ConnectionStrings__RegsosekAdmin) and psql (libpq variables) at database $1 on the embedded
# cluster, or on the server ConnectionStrings__RegsosekAdmin names; the database itself is made by the caller.
use_bench_database() {
  local admin_base
  if uses_embedded_db; then
    scripts/pg.sh start
    admin_base="Host=127.0.0.1;Port=${REGSOSEK_PG_PORT:-54329};Username=regsosek;Password=regsosek"
  else
    admin_base=$(sed -E 's/(^|;)Database=[^;]*//I' <<<"$ConnectionStrings__RegsosekAdmin")
  fi
  export ConnectionStrings__RegsosekAdmin="$admin_base;Database=$1"
  pg_field() { sed -nE "s/.*(^|;)$1=([^;]*).*/\2/Ip" <<<"$admin_base"; }
  PGHOST=$(pg_field Host); PGPORT=$(pg_field Port); PGUSER=$(pg_field Username); PGPASSWORD=$(pg_field Password)
  export PGHOST PGPORT=${PGPORT:-5432} PGUSER PGPASSWORD
}
