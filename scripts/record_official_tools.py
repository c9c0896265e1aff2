#!/usr/bin/env python3
"""Records what the official CRMArena harness shows for each tool fixture.

The engine's tools reproduce the official harness's tool functions; the
conformance test (tests/engine/tools/official_conformance_test.cc) checks
them against observations recorded here from the harness itself. This script
reads YOUR checkout of SalesforceAIResearch/CRMArena (nothing of it is copied
into this repository), runs each fixture through its environments' step()
(ToolEnv for tools, ChatEnv for act/react queries) with a stand-in for
simple_salesforce 1.12.6 that answers with the fixture's REST body the way
that library does (JSON objects as OrderedDicts, errors as
SalesforceError texts), and writes the observations.

Usage:
  python3 scripts/record_official_tools.py --harness /path/to/CRMArena \
      [--fixtures tests/data/tools/official_fixtures.json] \
      [--out tests/data/tools/official_recorded.json]
Needs Python 3.11 (the harness's version; reprs differ in 3.12) with
python-dateutil; the harness's other dependencies are stubbed.
"""
import argparse
import contextlib
import io
import json
import sys
import types
from collections import OrderedDict


def install_stubs():
    """Modules the harness imports but these runs never use."""
    def module(name, **attrs):
        m = types.ModuleType(name)
        for k, v in attrs.items():
            setattr(m, k, v)
        sys.modules[name] = m
        return m

    class Anything:
        def __init__(self, *a, **k):
            pass

        def __call__(self, *a, **k):
            return self

    def passthrough_decorator(*a, **k):
        return lambda f: f

    module("simple_salesforce", Salesforce=Anything)
    module("pandas", DataFrame=Anything)
    module("tqdm", tqdm=Anything)
    module("dotenv", load_dotenv=lambda *a, **k: None)
    module("litellm", completion=Anything(), completion_cost=Anything(), set_verbose=False)
    module("together")
    module("openai", OpenAI=Anything)
    module("tenacity", retry=passthrough_decorator, stop_after_attempt=Anything(), wait_random_exponential=Anything())
    module("sacrebleu")
    module("sacrebleu.metrics", BLEU=Anything)
    module("rouge", Rouge=Anything)


class SalesforceError(Exception):
    """simple_salesforce's error text: '... Response content: <result.json()>'."""

    def __init__(self, url, content):
        super().__init__()
        self.url, self.content = url, content

    def __str__(self):
        return f"Malformed request {self.url}. Response content: {self.content}"


class FakeSalesforce:
    """Answers query_all and search with one fixture response."""

    def __init__(self, response):
        self.response = response
        self.calls = []

    def _body(self, api, text):
        self.calls.append({"api": api, "text": text})
        if self.response is None:
            raise RuntimeError("fixture has no response for a query")
        if "error" in self.response:
            e = self.response["error"]
            raise SalesforceError(f"https://org.example/services/data/v59.0/{api}/",
                                  [{"message": e["message"], "errorCode": e["errorCode"]}])
        return json.loads(json.dumps(self.response), object_pairs_hook=OrderedDict)

    def query_all(self, text):
        body = self._body("query", text)
        records = list(body["records"])
        return {"records": records, "totalSize": len(records), "done": True}

    def search(self, text):
        body = self._body("search", text)
        return None if len(body) == 0 else body


def record(case, env_mod, tools, tools_full, connect_sandbox):
    connector = object.__new__(connect_sandbox.SalesforceConnector)
    connector.sf = FakeSalesforce(case.get("response"))
    out = {}
    sink = io.StringIO()
    with contextlib.redirect_stdout(sink):
        if case["tool"] == "execute":
            env = object.__new__(env_mod.ChatEnv)
            env.sf_connector, env.actions = connector, []
            try:
                obs, _, _, _ = env.step({"name": "execute", "content": case["arguments"]["query"]})
                out["observation"] = obs
            except Exception as e:  # the official loop ends the task here
                out["raised"] = f"{type(e).__name__}: {e}"
        else:
            env = object.__new__(env_mod.ToolEnv)
            chosen = tools_full if case.get("flex", True) else tools
            env.tools_dict = {t.__name__: t for t in chosen}
            env.sf_connector, env.actions = connector, []
            env.task = {"answer": "x", "reward_metric": "exact_match"}
            obs, _, done, _ = env.step({"name": case["tool"], "arguments": case["arguments"]})
            out["observation"] = obs
            out["done"] = done
    out["queries"] = connector.sf.calls
    return out


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--harness", required=True, help="a checkout of SalesforceAIResearch/CRMArena")
    ap.add_argument("--fixtures", default="tests/data/tools/official_fixtures.json")
    ap.add_argument("--out", default="tests/data/tools/official_recorded.json")
    args = ap.parse_args()
    if sys.version_info[:2] != (3, 11):
        print(f"warning: Python {sys.version_info.major}.{sys.version_info.minor}; the harness's reprs are 3.11's",
              file=sys.stderr)
    install_stubs()
    sys.path.insert(0, args.harness)
    with contextlib.redirect_stdout(io.StringIO()):
        from crm_sandbox.env import TOOLS, TOOLS_FULL, connect_sandbox
        from crm_sandbox.env import env as env_mod
    cases = json.load(open(args.fixtures, encoding="utf-8"))
    for case in cases:
        case["official"] = record(case, env_mod, TOOLS, TOOLS_FULL, connect_sandbox)
    with open(args.out, "w", encoding="utf-8") as f:
        json.dump(cases, f, indent=1, ensure_ascii=False)
        f.write("\n")
    print(f"recorded {len(cases)} cases into {args.out}")


if __name__ == "__main__":
    main()
