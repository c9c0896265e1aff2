// scheduler/report/replay.h — `crmarena replay`: re-scores the episodes of
// results files under the current (or a changed) scorer without calling any
// model or org: every line carries the final answer and the ground truth.
// Infrastructure errors are copied unchanged. Single-threaded.
#pragma once

#include <string>
#include <vector>

#include "core/status.h"
#include "engine/scoring/score.h"

namespace crm::sched {

struct ReplaySummary {
  int64_t episodes = 0;
  int64_t rescored = 0;
  int64_t changed = 0;  // episodes whose success flipped
};

Result<ReplaySummary> ReplayResults(const std::vector<std::string>& inputs, const std::string& output,
                                    const scoring::ScoreOptions& options);

}  // namespace crm::sched
