#!/usr/bin/env bash
# Installs the Debian 12 packages crmarena-engine needs to build and test,
# then the maintained model price data from npm (scripts/install_prices.sh).
# Idempotent: does nothing when everything is present. Run as root (or with sudo).
set -euo pipefail
cd "$(dirname "$0")/.."

packages=(
  g++ cmake make pkg-config ccache git
  libsqlite3-dev sqlite3          # the embedded org (FTS5 included)
  rapidjson-dev libcli11-dev      # JSON, command line
  libtbb-dev                      # scheduler: oneTBB flow graph
  libmimalloc-dev                 # the process allocator of Release builds (cmake/Allocator.cmake)
  python3-aiohttp                 # bench: the Python asyncio baseline beside the engine (bench/python_baseline/)
  chromium                        # tests: the HTML report renders in headless Chromium
  libgtest-dev libgmock-dev libbenchmark-dev
  libboost1.81-dev libssl-dev openssl ca-certificates  # io: Beast/Asio (headers only), TLS, test certs, system CA store
  clang libclang-rt-14-dev llvm-14  # CI fuzzing: clang, libFuzzer/ASan runtimes (only Recommended by clang), llvm-symbolizer
)

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
