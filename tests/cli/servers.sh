# tests/cli/servers.sh — sourced by the shell tests that start `crmarena
# serve ...` in the background: a temp dir and the servers are cleaned up on
# exit, and start_server waits for the port the server prints.
# Needs BIN (the crmarena binary) set before sourcing; sets TMP.
TMP=$(mktemp -d)
server_pids=()
cleanup_servers() {
  for p in "${server_pids[@]}"; do kill "$p" 2>/dev/null || true; done
  rm -rf "$TMP"
}
trap cleanup_servers EXIT

# start_server LOG serve KIND args... : starts it on a free port; sets PORT.
start_server() {
  local log="$1"
  shift
  : > "$log"
  "$BIN" "$@" --port 0 > "$log" 2>&1 &
  server_pids+=($!)
  PORT=
  for _ in $(seq 1 100); do
    PORT=$(sed -n 's/^listening on port \([0-9]*\).*/\1/p' "$log")
    [ -n "$PORT" ] && return 0
    sleep 0.1
  done
  echo "FAIL: server did not start: $*"; cat "$log"; exit 1
}
