#!/usr/bin/env bash
# Configures and builds crmarena-engine (Release) into build/.
#   scripts/build.sh [extra cmake -D options]   everything: crmarena, tests, benchmarks
#   TARGETS=crmarena scripts/build.sh ...       only those targets
# ccache is used when present (CMakeLists.txt). scripts/quickstart.sh and
# scripts/test.sh add -DCRMARENA_UNITY_BUILD=ON (cmake/Unity.cmake).
set -euo pipefail
cd "$(dirname "$0")/.."
BUILD_DIR="${BUILD_DIR:-build}"
cmake -S . -B "$BUILD_DIR" -DCMAKE_BUILD_TYPE="${BUILD_TYPE:-Release}" "$@" >/dev/null
targets=()
for t in ${TARGETS:-}; do targets+=(--target "$t"); done
cmake --build "$BUILD_DIR" -j "$(nproc)" "${targets[@]}"
