#!/usr/bin/env python3
"""bench/python_baseline/react_baseline.py: the Python baseline of the remote
react setting of crm_sweep_bench. It does what a careful asyncio + aiohttp
harness would do for the same react episodes against the same two servers
(`crmarena serve llm` and `crmarena serve org`), so the bench can set the
engine's CPU per model call beside it.

Per episode: start from the task's first request (the one the engine sends,
dumped by `crmarena prompts --strategy react`), then loop: POST the
conversation to the OpenAI-compatible /v1/chat/completions, parse the reply's
action (<execute> or <respond>, as the official react loop does), run the
query over REST (SOQL `query` following nextRecordsUrl as simple_salesforce's
query_all does, or SOSL `search` for a text starting with FIND), render the
records as the official connector does (no `attributes`, no all-None columns,
Python's str()), append "Observation: ..." and go on; at an answer, score it
and write one JSON results line. The score is a plain normalised exact match
on the task's answer, a stand-in for the cost of scoring, not the engine's
matcher (it under-counts list answers).

Honest by construction: one ClientSession with keep-alive connections for the
whole run (no per-call connection set-up), one OAuth login for the process, a
semaphore on episodes in flight, no sleeps. Uses uvloop when it is installed
(it is not a Debian 12 default; the summary names the loop).

Prints one JSON line on stdout: episodes, model calls, org calls, and the
process's CPU seconds over the episodes (after login and loading, as the
engine's figure excludes its setup) and over its whole life.

Single-threaded (asyncio); standard library + aiohttp only.
"""
import argparse
import asyncio
import json
import re
import resource
import sys
import time
from urllib.parse import quote

import aiohttp

EXECUTE = re.compile(r"<execute>(.*?)</execute>", re.DOTALL)
RESPOND = re.compile(r"<respond>(.*?)</respond>", re.DOTALL)
FENCE = re.compile(r"```(?:sql)?(.*?)```", re.DOTALL)
SPACES = re.compile(r"\s+")
REMINDER = ("Your last message could not be used: {}. Reply with exactly one action: either "
            "<execute> a SOQL query or a SOSL search </execute> or <respond> the final answer </respond>.")


def cpu_seconds():
    u = resource.getrusage(resource.RUSAGE_SELF)
    return u.ru_utime + u.ru_stime


def system_cpu_seconds():
    """The kernel's part of cpu_seconds(): system calls and the network stack."""
    return resource.getrusage(resource.RUSAGE_SELF).ru_stime


class Org:
    """The REST side: one session token, the org's keep-alive connections."""

    def __init__(self, http, base, api_version):
        self.http = http
        self.base = base.rstrip("/")
        self.data = None
        self.headers = None
        self.api_version = api_version
        self.calls = 0

    async def login(self, username, password, token):
        form = {"grant_type": "password", "client_id": "baseline", "client_secret": "baseline",
                "username": username, "password": password + token}
        async with self.http.post(self.base + "/services/oauth2/token", data=form) as r:
            body = await r.json()
            if r.status != 200:
                raise RuntimeError("login failed: %s" % body)
        self.data = body["instance_url"].rstrip("/")
        self.headers = {"Authorization": "Bearer " + body["access_token"], "Accept": "application/json"}

    async def get(self, path):
        self.calls += 1
        async with self.http.get(self.data + path, headers=self.headers) as r:
            body = await r.read()
            return r.status, json.loads(body)

    async def run_query(self, text):
        """The official connector's run_query: (records, 1) or ("CODE: message", 0)."""
        v = "/services/data/v" + self.api_version
        if text.startswith("FIND"):
            status, body = await self.get(v + "/search?q=" + quote(text, safe=""))
            if status >= 300:
                return error_text(body), 0
            records = body.get("searchRecords", [])
        else:
            fenced = FENCE.search(text)
            if fenced:
                text = SPACES.sub(" ", fenced.group(1)).strip()
            status, body = await self.get(v + "/query?q=" + quote(text, safe=""))
            if status >= 300:
                return error_text(body), 0
            records = body["records"]
            while not body.get("done", True):  # query_all
                status, body = await self.get(body["nextRecordsUrl"])
                if status >= 300:
                    return error_text(body), 0
                records.extend(body["records"])
        for record in records:
            record.pop("attributes", None)
        if records:
            empty = [k for k in records[0] if all(r.get(k) is None for r in records)]
            for record in records:
                for k in empty:
                    del record[k]
        return records, 1


def error_text(body):
    if isinstance(body, list) and body and isinstance(body[0], dict):
        return "%s: %s" % (body[0].get("errorCode", "UNKNOWN_EXCEPTION"), body[0].get("message", ""))
    return str(body)


def normalise(text):
    return SPACES.sub(" ", (text or "").strip()).lower()


