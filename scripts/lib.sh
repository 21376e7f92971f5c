# Shared by run.sh and test.sh: prerequisites and the database they point at.
repo=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
cd "$repo"

need_dotnet() {
  command -v dotnet >/dev/null 2>&1 || { echo "dotnet not found. Fix: install the .NET 10 SDK (https://dot.net) and rerun" >&2; exit 1; }
}

# npm fetches the region package on first use; a cached, hash-checked tarball needs no npm.
need_npm() {
  [ -f "$repo/.local/cache/idn-area-data-4.0.1.tgz" ] && return
  install_npm
}

install_npm() {
  command -v npm >/dev/null 2>&1 && return
  if [ "$(id -u)" = 0 ] && command -v apt-get >/dev/null 2>&1; then
    echo "setup: installing npm (fetches the region package idn-area-data and the OpenAPI linter)" >&2
    DEBIAN_FRONTEND=noninteractive apt-get update -qq >/dev/null && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq npm >/dev/null
  else
    echo "npm not found. Fix: sudo apt-get install -y npm" >&2; exit 1
  fi
}

# Node tools the tests run, each pinned by tools/NAME/package-lock.json and installed with npm ci into the ignored
# .local/tools/NAME; again only when the pin changes. Nothing unpinned is fetched. A failed install does not stop the
# run: the tests that need the tool then fail saying it is missing, and the other tests still report.
need_npm_tool() {
  local name=$1 bin=$2 pin="$repo/tools/$1" dir="$repo/.local/tools/$1" out
  [ -x "$dir/node_modules/.bin/$bin" ] && cmp -s "$pin/package-lock.json" "$dir/package-lock.json" && return
  (install_npm) || return 1
  echo "setup: installing $name (npm ci of tools/$name into .local/tools/$name)" >&2
  rm -rf "$dir" && mkdir -p "$dir" && cp "$pin/package.json" "$pin/package-lock.json" "$dir/"
  if out=$(cd "$dir" && npm ci --engine-strict --no-audit --no-fund --loglevel=error 2>&1) \
     && "$dir/node_modules/.bin/$bin" --version >/dev/null 2>&1; then
    return
  fi
  rm -rf "$dir"
  echo "$out" >&2
  if [[ "$out" == *EBADENGINE* ]]; then
    echo "$name not installed: a package of tools/$name does not support Node.js $(node -v). Fix: install Node.js 22 (https://nodejs.org/en/download) and rerun" >&2
  else
    echo "$name not installed (npm ci failed, see above). Fix: make the npm registry reachable ($(npm config get registry)) and rerun" >&2
  fi
  return 1
}

# The OpenAPI lint test runs Redocly CLI (tools/openapi-lint).
need_openapi_linter() { need_npm_tool openapi-lint redocly; }

# The contract tests run openapi-typescript, tsc, openapi-fetch and ajv (tools/contract).
need_contract_tools() { need_npm_tool contract tsc; }

# The browser tests drive Debian's Chromium headless (Playwright never downloads a browser here). As with the
# linter, a failed install does not stop the run: those tests then fail naming the fix, and the rest still report.
need_chromium() {
  [ -x /usr/bin/chromium ] && return
  if [ "$(id -u)" = 0 ] && command -v apt-get >/dev/null 2>&1; then
    echo "setup: installing chromium (the browser tests drive it headless)" >&2
    DEBIAN_FRONTEND=noninteractive apt-get update -qq >/dev/null \
      && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium >/dev/null && [ -x /usr/bin/chromium ] && return
    echo "chromium could not be installed with apt-get; the browser tests will fail. Fix: apt-get install -y chromium" >&2
  else
    echo "chromium not found at /usr/bin/chromium; the browser tests will fail. Fix: sudo apt-get install -y chromium" >&2
  fi
  return 1
}

# The embedded cluster is used unless ConnectionStrings__RegsosekAdmin points elsewhere.
uses_embedded_db() { [ -z "${ConnectionStrings__RegsosekAdmin:-}" ]; }
