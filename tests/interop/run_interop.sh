#!/usr/bin/env bash
# Interop tests with real npm client libraries (jsforce, openai,
# @anthropic-ai/sdk) against `crmarena serve org` and `crmarena serve llm`.
# Usage: run_interop.sh path/to/crmarena. Installs the npm packages itself.
set -euo pipefail
BIN=$(readlink -f "$1")
HERE=$(cd "$(dirname "$0")" && pwd)
TMP=$(mktemp -d)
pids=()
cleanup() {
  for p in "${pids[@]}"; do kill "$p" 2>/dev/null || true; done
  rm -rf "$TMP"
}
trap cleanup EXIT

if [ ! -d "$HERE/node_modules/jsforce" ] || [ ! -d "$HERE/node_modules/openai" ] || [ ! -d "$HERE/node_modules/@anthropic-ai/sdk" ]; then
  (cd "$HERE" && npm ci --no-audit --no-fund --loglevel=error)
fi

"$BIN" org generate --seed 3 --scale 0.2 --out "$TMP/org.db" --quiet
"$BIN" tasks generate --org "$TMP/org.db" --per-type 2 --seed 1 --types knowledge_qa,policy_violation_identification \
  --out "$TMP/tasks.jsonl" --quiet

start() {  # start serve KIND args... ; sets PORT
  # One log per server (both used to share serve.log, so the llm server could
  # be given the org server's port), created before the server starts so the
  # first sed cannot fail on a missing file under set -e.
  local log="$TMP/$1-$2-${#pids[@]}.log"
  : > "$log"
  "$BIN" "$@" --port 0 > "$log" 2>&1 &
  pids+=($!)
  for _ in $(seq 1 100); do
    PORT=$(sed -n 's/^listening on port \([0-9]*\).*/\1/p' "$log")
    [ -n "$PORT" ] && return 0
    sleep 0.1
  done
  echo "server did not start:"; cat "$log"; exit 1
}
start serve org --org "$TMP/org.db" --username agent@interop.test --password pw --security-token TOK
ORG_PORT=$PORT
start serve llm --tasks "$TMP/tasks.jsonl"
LLM_PORT=$PORT
# A snapshot of the served org, served in its turn (pulled.test.mjs).
SALESFORCE_USERNAME=agent@interop.test SALESFORCE_PASSWORD=pw SALESFORCE_SECURITY_TOKEN=TOK \
  "$BIN" org pull --login-url "http://127.0.0.1:$ORG_PORT" --out "$TMP/pulled.db" --api-share 1 --quiet
start serve org --org "$TMP/pulled.db" --username agent@interop.test --password pw --security-token TOK
PULLED_PORT=$PORT

cd "$HERE"
CRM_BIN="$BIN" CRM_ORG_DB="$TMP/org.db" CRM_TASKS="$TMP/tasks.jsonl" \
CRM_ORG_URL="http://127.0.0.1:$ORG_PORT" CRM_ORG_USER=agent@interop.test CRM_ORG_PASS=pw CRM_ORG_TOKEN=TOK \
CRM_LLM_URL="http://127.0.0.1:$LLM_PORT" CRM_PULLED_URL="http://127.0.0.1:$PULLED_PORT" \
  node --test --test-reporter=spec org.test.mjs pulled.test.mjs llm.test.mjs
