# Shared by run.sh and test.sh: prerequisites and the database they point at.
repo=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
cd "$repo"

need_dotnet() {
  command -v dotnet >/dev/null 2>&1 || { echo "dotnet not found. Fix: install the .NET 10 SDK (https://dot.net) and rerun" >&2; exit 1; }
}

# npm fetches the region package on first use; a cached, hash-checked tarball needs no npm.
need_npm() {
  [ -f "$repo/.local/cache/idn-area-data-4.0.1.tgz" ] && return
  command -v npm >/dev/null 2>&1 && return
  if [ "$(id -u)" = 0 ] && command -v apt-get >/dev/null 2>&1; then
    echo "setup: installing npm (fetches the region package idn-area-data)" >&2
    DEBIAN_FRONTEND=noninteractive apt-get update -qq >/dev/null && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq npm >/dev/null
  else
    echo "npm not found. Fix: sudo apt-get install -y npm" >&2; exit 1
  fi
}

# The embedded cluster is used unless ConnectionStrings__RegsosekAdmin points elsewhere.
uses_embedded_db() { [ -z "${ConnectionStrings__RegsosekAdmin:-}" ]; }
