#!/usr/bin/env bash
# Project-local PostgreSQL cluster: initdb + pg_ctl into .local/pg, loopback only, its own port.
# Usage: scripts/pg.sh start|stop|status|env
# Idempotent. As root the server runs as the `postgres` user (PostgreSQL refuses root).
set -euo pipefail

repo=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
port=${REGSOSEK_PG_PORT:-54329}
state="$repo/.local/pg"
log() { echo "pg: $*" >&2; }
die() { echo "pg: $*" >&2; exit 1; }

find_bindir() {
  local d
  if command -v pg_config >/dev/null 2>&1; then
    d=$(pg_config --bindir 2>/dev/null || true)
    [ -x "$d/initdb" ] && { echo "$d"; return; }
  fi
  for d in $(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V -r); do
    [ -x "$d/initdb" ] && { echo "$d"; return; }
  done
  command -v initdb >/dev/null 2>&1 && { dirname "$(readlink -f "$(command -v initdb)")"; return; }
  return 1
}

ensure_binaries() {
  bindir=$(find_bindir) && return
  if [ "$(id -u)" = 0 ] && command -v apt-get >/dev/null 2>&1; then
    log "PostgreSQL server binaries not found; installing with apt-get (postgresql)"
    DEBIAN_FRONTEND=noninteractive apt-get update -qq >/dev/null
    DEBIAN_FRONTEND=noninteractive apt-get install -y -qq postgresql >/dev/null
    bindir=$(find_bindir) || die "postgresql installed but initdb not found"
    return
  fi
  die "PostgreSQL server binaries not found. Fix: sudo apt-get install -y postgresql"
}

# As root, the data folder must belong to `postgres` and every folder above it must be
# traversable by that user; a repo under /root is not, so fall back to a folder it owns.
resolve_datadir() {
  if [ "$(id -u)" != 0 ]; then datadir="$state/data"; run_as=(); return; fi
  id postgres >/dev/null 2>&1 || useradd --system --home-dir /var/lib/postgresql --shell /bin/bash postgres
  run_as=(runuser -u postgres --)
  mkdir -p "$state"
  if "${run_as[@]}" test -x "$state"; then
    datadir="$state/data"
  else
    datadir="/var/tmp/regsosek-pg-$(echo -n "$repo" | sha1sum | cut -c1-12)"
    log "repo not traversable by postgres; data folder is $datadir"
  fi
}

superuser_password() { cat "$state/superuser.password"; }

psql_super() {
  PGPASSWORD=$(superuser_password) "$bindir/psql" -X -q -v ON_ERROR_STOP=1 \
    -h 127.0.0.1 -p "$port" -U postgres -d postgres "$@"
}

is_running() { [ -f "$datadir/postmaster.pid" ] && "${run_as[@]}" "$bindir/pg_ctl" -D "$datadir" status >/dev/null 2>&1; }

init_cluster() {
  [ -f "$datadir/PG_VERSION" ] && return
  log "initdb into $datadir (port $port)"
  mkdir -p "$state" "$datadir"
  [ -f "$state/superuser.password" ] || (umask 077; head -c 18 /dev/urandom | base64 | tr -d '/+=' > "$state/superuser.password")
  local pwfile; pwfile=$(mktemp)
  cp "$state/superuser.password" "$pwfile"
  if [ -n "${run_as[*]}" ]; then chown postgres "$datadir" "$pwfile"; chmod 700 "$datadir"; fi
  "${run_as[@]}" "$bindir/initdb" -D "$datadir" -U postgres --pwfile="$pwfile" \
    --auth=scram-sha-256 --encoding=UTF8 --locale=C.UTF-8 >"$state/initdb.log" 2>&1 \
    || { rm -f "$pwfile"; die "initdb failed, see $state/initdb.log"; }
  rm -f "$pwfile"
  cat >>"$datadir/postgresql.conf" <<CONF
listen_addresses = '127.0.0.1'
port = $port
unix_socket_directories = ''
max_connections = 200
shared_buffers = 512MB
work_mem = 64MB
maintenance_work_mem = 512MB
max_wal_size = 8GB
fsync = on
synchronous_commit = off
CONF
}

# Roles and database of the embedded default; the passwords are the documented dev defaults
# of a loopback-only cluster (see README), overridden everywhere by ConnectionStrings__* variables.
bootstrap_roles() {
  psql_super <<'SQL'
SELECT 'CREATE ROLE regsosek LOGIN CREATEDB CREATEROLE PASSWORD ''regsosek'''
 WHERE NOT EXISTS (SELECT FROM pg_roles WHERE rolname = 'regsosek') \gexec
SELECT 'CREATE ROLE regsosek_api LOGIN PASSWORD ''regsosek_api'''
 WHERE NOT EXISTS (SELECT FROM pg_roles WHERE rolname = 'regsosek_api') \gexec
SELECT 'CREATE DATABASE regsosek OWNER regsosek'
 WHERE NOT EXISTS (SELECT FROM pg_database WHERE datname = 'regsosek') \gexec
-- A role connects to the databases it is given and no others: every role may connect to a new database, but not to
-- these two (the API role has no business there). The admin role creates and drops databases from postgres.
REVOKE CONNECT, TEMPORARY ON DATABASE postgres, template1 FROM PUBLIC;
GRANT CONNECT ON DATABASE postgres TO regsosek;
SQL
}

start() {
  ensure_binaries; resolve_datadir; init_cluster
  if ! is_running; then
    log "starting on 127.0.0.1:$port"
    "${run_as[@]}" "$bindir/pg_ctl" -D "$datadir" -l "$datadir/server.log" -w -t 60 start >/dev/null \
      || die "pg_ctl start failed; see $datadir/server.log (port $port busy? set REGSOSEK_PG_PORT)"
  fi
  bootstrap_roles
  log "ready on 127.0.0.1:$port"
}

stop() {
  ensure_binaries; resolve_datadir
  if is_running; then "${run_as[@]}" "$bindir/pg_ctl" -D "$datadir" -m fast -w stop >/dev/null; log "stopped"; else log "not running"; fi
}

status() { ensure_binaries; resolve_datadir; if is_running; then log "running on 127.0.0.1:$port ($datadir)"; else log "not running"; return 3; fi; }

case "${1:-}" in
  start) start ;;
  stop) stop ;;
  status) status ;;
  *) die "usage: scripts/pg.sh start|stop|status" ;;
esac
