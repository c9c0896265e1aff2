#!/usr/bin/env bash
# `report --format crmarena` on a real (simulated) sweep: the official files
# appear per settings hash and seed, parse as JSON lists, have the official
# keys in order and no task id twice in a file.
# Usage: official_export_test.sh path/to/crmarena
set -u
BIN=$(readlink -f "$1")
PROMPTS="$(cd "$(dirname "$0")/../../configs/prompts" && pwd)"
TMP=$(mktemp -d)
trap 'rm -rf "$TMP"' EXIT
cd "$TMP"
cat > sweep.json <<JSON
{"org": {"path": "$TMP/org.db", "generate": {"seed": 9, "scale": 1}},
 "tasks": {"path": "$TMP/tasks.jsonl", "generate": {"seed": 4, "per_type": 2}},
 "models": [{"name": "sim-oracle", "provider": "simulated"}],
 "strategies": ["react", "tool_call"], "seeds": [0, 1],
 "prompts": {"dir": "$PROMPTS"}, "output": {"dir": "$TMP/run"}}
JSON
"$BIN" run sweep.json --quiet --no-report > run.log 2>&1 || { cat run.log; echo "0 passed, 1 failed"; exit 1; }
"$BIN" report run/results.jsonl --format crmarena --out-dir "$TMP/official" > export.log 2>&1 ||
  { cat export.log; echo "0 passed, 1 failed"; exit 1; }
python3 - "$TMP/official" <<'PY'
import json, os, re, sys
root = sys.argv[1]
name = re.compile(r"^results_sim-oracle_(react|tool_call)_[a-z_]+_interactive-(True|False)\.json$")
files = []
for d, _, fs in os.walk(root):
    files += [os.path.join(d, f) for f in fs]
problems = []
seeds = set()
for path in files:
    rel = os.path.relpath(path, root).split(os.sep)
    if len(rel) != 3 or not rel[1].startswith("seed-") or not name.match(rel[2]):
        problems.append("unexpected path " + "/".join(rel))
        continue
    seeds.add(rel[1])
    items = json.load(open(path))
    ids = [i["task_id"] for i in items]
    if len(ids) != len(set(ids)):
        problems.append(path + ": a task_id twice")
    for i in items:
        if list(i) != ["task_id", "task_type", "gt_answer", "reward", "agent_info", "traj"]:
            problems.append(path + ": keys " + str(list(i)))
        if rel[2].split("_interactive")[0].endswith(i["task_type"]) is False:
            problems.append(path + ": task_type " + i["task_type"] + " in the wrong file")
if not files:
    problems.append("no files written")
if seeds != {"seed-0", "seed-1"}:
    problems.append("seed directories " + str(sorted(seeds)))
for p in problems:
    print("FAIL:", p)
print("%d files checked" % len(files))
sys.exit(1 if problems else 0)
PY
rc=$?
if [ "$rc" -eq 0 ]; then echo "1 passed, 0 failed"; else cat export.log; echo "0 passed, 1 failed"; fi
exit "$rc"
