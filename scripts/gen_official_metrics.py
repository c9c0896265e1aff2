#!/usr/bin/env python3
"""Writes tests/data/scoring/official_metrics.json: (prediction, reference)
pairs with what the official harness's get_all_metrics returns for them, so
engine/scoring/official_metrics.cc is tested against the real packages.

It runs the official crm_sandbox/agents/utils.py (normalize_answer,
get_all_metrics) with the real sacrebleu (2.4.3, as the official
requirements.txt pins) and rouge (1.0.1) sources, none of which this project
ships. Modules those packages import only for features get_all_metrics never
touches (file locking, tables, significance tests, dataset XML) are stubbed
when they are not installed.

Usage: python3 scripts/gen_official_metrics.py OFFICIAL_CHECKOUT SACREBLEU_SRC ROUGE_SRC \
           > tests/data/scoring/official_metrics.json
  OFFICIAL_CHECKOUT: a checkout of SalesforceAIResearch/CRMArena
  SACREBLEU_SRC:     a directory holding the sacrebleu package (tag v2.4.3)
  ROUGE_SRC:         a directory holding the rouge package (pltrdy/rouge 1.0.1)
"""
import importlib.util
import json
import logging
import random
import sys
import types


def stub_missing(names):
    for name in names:
        try:
            __import__(name)
        except ImportError:
            module = types.ModuleType(name)
            if name == "tabulate":
                module.tabulate = lambda *args, **kwargs: ""
            sys.modules[name] = module


def load_official_utils(checkout, sacrebleu_src, rouge_src):
    sys.path[:0] = [sacrebleu_src, rouge_src]
    stub_missing(["portalocker", "tabulate", "numpy", "lxml", "lxml.etree"])
    try:
        import sacrebleu.version  # noqa: F401  (absent from a source checkout)
    except ImportError:
        version = types.ModuleType("sacrebleu.version")
        version.__version__ = "2.4.3"
        sys.modules["sacrebleu.version"] = version
    logging.getLogger("sacrebleu").setLevel(logging.ERROR)  # the effective_order advice
    spec = importlib.util.spec_from_file_location("official_utils", checkout + "/crm_sandbox/agents/utils.py")
    utils = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(utils)
    return utils


HAND_PICKED = [
    ("Returns accepted within 60 days!", "within 60 days of the purchase"),
    ("Within 60 days of purchase.", "within the 60 days of purchase"),
    ("30 days", "The return window is 30 days."),
    ("the cat sat on the mat", "the cat sat on the mat"),
    ("a b c d e", "a b c d e"),
    ("one two three", "one two three"),
    ("one two three four", "one two three four"),
    ("one two three four five", "five four three two one"),
    ("red red red red blue", "red blue red"),
    ("x y x y x y", "y x y x"),
    ("alpha beta gamma delta alpha beta", "beta alpha gamma alpha delta beta"),
    ("The policy_name is RMA-2024; see §4.", "policy name rma 2024 see 4"),
    ("It's ‘quoted’ and ´accented´ and `ticked`", "its quoted and accented and ticked"),
    ("“Curly” double quotes — and dashes", "curly double quotes and dashes"),
    ("Café a crème — the—best", "café crème best"),
    ("İstanbul ÉCOLE Straße ΟΔΟΣ", "i̇stanbul école straße οδος"),
    ("non\u00a0breaking\u2003spaces\x1cand\u3000ideographic", "non breaking spaces and ideographic"),
    ("An answer; an apple, the end", "answer apple end"),
    ("theory anathema thea", "theory anathema thea"),
    ("the", "the"),
    ("...", "some reference"),
    ("", "some reference"),
    ("some prediction", "a an the"),
    ("42", "42"),
    ("3.5 percent", "3 5 percent"),
    ("Order #A-17 shipped on 2024-03-01 to Austin, TX.", "order a 17 shipped 2024 03 01 austin tx"),
    ("上海 的 客户 满意", "上海 客户 满意"),
    ("emoji 😀 stays 😀", "emoji stays"),
]

VOCAB = ["refund", "days", "within", "60", "30", "purchase", "policy", "the", "a", "an", "order",
         "return", "window", "item", "Refund", "DAYS", "of", "is", "store", "credit"]


def random_pairs(count, seed):
    rng = random.Random(seed)
    pairs = []
    for _ in range(count):
        pred = " ".join(rng.choice(VOCAB) for _ in range(rng.randint(1, 14)))
        ref = " ".join(rng.choice(VOCAB) for _ in range(rng.randint(1, 14)))
        if rng.random() < 0.3:
            ref = pred + " " + ref
        pairs.append((pred, ref))
    return pairs


def main():
    if len(sys.argv) != 4:
        sys.exit(__doc__)
    utils = load_official_utils(*sys.argv[1:4])
    cases = []
    for prediction, reference in HAND_PICKED + random_pairs(300, seed=20240517):
        case = {
            "prediction": prediction,
            "reference": reference,
            "normalized_prediction": utils.normalize_answer(prediction),
            "normalized_reference": utils.normalize_answer(reference),
        }
        try:
            case["metrics"] = utils.get_all_metrics(prediction, reference)
        except Exception as e:  # the official evaluation fails here; the task scores 0
            case["error"] = str(e)
        cases.append(case)
    json.dump({"generated_by": "scripts/gen_official_metrics.py", "cases": cases}, sys.stdout,
              ensure_ascii=False, indent=1)
    sys.stdout.write("\n")


if __name__ == "__main__":
    main()
