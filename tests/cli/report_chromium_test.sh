#!/usr/bin/env bash
# The HTML report renders in headless Chromium (Debian's chromium): take a
# screenshot and check the rendered page has the three charts with marks.
# Usage: report_chromium_test.sh path/to/crmarena
set -u
BIN=$(readlink -f "$1")
PROMPTS="$(cd "$(dirname "$0")/../../configs/prompts" && pwd)"
TMP=$(mktemp -d)
trap 'rm -rf "$TMP"' EXIT
CHROMIUM=$(command -v chromium || command -v chromium-browser || true)
if [ -z "$CHROMIUM" ]; then
  echo "FAIL: chromium is not installed (scripts/install_deps.sh installs it)"
  echo "0 passed, 1 failed"
  exit 1
fi
cd "$TMP"
cat > sweep.json <<JSON
{"org": {"path": "$TMP/org.db", "generate": {"seed": 9, "scale": 1}},
 "tasks": {"path": "$TMP/tasks.jsonl", "generate": {"seed": 4, "per_type": 2}},
 "models": [{"name": "sim-oracle", "provider": "simulated"}, {"name": "sim-weak", "provider": "simulated"}],
 "strategies": ["act", "tool_call"], "seeds": [0, 1],
 "prompts": {"dir": "$PROMPTS"}, "output": {"dir": "$TMP/run"}}
JSON
"$BIN" run sweep.json --quiet > run.log 2>&1 || { cat run.log; echo "0 passed, 1 failed"; exit 1; }
flags=(--headless --no-sandbox --disable-gpu --disable-quic --no-first-run --disable-background-networking
       --disable-component-update --disable-sync --user-data-dir="$TMP/profile" --window-size=1400,2400)
"$CHROMIUM" "${flags[@]}" --screenshot="$TMP/report.png" "file://$TMP/run/report.html" > chrome.log 2>&1
"$CHROMIUM" "${flags[@]}" --dump-dom "file://$TMP/run/report.html" > dom.html 2> chrome2.log
fail=0
check() { if eval "$2"; then :; else echo "FAIL: $1"; fail=1; fi; }
check "screenshot written" '[ -s "$TMP/report.png" ] && [ "$(stat -c %s "$TMP/report.png")" -gt 20000 ]'
for id in chart-success chart-heatmap chart-cost; do
  check "rendered page has #$id" 'grep -q "id=\"$id\"" dom.html'
done
check "bars drawn" '[ "$(grep -o "class=\"bar\"" dom.html | wc -l)" -ge 4 ]'
check "heatmap cells drawn" '[ "$(grep -o "class=\"cell\"" dom.html | wc -l)" -ge 4 ]'
check "cost points drawn" '[ "$(grep -o "class=\"point\"" dom.html | wc -l)" -ge 4 ]'
[ "$fail" -eq 0 ] && echo "screenshot: $(stat -c %s "$TMP/report.png") bytes"
if [ "$fail" -eq 0 ]; then echo "1 passed, 0 failed"; else cat chrome.log; echo "0 passed, 1 failed"; fi
exit "$fail"
