#!/usr/bin/env bash
# Runs every test against a real PostgreSQL (the embedded one unless ConnectionStrings__* say
# otherwise) and ends with one line: tests: N passed, N failed[, N skipped].
set -uo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"
need_dotnet; need_npm; need_openapi_linter; need_contract_tools; need_chromium
if uses_embedded_db; then
  started=0
  scripts/pg.sh status >/dev/null 2>&1 || started=1
  scripts/pg.sh start || { echo "PostgreSQL could not be started; the tests need it" >&2; echo "tests: 0 passed, 1 failed"; exit 1; }
  [ "$started" = 1 ] && trap 'scripts/pg.sh stop' EXIT
fi
log=$(mktemp)
dotnet test Regsosek.sln -c Release -nologo --logger "console;verbosity=normal" 2>&1 | tee "$log"
status=${PIPESTATUS[0]}
# dotnet test prints a summary per test assembly; add them up into the line CI reads.
summary=$(awk '/^ +(Passed|Failed|Skipped): +[0-9]+ *$/ { gsub(/:/, "", $1); n[$1] += $2; seen = 1 }
     END { if (!seen) n["Failed"] = 1
           line = sprintf("tests: %d passed, %d failed", n["Passed"], n["Failed"])
           if (n["Skipped"] > 0) line = line sprintf(", %d skipped", n["Skipped"])
           print line }' "$log")
# CI shows only the end of the output: name each failed test and its message again just above the summary.
failures=$(awk '/^ +Failed [A-Za-z_][^ ]* \[/ { show = !seen[$2]++; lines = 0 }
     /^ +(Passed|Skipped) [A-Za-z_]/ { show = 0 }
     /^ +Stack Trace:/ { if (show) trace = 3; show = 0 }
     trace && /Regsosek\.Tests.*:line [0-9]+/ && !printed[$0]++ { print; trace-- }
     /^ +(Passed|Skipped|Failed) [A-Za-z_]/ && !show { trace = 0 }
     show && lines++ < 25' "$log")
if [ -n "$failures" ]; then echo; echo "Failed tests:"; echo "$failures"; echo; fi
rm -f "$log"
# Stop the cluster before the summary so that the summary is the last line.
if [ "${started:-0}" = 1 ]; then trap - EXIT; scripts/pg.sh stop; fi
echo "$summary"
[ "$status" = 0 ] && [[ "$summary" == *" 0 failed"* ]]
