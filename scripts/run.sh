#!/usr/bin/env bash
# Starts everything on the embedded default: PostgreSQL, migrations, regions, the demo release,
# then the API on http://127.0.0.1:8080 (Swagger UI at /swagger). Ctrl-C stops it all.
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"
need_dotnet; need_npm
if uses_embedded_db; then
  scripts/pg.sh start
  trap 'scripts/pg.sh stop' EXIT
fi
echo "build: Release" >&2
dotnet build Regsosek.sln -c Release -nologo -v quiet -clp:ErrorsOnly
cli() { dotnet src/Regsosek.Cli/bin/Release/net10.0/regsosek.dll "$@"; }
cli migrate
cli regions load
# A new user sees real-looking numbers at once: the first run builds a synthetic Lampung release.
demo=regsosek-2022-lampung-demo
if [ -z "$(cli releases list --published --names)" ]; then
  echo "demo: no published release yet; generating, importing and publishing the synthetic Lampung demo ($demo)" >&2
  mkdir -p .local/data
  cli generate --scope lampung -o .local/data/$demo.csv
  cli import .local/data/$demo.csv --release $demo --description "Synthetic Lampung demo (seeded, not real data)"
  cli publish --release $demo
  rm -f .local/data/$demo.csv
fi
echo "api: serving on ${Urls:-http://127.0.0.1:8080} (Swagger UI at /swagger)" >&2
dotnet run --project src/Regsosek.Api -c Release --no-build
