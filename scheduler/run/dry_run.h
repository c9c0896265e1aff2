// scheduler/run/dry_run.h — `crmarena run CONFIG --dry-run`: how long and how
// much a sweep takes, without calling anything. Per model (and auxiliary
// model): requests, tokens and cost with the price's source; the context
// window against the largest first request of the plan (tasks that cannot
// fit are listed); the minimum wall time the configured RPM, TPM and
// concurrency allow, naming the binding limit; for a live org, the API calls
// against its daily allowance; and the whole sweep's figures. The same
// estimate is recorded in the results header for the report to compare.
//
// Runs on the main thread; builds each task's first request with the
// episode machine (engine), so it sees exactly the prompts a run sends.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "scheduler/plan/sweep_estimate.h"
#include "scheduler/run/model_prices.h"
#include "scheduler/run/run_context.h"

namespace crm::sched {

struct ModelEstimate {
  std::string name;
  std::string model_id;
  bool auxiliary = false;
  double episodes = 0;
  EndpointLoad load;
  TimeBound time;
  ResolvedPrice price;
  std::optional<double> cost_usd;  // nullopt: no price known
  int64_t largest_first_request = 0;  // tokens (chars / 4), agents only
  int64_t largest_first_request_task = -1;
  std::vector<int64_t> tasks_too_long;  // first request above the context window
};

struct SweepEstimate {
  uint64_t episodes = 0;    // in this shard
  uint64_t plan_total = 0;  // in all shards
  std::vector<ModelEstimate> models;
  double seconds = 0;       // the sweep's minimum wall time
  std::string binding;      // "<model>: <limit>"
  double cost_usd = 0;      // priced models only
  bool all_priced = true;
  double org_api_calls = 0;  // a live org's, else 0
  int64_t org_daily_api_calls = 0;
  std::vector<std::string> price_sources;
  EstimateAssumptions assumptions;
};

// Counts the plan (consumes it) and estimates. `ctx` holds the tasks,
// prompts and schema.
SweepEstimate EstimateSweep(const SweepConfig& config, const RunContext& ctx, SweepPlan& plan,
                            const SweepPrices& prices, const EstimateAssumptions& assumptions);

std::string FormatSweepEstimate(const SweepConfig& config, const SweepEstimate& estimate);
// Compact JSON for the results header's "estimate".
std::string SweepEstimateToJson(const SweepEstimate& estimate);

}  // namespace crm::sched
