#!/usr/bin/env bash
# Installs the Debian 12 packages crmarena-engine needs, then the maintained
# model price data from npm (scripts/install_prices.sh). Idempotent: does
# nothing when everything is present. Run as root (or with sudo).
#   install_deps.sh             everything: build, tests, benchmarks, CI
#   install_deps.sh --main-job  only what building `crmarena` and running the
#                               quickstart need (scripts/quickstart.sh)
set -euo pipefail
cd "$(dirname "$0")/.."

main_job_packages=(
  g++ cmake make pkg-config ccache
  libsqlite3-dev                  # the embedded org (FTS5 included)
  rapidjson-dev libcli11-dev      # JSON, command line
  libtbb-dev                      # scheduler: oneTBB flow graph
  libmimalloc-dev                 # the process allocator of Release builds (cmake/Allocator.cmake)
  libboost1.81-dev libssl-dev openssl ca-certificates  # io: Beast/Asio (headers only), TLS, test certs, system CA store
  libhiredis-dev                  # io/redis: shared limits and work claiming across processes
)
test_packages=(
  git sqlite3                     # tests: the sqlite3 shell reads org files in the shell tests
  python3-aiohttp                 # bench: the Python asyncio baseline beside the engine (bench/python_baseline/)
  chromium                        # tests: the HTML report renders in headless Chromium
  libgtest-dev libgmock-dev libbenchmark-dev
  redis-server                    # tests: shared limits and work claiming start their own redis-server
  slurm-wlm munge                 # tests: deploy/slurm's job array on a one-node Slurm
  clang libclang-rt-14-dev llvm-14  # CI fuzzing: clang, libFuzzer/ASan runtimes (only Recommended by clang), llvm-symbolizer
)
packages=("${main_job_packages[@]}")
if [ "${1:-}" != --main-job ]; then packages+=("${test_packages[@]}"); fi

missing=()
for p in "${packages[@]}"; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
done
if [ ${#missing[@]} -gt 0 ]; then
  echo "installing: ${missing[*]}"
  SUDO=""
  if [ "$(id -u)" -ne 0 ]; then SUDO="sudo"; fi
  export DEBIAN_FRONTEND=noninteractive
  $SUDO apt-get update -qq
  $SUDO apt-get install -y -qq --no-install-recommends "${missing[@]}"
fi

# Model prices and context windows: @pydantic/genai-prices (npm; Node.js
# comes with the machine), exported to JSON for the engine.
bash scripts/install_prices.sh
