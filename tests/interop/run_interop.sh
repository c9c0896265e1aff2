#!/usr/bin/env bash
# Interop tests with real npm client libraries (jsforce, openai,
# @anthropic-ai/sdk) against `crmarena serve org` and `crmarena serve llm`.
# Usage: run_interop.sh path/to/crmarena. Installs the npm packages itself.
set -euo pipefail
BIN=$(readlink -f "$1")
HERE=$(cd "$(dirname "$0")" && pwd)
source "$HERE/../cli/servers.sh"  # TMP, start_server, cleanup on exit

if [ ! -d "$HERE/node_modules/jsforce" ] || [ ! -d "$HERE/node_modules/openai" ] || [ ! -d "$HERE/node_modules/@anthropic-ai/sdk" ]; then
  (cd "$HERE" && npm ci --no-audit --no-fund --loglevel=error)
fi

"$BIN" org generate --seed 3 --scale 0.2 --out "$TMP/org.db" --quiet
"$BIN" tasks generate --org "$TMP/org.db" --per-type 2 --seed 1 --types knowledge_qa,policy_violation_identification \
  --out "$TMP/tasks.jsonl" --quiet

start_server "$TMP/serve-org.log" serve org --org "$TMP/org.db" --username agent@interop.test --password pw --security-token TOK
ORG_PORT=$PORT
start_server "$TMP/serve-llm.log" serve llm --tasks "$TMP/tasks.jsonl"
LLM_PORT=$PORT
# A snapshot of the served org, served in its turn (pulled.test.mjs).
SALESFORCE_USERNAME=agent@interop.test SALESFORCE_PASSWORD=pw SALESFORCE_SECURITY_TOKEN=TOK \
  "$BIN" org pull --login-url "http://127.0.0.1:$ORG_PORT" --out "$TMP/pulled.db" --api-share 1 --quiet
start_server "$TMP/serve-pulled.log" serve org --org "$TMP/pulled.db" --username agent@interop.test --password pw --security-token TOK
PULLED_PORT=$PORT

cd "$HERE"
CRM_BIN="$BIN" CRM_ORG_DB="$TMP/org.db" CRM_TASKS="$TMP/tasks.jsonl" \
CRM_ORG_URL="http://127.0.0.1:$ORG_PORT" CRM_ORG_USER=agent@interop.test CRM_ORG_PASS=pw CRM_ORG_TOKEN=TOK \
CRM_LLM_URL="http://127.0.0.1:$LLM_PORT" CRM_PULLED_URL="http://127.0.0.1:$PULLED_PORT" \
  node --test --test-reporter=spec org.test.mjs pulled.test.mjs llm.test.mjs
