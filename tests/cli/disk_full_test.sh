#!/usr/bin/env bash
# The results disk filling up (here: a file-size limit, so write() fails with
# EFBIG) stops the run cleanly: a clear error, a non-zero exit, and a results
# file of whole lines only.
# Usage: disk_full_test.sh path/to/crmarena
set -u
BIN=$(readlink -f "$1")
PROMPTS="$(cd "$(dirname "$0")/../../configs/prompts" && pwd)"
TMP=$(mktemp -d)
trap 'rm -rf "$TMP"' EXIT
cd "$TMP"
"$BIN" org generate --seed 2 --scale 1 --out org.db --quiet
"$BIN" tasks generate --org org.db --per-type 4 --seed 1 --out tasks.jsonl --quiet
cat > sweep.json <<JSON
{"org": {"path": "$TMP/org.db"}, "tasks": {"path": "$TMP/tasks.jsonl"},
 "models": [{"name": "sim-oracle", "provider": "simulated"}], "strategies": ["act", "react", "tool_call"],
 "seeds": [0, 1, 2], "cache": {"enabled": false}, "prompts": {"dir": "$PROMPTS"}, "output": {"dir": "$TMP/run"}}
JSON
mkdir -p run
# 1 MiB limit (ulimit -f counts 1 KiB blocks): results lines are ~15-45 KB, so it fills mid-sweep.
( ulimit -f 1024; "$BIN" run sweep.json --quiet --no-report ) > out.log 2>&1
rc=$?
fail=0
[ "$rc" -ne 0 ] || { echo "FAIL: the run should fail when the disk is full"; fail=1; }
grep -q "results file" out.log || { echo "FAIL: no clear error:"; cat out.log; fail=1; }
size=$(stat -c %s run/results.jsonl)
lines=$(wc -l < run/results.jsonl)
last=$(tail -c 1 run/results.jsonl | od -An -c | tr -d ' ')
[ "$last" = '\n' ] || { echo "FAIL: the results file ends in a torn line"; fail=1; }
report=$("$BIN" report --json run/results.jsonl)
torn=$(printf '%s' "$report" | grep -o '"torn_lines":[0-9]*' | cut -d: -f2)
[ "$torn" = 0 ] || { echo "FAIL: torn lines: $torn"; fail=1; }
echo "stopped with: $(grep -o 'results file.*' out.log | head -c 160)"
echo "results file: $size bytes, $lines whole lines"
if [ "$fail" -eq 0 ]; then echo "1 passed, 0 failed"; else echo "0 passed, 1 failed"; fi
exit "$fail"
