#!/usr/bin/env bash
# Three processes on one endpoint whose limit (6,000 RPM) the simulated
# server enforces for all of them together, measured side by side:
#   shared: 3 x `run --worker` with "shared" (limits in Redis), each configured
#           with the endpoint's whole limit;
#   alone:  3 x `run --shard i/3` without "shared", each configured with the
#           whole limit (what N processes did before shared limits).
# Per setting: model calls accepted by the server per second over the
# slowest process's whole command (setup included, so a lower bound), as a
# share of the limit, and the 429s. A fresh server per setting: its window
# starts full (a minute's worth), so the plan is large enough (SEEDS x 36
# episodes of ~3 calls) that "alone" outruns that first minute.
# Usage: bench/shared_limits_bench.sh build/crmarena [SEEDS=100]
set -u
BIN=$(readlink -f "$1")
SEEDS=${2:-100}
ROOT="$(cd "$(dirname "$0")/.." && pwd)"
TMP=$(mktemp -d)
PIDS=()
SERVER=
cleanup() {
  for p in "${PIDS[@]}"; do kill -9 "$p" 2>/dev/null; done
  [ -n "$SERVER" ] && kill "$SERVER" 2>/dev/null
  kill_redis
  rm -rf "$TMP"
}
trap cleanup EXIT
source "$ROOT/tests/cli/redis_test_lib.sh"
cd "$TMP"
start_redis
"$BIN" org generate --seed 1 --scale 1 --out org.db >/dev/null 2>&1
"$BIN" tasks generate --org org.db --per-type 4 --seed 1 --out tasks.jsonl >/dev/null 2>&1
echo '[{"name": "sim-rpm", "rpm": 6000}]' > profiles.json
seeds=$(seq -s, 0 $((SEEDS - 1)))

start_server() {
  "$BIN" serve llm --tasks tasks.jsonl --profiles profiles.json --port 0 > server.log 2>&1 &
  SERVER=$!
  for _ in $(seq 1 100); do
    PORT=$(grep -o 'listening on port [0-9]*' server.log | grep -o '[0-9]*$') && [ -n "$PORT" ] && return 0
    sleep 0.05
  done
  echo "serve llm did not start"; exit 1
}
config() {  # config FILE OUT SHARED(0/1)
  local shared=""
  [ "$3" = 1 ] && shared='"shared": {"redis_url": "redis://127.0.0.1:'"$REDIS_PORT"'/0", "namespace": "bench'"$$"'"},'
  cat > "$1" <<JSON
{"org": {"path": "$TMP/org.db"}, "tasks": {"path": "$TMP/tasks.jsonl"},
 "models": [{"name": "sim-rpm", "provider": "openai", "base_url": "http://127.0.0.1:$PORT/v1",
             "api_key_env": "BENCH_KEY", "limits": {"rpm": 6000, "max_concurrency": 100}}],
 "strategies": ["act"], "seeds": [$seeds], "episodes_in_flight": 100, "cache": {"enabled": false},
 "prompts": {"dir": "$ROOT/configs/prompts"}, $shared "output": {"dir": "$2"}}
JSON
}
export BENCH_KEY=not-a-secret
measure() {  # measure LABEL: the three logs p0..p2.log
  local calls=0 r429=0 secs=0 eps=0
  for i in 0 1 2; do
    local line req q s w
    line=$(grep 'model requests' "p$i.log")
    req=$(echo "$line" | grep -o 'model requests [0-9]*' | grep -o '[0-9]*$')
    q=$(echo "$line" | grep -o "429s [0-9]*" | grep -o '[0-9]*$')
    s=$(grep -o 'written in [0-9.]* s' "p$i.log" | grep -o '[0-9.]*' | head -1)
    w=$(grep -o '^[0-9]* episodes written' "p$i.log" | grep -o '^[0-9]*')
    calls=$((calls + req - q)); r429=$((r429 + q)); eps=$((eps + w))
    secs=$(awk -v a="$secs" -v b="$s" 'BEGIN {print (b > a) ? b : a}')
  done
  awk -v l="$1" -v c="$calls" -v s="$secs" -v q="$r429" -v e="$eps" 'BEGIN {
    printf "%-44s %8d %9d %8.1f %10.1f %8.1f%% %7d\n", l, e, c, s, 60 * c / s, 100 * (60 * c / s) / 6000, q }'
}
printf "%-44s %8s %9s %8s %10s %9s %7s\n" "setting (3 processes, limit 6,000 RPM)" episodes "calls ok" seconds "calls/min" "of limit" "429s"

start_server
config shared.json "$TMP/shared" 1
for i in 0 1 2; do "$BIN" run shared.json --worker --no-report --quiet > "p$i.log" 2>&1 & PIDS[$i]=$!; done
for i in 0 1 2; do wait "${PIDS[$i]}"; done
measure "shared (--worker, limits in Redis)"
mkdir -p shared_logs && mv p?.log shared_logs/
kill "$SERVER"; wait "$SERVER" 2>/dev/null; SERVER=

start_server
config alone.json "$TMP/alone" 0
for i in 0 1 2; do "$BIN" run alone.json --shard "$i/3" --out "$TMP/alone-$i" --no-report --quiet > "p$i.log" 2>&1 & PIDS[$i]=$!; done
for i in 0 1 2; do wait "${PIDS[$i]}"; done
measure "alone (--shard i/3, each the whole limit)"
