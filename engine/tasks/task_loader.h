// engine/tasks/task_loader.h — reads official and generated task files.
//
// Accepts a JSON list of task objects or JSON lines (one object per line),
// told apart by the first non-space character. Errors are values naming the
// source, the line (JSON lines) or index (JSON list) and the key, e.g.
// "tasks.jsonl:3: key 'answer': expected a list, a string or null".
// Pure functions over their arguments; safe to call from any thread.
#pragma once

#include <string>
#include <string_view>
#include <vector>

#include "core/status.h"
#include "engine/tasks/task.h"

namespace crm::tasks {

// Reads and parses the file at `path`; `path` names the source in errors.
Result<std::vector<Task>> LoadTaskFile(const std::string& path);

// Parses file contents; `source` names them in errors. Checks every key the
// engine reads, that task names are known (older names normalised), and that
// `idx` values are unique.
Result<std::vector<Task>> ParseTaskText(std::string_view text, std::string_view source);

}  // namespace crm::tasks
