// scheduler/plan/sweep_plan.h — the episodes of a sweep, streamed.
//
// A sweep is models x strategies x tasks x seeds. SweepPlan enumerates it
// lazily in a fixed order (task-major, so every model makes progress on the
// same tasks together), gives each episode a stable key, keeps only this
// shard's episodes and skips those a predicate says are done (resume).
// Nothing is materialised: memory does not grow with the sweep. Not
// thread-safe: one consumer (the graph's source node) calls Next().
#pragma once

#include <cstdint>
#include <functional>
#include <optional>
#include <string>
#include <vector>

#include "core/status.h"

namespace crm::sched {

struct Shard {
  int index = 0;  // 0-based
  int count = 1;
};
// "i/N" with 0 <= i < N.
Result<Shard> ParseShard(const std::string& text);
bool InShard(const std::string& key, const Shard& shard);

// model|strategy|task_id|seed|settings_hash, hashed: stable across runs and machines.
std::string EpisodeKey(const std::string& model, const std::string& strategy, int64_t task_id, int64_t seed,
                       const std::string& settings_hash);

struct EpisodeSpec {
  uint64_t ordinal = 0;  // position in the full (unsharded) plan
  size_t model = 0;      // indexes into the plan's lists
  size_t strategy = 0;
  size_t task = 0;
  int64_t seed = 0;
  std::string key;
};

class SweepPlan {
 public:
  SweepPlan(std::vector<std::string> models, std::vector<std::string> strategies, std::vector<int64_t> task_ids,
            std::vector<int64_t> seeds, std::string settings_hash, Shard shard = {},
            std::function<bool(const std::string& key)> already_done = nullptr);

  // The next episode to run, or nullopt when the plan is exhausted.
  std::optional<EpisodeSpec> Next();
  // Size of the full plan, before sharding and resume.
  uint64_t total() const;
  uint64_t skipped_done() const { return skipped_done_; }

  const std::vector<std::string>& models() const { return models_; }
  const std::vector<std::string>& strategies() const { return strategies_; }
  const std::vector<int64_t>& task_ids() const { return task_ids_; }

 private:
  std::vector<std::string> models_, strategies_;
  std::vector<int64_t> task_ids_, seeds_;
  std::string settings_hash_;
  Shard shard_;
  std::function<bool(const std::string&)> already_done_;
  uint64_t cursor_ = 0;
  uint64_t skipped_done_ = 0;
};

}  // namespace crm::sched
