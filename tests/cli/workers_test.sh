#!/usr/bin/env bash
# Several processes on one sweep, coordinated in Redis (config "shared").
# Usage: workers_test.sh path/to/crmarena PHASE
#   claim          3 workers; one is killed with SIGKILL mid-run; the other two
#                  finish its episodes after its leases expire: every episode
#                  of the plan is done exactly once across the results files,
#                  and `report` and `run --resume` see the union.
#   sigterm        2 workers; one gets SIGTERM mid-run: it drains and exits
#                  130, the other finishes; exactly once.
#   redis-restart  2 workers with shared limits; Redis is killed mid-run and
#                  restarted empty: the workers warn, wait, rebuild the
#                  done-set from the results files and finish; exactly once.
#   redis-lost     1 process with shared limits (not a worker); Redis is
#                  killed mid-run for good: it falls back to its static share
#                  with a warning and completes; exactly once.
set -u
BIN=$(readlink -f "$1")
PHASE=$2
PROMPTS="$(cd "$(dirname "$0")/../../configs/prompts" && pwd)"
TMP=$(mktemp -d)
PIDS=()
cleanup() {
  for p in "${PIDS[@]}"; do kill -9 "$p" 2>/dev/null; done
  kill_redis
  [ -z "${KEEP_TMP:-}" ] && rm -rf "$TMP"
}
trap cleanup EXIT
source "$(dirname "$0")/redis_test_lib.sh"
cd "$TMP"
fail=0
check() {  # check NAME OK(0/1) DETAIL
  if [ "$2" -eq 0 ]; then echo "ok   $1"; else fail=1; echo "FAIL $1: $3"; fi
}
start_redis

cat > slow.json <<'JSON'
{"name": "sim-slow", "description": "SIMULATED, slow", "latency_median_ms": 100, "step_error_rate": 0.05}
JSON
# sweep CONFIG OUT SEEDS RPM
sweep() {
  cat > "$1" <<JSON
{"org": {"path": "$TMP/org.db", "generate": {"seed": 9, "scale": 1}},
 "tasks": {"path": "$TMP/tasks.jsonl", "generate": {"seed": 4, "per_type": 4}},
 "models": [{"name": "sim-slow", "provider": "simulated", "limits": {"rpm": $4, "max_concurrency": 16}}],
 "strategies": ["act", "tool_call"], "seeds": $3, "episodes_in_flight": 4,
 "simulator": {"profiles": ["$TMP/slow.json"]}, "prompts": {"dir": "$PROMPTS"},
 "cache": {"enabled": false},
 "shared": {"redis_url": "redis://127.0.0.1:$REDIS_PORT/0", "namespace": "t$$", "lease_seconds": 2, "workers": 2},
 "output": {"dir": "$2"}}
JSON
}
wait_for_lines() {  # DIR N: until the directory's files hold N episode lines (15 s at most)
  for _ in $(seq 1 300); do
    [ "$(episode_lines "$1")" -ge "$2" ] && return 0
    sleep 0.05
  done
  return 1
}
# Makes the org and tasks once, so the workers start together.
"$BIN" org generate --seed 9 --scale 1 --out "$TMP/org.db" >/dev/null 2>&1
"$BIN" tasks generate --org "$TMP/org.db" --per-type 4 --seed 4 --out "$TMP/tasks.jsonl" >/dev/null 2>&1

