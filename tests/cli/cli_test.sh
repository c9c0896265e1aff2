#!/usr/bin/env bash
# End-to-end checks of the crmarena binary: exit codes and messages.
# Usage: cli_test.sh path/to/crmarena
set -u
BIN="$1"
TMP=$(mktemp -d)
trap 'rm -rf "$TMP"' EXIT
pass=0
fail=0
expect() {  # expect NAME WANT_RC REGEX -- command...
  local name=$1 want=$2 regex=$3
  shift 4
  local out rc
  out=$("$@" 2>&1)
  rc=$?
  local rc_ok=0
  if [ "$want" = nonzero ]; then [ "$rc" -ne 0 ] && rc_ok=1; else [ "$rc" -eq "$want" ] && rc_ok=1; fi
  if [ "$rc_ok" -eq 1 ] && printf '%s' "$out" | grep -qE -- "$regex"; then
    pass=$((pass + 1))
  else
    fail=$((fail + 1))
    echo "FAIL $name: rc=$rc (want $want), output:"
    printf '%s\n' "$out" | head -20
  fi
}

expect help 0 'org' -- "$BIN" --help
expect org-help 0 'generate' -- "$BIN" org --help
expect generate-help 0 '--seed' -- "$BIN" org generate --help
expect no-subcommand 106 'A subcommand is required|required' -- "$BIN"
expect generate 0 'generated' -- "$BIN" org generate --seed 5 --scale 0.05 --out "$TMP/org.db"
expect no-overwrite 1 'already exists' -- "$BIN" org generate --seed 5 --scale 0.05 --out "$TMP/org.db"
expect bad-scale 105 'scale|not in range' -- "$BIN" org generate --scale -1 --out "$TMP/x.db"
expect bad-seed nonzero 'seed' -- "$BIN" org generate --seed abc --out "$TMP/x.db"
expect missing-out 106 'out' -- "$BIN" org generate --seed 1
expect stats 0 'ok  \] referential integrity' -- "$BIN" org stats "$TMP/org.db"
expect stats-json 0 '"verdict":"ok"' -- "$BIN" org stats --json "$TMP/org.db"
expect stats-missing 105 'does not exist|not exist' -- "$BIN" org stats "$TMP/none.db"
printf 'not a database' > "$TMP/junk.db"
expect stats-junk 1 'not a database|is not a crmarena org|file is not' -- "$BIN" org stats "$TMP/junk.db"
expect schema 0 '"object": "CaseHistory__c"' -- "$BIN" org schema
expect schema-compact 0 '^\[\{"object":"User"' -- "$BIN" org schema --compact
expect tasks 0 'wrote 4 tasks' -- "$BIN" tasks generate --org "$TMP/org.db" --per-type 2 --seed 1 \
  --types knowledge_qa,policy_violation_identification --out "$TMP/tasks.jsonl"
expect tasks-lines 0 '^4 ' -- wc -l "$TMP/tasks.jsonl"
expect tasks-bad-type 1 "unknown task type 'nope'" -- "$BIN" tasks generate --org "$TMP/org.db" --types nope --out "$TMP/t2.jsonl"
expect tasks-no-org 105 'does not exist|not exist' -- "$BIN" tasks generate --org "$TMP/none.db" --out "$TMP/t3.jsonl"
DATA="$(cd "$(dirname "$0")/../data/tasks" && pwd)"
expect tasks-stats 0 'handle_time +4 +2 +50\.0%  005 User \(2\)' -- "$BIN" tasks stats "$DATA/stats_fixture.jsonl"
expect tasks-stats-total 0 'total +10 +3 +30\.0%' -- "$BIN" tasks stats "$DATA/stats_fixture.jsonl"
expect tasks-stats-list 0 'named_entity_disambiguation +1 +1 +100\.0%' -- "$BIN" tasks stats "$DATA/crmarena_list.json"
expect tasks-stats-generated 0 'total +4 ' -- "$BIN" tasks stats "$TMP/tasks.jsonl"
expect tasks-check 0 'every id is in the org' -- "$BIN" tasks check --org "$TMP/org.db" --tasks "$TMP/tasks.jsonl"
"$BIN" org generate --seed 5 --scale 0.01 --out "$TMP/small.db" --quiet
expect tasks-check-missing 3 'ids missing from the org, in [1-9][0-9]* tasks' -- "$BIN" tasks check --org "$TMP/small.db" --tasks "$TMP/tasks.jsonl"
expect tasks-check-no-org 105 'does not exist|not exist' -- "$BIN" tasks check --org "$TMP/nope.db" --tasks "$TMP/tasks.jsonl"
expect tasks-stats-missing 105 'does not exist' -- "$BIN" tasks stats "$TMP/none.jsonl"
expect tasks-stats-malformed 1 'bad_json.jsonl:2:[0-9]+: invalid JSON' -- "$BIN" tasks stats "$DATA/bad_json.jsonl"
# prompts import: a prompts file in the official shape (our own sentences).
SHAPE="$(cd "$(dirname "$0")/../data/prompts" && pwd)/official_shape_prompts.py"
expect import 0 'imported REACT_INTERNAL_PROMPT -> official_react_internal.txt' -- "$BIN" prompts import --from "$SHAPE" --out "$TMP/official"
expect import-reports-unmapped 0 'not mapped: ACT_INTERACTIVE_PROMPT \(the official agents never send it\)' -- "$BIN" prompts import --from "$SHAPE" --out "$TMP/official2"
expect import-manifest 0 '"official": "SCHEMA_STRING"' -- cat "$TMP/official/imported.json"
expect import-first-request 0 'You help a colleague using a Salesforce instance.*# Notes for this request' -- "$BIN" prompts --prompts "$TMP/official" --tasks "$DATA/crmarena_list.json" --strategy react --task-id 0
expect import-external-task 0 'You help a customer using a Salesforce instance' -- "$BIN" prompts --prompts "$TMP/official" --tasks "$DATA/crmarena_list.json" --strategy react --task-id 4
mkdir -p "$TMP/checkout/crm_sandbox/agents" && cp "$SHAPE" "$TMP/checkout/crm_sandbox/agents/prompts.py"
expect import-checkout-root 0 'wrote' -- "$BIN" prompts import --from "$TMP/checkout" --out "$TMP/official3"
expect import-out-exists 1 'already exists' -- "$BIN" prompts import --from "$SHAPE" --out "$TMP/official"
expect import-missing 1 'does not exist' -- "$BIN" prompts import --from "$TMP/none.py" --out "$TMP/x1"
expect import-not-a-checkout 1 'without crm_sandbox/agents/prompts.py' -- "$BIN" prompts import --from "$TMP" --out "$TMP/x2"
printf 'ACT_PROMPT = """\\\nnever closed\n' > "$TMP/broken.py"
expect import-syntax-error 1 'broken.py:1:14: unterminated triple-quoted string literal' -- "$BIN" prompts import --from "$TMP/broken.py" --out "$TMP/x3"
printf 'OTHER = "nothing official here"\n' > "$TMP/empty.py"
expect import-nothing-usable 1 'nothing written' -- "$BIN" prompts import --from "$TMP/empty.py" --out "$TMP/x4"
expect import-wrote-nothing 0 '^none$' -- bash -c "ls -d '$TMP'/x[1-4] '$TMP'/.x* 2>/dev/null || echo none"
expect prompts-needs-tasks 1 'tasks is required' -- "$BIN" prompts --strategy react

echo "$pass passed, $fail failed"
[ "$fail" -eq 0 ]
