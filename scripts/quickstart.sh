#!/usr/bin/env bash
# The main job: install, build, generate the default embedded org and print
# its statistics. Everything lands in out/ (the binary in build/crmarena).
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/install_deps.sh
bash scripts/build.sh
mkdir -p out
if [ ! -f out/org.db ]; then
  ./build/crmarena org generate --seed 42 --scale 1 --out out/org.db
fi
./build/crmarena org stats out/org.db
