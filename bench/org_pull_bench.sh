#!/usr/bin/env bash
# bench/org_pull_bench.sh — how long `crmarena org pull` takes to snapshot a
# whole org over REST, and at what rate: the generated org at scale 1 and
# scale 10, served by `crmarena serve org` in its own process on loopback
# (zero added latency, the default page of 2,000 records), pulled into a new
# file. Prints, per scale: rows, pages, API calls, wall seconds, rows per
# second, the pull's CPU seconds (user+sys) and peak RSS, and the server's CPU.
# Every snapshot is checked against its source (row counts per object).
#
# A real org adds its own latency per page (100-400 ms on Salesforce's REST
# API, by the public reports): multiply the pages printed here by it for the
# network-bound time; LATENCY_MS=N adds N ms per data call on the server.
#
# Usage: bench/org_pull_bench.sh [path/to/crmarena] (SCALES="1 10" by default)
set -euo pipefail

root="$(cd "$(dirname "$0")/.." && pwd)"
bin="${1:-$root/build/crmarena}"
[[ -x "$bin" ]] || { echo "no crmarena binary at $bin (build first: scripts/build.sh)" >&2; exit 2; }
bin="$(cd "$(dirname "$bin")" && pwd)/$(basename "$bin")"
command -v sqlite3 >/dev/null || { echo "needs sqlite3: apt-get install -y sqlite3" >&2; exit 2; }
[[ -x /usr/bin/time ]] || { echo "needs GNU time: apt-get install -y time" >&2; exit 2; }
scales="${SCALES:-1 10}"
latency="${LATENCY_MS:-0}"

work="$(mktemp -d /tmp/crm-pull-bench.XXXXXX)"
server_pid=""
cleanup() {
  [[ -n "$server_pid" ]] && kill "$server_pid" 2>/dev/null || true
  rm -rf "$work"
}
trap cleanup EXIT
export SALESFORCE_USERNAME=bench@pull.local SALESFORCE_PASSWORD=bench SALESFORCE_SECURITY_TOKEN=BENCHTOKEN

# Rows per object, one "Object|count" line each, from the file's own schema.
counts() {
  local t
  for t in $(sqlite3 "$1" "SELECT object FROM _org_schema ORDER BY object"); do
    echo "$t|$(sqlite3 "$1" "SELECT COUNT(*) FROM \"$t\"")"
  done
}
cpu_of() { awk '{print ($14 + $15) / 100}' "/proc/$1/stat"; }  # utime+stime, at 100 ticks/s

printf '%-6s %10s %6s %6s %9s %10s %9s %9s %10s\n' scale rows pages calls wall_s rows_per_s pull_cpu_s rss_mib server_cpu_s
for scale in $scales; do
  src="$work/source-$scale.db"
  "$bin" org generate --seed 1 --scale "$scale" --out "$src" --quiet
  log="$work/serve-$scale.log"
  : > "$log"
  "$bin" serve org --org "$src" --port 0 --latency-ms "$latency" --api-limit 1000000 --threads 1 \
    --username "$SALESFORCE_USERNAME" --password "$SALESFORCE_PASSWORD" --security-token "$SALESFORCE_SECURITY_TOKEN" \
    > "$log" 2>&1 &
  server_pid=$!
  port=""
  for _ in $(seq 1 100); do
    port=$(sed -n 's/^listening on port \([0-9]*\).*/\1/p' "$log")
    [[ -n "$port" ]] && break
    sleep 0.1
  done
  [[ -n "$port" ]] || { echo "serve org did not start" >&2; cat "$log" >&2; exit 1; }
  server_cpu0=$(cpu_of "$server_pid")

  out="$work/pulled-$scale.db"
  start=$(date +%s.%N)
  /usr/bin/env time -f '%U %S %M' -o "$work/time-$scale" \
    "$bin" org pull --login-url "http://127.0.0.1:$port" --out "$out" --api-share 1 --quiet > "$work/pull-$scale.log" 2>&1
  end=$(date +%s.%N)
  server_cpu=$(awk -v a="$(cpu_of "$server_pid")" -v b="$server_cpu0" 'BEGIN{printf "%.2f", a-b}')
  kill "$server_pid"; wait "$server_pid" 2>/dev/null || true; server_pid=""

  if ! diff <(counts "$src") <(counts "$out") > "$work/diff-$scale"; then
    echo "scale $scale: the snapshot's row counts differ from the source:" >&2; cat "$work/diff-$scale" >&2; exit 1
  fi
  rows=$(counts "$out" | awk -F'|' '{s += $2} END {print s}')
  summary=$(grep -E '^pulled ' "$work/pull-$scale.log" | tail -1)
  pages=$(sed -n 's/.*: \([0-9]*\) pages.*/\1/p' <<<"$summary")
  calls=$(sed -n 's/.* \([0-9]*\) API calls.*/\1/p' <<<"$summary")
  read -r user sys rss_kib < "$work/time-$scale"
  awk -v s="$scale" -v r="$rows" -v p="$pages" -v c="$calls" -v a="$start" -v b="$end" -v u="$user" -v y="$sys" \
      -v m="$rss_kib" -v sc="$server_cpu" 'BEGIN {
    w = b - a
    printf "%-6s %10d %6d %6d %9.2f %10.0f %9.2f %9.1f %10s\n", s, r, p, c, w, r / w, u + y, m / 1024, sc }'
  rm -f "$src" "$out" "$out"-wal "$out"-shm
done
