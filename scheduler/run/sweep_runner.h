// scheduler/run/sweep_runner.h — `crmarena run`: one sweep from config to
// results file and report.
//
// The episodes flow through a oneTBB graph (source -> limiter on episodes in
// flight -> async node that runs each episode coroutine on the Asio
// io_context and returns through the gateway -> serial writer), org queries
// run on a TBB arena, nothing blocks on the network. SIGINT/SIGTERM drain
// in-flight episodes for a grace period, then abandon them without writing
// partial lines; a second signal exits at once. Call from the main thread.
#pragma once

#include <cstdint>
#include <string>

#include "core/status.h"
#include "scheduler/config/sweep_config.h"
#include "scheduler/plan/sweep_plan.h"

namespace crm::sched {

struct RunOptions {
  std::string out_dir;  // overrides config.output_dir when set
  bool resume = false;
  Shard shard;
  // Claim episodes from the plan shared in Redis with the sweep's other
  // workers (config "shared"), writing results.<worker id>.jsonl.
  bool worker = false;
  bool dry_run = false;
  bool quiet = false;
  double grace_seconds = 30;
  double progress_interval_seconds = 5;  // log line interval when not on a TTY
  // Start a sweep with a cost budget although some model has no price (its
  // calls then count as $0).
  bool allow_unpriced = false;
  // The dry run's and the header's estimate: one call's latency (seconds).
  double assumed_seconds_per_request = 3;
};

struct RunSummary {
  std::string results_path;
  std::string results_dir;      // every results file of the sweep is in it (workers write one each)
  // The plan's estimate at the start (scheduler/run/dry_run.h), for the
  // summary to set beside what was measured.
  double estimate_seconds = 0;
  std::string estimate_binding;
  double estimate_cost_usd = 0;
  uint64_t planned = 0;         // the whole plan (all shards)
  uint64_t skipped_done = 0;    // finished in an earlier run
  uint64_t done_by_others = 0;  // a worker's: finished by another worker of the sweep
  int64_t written = 0;          // lines written by this run
  int64_t infra_errors = 0;
  int64_t rescored = 0;         // episodes re-scored from their recorded lines (resume)
  int64_t cancelled = 0;        // abandoned at shutdown, not written
  int64_t successes = 0;
  double seconds = 0;           // the whole command, setup included
  double sweep_seconds = 0;     // from the first episode started to the last one written
  double sweep_cpu_seconds = 0; // process CPU over the same span (the engine, plus any in-process server)
  double sweep_system_cpu_seconds = 0;  // of which in the kernel (system time)
  double org_cpu_seconds = 0;   // of which the local org's query execution (the org's own work)
  // The steady state: from the moment the limiter first held episodes_in_flight
  // episodes to the moment the plan ran out (0 when it never filled).
  double steady_seconds = 0;
  int64_t steady_requests = 0;
  // CPU over the steady window: without the ramp-up (connections opened,
  // the first episodes started together) and the tail, both one-off costs
  // that a short sweep spreads over few calls.
  double steady_cpu_seconds = 0;
  double steady_org_cpu_seconds = 0;
  double cost_usd = 0;
  int64_t requests = 0, retries = 0, rate_limited = 0, cache_hits = 0;
  bool interrupted = false;
  std::string stop_reason;      // why no more episodes were started early, if so
  // The org's daily API limit, or the sweep's share of it (org.api_budget_share), stopped the sweep.
  bool org_api_limit = false;
  bool org_api_refused = false; // of which the org itself refused calls (REQUEST_LIMIT_EXCEEDED, the daily total)
  // Episodes of this run's shard not done when it ended: written as infrastructure
  // errors (re-scores still failing included), abandoned at shutdown, or never
  // started because the sweep stopped early. --resume runs them.
  int64_t episodes_left = 0;
  int64_t not_started = 0;      // of which never started
};

// `crmarena run`'s exit codes beyond 0 (every episode done) and 1 (an error;
// nothing or only part was run): the sweep ran, but episodes remain for
// --resume. The first that applies, in this order.
inline constexpr int kExitInterrupted = 130;      // SIGINT/SIGTERM stopped it
inline constexpr int kExitOrgApiLimit = 4;        // stopped on the org's daily API limit (or the sweep's share)
inline constexpr int kExitInfraErrorsLeft = 3;    // finished, with episodes left as infrastructure errors
int RunExitCode(const RunSummary& summary);

Result<RunSummary> RunSweep(const SweepConfig& config, const RunOptions& options);
std::string FormatRunSummary(const RunSummary& summary);

}  // namespace crm::sched
