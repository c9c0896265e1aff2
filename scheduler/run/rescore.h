// scheduler/run/rescore.h — resume for episodes whose agent finished but
// whose scoring call (extractor or judge) failed: the recorded line holds
// the answer and the trajectory, so the episode is scored again from it,
// without a single new agent call, and written as a new line for its key.
//
// Runs on the main thread before the graph starts: the re-scoring calls are
// coroutines on the sweep's runtime, awaited together.
#pragma once

#include <map>
#include <string>
#include <vector>

#include "core/status.h"
#include "scheduler/plan/sweep_plan.h"
#include "scheduler/run/run_context.h"

namespace crm::io {
class IoRuntime;
}

namespace crm::sched {

// The lines of `pending` (key -> line, from ExistingResults::rescore_lines)
// that belong to this run: same settings, this shard, a model, strategy,
// seed and task of the config.
std::vector<std::string> RescoreLinesOfThisRun(const std::map<std::string, std::string>& pending, const RunContext& ctx,
                                               const Shard& shard);

struct RescoreOutcome {
  std::vector<std::string> lines;  // new, whole results lines (status done)
  int64_t still_failing = 0;       // scoring failed again: the old line stays, retried on the next resume
  double cost_usd = 0;             // of the new scoring calls
};

// Scores each line again with the configured auxiliary models.
RescoreOutcome RescoreLines(RunContext& ctx, io::IoRuntime& runtime, const std::vector<std::string>& lines);

}  // namespace crm::sched
