#!/usr/bin/env bash
# The Slurm recipe for real: starts munge and a one-node Slurm (slurmctld +
# slurmd from Debian's slurm-wlm, a generated slurm.conf, everything under a
# temporary directory, ports picked free) and a private redis-server, then
# submits crmarena-array.sbatch as a 3-task job array of workers on one sweep
# of the simulated model, waits for it, and checks that the three results
# files together hold every episode of the plan exactly once.
# Needs root (slurmd runs the jobs). Skips, loudly, only when Slurm or munge
# is not installed or cannot start here (the reason is printed).
# Usage: test_slurm_array.sh path/to/crmarena
set -u
BIN=$(readlink -f "$1")
HERE=$(cd "$(dirname "$0")" && pwd)
PROMPTS="$(cd "$HERE/../../configs/prompts" && pwd)"
TMP=$(mktemp -d /tmp/crm-slurm-XXXXXX)
chmod 755 "$TMP"
DAEMONS=()
cleanup() {
  [ -n "${SLURM_CONF:-}" ] && scancel --quiet --user=root 2>/dev/null
  for p in "${DAEMONS[@]}"; do kill "$p" 2>/dev/null; done
  sleep 0.5
  for p in "${DAEMONS[@]}"; do kill -9 "$p" 2>/dev/null; done
  kill_redis 2>/dev/null
  [ -z "${KEEP_TMP:-}" ] && rm -rf "$TMP"
}
trap cleanup EXIT
skip() { echo "SKIPPED: the Slurm job array test cannot run here: $*"; exit 0; }
for c in slurmctld slurmd sbatch squeue munged mungekey; do
  command -v "$c" >/dev/null 2>&1 || skip "$c is not installed (apt-get install slurm-wlm munge; scripts/install_deps.sh installs them)"
done
[ "$(id -u)" -eq 0 ] || skip "slurmd must run as root to start jobs (run the test as root, as CI does)"
source "$HERE/../../tests/cli/redis_test_lib.sh"
free_port() { while :; do p=$((20000 + RANDOM % 40000)); (echo >"/dev/tcp/127.0.0.1/$p") 2>/dev/null || { echo "$p"; return; }; done; }

# munge: its own key, socket and files.
mkdir -p "$TMP/munge" && chmod 700 "$TMP/munge"
mungekey --create --keyfile="$TMP/munge/munge.key" >/dev/null 2>&1 || skip "mungekey could not create a key"
munged --force --key-file="$TMP/munge/munge.key" --socket="$TMP/munge/munge.socket" \
  --pid-file="$TMP/munge/munged.pid" --log-file="$TMP/munge/munged.log" --seed-file="$TMP/munge/munged.seed" \
  || skip "munged would not start: $(tail -3 "$TMP/munge/munged.log" 2>/dev/null)"
DAEMONS+=("$(cat "$TMP/munge/munged.pid")")

# One node: this host, on loopback, with free ports.
NODE=$(hostname -s)
mkdir -p "$TMP/state" "$TMP/spool" "$TMP/log" "$TMP/work"
export SLURM_CONF="$TMP/slurm.conf"
cat > "$SLURM_CONF" <<CONF
ClusterName=crmtest
SlurmctldHost=$NODE(127.0.0.1)
SlurmctldPort=$(free_port)
SlurmdPort=$(free_port)
AuthType=auth/munge
CredType=cred/munge
AuthInfo=socket=$TMP/munge/munge.socket
SlurmUser=root
SlurmdUser=root
StateSaveLocation=$TMP/state
SlurmdSpoolDir=$TMP/spool
SlurmctldPidFile=$TMP/slurmctld.pid
SlurmdPidFile=$TMP/slurmd.pid
SlurmctldLogFile=$TMP/log/slurmctld.log
SlurmdLogFile=$TMP/log/slurmd.log
ProctrackType=proctrack/linuxproc
TaskPlugin=task/none
JobAcctGatherType=jobacct_gather/none
AccountingStorageType=accounting_storage/none
SelectType=select/cons_tres
SelectTypeParameters=CR_CPU
SlurmdParameters=config_overrides
ReturnToService=2
MpiDefault=none
SchedulerType=sched/builtin
NodeName=$NODE NodeAddr=127.0.0.1 CPUs=8 RealMemory=1000 State=UNKNOWN
PartitionName=test Nodes=ALL Default=YES MaxTime=INFINITE State=UP
CONF
slurmctld -D -i -f "$SLURM_CONF" > "$TMP/log/slurmctld.out" 2>&1 &
DAEMONS+=($!)
slurmd -D -f "$SLURM_CONF" -N "$NODE" > "$TMP/log/slurmd.out" 2>&1 &
DAEMONS+=($!)
up=0
for _ in $(seq 1 100); do
  if sinfo -h -o '%T' 2>/dev/null | grep -qE '^(idle|mixed|allocated)'; then up=1; break; fi
  sleep 0.2
