// engine/tasks/gen/task_generator.h — generated benchmark tasks with ground
// truth, over a generated (or any) local org.
//
// GenerateTasks reads the org through the given connection, draws task
// parameters from the seed, phrases each query from our own templates and
// computes the answer with the reference solvers (solvers.h). Every task
// carries `generator.params` and `generator.solution` (the ordered actions
// that solve it per strategy) as an extra key. In the six types whose answer
// may be None, 3 in every 10 consecutive instances are None by construction
// (as in the published task file); which ones depends on the seed.
// Deterministic per seed and org. Runs on the calling thread.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "core/status.h"
#include "engine/org/sqlite.h"
#include "engine/tasks/task.h"

namespace crm::taskgen {

struct TaskGenOptions {
  uint64_t seed = 1;
  int per_type = 10;
  std::vector<std::string> types;  // empty: all nine original task types
};

// The nine original task names in TASKS.md order.
const std::vector<std::string>& OriginalTaskTypes();
// The six of them whose answer may be None.
const std::vector<std::string>& NullableTaskTypes();

Result<std::vector<tasks::Task>> GenerateTasks(org::Database& db, const TaskGenOptions& options);

// Opens `org_path` read-only, generates, and writes JSONL to `out_path`.
Result<std::vector<tasks::Task>> GenerateTaskFile(const std::string& org_path, const std::string& out_path,
                                                  const TaskGenOptions& options);

}  // namespace crm::taskgen