case "$PHASE" in
claim)
  sweep claim.json "$TMP/claim" "[0, 1]" 0  # 36 tasks x 2 strategies x 2 seeds = 144 episodes
  # Clear errors first: Redis unreachable at start (its password never shown), --worker without "shared".
  closed=$((REDIS_PORT + 1)); while redis-cli -p "$closed" ping >/dev/null 2>&1; do closed=$((closed + 1)); done
  sed "s|redis://127.0.0.1:$REDIS_PORT/0|redis://:hunter2@127.0.0.1:$closed/0|" claim.json > unreachable.json
  "$BIN" run unreachable.json --worker --quiet --no-report > unreachable.log 2>&1
  rc=$?
  grep -q "cannot reach Redis at redis://:\*\*\*@127.0.0.1:$closed/0" unreachable.log && ! grep -q hunter2 unreachable.log
  check unreachable-redis-is-a-clear-error $(( $? != 0 || rc != 1 )) "rc=$rc $(cat unreachable.log)"
  grep -v '"shared"' claim.json > alone.json
  "$BIN" run alone.json --worker --quiet --no-report > alone.log 2>&1
  rc=$?
  grep -q -- '--worker needs "shared"' alone.log
  check worker-needs-shared $(( $? != 0 || rc != 1 )) "rc=$rc $(cat alone.log)"
  for i in 0 1 2; do
    "$BIN" run claim.json --worker --quiet --no-report > "w$i.log" 2>&1 &
    PIDS+=($!)
  done
  wait_for_lines "$TMP/claim" 25
  kill -9 "${PIDS[1]}"
  killed_at=$(date +%s.%N)
  killed_lines=$(cat claim/results*.jsonl | grep -c '"record":"episode"')
  # The leases the killed worker held: episodes in flight that the others must take over.
  killed_id=$(grep -l . claim/results.*.jsonl | while read -r f; do
    head -1 "$f" | grep -o '"worker":"[^"]*"' | cut -d'"' -f4; done | while read -r id; do
    case "$id" in *-"${PIDS[1]}"-*) echo "$id" ;; esac; done)
  held=0; held_keys=()
  for k in $(redis-cli -p "$REDIS_PORT" --scan --pattern "t$$:sweep:*:lease:*"); do
    if [ "$(redis-cli -p "$REDIS_PORT" get "$k")" = "$killed_id" ]; then held=$((held + 1)); held_keys+=("$k"); fi
  done
  # Takeover: until every episode it held is leased by another worker or done.
  took_over=""
  for _ in $(seq 1 100); do
    left=0
    for k in "${held_keys[@]}"; do
      owner=$(redis-cli -p "$REDIS_PORT" get "$k")
      key=${k##*:lease:}
      if [ -z "$owner" ] || [ "$owner" = "$killed_id" ]; then
        [ "$(redis-cli -p "$REDIS_PORT" sismember "${k%%:lease:*}:done" "$key")" = 1 ] || left=$((left + 1))
      fi
    done
    if [ "$left" -eq 0 ]; then took_over=$(awk "BEGIN {printf \"%.1f\", $(date +%s.%N) - $killed_at}"); break; fi
    sleep 0.1
  done
  echo "its $held episodes in flight were taken over ${took_over:-never} s after the kill (lease 2 s)"
  wait "${PIDS[1]}" 2>/dev/null
  rc0=0; rc2=0
  wait "${PIDS[0]}" || rc0=$?
  wait "${PIDS[2]}" || rc2=$?
  finished_at=$(date +%s.%N)
  echo "killed worker 1 after $killed_lines episode lines; the others finished $(awk "BEGIN {printf \"%.1f\", $finished_at - $killed_at}") s later"
  check survivors-exit-0 $(( rc0 != 0 || rc2 != 0 )) "rc $rc0 $rc2; $(tail -n 3 w0.log w2.log)"
  files=$(ls claim/results.*.jsonl | wc -l)
  check one-file-per-worker $(( files != 3 )) "$files files"
  d=$(done_lines claim); k=$(distinct_keys claim)
  echo "done lines $d, distinct keys $k (plan 144)"
  check every-episode-once $(( d != 144 || k != 144 )) "done lines $d, distinct $k"
  report=$("$BIN" report --json claim/results*.jsonl)
  episodes=$(printf '%s' "$report" | grep -o '"episodes":[0-9]*' | head -1 | cut -d: -f2)
  check report-union $(( episodes != 144 )) "report saw $episodes episodes"
  # --resume (one process, no worker) over the union: nothing left to run.
  "$BIN" run claim.json --resume --quiet --no-report > resume.log 2>&1
  rc=$?
  check resume-union-runs-nothing $(( rc != 0 )) "rc=$rc $(tail -n 3 resume.log)"
  grep -q '^0 episodes written' resume.log
  check resume-wrote-nothing $? "$(head -3 resume.log)"
  echo "the killed worker ($killed_id) held $held leases"
  check killed-worker-held-leases $(( held < 1 )) "no lease of ${killed_id:-?} found: nothing to take over"
  check taken-over-after-lease-expiry $(( ${#took_over} == 0 )) "not within 10 s"
  ;;
sigterm)
  # What Slurm's scancel and Kubernetes' eviction send: the worker drains and
  # exits 130 (its abandoned episodes released at once); the other finishes.
  sweep term.json "$TMP/term" "[0, 1]" 0
  for i in 0 1; do
    "$BIN" run term.json --worker --quiet --no-report --grace 0.3 > "w$i.log" 2>&1 &
    PIDS+=($!)
  done
  wait_for_lines "$TMP/term" 20
  kill -TERM "${PIDS[0]}"
  rc0=0; rc1=0
  wait "${PIDS[0]}" || rc0=$?
  wait "${PIDS[1]}" || rc1=$?
  check terminated-worker-exits-130 $(( rc0 != 130 )) "rc=$rc0 $(tail -n 5 w0.log)"
  check other-worker-exits-0 $(( rc1 != 0 )) "rc=$rc1 $(tail -n 5 w1.log)"
  d=$(done_lines term); k=$(distinct_keys term)
  echo "done lines $d, distinct keys $k (plan 144)"
  check every-episode-once $(( d != 144 || k != 144 )) "done lines $d, distinct $k"
  ;;
redis-restart)
  sweep restart.json "$TMP/restart" "[0, 1]" 3000
  for i in 0 1; do
    "$BIN" run restart.json --worker --quiet --no-report > "w$i.log" 2>&1 &
    PIDS+=($!)
  done
  wait_for_lines "$TMP/restart" 20
  kill_redis
  before=$(episode_lines restart)
  sleep 2
  start_redis  # same port, empty
  rc0=0; rc1=0
  wait "${PIDS[0]}" || rc0=$?
  wait "${PIDS[1]}" || rc1=$?
  echo "Redis killed after $before episode lines, restarted empty 2 s later"
  check workers-exit-0 $(( rc0 != 0 || rc1 != 0 )) "rc $rc0 $rc1; $(tail -n 5 w0.log w1.log)"
  grep -q 'Redis unreachable' w0.log w1.log
  check warned-unreachable $? "$(cat w0.log)"
  grep -q 'falling back to a static 1/2 share' w0.log w1.log
  check limits-fell-back $? "$(cat w0.log)"
  grep -q 'Redis is back' w0.log w1.log
  check warned-back $? "$(cat w0.log)"
  d=$(done_lines restart); k=$(distinct_keys restart)
  echo "done lines $d, distinct keys $k (plan 144)"
  check every-episode-once $(( d != 144 || k != 144 )) "done lines $d, distinct $k"
  ;;
redis-lost)
  sweep lost.json "$TMP/lost" "[0]" 3000  # 72 episodes
  "$BIN" run lost.json --quiet --no-report > run.log 2>&1 &
  PIDS+=($!)
  wait_for_lines "$TMP/lost" 10
  kill_redis
  rc=0
  wait "${PIDS[0]}" || rc=$?
  check run-exits-0 $(( rc != 0 )) "rc=$rc $(tail -n 5 run.log)"
  grep -q 'falling back to a static 1/2 share (1500 RPM' run.log
  check warned-static-share $? "$(grep -i warning run.log | head -3)"
  d=$(done_lines lost); k=$(distinct_keys lost)
  echo "done lines $d, distinct keys $k (plan 72)"
  check every-episode-once $(( d != 72 || k != 72 )) "done lines $d, distinct $k"
  ;;
*) echo "unknown phase $PHASE"; exit 2 ;;
esac
if [ "$fail" -eq 0 ]; then echo "1 passed, 0 failed"; else echo "0 passed, 1 failed"; fi
exit "$fail"
