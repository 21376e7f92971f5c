# Shared by the benchmarks: tools they need, a database of their own (pipeline), API load set-up (api, soak).
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

# drop_bench_database DB: the sessions of other roles (an API just stopped, psql) are given 15 s to end first; one still
# there then is named by the error. Autovacuum has no usename, so it is not waited for. DROP ... WITH (FORCE) ends the
# admin role's own sessions, but a role that is not superuser may not end autovacuum, which runs as the bootstrap
# superuser (after a national import it was still vacuuming the new partition, the drop was refused and 17 GB stayed
# behind); a plain DROP ends autovacuum itself, so the attempts alternate. An exiting session leaves pg_stat_activity a
# moment before it leaves the server, so a refused DROP is tried again (6 times in all).
drop_bench_database() {
  local attempt err force
  err=$(mktemp)
  for attempt in 1 2 3 4 5 6; do
    force=" WITH (FORCE)"; [ $((attempt % 2)) = 0 ] && force=""
    psql -X -q -v ON_ERROR_STOP=1 -d postgres -c "DO \$\$ BEGIN
        FOR attempt IN 1..150 LOOP
          PERFORM pg_stat_clear_snapshot();
          EXIT WHEN NOT EXISTS (SELECT 1 FROM pg_stat_activity WHERE datname = '$1' AND usename <> current_user);
          PERFORM pg_sleep(0.1);
        END LOOP;
      END \$\$" -c "DROP DATABASE IF EXISTS $1$force" 2>"$err" && { rm -f "$err"; return; }
    sleep 0.2
  done
  cat "$err" >&2; rm -f "$err"
  return 1
}

# write_fixed_only_disclosure FILE: config/disclosure.json without customTables, so a publish with --disclosure FILE
# gives the release the fixed tables only (the benchmarks' price of the custom tables).
write_fixed_only_disclosure() {
  python3 -c 'import json,sys; s=json.load(open("config/disclosure.json")); s.pop("customTables"); json.dump(s, open(sys.argv[1], "w"))' "$1"
}

# median: the median of the numbers on standard input, one per line.
median() { sort -g | awk '{ v[NR] = $1 } END { print (NR % 2) ? v[(NR + 1) / 2] : (v[NR / 2] + v[NR / 2 + 1]) / 2 }'; }

# need_tool COMMAND DEBIAN_PACKAGE: installs the package with apt-get when running as root, else names the fix.
need_tool() {
  command -v "$1" >/dev/null 2>&1 && return
  if [ "$(id -u)" = 0 ] && command -v apt-get >/dev/null 2>&1; then
    echo "setup: installing $2 (apt-get)" >&2
    DEBIAN_FRONTEND=noninteractive apt-get update -qq >/dev/null && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "$2" >/dev/null
  else
    echo "$1 not found. Fix: sudo apt-get install -y $2" >&2; exit 1
  fi
}

# need_load_tools PREFIX CPUS_SETTING: what the load benchmarks run (dotnet, wrk, curl, taskset). With one CPU the
# load generator has to share the server's core: load_cpus becomes 0, with a warning unless CPUS_SETTING is set.
need_load_tools() {
  need_dotnet
  need_tool wrk wrk
  need_tool curl curl
  need_tool taskset util-linux
  if [ "$(nproc)" -lt 2 ] && [ -z "${!2:-}" ]; then
    echo "$1: only $(nproc) CPU; the load generator shares the server's core (set $2 to silence this)" >&2
    load_cpus=0
  fi
}

# For the load benchmarks (api.sh, soak.sh), which run API processes against a published release:
# start_load_bench NAME makes the work folder $work, kills every process listed in $pids at exit, and starts the
# embedded cluster (stopped again at exit, as scripts/run.sh does) unless ConnectionStrings__* name a database.
start_load_bench() {
  work=$(mktemp -d "/tmp/regsosek-$1.XXXXXX")
  pids=()
  stop_embedded=false
  trap stop_load_bench EXIT
  if uses_embedded_db; then
    scripts/pg.sh start
    stop_embedded=true
  fi
}

stop_load_bench() {
  for pid in "${pids[@]}"; do kill "$pid" 2>/dev/null || true; done
  for pid in "${pids[@]}"; do wait "$pid" 2>/dev/null || true; done
  if $stop_embedded; then scripts/pg.sh stop; fi
}

build_release() {
  echo "build: Release" >&2
  dotnet build Regsosek.sln -c Release -nologo -v quiet -clp:ErrorsOnly >&2
}

