#!/usr/bin/env bash
# A throwaway PostgreSQL primary and a streaming-replication standby on loopback, in a folder of their own,
# for the scale-out demo (tests/scale/standby.sh) and the standby failover test. Never touches the embedded cluster.
#
#   pg-pair.sh primary DIR PORT                 initdb + start a primary in DIR/primary; roles regsosek, regsosek_api
#                                               (the embedded cluster's development passwords) and database regsosek
#   pg-pair.sh standby DIR PRIMARY_PORT PORT    pg_basebackup -R from the primary into DIR/standby, start it, wait until it streams
#   pg-pair.sh crash DIR primary|standby        stop that server at once (immediate mode, as in a crash)
#   pg-pair.sh destroy DIR                      stop both and remove DIR
#   pg-pair.sh free-port                        print a loopback port nothing listens on
#
# As root the servers run as the `postgres` user (PostgreSQL refuses root). Progress goes to stderr.
set -euo pipefail

log() { echo "pg-pair: $*" >&2; }
die() { echo "pg-pair: $*" >&2; exit 1; }

find_bindir() {
  local d
  for d in $(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V -r); do
    [ -x "$d/initdb" ] && [ -x "$d/pg_basebackup" ] && { echo "$d"; return; }
  done
  command -v initdb >/dev/null 2>&1 && { dirname "$(readlink -f "$(command -v initdb)")"; return; }
  die "PostgreSQL server binaries not found. Fix: apt-get install -y postgresql (scripts/pg.sh start installs it)"
}

if [ "$(id -u)" = 0 ]; then as_pg=(runuser -u postgres --); else as_pg=(); fi

port_is_free() { ! (exec 3<>"/dev/tcp/127.0.0.1/$1") 2>/dev/null; }

# Outside the kernel's ephemeral range: a port chosen there can be handed to another socket (a test server asking for
# port 0, an outgoing connection) before the standby, started a few seconds later, binds it.
free_port() {
  local port low high ephemeral_low ephemeral_high
  read -r ephemeral_low ephemeral_high < /proc/sys/net/ipv4/ip_local_port_range 2>/dev/null || { ephemeral_low=32768; ephemeral_high=60999; }
  if [ $((65535 - ephemeral_high)) -ge 1000 ]; then low=$((ephemeral_high + 1)) high=65535
  else low=$((ephemeral_low > 11024 ? ephemeral_low - 10000 : 1024)) high=$((ephemeral_low - 1)); fi
  for _ in $(seq 1 200); do
    port=$((low + RANDOM % (high - low + 1)))
    port_is_free "$port" && { echo "$port"; return; }
  done
  die "no free loopback port found in $low-$high"
}

superuser_password() { cat "$1/superuser.password"; }

pg_ctl_in() { "${as_pg[@]}" "$bindir/pg_ctl" -D "$1" "${@:2}"; }

start_server() {
  local data=$1 name=$2
  pg_ctl_in "$data" -l "$data/server.log" -w -t 60 start >/dev/null \
    || { tail -n 20 "$data/server.log" >&2; die "$name did not start; see $data/server.log"; }
}

