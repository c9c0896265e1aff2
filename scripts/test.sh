#!/usr/bin/env bash
# Installs, builds and runs the whole test suite (CTest prints the summary).
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/install_deps.sh
bash scripts/build.sh -DCRMARENA_BUILD_TESTS=ON -DCRMARENA_BUILD_BENCH=ON -DCRMARENA_UNITY_BUILD=ON
ctest --test-dir "${BUILD_DIR:-build}" --output-on-failure -j "$(nproc)"