cli() { dotnet src/Regsosek.Cli/bin/Release/net10.0/regsosek.dll "$@"; }

# published_release NAME DESCRIPTION [FAMILIES]: migrates, then prints the newest published release; with none, it
# loads the regions and generates, imports and publishes the synthetic Lampung release NAME first (about a minute).
# Needs the Release build.
published_release() {
  local name=$1 description=$2 families=${3:-} release
  cli migrate >&2
  release=$(cli releases list --published --names | tail -n 1)
  if [ -z "$release" ]; then
    release=$name
    echo "bench: no published release; generating, importing and publishing the synthetic Lampung release ($release)" >&2
    need_npm
    cli regions load >&2
    cli generate --scope lampung ${families:+--families "$families"} -o "$work/$release.csv" >&2
    cli import "$work/$release.csv" --release "$release" --description "$description" >&2
    cli publish --release "$release" >&2
    rm -f "$work/$release.csv"
  fi
  echo "$release"
}

# ---- Shared by the load benchmarks (api.sh, tables-api.sh); they set work, pids, server_cpus, load_cpus, connections, seconds ----

# start_server NAME PORT DIR DLL READY_PATH [VAR=value ...]: the process id is the server's own (exec), so it can be
# measured in /proc; with NAME ending in +time it runs under /usr/bin/time, which reports its peak RSS at exit.
start_server() {
  local name=$1 port=$2 dir=$3 dll=$4 ready=$5; shift 5
  local timed=()
  [[ $name == *+time ]] && timed=(/usr/bin/time -f "maxrss_kb=%M" -o "$work/${name%+time}.time")
  name=${name%+time}
  # The request log goes to stdout: discarded, as a log shipper would take it, without filling the disk.
  (cd "$dir" && exec env "Urls=http://127.0.0.1:$port" "$@" "${timed[@]}" taskset -c "$server_cpus" dotnet "$dll") \
    >/dev/null 2>"$work/$name.err" &
  pids+=($!)
  eval "pid_$name=$!"
  for _ in $(seq 1 120); do
    curl -sf -o /dev/null "http://127.0.0.1:$port$ready" && return
    kill -0 "$!" 2>/dev/null || break
    sleep 0.5
  done
  echo "bench: $name did not start on port $port:" >&2; cat "$work/$name.err" >&2; exit 1
}

# CPU time (user + system) the server process has used, in microseconds.
cpu_us() { awk -v hz="$(getconf CLK_TCK)" '{ printf "%.0f", ($14 + $15) * 1e6 / hz }' "/proc/$1/stat"; }

# wrk_run LABEL SERVER_PID URL [wrk args]: one run; appends the BENCH line's fields and the server's CPU time per
# request (less sensitive than throughput to other load on the machine) to $work/LABEL.runs.
wrk_run() {
  local label=$1 server=$2 url=$3; shift 3
  local out line cpu_before cpu_after
  cpu_before=$(cpu_us "$server")
  out=$(taskset -c "$load_cpus" wrk -t1 -c"$connections" -d"${seconds}s" --timeout 60s -s bench/wrk/report.lua "$@" "$url")
  cpu_after=$(cpu_us "$server")
  line=$(grep '^BENCH ' <<<"$out") || { echo "bench: wrk printed no result for $label:" >&2; echo "$out" >&2; exit 1; }
  line=${line#BENCH }
  line="$line cpu_us_per_request=$(awk -v c=$((cpu_after - cpu_before)) -v n="$(sed 's/.*requests=\([0-9]*\).*/\1/' <<<"$line")" 'BEGIN { printf "%.1f", n ? c / n : 0 }')"
  if [[ $line != *" errors=0 "* ]]; then
    echo "bench: $label had errors (non-2xx/3xx or socket errors): $line" >&2; exit 1
  fi
  echo "$line" >>"$work/$label.runs"
  printf 'bench: %-22s %s\n' "$label" "$line" >&2
}

# field LABEL NAME: the values of one field over the runs of LABEL, one per line.
field() { sed -n "s/.*\b$2=\([0-9.]*\).*/\1/p" "$work/$1.runs"; }
med() { field "$1" "$2" | median; }


expect_status() { # expected URL [curl args]
  local expected=$1 url=$2; shift 2
  local got; got=$(curl -s -o /dev/null -w '%{http_code}' "$@" "$url")
  [ "$got" = "$expected" ] || { echo "bench: $url answered $got, expected $expected" >&2; exit 1; }
}
