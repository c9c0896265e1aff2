#!/usr/bin/env bash
# `crmarena run`'s exit codes when episodes are left: a sweep against
# `serve org` with a daily API limit below its needs exits 4 with a message
# saying how many episodes are left and that --resume continues after the
# org's window; --resume against a fresh limit exits 0 with every episode done
# exactly once; a sweep whose model always fails exits 3; a clean one exits 0.
# Usage: api_limit_test.sh path/to/crmarena
set -u
BIN=$(readlink -f "$1")
PROMPTS="$(cd "$(dirname "$0")/../../configs/prompts" && pwd)"
TMP=$(mktemp -d)
SERVER=
cleanup() {
  if [ -n "$SERVER" ]; then kill "$SERVER" 2>/dev/null; wait "$SERVER" 2>/dev/null; fi
  rm -rf "$TMP"
}
trap cleanup EXIT
[ -n "${KEEP_TMP:-}" ] && trap - EXIT
cd "$TMP"
pass=0
fail=0
check() {  # check NAME CONDITION-RESULT(0/1) DETAIL
  if [ "$2" -eq 0 ]; then pass=$((pass + 1)); else fail=$((fail + 1)); echo "FAIL $1: $3"; fi
}

# A local sweep: makes the org and tasks, and must exit 0.
cat > local.json <<JSON
{"org": {"path": "$TMP/org.db", "generate": {"seed": 3, "scale": 0.2}},
 "tasks": {"path": "$TMP/tasks.jsonl", "generate": {"seed": 4, "per_type": 2}},
 "models": [{"name": "sim-oracle", "provider": "simulated"}],
 "strategies": ["act"], "seeds": [0], "prompts": {"dir": "$PROMPTS"}, "output": {"dir": "$TMP/local"}}
JSON
"$BIN" run local.json --quiet --no-report > local.log 2>&1
rc=$?
check clean-run-exits-0 $((rc != 0)) "rc=$rc $(tail -3 local.log)"

# A model that always fails, no retries: infrastructure errors left, exit 3.
echo '{"name": "sim-down", "p_server_error": 1}' > down.json
cat > down_sweep.json <<JSON
{"org": {"path": "$TMP/org.db"}, "tasks": {"path": "$TMP/tasks.jsonl", "limit": 3},
 "models": [{"name": "sim-down", "provider": "simulated"}], "simulator": {"profiles": ["$TMP/down.json"]},
 "retry": {"max_attempts": 1}, "cache": {"enabled": false},
 "strategies": ["act"], "seeds": [0], "prompts": {"dir": "$PROMPTS"}, "output": {"dir": "$TMP/down"}}
JSON
"$BIN" run down_sweep.json --quiet --no-report > down.log 2>&1
rc=$?
check infra-errors-exit-3 $((rc != 3)) "rc=$rc $(tail -3 down.log)"
grep -q 'episodes left as infrastructure errors: run the same command with --resume' down.log
check infra-errors-message $? "$(tail -3 down.log)"

start_org() {  # start_org LIMIT: serve org in the background; sets SERVER and PORT
  "$BIN" serve org --org "$TMP/org.db" --port 0 --username cli@test --password pw --security-token TOKCLI \
    --api-limit "$1" > "serve-$1.log" 2>&1 &
  SERVER=$!
  PORT=
  for _ in $(seq 1 100); do
    PORT=$(sed -n 's/^listening on port \([0-9]*\).*/\1/p' "serve-$1.log")
    [ -n "$PORT" ] && break
    sleep 0.1
  done
}
stop_org() { kill "$SERVER" 2>/dev/null; wait "$SERVER" 2>/dev/null; SERVER=; }

export CLI_SF_USER=cli@test CLI_SF_PASS=pw CLI_SF_TOKEN=TOKCLI
remote_config() {  # remote_config PORT
  cat > remote.json <<JSON
{"org": {"kind": "salesforce", "login_url": "http://127.0.0.1:$1", "api_version": "58.0",
         "username_env": "CLI_SF_USER", "password_env": "CLI_SF_PASS", "security_token_env": "CLI_SF_TOKEN"},
 "tasks": {"path": "$TMP/tasks.jsonl"},
 "models": [{"name": "sim-oracle", "provider": "simulated"}], "episodes_in_flight": 4,
 "strategies": ["act", "tool_call"], "seeds": [0], "prompts": {"dir": "$PROMPTS"}, "output": {"dir": "$TMP/remote"}}
JSON
}

# The org's limit: its describe calls (one per object) and a few episodes' queries.
start_org 60
check serve-org-started $([ -n "$PORT" ]; echo $?) "$(cat serve-60.log)"
remote_config "$PORT"
"$BIN" run remote.json --no-report > remote.log 2> remote.err
rc=$?
# --resume inside the same, spent window: refused before any episode runs.
"$BIN" run remote.json --resume --quiet --no-report > spent.log 2>&1
spent_rc=$?
stop_org
check spent-window-exits-4 $((spent_rc != 4)) "rc=$spent_rc $(tail -3 spent.log)"
grep -q "daily API limit was reached" spent.log
check spent-window-message $? "$(cat spent.log)"
check daily-limit-exits-4 $((rc != 4)) "rc=$rc $(tail -3 remote.log) $(tail -3 remote.err)"
grep -Eq "the org's daily API limit was reached: [0-9]+ episodes left" remote.log
check daily-limit-message $? "$(cat remote.log)"
grep -q -- "--resume once the org's 24-hour API window has moved on" remote.log
check daily-limit-resume-hint $? "$(cat remote.log)"
grep -q "crmarena: warning: " remote.err
check daily-limit-warning $? "$(cat remote.err)"
if grep -q TOKCLI remote.log remote.err remote/results.jsonl; then check no-secret 1 "the security token was printed"; else check no-secret 0 ""; fi
planned=$(( $(wc -l < tasks.jsonl) * 2 ))
keys=$(grep -o '"key":"[^"]*"' remote/results.jsonl | sort -u | wc -l)
check every-key-has-a-line $((keys != planned)) "$keys keys of $planned"

# A fresh window: --resume finishes every episode, each exactly once.
start_org 100000
remote_config "$PORT"
"$BIN" run remote.json --resume --quiet --no-report > resume.log 2>&1
rc=$?
stop_org
check resume-exits-0 $((rc != 0)) "rc=$rc $(tail -3 resume.log)"
done_lines=$(grep -c '"status":"done"' remote/results.jsonl)
done_keys=$(grep '"status":"done"' remote/results.jsonl | grep -o '"key":"[^"]*"' | sort -u | wc -l)
check done-once-per-key $(( done_lines != planned || done_keys != planned )) "$done_lines done lines, $done_keys keys, $planned planned"

echo "$pass passed, $fail failed"
[ "$fail" -eq 0 ]
