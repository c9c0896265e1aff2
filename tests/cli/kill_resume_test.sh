#!/usr/bin/env bash
# SIGKILL in the middle of a sweep, then --resume: every episode ends up in
# the results file exactly once, and no line is torn.
# Usage: kill_resume_test.sh path/to/crmarena
set -u
BIN=$(readlink -f "$1")
PROMPTS="$(cd "$(dirname "$0")/../../configs/prompts" && pwd)"
TMP=$(mktemp -d)
trap 'rm -rf "$TMP"' EXIT
cd "$TMP"
cat > slow.json <<'JSON'
{"name": "sim-slow", "description": "SIMULATED, slow", "latency_median_ms": 120, "step_error_rate": 0.05}
JSON
cat > sweep.json <<JSON
{"org": {"path": "$TMP/org.db", "generate": {"seed": 9, "scale": 1}},
 "tasks": {"path": "$TMP/tasks.jsonl", "generate": {"seed": 4, "per_type": 4}},
 "models": [{"name": "sim-slow", "provider": "simulated"}],
 "strategies": ["act", "tool_call"], "seeds": [0, 1], "episodes_in_flight": 12,
 "simulator": {"profiles": ["$TMP/slow.json"]},
 "prompts": {"dir": "$PROMPTS"},
 "output": {"dir": "$TMP/run"}}
JSON

"$BIN" run sweep.json --quiet --no-report > first.log 2>&1 &
pid=$!
# Kill once some, but not all, episodes are written.
for _ in $(seq 1 300); do
  n=$(grep -c '"record":"episode"' run/results.jsonl 2>/dev/null || true)
  [ "${n:-0}" -ge 20 ] && break
  sleep 0.05
done
kill -9 "$pid" 2>/dev/null
wait "$pid" 2>/dev/null
before=$(grep -c '"record":"episode"' run/results.jsonl)
echo "killed after $before episode lines"
fail=0
if [ "$before" -ge 144 ] || [ "$before" -lt 1 ]; then echo "FAIL: kill did not land mid-sweep ($before)"; fail=1; fi

"$BIN" run sweep.json --resume --quiet --no-report > second.log 2>&1 || { echo "FAIL: resume failed"; cat second.log; fail=1; }
done_lines=$(grep -c '"status":"done"' run/results.jsonl)
report=$("$BIN" report --json run/results.jsonl)
episodes=$(printf '%s' "$report" | grep -o '"episodes":[0-9]*' | cut -d: -f2)
torn=$(printf '%s' "$report" | grep -o '"torn_lines":[0-9]*' | cut -d: -f2)
echo "after resume: $done_lines done lines, $episodes distinct episodes, $torn torn lines"
[ "$episodes" = 144 ] || { echo "FAIL: expected 144 distinct episodes"; fail=1; }
[ "$done_lines" = 144 ] || { echo "FAIL: expected every episode done exactly once"; fail=1; }
[ "$torn" = 0 ] || { echo "FAIL: torn line left"; fail=1; }
if [ "$fail" -eq 0 ]; then echo "1 passed, 0 failed"; else echo "0 passed, 1 failed"; fi
exit "$fail"