done
if [ "$up" -ne 1 ]; then
  skip "Slurm did not come up: $(sinfo 2>&1 | tail -2); slurmctld: $(tail -3 "$TMP/log/slurmctld.log" "$TMP/log/slurmctld.out" 2>/dev/null); slurmd: $(tail -3 "$TMP/log/slurmd.log" "$TMP/log/slurmd.out" 2>/dev/null)"
fi
echo "slurm: node $NODE up ($(sinfo -h -o '%P %D %T %c'))"

# The sweep: the simulated model, three workers claiming from Redis.
start_redis
cd "$TMP/work"
echo '{"name": "sim-slow", "description": "SIMULATED, slow", "latency_median_ms": 60}' > slow.json
cat > sweep.json <<JSON
{"org": {"path": "$TMP/work/org.db", "generate": {"seed": 9, "scale": 1}},
 "tasks": {"path": "$TMP/work/tasks.jsonl", "generate": {"seed": 4, "per_type": 4}},
 "models": [{"name": "sim-slow", "provider": "simulated", "limits": {"rpm": 6000}}],
 "strategies": ["act", "tool_call"], "seeds": [0, 1], "episodes_in_flight": 4,
 "simulator": {"profiles": ["$TMP/work/slow.json"]}, "prompts": {"dir": "$PROMPTS"}, "cache": {"enabled": false},
 "shared": {"redis_url": "redis://127.0.0.1:$REDIS_PORT/0", "namespace": "slurm$$", "lease_seconds": 5},
 "output": {"dir": "$TMP/work/out"}}
JSON
"$BIN" org generate --seed 9 --scale 1 --out org.db >/dev/null 2>&1
"$BIN" tasks generate --org org.db --per-type 4 --seed 4 --out tasks.jsonl >/dev/null 2>&1
started=$(date +%s)
CRMARENA_BIN="$BIN" sbatch --wait --array=0-2 --cpus-per-task=1 --chdir="$TMP/work" \
  --output="$TMP/work/task-%a.log" "$HERE/crmarena-array.sbatch" "$TMP/work/sweep.json" > sbatch.out 2>&1
rc=$?
echo "sbatch --wait: rc=$rc after $(( $(date +%s) - started )) s: $(cat sbatch.out)"
fail=0
check() { if [ "$2" -eq 0 ]; then echo "ok   $1"; else fail=1; echo "FAIL $1: $3"; fi; }
check job-array-succeeded "$rc" "$(tail -5 task-*.log 2>/dev/null)"
for i in 0 1 2; do
  grep -q "array task $i of 3: worker" "task-$i.log" 2>/dev/null
  check "task-$i-was-a-worker" $? "$(head -3 "task-$i.log" 2>/dev/null)"
done
files=$(ls out/results.*.jsonl 2>/dev/null | wc -l)
check three-results-files $(( files != 3 )) "$files files"
d=$(done_lines out); k=$(distinct_keys out)
echo "done lines $d, distinct keys $k (plan 144)"
check every-episode-once $(( d != 144 || k != 144 )) "done $d distinct $k"
for f in out/results.*.jsonl; do
  n=$(grep -c '"record":"episode"' "$f")
  check "worker-ran-episodes ($n in $(basename "$f"))" $(( n < 1 )) "no episode in $f"
done

# The same sweep as static shards: SLURM_ARRAY_TASK_ID/COUNT -> --shard i/3, no Redis needed.
sed 's|"output": {"dir": "[^"]*"}|"output": {"dir": "'"$TMP"'/work/unused"}|' sweep.json > shards.json
CRMARENA_MODE=shard CRMARENA_OUT="$TMP/work/shards" CRMARENA_BIN="$BIN" sbatch --wait --array=0-2 --cpus-per-task=1 \
  --chdir="$TMP/work" --output="$TMP/work/shard-%a.log" "$HERE/crmarena-array.sbatch" "$TMP/work/shards.json" > sbatch2.out 2>&1
rc=$?
check shard-array-succeeded "$rc" "$(cat sbatch2.out; tail -n 5 shard-*.log 2>/dev/null)"
for i in 0 1 2; do
  grep -q "array task $i of 3: shard $i/3" "shard-$i.log" 2>/dev/null
  check "task-$i-was-shard-$i/3" $? "$(head -3 "shard-$i.log" 2>/dev/null)"
done
d=$(cat shards/shard-*/results.jsonl | grep -c '"status":"done"')
k=$(cat shards/shard-*/results.jsonl | grep '"status":"done"' | grep -o '"key":"[^"]*"' | sort -u | wc -l)
echo "shards: done lines $d, distinct keys $k (plan 144)"
check shards-every-episode-once $(( d != 144 || k != 144 )) "done $d distinct $k"
if [ "$fail" -eq 0 ]; then echo "1 passed, 0 failed"; else echo "0 passed, 1 failed"; fi
exit "$fail"
