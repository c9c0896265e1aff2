#!/usr/bin/env bash
# Sanitizer stage of CI (issue 7, item 4).
#   asan: ASan+UBSan build (build-asan/) of the four unit-test binaries, each
#         run whole; any leak, memory error or undefined behaviour fails.
#   tsan: TSan build (build-tsan/) of the io and scheduler test binaries (the
#         layers that own threads), each run whole; any race fails.
# Usage: scripts/ci_sanitizers.sh [asan|tsan|all]   (default all)
# Env:   JOBS (default nproc)
# Builds are RelWithDebInfo at -O1 -g1 (line tables for stack traces, no
# NDEBUG so asserts stay on), only the test targets, and no build-time test
# discovery: the binaries are run directly here, not through CTest.
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
stage=${1:-all}
jobs=${JOBS:-$(nproc)}

export ASAN_OPTIONS=detect_leaks=1:abort_on_error=1
export UBSAN_OPTIONS=print_stacktrace=1:halt_on_error=1
export TSAN_OPTIONS="halt_on_error=1 second_deadlock_stack=1"

common=(-DCMAKE_BUILD_TYPE=RelWithDebInfo
        "-DCMAKE_CXX_FLAGS_RELWITHDEBINFO=-O1 -g1"
        "-DCMAKE_C_FLAGS_RELWITHDEBINFO=-O1 -g1"
        -DCRMARENA_BUILD_TESTS=ON -DCRMARENA_BUILD_BENCH=OFF
        # The layers in batches (cmake/Unity.cmake): a cold build in less CPU.
        -DCRMARENA_UNITY_BUILD=ON
        # Instrumentation makes GCC 12 report false -Wmaybe-uninitialized
        # inside libstdc++ (<regex>, std::function); -Werror is enforced by
        # the Release build of scripts/test.sh, warnings still print here.
        -DCRMARENA_WERROR=OFF
        -DCMAKE_GTEST_DISCOVER_TESTS_DISCOVERY_MODE=PRE_TEST)

failed=()

# run_tests BUILD_DIR NAME FILTER: runs BUILD_DIR/tests/NAME from its build
# directory (where CTest would run it); FILTER is a gtest filter ('*' = all).
run_tests() {
  local dir=$1 name=$2 filter=$3 start=$SECONDS
  echo "-- $name (filter: $filter)"
  if (cd "$dir/tests" && "./$name" --gtest_brief=1 --gtest_filter="$filter"); then
    echo "-- $name: ok ($((SECONDS - start))s)"
  else
    echo "-- $name: FAILED ($((SECONDS - start))s)"
    failed+=("$(basename "$dir")/$name")
  fi
}

if [ "$stage" = asan ] || [ "$stage" = all ]; then
  echo "==== sanitizers: ASan+UBSan build (build-asan) ===="
  t0=$SECONDS
  cmake -S "$root" -B "$root/build-asan" "${common[@]}" -DCRMARENA_SANITIZE=ON >/dev/null
  cmake --build "$root/build-asan" -j "$jobs" --target \
    crm_core_tests crm_engine_tests crm_io_tests crm_scheduler_tests
  echo "==== ASan+UBSan build: $((SECONDS - t0))s ===="
  t0=$SECONDS
  run_tests "$root/build-asan" crm_core_tests '*'
  run_tests "$root/build-asan" crm_engine_tests '*'
  run_tests "$root/build-asan" crm_io_tests '*'
  run_tests "$root/build-asan" crm_scheduler_tests '*'
  echo "==== ASan+UBSan tests: $((SECONDS - t0))s ===="
fi

if [ "$stage" = tsan ] || [ "$stage" = all ]; then
  echo "==== sanitizers: TSan build (build-tsan) ===="
  t0=$SECONDS
  cmake -S "$root" -B "$root/build-tsan" "${common[@]}" -DCRMARENA_TSAN=ON >/dev/null
  cmake --build "$root/build-tsan" -j "$jobs" --target crm_io_tests crm_scheduler_tests
  echo "==== TSan build: $((SECONDS - t0))s ===="
  t0=$SECONDS
  run_tests "$root/build-tsan" crm_io_tests '*'
  # Not under TSan: the sweep tests (SweepTest.*, SoakTest.*, ProtocolSweepTest.*, OrgApiLimitSweep.*) run the oneTBB
  # flow graph and task arena. Debian's libtbb.so is not instrumented, so TSan
  # cannot see the hand-off of a task from the thread that enqueues it to the
  # worker that runs it and reports every such hand-off as a race (429 reports
  # in 7 tests, all enqueue -> execute); there is no narrower suppression that
  # would not also hide real races in the task bodies. They still run under
  # ASan+UBSan above and in the Release suite. TSan over them needs a
  # TSan-built oneTBB. Everything else (limiters, retry, breaker, plan,
  # report, cache, config) runs here.
  run_tests "$root/build-tsan" crm_scheduler_tests '*-SweepTest.*:SoakTest.*:ProtocolSweepTest.*:OrgApiLimitSweep.*'
  echo "==== TSan tests: $((SECONDS - t0))s ===="
fi

if [ ${#failed[@]} -ne 0 ]; then
  echo "sanitizers: FAILED: ${failed[*]}"
  exit 1
fi
echo "sanitizers: all test binaries passed ($stage)"
