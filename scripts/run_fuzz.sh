#!/usr/bin/env bash
# Builds the libFuzzer targets (fuzz/CMakeLists.txt) with clang in their own
# build directory and runs each for a bounded time over its committed seed
# corpus, fuzz/corpus/<name> for target <name>_fuzz (exec_fuzz: soql + sosl).
# New inputs go to a scratch directory; fuzz/corpus/ is never modified.
# Exit status is non-zero on any crash, leak, timeout or build failure.
#   FUZZ_SECONDS (default 60)  BUILD_DIR (default build-fuzz)  JOBS (default 2)
#   FUZZ_TARGETS (default: every fuzz/<name>_fuzz.cc, e.g. "action provider")
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
build=${BUILD_DIR:-$root/build-fuzz}
seconds=${FUZZ_SECONDS:-60}
all=("$root"/fuzz/*_fuzz.cc)
all=("${all[@]##*/}")
read -ra targets <<<"${FUZZ_TARGETS:-${all[*]%_fuzz.cc}}"

cmake -S "$root" -B "$build" -DCMAKE_BUILD_TYPE=RelWithDebInfo \
  -DCMAKE_C_COMPILER=clang -DCMAKE_CXX_COMPILER=clang++ \
  -DCRMARENA_FUZZ=ON -DCRMARENA_BUILD_TESTS=OFF -DCRMARENA_BUILD_BENCH=OFF >/dev/null
cmake --build "$build" -j"${JOBS:-2}" --target "${targets[@]/%/_fuzz}"

# exec_fuzz runs whole queries (both corpora) on a one-row-per-object org.
for target in "${targets[@]}"; do
  scratch=$(mktemp -d)
  corpora=("$root/fuzz/corpus/$target")
  [ "$target" = exec ] && corpora=("$root/fuzz/corpus/soql" "$root/fuzz/corpus/sosl")
  echo "== ${target}_fuzz for ${seconds}s"
  mkdir -p "$build/artifacts"  # crash, leak and timeout inputs land here
  "$build/fuzz/${target}_fuzz" -max_total_time="$seconds" -timeout=10 -rss_limit_mb=2048 \
    -max_len=4096 -print_final_stats=1 -artifact_prefix="$build/artifacts/${target}-" \
    "$scratch" "${corpora[@]}"
  rm -rf "$scratch"
done
echo "fuzz: no crash, leak or hang"