primary() {
  local dir=$1 port=$2 data=$1/primary pwfile
  port_is_free "$port" || die "port $port is in use"
  mkdir -p "$dir"
  [ -n "${as_pg[*]}" ] && chown postgres "$dir"
  chmod 700 "$dir"
  (umask 077; head -c 18 /dev/urandom | base64 | tr -d '/+=' > "$dir/superuser.password")
  pwfile=$(mktemp -p "$dir")
  cp "$dir/superuser.password" "$pwfile"
  [ -n "${as_pg[*]}" ] && chown postgres "$pwfile" "$dir/superuser.password"
  log "initdb primary in $data (port $port)"
  "${as_pg[@]}" "$bindir/initdb" -D "$data" -U postgres --pwfile="$pwfile" --auth=scram-sha-256 --no-sync \
    --encoding=UTF8 --locale=C.UTF-8 >"$dir/initdb.log" 2>&1 || { rm -f "$pwfile"; die "initdb failed, see $dir/initdb.log"; }
  rm -f "$pwfile"
  # A throwaway pair: durability is not wanted, speed is (so also initdb and pg_basebackup --no-sync). Replication settings are PostgreSQL's defaults made explicit.
  cat >>"$data/postgresql.conf" <<CONF
listen_addresses = '127.0.0.1'
port = $port
unix_socket_directories = ''
max_connections = 100
fsync = off
synchronous_commit = off
full_page_writes = off
wal_level = replica
max_wal_senders = 4
wal_keep_size = 512MB
hot_standby = on
CONF
  start_server "$data" primary
  PGPASSWORD=$(superuser_password "$dir") "$bindir/psql" -X -q -v ON_ERROR_STOP=1 -h 127.0.0.1 -p "$port" -U postgres -d postgres <<'SQL'
CREATE ROLE regsosek LOGIN CREATEDB CREATEROLE PASSWORD 'regsosek';
CREATE ROLE regsosek_api LOGIN PASSWORD 'regsosek_api';
CREATE DATABASE regsosek OWNER regsosek;
SQL
  log "primary ready on 127.0.0.1:$port"
}

standby() {
  local dir=$1 primary_port=$2 port=$3 data=$1/standby
  port_is_free "$port" || die "port $port is in use"
  log "pg_basebackup -R from 127.0.0.1:$primary_port into $data"
  # -R writes standby.signal and primary_conninfo (with this password) into the copy: it starts as a streaming standby.
  "${as_pg[@]}" env PGPASSWORD="$(superuser_password "$dir")" \
    "$bindir/pg_basebackup" -h 127.0.0.1 -p "$primary_port" -U postgres -D "$data" -R -X stream --checkpoint=fast --no-sync \
    >"$dir/basebackup.log" 2>&1 || die "pg_basebackup failed, see $dir/basebackup.log"
  echo "port = $port" | "${as_pg[@]}" tee -a "$data/postgresql.auto.conf" >/dev/null
  start_server "$data" standby
  local state=""
  for _ in $(seq 1 100); do
    state=$(PGPASSWORD=$(superuser_password "$dir") "$bindir/psql" -X -qAt -h 127.0.0.1 -p "$primary_port" -U postgres -d postgres \
      -c "SELECT state FROM pg_stat_replication LIMIT 1" 2>/dev/null || true)
    [ "$state" = streaming ] && break
    sleep 0.1
  done
  [ "$state" = streaming ] || die "standby started but is not streaming from the primary (state '$state'); see $data/server.log"
  log "standby ready on 127.0.0.1:$port, streaming from 127.0.0.1:$primary_port"
}

crash() {
  local data=$1/$2
  [ -f "$data/postmaster.pid" ] || die "$2 is not running"
  pg_ctl_in "$data" -m immediate -w stop >/dev/null
  log "$2 stopped in immediate mode"
}

destroy() {
  local dir=$1 server
  [ -d "$dir" ] || return 0
  for server in standby primary; do
    if [ -f "$dir/$server/postmaster.pid" ]; then
      pg_ctl_in "$dir/$server" -m immediate -w stop >/dev/null 2>&1 || true
    fi
  done
  rm -rf "$dir"
  log "removed $dir"
}

case "${1:-}" in
  primary) [ $# = 3 ] || die "usage: pg-pair.sh primary DIR PORT"; bindir=$(find_bindir); primary "$2" "$3" ;;
  standby) [ $# = 4 ] || die "usage: pg-pair.sh standby DIR PRIMARY_PORT PORT"; bindir=$(find_bindir); standby "$2" "$3" "$4" ;;
  crash) [ $# = 3 ] && [[ "$3" =~ ^(primary|standby)$ ]] || die "usage: pg-pair.sh crash DIR primary|standby"; bindir=$(find_bindir); crash "$2" "$3" ;;
  destroy) [ $# = 2 ] || die "usage: pg-pair.sh destroy DIR"; bindir=$(find_bindir); destroy "$2" ;;
  free-port) free_port ;;
  *) die "usage: pg-pair.sh primary|standby|crash|destroy|free-port ..." ;;
esac
