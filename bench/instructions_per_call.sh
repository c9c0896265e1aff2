#!/usr/bin/env bash
# bench/instructions_per_call.sh — user-space instructions the engine spends
# per model call, counted by callgrind: a figure that does not drift with the
# machine's load the way CPU seconds do (on the 2-core machine the same
# zero-latency sweep measured 72 us and 97 us per call minutes apart).
#
# Runs `crmarena run` (act strategy, 100 in flight, cache off) against
# `crmarena serve llm` twice under callgrind, with 20 and with 40 seeds of 36
# tasks, and divides the difference by the extra model calls, so startup
# (loading tasks, opening the org, TLS roots) cancels out. Prints the whole
# figure and the part spent in the local org's query execution
# (OrgExecutor::RunHere, the environment's work).
#
# Needs valgrind (apt-get install -y valgrind) and a built build/crmarena.
# Usage: bench/instructions_per_call.sh [path/to/crmarena]
# OBSERVATION_FORMAT=json measures with JSON observations (default: official).
# REMOTE_ORG=1: the org is `crmarena serve org` in its own process (the sweep's
# org {"kind": "salesforce"}, over REST), the strategy react (STRATEGY= to
# change), as crm_sweep_bench's remote settings: every instruction counted is
# the engine's. CALLGRIND_KEEP=DIR keeps the callgrind files there.
set -euo pipefail

root="$(cd "$(dirname "$0")/.." && pwd)"
bin="${1:-$root/build/crmarena}"
command -v valgrind >/dev/null || { echo "needs valgrind: apt-get install -y valgrind" >&2; exit 2; }
[[ -x "$bin" ]] || { echo "no crmarena binary at $bin (build first: scripts/build.sh)" >&2; exit 2; }
bin="$(cd "$(dirname "$bin")" && pwd)/$(basename "$bin")"

work="$(mktemp -d /tmp/crm-instructions.XXXXXX)"
server_pid=""
org_pid=""
cleanup() {
  [[ -n "$server_pid" ]] && kill "$server_pid" 2>/dev/null || true
  [[ -n "$org_pid" ]] && kill "$org_pid" 2>/dev/null || true
  rm -rf "$work"
}
trap cleanup EXIT

"$bin" org generate --seed 1 --scale 1 --out "$work/org.db" --quiet
"$bin" tasks generate --org "$work/org.db" --per-type 4 --seed 1 --out "$work/tasks.jsonl" >/dev/null
echo '[{"name": "sim-zero"}]' > "$work/profiles.json"
"$bin" serve llm --tasks "$work/tasks.jsonl" --profiles "$work/profiles.json" --port 0 --threads 1 \
  > "$work/server.log" 2>&1 &
server_pid=$!
listening_port() {  # LOG NAME: the port a server prints it listens on, waiting up to 10 s
  local port=""
  for _ in $(seq 100); do
    port="$(sed -n 's/^listening on port \([0-9]*\).*/\1/p' "$1" | head -1)"
    [[ -n "$port" ]] && break
    sleep 0.1
  done
  [[ -n "$port" ]] || { echo "$2 did not start:" >&2; cat "$1" >&2; return 1; }
  echo "$port"
}
port="$(listening_port "$work/server.log" "serve llm")"

remote="${REMOTE_ORG:-0}"
strategy="${STRATEGY:-act}"
org_json="{\"path\": \"$work/org.db\"}"
if [[ "$remote" == 1 ]]; then
  strategy="${STRATEGY:-react}"
  "$bin" serve org --org "$work/org.db" --port 0 --threads 1 --username ipc@crmarena.test --password pw \
    --security-token TOK --api-limit 1000000000 > "$work/org.log" 2>&1 &
  org_pid=$!
  org_port="$(listening_port "$work/org.log" "serve org")"
  export IPC_SF_USER=ipc@crmarena.test IPC_SF_PASSWORD=pw IPC_SF_TOKEN=TOK
  org_json="{\"kind\": \"salesforce\", \"login_url\": \"http://127.0.0.1:$org_port\", \"api_version\": \"58.0\",
  \"username_env\": \"IPC_SF_USER\", \"password_env\": \"IPC_SF_PASSWORD\", \"security_token_env\": \"IPC_SF_TOKEN\"}"
fi

config() {  # seeds out-dir
  local seeds
  seeds="$(seq -s, 0 $(($1 - 1)))"
  cat <<EOF
{"org": $org_json, "tasks": {"path": "$work/tasks.jsonl"},
 "models": [{"name": "sim-zero", "provider": "openai", "base_url": "http://127.0.0.1:$port/v1",
             "limits": {"max_concurrency": 100}}],
 "strategies": ["$strategy"], "seeds": [$seeds], "episodes_in_flight": 100, "cache": {"enabled": false},
 "prompts": {"dir": "$root/configs/prompts"}, "output": {"dir": "$2"},
 "observation_format": "${OBSERVATION_FORMAT:-official}"}
EOF
}

measure() {  # seeds -> "total_instructions org_instructions model_calls"
  local seeds=$1 out="$work/out-$1"
  config "$seeds" "$out" > "$work/run-$seeds.json"
  valgrind --tool=callgrind --callgrind-out-file="$work/cg-$seeds" \
    "$bin" run "$work/run-$seeds.json" --quiet --no-report > "$work/run-$seeds.log" 2>&1 ||
    { echo "the sweep failed:" >&2; tail -20 "$work/run-$seeds.log" >&2; exit 1; }
  local total org calls
  total="$(callgrind_annotate "$work/cg-$seeds" 2>/dev/null | sed -n 's/^ *\([0-9,]*\) .*PROGRAM TOTALS.*/\1/p' | tr -d ,)"
  org="$(callgrind_annotate --inclusive=yes --auto=no --threshold=100 "$work/cg-$seeds" 2>/dev/null |
         grep 'OrgExecutor::RunHere' | grep -v 'x)' | head -1 | sed 's/^ *\([0-9,]*\) .*/\1/' | tr -d ,)" || true  # none on a remote org
  calls="$(python3 -c "import json,sys
n=0
for line in open(sys.argv[1]):
    d=json.loads(line)
    if d.get('record')=='episode': n+=len(d.get('latencies_ms',[]))
print(n)" "$out/results.jsonl")"
  [[ -n "${CALLGRIND_KEEP:-}" ]] && mkdir -p "$CALLGRIND_KEEP" && cp "$work/cg-$seeds" "$CALLGRIND_KEEP/"
  echo "$total ${org:-0} $calls"
}

read -r total20 org20 calls20 < <(measure 20)
read -r total40 org40 calls40 < <(measure 40)
calls=$((calls40 - calls20))
per_call=$(((total40 - total20) / calls))
org_per_call=$(((org40 - org20) / calls))
echo "org: $([[ "$remote" == 1 ]] && echo "serve org over REST (remote)" || echo "local"), strategy $strategy"
echo "model calls measured:                    $calls (40-seed run minus 20-seed run)"
echo "user-space instructions per call:        $per_call"
echo "  of which local org query execution:    $org_per_call"
echo "  engine without the org:                $((per_call - org_per_call))"
