#!/usr/bin/env bash
# Runs every test against a real PostgreSQL (the embedded one unless ConnectionStrings__* say
# otherwise) and ends with one line: tests: N passed, N failed[, N skipped].
set -uo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"
need_dotnet; need_npm
if uses_embedded_db; then
  started=0
  scripts/pg.sh status >/dev/null 2>&1 || started=1
  scripts/pg.sh start || { echo "tests: 0 passed, 1 failed (PostgreSQL could not be started)"; exit 1; }
  [ "$started" = 1 ] && trap 'scripts/pg.sh stop' EXIT
fi
log=$(mktemp)
dotnet test Regsosek.sln -c Release -nologo --logger "console;verbosity=normal" 2>&1 | tee "$log"
status=${PIPESTATUS[0]}
# dotnet test prints one summary per test assembly; add them up into the line CI reads.
awk '/(Passed|Failed)! +- Failed:/ {
       gsub(/,/, ""); for (i = 1; i <= NF; i++) { if ($i == "Failed:") f += $(i+1); if ($i == "Passed:") p += $(i+1); if ($i == "Skipped:") s += $(i+1) }
       seen = 1 }
     END { if (!seen) { f = 1 }
           line = sprintf("tests: %d passed, %d failed", p, f); if (s > 0) line = line sprintf(", %d skipped", s); print line }' "$log" > "$log.summary"
rm -f "$log"
summary=$(cat "$log.summary"); rm -f "$log.summary"
echo "$summary"
[ "$status" = 0 ] && [[ "$summary" == *" 0 failed"* ]]
