#include "engine/tasks/task.h"

namespace crm::tasks {

bool Task::AnswerIsNone() const {
  for (const std::optional<std::string>& item : answer) {
    if (item.has_value()) return false;
  }
  return true;
}

}  // namespace crm::tasks
