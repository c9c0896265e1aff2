// engine/tasks/task_stats.h — what a task file holds, per task type: how
// many instances, how many of them have a None answer, and what kinds of
// answer items appear (by Salesforce id key prefix, month name, state code,
// or free text). Works on generated and official files alike, since it reads
// loaded tasks (task_loader.h). Pure functions; safe from any thread.
#pragma once

#include <cstdint>
#include <map>
#include <string>
#include <string_view>
#include <vector>

#include "engine/tasks/task.h"

namespace crm::tasks {

struct TaskTypeStats {
  std::string task;  // the canonical task name, or "total"
  int64_t count = 0;
  int64_t none = 0;  // instances whose answer is None (Task::AnswerIsNone)
  // Answer items (not instances) per kind, e.g. {"005 User": 14}.
  std::map<std::string, int64_t> answer_kinds;

  double NoneShare() const { return count == 0 ? 0.0 : static_cast<double>(none) / static_cast<double>(count); }
};

struct TaskFileStats {
  std::vector<TaskTypeStats> types;  // task catalog order, only the types present
  TaskTypeStats total;
};

// The kind of one answer item: "<prefix> <object>" for a Salesforce id
// ("005 User", "01t Product2"; custom objects, whose prefixes differ from
// org to org, as "a00 custom object"; unknown standard prefixes as
// "0ZH id"), "month" for a month name, "state" for a two-letter upper-case
// code, otherwise "free text".
std::string AnswerItemKind(std::string_view item);

TaskFileStats ComputeTaskStats(const std::vector<Task>& tasks);

// A table: one line per type (count, None, None share, answer kinds, the
// most frequent first), then the total line.
std::string FormatTaskStats(const TaskFileStats& stats);

}  // namespace crm::tasks
