// engine/tasks/task_org_check.h — which tasks name record ids that an org
// file does not hold: a snapshot of the wrong org, or a stale one, shows up
// before a sweep scores it 0% (`crmarena tasks check`).
//
// Ids are read from each task's query, ground truth and metadata: runs of 15
// or 18 letters and digits, with at least one digit, whose first three
// characters are the key prefix of an object in the org's own schema. An
// 18-character id must be the object's Id exactly; a 15-character one its
// first 15 characters (case-sensitive, as Salesforce ids are). Reads only;
// runs on the calling thread.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "core/status.h"
#include "engine/org/sqlite.h"
#include "engine/tasks/task.h"

namespace crm::tasks {

struct MissingId {
  int64_t idx = 0;
  std::string task;    // the task type
  std::string id;
  std::string object;  // the object its key prefix names
  std::string where;   // "query", "answer" or "metadata"
};

struct TaskOrgCheck {
  size_t tasks = 0;
  size_t ids_checked = 0;
  size_t tasks_with_missing = 0;
  std::vector<MissingId> missing;
};

Result<TaskOrgCheck> CheckTaskIds(org::Database& db, const std::vector<Task>& tasks);
std::string FormatTaskOrgCheck(const TaskOrgCheck& check);

}  // namespace crm::tasks
