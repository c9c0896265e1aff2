# Sourced by the Redis-backed CLI tests: a private redis-server on a free
# loopback port under $TMP (start_redis, kill_redis, restart on the same
# port with start_redis again), and helpers to count episodes in a results
# directory. Needs TMP set; skips (exit 0 with a loud message) only when
# redis-server is not installed.
if ! command -v redis-server >/dev/null 2>&1; then
  echo "SKIPPED: redis-server is not installed (apt-get install redis-server; scripts/install_deps.sh installs it)"
  exit 0
fi
REDIS_PID=
REDIS_PORT=
start_redis() {
  local tries=0
  while :; do
    [ -z "$REDIS_PORT" ] && REDIS_PORT=$((20000 + RANDOM % 40000))
    mkdir -p "$TMP/redis"
    redis-server --port "$REDIS_PORT" --bind 127.0.0.1 --dir "$TMP/redis" --save '' --appendonly no \
      --loglevel warning --logfile "$TMP/redis/redis.log" &
    REDIS_PID=$!
    for _ in $(seq 1 100); do
      redis-cli -p "$REDIS_PORT" ping >/dev/null 2>&1 && return 0
      kill -0 "$REDIS_PID" 2>/dev/null || break
      sleep 0.05
    done
    kill -9 "$REDIS_PID" 2>/dev/null; wait "$REDIS_PID" 2>/dev/null
    tries=$((tries + 1))
    [ "$tries" -ge 5 ] && { echo "FAIL: redis-server would not start"; exit 1; }
    REDIS_PORT=  # the port was taken: another one
  done
}
kill_redis() {
  [ -n "$REDIS_PID" ] && kill -9 "$REDIS_PID" 2>/dev/null && wait "$REDIS_PID" 2>/dev/null
  REDIS_PID=
}
# Episode lines with status done in every results file of DIR (torn lines excluded).
done_lines() { cat "$1"/results*.jsonl 2>/dev/null | grep '^{.*}$' | grep -c '"status":"done"'; }
episode_lines() { cat "$1"/results*.jsonl 2>/dev/null | grep -c '"record":"episode"'; }
distinct_keys() {
  cat "$1"/results*.jsonl 2>/dev/null | grep '"status":"done"' | grep -o '"key":"[^"]*"' | sort -u | wc -l
}
