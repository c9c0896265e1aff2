#!/usr/bin/env bash
# Enforces the dependency rules of ARCHITECTURE.md on #include lines:
#   core/ and engine/ include no Asio, Beast or TBB;
#   core/ and io/ include nothing from engine/, scheduler/ or cli/;
#   engine/ includes nothing from io/, scheduler/ or cli/; core/ nothing from io/.
set -uo pipefail
cd "$(dirname "$0")/.."
status=0
check() {  # check DIR REGEX WHY
  [ -d "$1" ] || return 0
  local hits
  hits=$(grep -rnE "#include[[:space:]]*[<\"]($2)" "$1" --include='*.h' --include='*.cc' --include='*.hpp' --include='*.cpp' || true)
  if [ -n "$hits" ]; then
    echo "layering violation ($3):"
    echo "$hits"
    status=1
  fi
}
check core 'boost/(asio|beast)|tbb/|oneapi/tbb' "core uses no Asio, Beast or TBB"
check engine 'boost/(asio|beast)|tbb/|oneapi/tbb' "engine uses no Asio, Beast or TBB"
check core 'engine/|scheduler/|cli/|io/' "core depends on nothing of ours"
check io 'engine/|scheduler/|cli/' "io knows no engine"
check engine 'io/|scheduler/|cli/' "engine knows no io, scheduler or cli"
check scheduler 'cli/' "scheduler does not depend on cli"
if [ $status -eq 0 ]; then echo "layering: ok"; fi
exit $status
