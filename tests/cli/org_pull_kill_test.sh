#!/usr/bin/env bash
# `crmarena org pull` killed with SIGKILL in the middle, then `--resume`: the
# snapshot equals an uninterrupted pull of the same org, table for table and
# row for row, and its provenance says it finished. The org is served by
# `serve org` with latency and small pages, so the kill lands between pages
# of an object.
# Usage: org_pull_kill_test.sh path/to/crmarena
set -u
BIN=$(readlink -f "$1")
source "$(dirname "$0")/servers.sh"
cd "$TMP"
export SALESFORCE_USERNAME=pull@kill.test SALESFORCE_PASSWORD=pass-Q9x SALESFORCE_SECURITY_TOKEN=Sekr3tT0kenXYZ

"$BIN" org generate --seed 6 --scale 0.2 --out source.db --quiet || exit 1
start_server serve.log serve org --org source.db --latency-ms 15 --page-size 200 \
  --username pull@kill.test --password pass-Q9x --security-token Sekr3tT0kenXYZ
URL="http://127.0.0.1:$PORT"
CLOCK=2026-11-01T00:00:00.000+0000  # both snapshots treat the same instant as now

rows_so_far() { sqlite3 "file:$1?mode=ro" "SELECT coalesce(sum(rows), 0) FROM _pull_progress" 2>/dev/null || echo 0; }
# Every object table, rows in Id order: what must be equal.
dump() {
  local tables
  tables=$(sqlite3 "$1" "SELECT object FROM _org_schema ORDER BY object") || return 1
  for t in $tables; do
    echo "## $t"
    sqlite3 "$1" "SELECT * FROM \"$t\" ORDER BY Id"
  done
}

fail=0
"$BIN" org pull --login-url "$URL" --out killed.db --api-share 1 --clock "$CLOCK" --quiet > first.log 2>&1 &
pull=$!
for _ in $(seq 1 600); do
  [ "$(rows_so_far killed.db)" -ge 3000 ] && break
  kill -0 "$pull" 2>/dev/null || break
  sleep 0.05
done
kill -9 "$pull" 2>/dev/null
wait "$pull" 2>/dev/null
killed_at=$(rows_so_far killed.db)
echo "killed after $killed_at rows"
state=$(sqlite3 killed.db "SELECT value FROM _org_meta WHERE key = 'pull_state'" 2>/dev/null)
if [ "$killed_at" -lt 1 ]; then echo "FAIL: the kill did not land mid-pull (no rows)"; fail=1; fi
if [ "$state" = complete ]; then echo "FAIL: the pull finished before the kill"; fail=1; fi

if "$BIN" org pull --login-url "$URL" --out killed.db --api-share 1 --clock "$CLOCK" --quiet > again.log 2>&1; then
  echo "FAIL: a second pull over an unfinished file without --resume was accepted"; fail=1
fi
"$BIN" org pull --login-url "$URL" --out killed.db --api-share 1 --clock "$CLOCK" --resume --quiet > resume.log 2>&1 \
  || { echo "FAIL: --resume failed"; cat resume.log; fail=1; }
"$BIN" org pull --login-url "$URL" --out whole.db --api-share 1 --clock "$CLOCK" --quiet > whole.log 2>&1 \
  || { echo "FAIL: the uninterrupted pull failed"; cat whole.log; fail=1; }

dump killed.db > killed.txt; dump whole.db > whole.txt; dump source.db > source.txt
lines=$(wc -l < whole.txt)
echo "uninterrupted snapshot: $lines lines over $(grep -c '^## ' whole.txt) objects"
if [ "$lines" -lt 5000 ]; then echo "FAIL: the snapshot is too small to mean anything"; fail=1; fi
cmp -s killed.txt whole.txt || { echo "FAIL: killed+resumed differs from the uninterrupted pull"; diff killed.txt whole.txt | head -20; fail=1; }
cmp -s whole.txt source.txt || { echo "FAIL: the snapshot differs from the source org"; diff whole.txt source.txt | head -20; fail=1; }
state=$(sqlite3 killed.db "SELECT value FROM _org_meta WHERE key = 'pull_state'")
[ "$state" = complete ] || { echo "FAIL: the resumed snapshot's pull_state is '$state'"; fail=1; }
if grep -a -q -e Sekr3tT0kenXYZ -e pass-Q9x killed.db whole.db; then
  echo "FAIL: a credential was written into a snapshot"; fail=1
fi
if [ "$fail" -eq 0 ]; then echo "1 passed, 0 failed"; else echo "0 passed, 1 failed"; fi
exit "$fail"
