#!/usr/bin/env bash
# The main job: install, build, then run the quickstart sweep (configs/quickstart.json):
# generate the local org and tasks when absent, start the SIMULATED model
# server in-process (sim-oracle, sim-strong, sim-weak), run act, react and
# tool_call for two seeds over four tasks of every type, write
# out/quickstart/results.jsonl and out/quickstart/report.html, and print the summary.
# Running it again resumes: finished episodes are not run twice.
# Installs only the main job's packages and builds only the `crmarena` target
# (tests, benchmarks and their packages come with scripts/test.sh), each layer
# compiled in batches (cmake/Unity.cmake): about 1.7x less compiler CPU.
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/install_deps.sh --main-job
TARGETS=crmarena bash scripts/build.sh -DCRMARENA_BUILD_TESTS=OFF -DCRMARENA_BUILD_BENCH=OFF -DCRMARENA_UNITY_BUILD=ON
./build/crmarena run configs/quickstart.json --resume
