#!/usr/bin/env bash
# A sweep on a pulled snapshot scores like one on the org it was taken from:
# generate an org, serve it, `org pull` it (same org clock), check the tasks'
# ids against the snapshot (`tasks check`), run the same sweep on both files
# (two simulated models, act/react/tool_call, two seeds), and compare every
# episode's outcome: status, reward, end reason, turns, answer and tokens
# (the tokens follow the observations' lengths, so they catch a different
# query result too).
# Usage: pulled_sweep_test.sh path/to/crmarena
set -u
BIN=$(readlink -f "$1")
PROMPTS="$(cd "$(dirname "$0")/../../configs/prompts" && pwd)"
source "$(dirname "$0")/servers.sh"
cd "$TMP"
export SALESFORCE_USERNAME=sweep@pull.test SALESFORCE_PASSWORD=pw SALESFORCE_SECURITY_TOKEN=TOKEN
fail=0

"$BIN" org generate --seed 7 --scale 0.2 --out source.db --quiet || exit 1
clock=$(sqlite3 source.db "SELECT value FROM _org_meta WHERE key = 'org_clock'")
start_server serve.log serve org --org source.db --page-size 500 \
  --username "$SALESFORCE_USERNAME" --password pw --security-token TOKEN
"$BIN" org pull --login-url "http://127.0.0.1:$PORT" --out pulled.db --clock "$clock" --api-share 1 --quiet > pull.log 2>&1 \
  || { echo "FAIL: org pull"; cat pull.log; exit 1; }
"$BIN" tasks generate --org source.db --per-type 3 --seed 2 --out tasks.jsonl --quiet || exit 1
"$BIN" tasks check --org pulled.db --tasks tasks.jsonl > check.log 2>&1 \
  || { echo "FAIL: tasks check on the snapshot"; cat check.log; fail=1; }

for org in source pulled; do
  cat > "$org.json" <<JSON
{"org": {"kind": "local", "path": "$TMP/$org.db"}, "tasks": {"path": "$TMP/tasks.jsonl"},
 "models": [{"name": "sim-strong", "provider": "simulated"}, {"name": "sim-weak", "provider": "simulated"}],
 "auxiliary_models": [{"name": "sim-extractor", "provider": "simulated"}],
 "strategies": ["act", "react", "tool_call"], "seeds": [0, 1], "max_turns": 20,
 "evaluation": {"extractor_model": "sim-extractor", "matching": "official"},
 "prompts": {"dir": "$PROMPTS"}, "cache": {"enabled": false},
 "output": {"dir": "$TMP/run-$org"}}
JSON
  "$BIN" run "$org.json" --quiet --no-report > "run-$org.log" 2>&1 || { echo "FAIL: the sweep on $org.db"; cat "run-$org.log"; fail=1; }
  # Each episode's outcome, without keys, timings and the org path.
  grep '"record":"episode"' "run-$org/results.jsonl" \
    | perl -ne 'print "$1\n" if /"settings_hash":"[^"]*",(.*?),"cost_usd"/' | sort > "outcomes-$org.txt"
done
n=$(wc -l < outcomes-source.txt)
wins=$(grep -c '"reward":1.0' outcomes-source.txt)
echo "source org: $n episodes, $wins with reward 1; snapshot: $(wc -l < outcomes-pulled.txt) episodes"
[ "$n" -eq 324 ] || { echo "FAIL: expected 324 episodes on the source org"; fail=1; }
[ "$wins" -gt 0 ] || { echo "FAIL: no episode succeeded: the comparison would mean nothing"; fail=1; }
cmp -s outcomes-source.txt outcomes-pulled.txt \
  || { echo "FAIL: the snapshot's episodes differ from the source's"; diff outcomes-source.txt outcomes-pulled.txt | head -10; fail=1; }
if [ "$fail" -eq 0 ]; then echo "1 passed, 0 failed"; else echo "0 passed, 1 failed"; fi
exit "$fail"
