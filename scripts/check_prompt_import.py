#!/usr/bin/env python3
"""Local check (not in CI: it needs a checkout of the official harness) that
`crmarena prompts import` plus `crmarena prompts` send exactly the first
request the official agents would send.

It loads the REAL prompts.py of the checkout (by file path; nothing else of
the harness is imported, so its dependencies need not be installed), reads
EXTERNAL_FACING_TASKS from its data/assets.py without executing it, imports
the prompts with our binary, and for every task of a task file and a grid of
strategies, modes and flags compares our first request with the one built
from the official constants by the official recipe (chat_agent.py and
tool_call_agent.py, restated below in our own code).

Usage: scripts/check_prompt_import.py --harness /path/to/CRMArena
         [--crmarena build/crmarena] [--tasks tests/data/tasks/crmarena_list.json]
Exit status 0 when every request matches.
"""
import argparse
import ast
import importlib.util
import itertools
import json
import os
import subprocess
import sys
import tempfile

SYSTEM = "Salesforce instance"  # what the official agents pass as system=


def load_module(path):
    spec = importlib.util.spec_from_file_location("official_prompts", path)
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def external_facing_tasks(assets_path):
    tree = ast.parse(open(assets_path, encoding="utf-8").read())
    for node in tree.body:
        if isinstance(node, ast.Assign) and any(
                isinstance(t, ast.Name) and t.id == "EXTERNAL_FACING_TASKS" for t in node.targets):
            return ast.literal_eval(node.value)
    raise SystemExit(f"{assets_path}: no EXTERNAL_FACING_TASKS")


def schema_text(p, schema):
    """SCHEMA_STRING filled from the list-of-objects schema."""
    per_object = {}
    for entry in schema:
        per_object[entry["object"]] = "\n".join(f"  - {name}: {desc}" for name, desc in entry["fields"].items())
    return p.SCHEMA_STRING.format(
        object_names=", ".join(per_object),
        object_fields="\n".join(name + "\n" + lines for name, lines in per_object.items()))


def official_system_prompt(p, external, task, strategy, mode, interactive, privacy, schema):
    described = schema_text(p, schema)
    if strategy == "react":
        if external:
            if privacy:
                base = p.REACT_PRIVACY_AWARE_EXTERNAL_INTERACTIVE_PROMPT if interactive \
                    else p.REACT_PRIVACY_AWARE_EXTERNAL_PROMPT
            else:
                base = p.REACT_EXTERNAL_INTERACTIVE_PROMPT if interactive else p.REACT_EXTERNAL_PROMPT
        else:
            base = p.REACT_INTERNAL_INTERACTIVE_PROMPT if interactive else p.REACT_INTERNAL_PROMPT
        prompt = base.format(system_description=described, system=SYSTEM)
    elif strategy == "act":
        prompt = p.ACT_PROMPT.format(system_description=described, system=SYSTEM)
    elif strategy == "tool_call":
        prompt = p.NATIVE_FC_PROMPT.format(system=SYSTEM)
    else:
        prompt = p.FC_FLEX_PROMPT.format(system_description=described, system=SYSTEM)
    metadata = task.get("metadata", {})
    if metadata.get("required"):
        prompt += p.SYSTEM_METADATA.format(system_metadata=metadata["required"], system=SYSTEM)
    if mode == "aided" and "optional" in metadata:
        prompt += "\n" + metadata["optional"]
    return prompt


def official_messages(prompt, query, fold):
    if fold:
        return [{"role": "user", "content": prompt + "\n\n" + query}]
    return [{"role": "system", "content": prompt.strip()}, {"role": "user", "content": query.strip()}]


def run(cmd):
    done = subprocess.run(cmd, capture_output=True, text=True)
    if done.returncode != 0:
        raise SystemExit(f"{' '.join(cmd)} failed ({done.returncode}):\n{done.stdout}{done.stderr}")
    return done.stdout


def main():
    here = os.path.dirname(os.path.abspath(__file__))
    root = os.path.dirname(here)
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--harness", required=True, help="checkout of the official harness")
    ap.add_argument("--crmarena", default=os.path.join(root, "build", "crmarena"))
    ap.add_argument("--tasks", default=os.path.join(root, "tests", "data", "tasks", "crmarena_list.json"))
    args = ap.parse_args()

    p = load_module(os.path.join(args.harness, "crm_sandbox", "agents", "prompts.py"))
    external = set(external_facing_tasks(os.path.join(args.harness, "crm_sandbox", "data", "assets.py")))
    with open(args.tasks, encoding="utf-8") as f:
        tasks = {t["idx"]: t for t in (json.load(f) if args.tasks.endswith(".json") else map(json.loads, f))}
    schema = json.loads(run([args.crmarena, "org", "schema", "--compact"]))

    with tempfile.TemporaryDirectory() as tmp:
        out = os.path.join(tmp, "official")
        print(run([args.crmarena, "prompts", "import", "--from", args.harness, "--out", out]), end="")
        checked = mismatched = 0
        grid = itertools.product(["react", "act", "tool_call", "tool_call_flex"], ["default", "aided"],
                                 [False, True], [False, True])
        for strategy, mode, fold, privacy in grid:
            cmd = [args.crmarena, "prompts", "--prompts", out, "--tasks", args.tasks, "--strategy", strategy,
                   "--mode", mode]
            cmd += ["--fold-system"] if fold else []
            cmd += ["--privacy-aware-prompt"] if privacy else []
            for line in run(cmd).splitlines():
                got = json.loads(line)
                task = tasks[got["task_id"]]
                prompt = official_system_prompt(p, task["task"] in external, task, strategy, mode, False, privacy,
                                                schema)
                want = official_messages(prompt, task["query"], fold)
                have = [{"role": m["role"], "content": m["content"]} for m in got["request"]["messages"]]
                checked += 1
                if have != want:
                    mismatched += 1
                    print(f"MISMATCH task {got['task_id']} {strategy} {mode} fold={fold} privacy={privacy}")
                    for h, w in zip(have, want):
                        if h != w:
                            at = next((i for i, (a, b) in enumerate(zip(h["content"], w["content"])) if a != b),
                                      min(len(h["content"]), len(w["content"])))
                            print(f"  {h['role']}: first difference at {at}: ours {h['content'][at:at + 60]!r}"
                                  f" official {w['content'][at:at + 60]!r}")
        print(f"{checked} first requests compared, {mismatched} differ")
        return 1 if mismatched else 0


if __name__ == "__main__":
    sys.exit(main())
