// engine/tasks/task.h — one benchmark task instance, as read from a task file.
//
// Task is a plain value type (copyable, no shared state); safe to read from
// many threads, to mutate from one. Loading lives in task_loader.h, writing in
// task_writer.h, names and answer kinds in task_catalog.h.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "engine/tasks/task_catalog.h"

namespace crm::tasks {

// A key this engine does not interpret, kept verbatim so that a writer can
// round-trip it: the key and its value as compact JSON text.
struct RawKey {
  std::string key;
  std::string json;
  friend bool operator==(const RawKey&, const RawKey&) = default;
};

struct Task {
  int64_t idx = 0;
  // Canonical task name (see task_catalog.h); older `type` keys and the name
  // `transfer_time` are normalised on load.
  std::string task;
  std::string query;
  // Ground truth items. A file's `null` and `[null]` both load as
  // {nullopt} (the answer is None); a single string loads as a one-item list;
  // a JSON number loads as its text.
  std::vector<std::optional<std::string>> answer;
  RewardMetric reward_metric = RewardMetric::kExactMatch;
  std::string metadata_required;  // system-prompt text (may be empty)
  std::string metadata_optional;  // aided-mode text (may be empty)
  std::optional<std::string> persona;  // CRMArena-Pro interactive mode
  // Unknown top-level keys (such as `generator`) and unknown keys inside
  // `metadata`, in file order.
  std::vector<RawKey> extra;
  std::vector<RawKey> metadata_extra;

  // True when the ground truth is None: no items, or only null items.
  bool AnswerIsNone() const;
  // The catalog entry of `task`; never null for a loaded task.
  const TaskInfo* info() const { return FindTask(task); }

  friend bool operator==(const Task&, const Task&) = default;
};

}  // namespace crm::tasks
