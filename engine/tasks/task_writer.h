// engine/tasks/task_writer.h — serialises tasks in the official task shape.
//
// Output uses the newer official form (`task`, list `answer`, None as
// [null]) with a fixed key order: idx, task, query, answer, reward_metric,
// metadata {required, optional, unknown metadata keys}, persona (if set),
// then unknown top-level keys (such as `generator`) verbatim in load order.
// Pure functions; safe from any thread.
#pragma once

#include <string>
#include <vector>

#include "core/status.h"
#include "engine/tasks/task.h"

namespace crm::tasks {

// One JSON line without the trailing newline.
std::string TaskToJsonLine(const Task& task);

// Every task as a JSON line, each followed by '\n'.
std::string TasksToJsonLines(const std::vector<Task>& tasks);

// Writes TasksToJsonLines(tasks) to `path`, replacing the file.
Status WriteTaskFile(const std::string& path, const std::vector<Task>& tasks);

}  // namespace crm::tasks