class Sweep:
    def __init__(self, args, http, org, tasks, out):
        self.args = args
        self.http = http
        self.org = org
        self.tasks = tasks
        self.out = out
        self.url = args.llm.rstrip("/") + "/chat/completions"
        self.headers = {"Content-Type": "application/json", "Authorization": "Bearer baseline"}
        self.model_calls = 0
        self.episodes = 0
        self.successes = 0

    async def chat(self, request):
        self.model_calls += 1
        started = time.monotonic()
        async with self.http.post(self.url, data=json.dumps(request), headers=self.headers) as r:
            body = await r.read()
            if r.status != 200:
                raise RuntimeError("model call failed: %d %s" % (r.status, body[:200]))
        reply = json.loads(body)
        return reply["choices"][0]["message"].get("content") or "", (time.monotonic() - started) * 1000, reply

    async def episode(self, first, seed):
        # The keys the engine sends for a react turn (no tools: the actions are tags).
        messages = list(first["request"]["messages"])
        request = {"model": first["request"]["model"], "messages": messages, "temperature": 0, "seed": seed}
        trajectory, latencies = [], []
        answer, reason, tokens = None, "max_turns", [0, 0]
        for turn in range(self.args.max_turns):
            content, ms, reply = await self.chat(request)
            latencies.append(round(ms, 3))
            usage = reply.get("usage") or {}
            tokens[0] += usage.get("prompt_tokens", 0)
            tokens[1] += usage.get("completion_tokens", 0)
            messages.append({"role": "assistant", "content": content})
            respond = RESPOND.search(content)
            execute = EXECUTE.search(content)
            if respond and (not execute or respond.start() < execute.start()):
                answer, reason = respond.group(1).strip(), "answered"
                trajectory.append({"turn": turn, "kind": "respond", "answer": answer})
                break
            if not execute:
                trajectory.append({"turn": turn, "kind": "format_error"})
                messages.append({"role": "user", "content": REMINDER.format("no <execute> or <respond> action")})
                continue
            query = execute.group(1).strip()
            result, ok = await self.org.run_query(query)
            observation = str(result)
            trajectory.append({"turn": turn, "kind": "execute", "query": query, "ok": ok,
                               "observation_chars": len(observation)})
            messages.append({"role": "user", "content": "Observation: " + observation})
        task = self.tasks.get(first["task_id"], {})
        expected = [normalise(a) for a in task.get("answer", []) if a is not None]
        reward = 1 if answer is not None and normalise(answer) in expected else 0
        self.successes += reward
        self.episodes += 1
        self.out.write(json.dumps({"record": "episode", "task_id": first["task_id"], "seed": seed,
                                   "strategy": "react", "model": request.get("model"), "end_reason": reason,
                                   "answer": answer, "reward": reward, "turns": len(latencies),
                                   "latencies_ms": latencies, "input_tokens": tokens[0],
                                   "output_tokens": tokens[1], "trajectory": trajectory}) + "\n")

    async def run(self, firsts):
        """Task-major, as the engine's plan; the semaphore holds the episodes in flight."""
        gate = asyncio.Semaphore(self.args.in_flight)
        running, failures = set(), []

        async def one(first, seed):
            try:
                await self.episode(first, seed)
            except Exception as e:  # an infrastructure error: counted, the sweep goes on
                failures.append(repr(e))
            finally:
                gate.release()

        for first in firsts:
            for seed in range(self.args.seeds):
                await gate.acquire()
                task = asyncio.create_task(one(first, seed))
                running.add(task)
                task.add_done_callback(running.discard)
        await asyncio.gather(*running)
        return failures


async def main_async(args):
    with open(args.requests) as f:
        firsts = [json.loads(line) for line in f if line.strip()]
    tasks = {}
    with open(args.tasks) as f:
        for line in f:
            if line.strip():
                t = json.loads(line)
                tasks[t["idx"]] = t
    connector = aiohttp.TCPConnector(limit=0, keepalive_timeout=300, ttl_dns_cache=None)
    async with aiohttp.ClientSession(connector=connector, timeout=aiohttp.ClientTimeout(total=600)) as http:
        org = Org(http, args.org, args.api_version)
        await org.login(args.username, args.password, args.security_token)
        with open(args.out, "w", buffering=1 << 16) as out:
            sweep = Sweep(args, http, org, tasks, out)
            cpu_started, wall_started = cpu_seconds(), time.monotonic()
            system_started = system_cpu_seconds()
            failures = await sweep.run(firsts)
            sweep_cpu, sweep_wall = cpu_seconds() - cpu_started, time.monotonic() - wall_started
            sweep_system = system_cpu_seconds() - system_started
    print(json.dumps({"episodes": sweep.episodes, "model_calls": sweep.model_calls, "org_calls": org.calls,
                      "successes": sweep.successes, "failures": len(failures),
                      "first_failure": failures[0] if failures else None, "sweep_cpu_s": round(sweep_cpu, 4),
                      "sweep_system_cpu_s": round(sweep_system, 4),
                      "sweep_wall_s": round(sweep_wall, 4), "process_cpu_s": round(cpu_seconds(), 4),
                      "loop": type(asyncio.get_running_loop()).__module__, "aiohttp": aiohttp.__version__,
                      "python": sys.version.split()[0]}))


def main():
    p = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    p.add_argument("--llm", required=True, help="base URL of serve llm, e.g. http://127.0.0.1:PORT/v1")
    p.add_argument("--org", required=True, help="login URL of serve org, e.g. http://127.0.0.1:PORT")
    p.add_argument("--username", required=True)
    p.add_argument("--password", required=True)
    p.add_argument("--security-token", default="")
    p.add_argument("--api-version", default="58.0")
    p.add_argument("--requests", required=True, help="first requests, JSON lines of `crmarena prompts`")
    p.add_argument("--tasks", required=True, help="the task file (JSON lines), for the answers")
    p.add_argument("--seeds", type=int, default=1, help="episodes per task (seeds 0..N-1)")
    p.add_argument("--in-flight", type=int, default=256, help="episodes in flight")
    p.add_argument("--max-turns", type=int, default=20)
    p.add_argument("--out", required=True, help="results JSON lines")
    args = p.parse_args()
    try:
        import uvloop  # noqa: F401  (optional: faster event loop when installed)
        uvloop.install()
    except ImportError:
        pass
    asyncio.run(main_async(args))


if __name__ == "__main__":
    main()
