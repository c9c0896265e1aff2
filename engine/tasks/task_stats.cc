#include "engine/tasks/task_stats.h"

#include <algorithm>
#include <cctype>
#include <cstdio>

#include "engine/org/datetime.h"
#include "engine/org/ids.h"
#include "engine/org/schema.h"

namespace crm::tasks {
namespace {

bool IsMonthName(std::string_view item) {
  for (const char* month : org::kMonthNames) {
    if (item == month) return true;
  }
  return false;
}

bool IsStateCode(std::string_view item) {
  return item.size() == 2 && std::isupper(static_cast<unsigned char>(item[0])) &&
         std::isupper(static_cast<unsigned char>(item[1]));
}

std::string IdKind(std::string_view id) {
  const std::string prefix(id.substr(0, 3));
  // Custom-object prefixes are assigned per org, so ours name nothing in another org's file.
  if (prefix[0] == 'a') return prefix + " custom object";
  const org::SObject* object = org::Schema::Crm().FindObjectByKeyPrefix(prefix);
  return prefix + (object != nullptr ? " " + object->name : std::string(" id"));
}

void Add(TaskTypeStats& into, const Task& task) {
  ++into.count;
  if (task.AnswerIsNone()) ++into.none;
  for (const std::optional<std::string>& item : task.answer) {
    if (item) ++into.answer_kinds[AnswerItemKind(*item)];
  }
}

// "005 User (14), month (2)": the most frequent kind first.
std::string KindsText(const std::map<std::string, int64_t>& kinds) {
  std::vector<std::pair<std::string, int64_t>> sorted(kinds.begin(), kinds.end());
  std::stable_sort(sorted.begin(), sorted.end(), [](const auto& a, const auto& b) { return a.second > b.second; });
  std::string out;
  for (const auto& [kind, n] : sorted) out += (out.empty() ? "" : ", ") + kind + " (" + std::to_string(n) + ")";
  return out;
}

std::string Line(const TaskTypeStats& s, bool with_kinds) {
  char buf[160];
  std::snprintf(buf, sizeof(buf), "%-34s %6lld %6lld %7.1f%%", s.task.c_str(), static_cast<long long>(s.count),
                static_cast<long long>(s.none), 100.0 * s.NoneShare());
  std::string line = buf;
  if (with_kinds && !s.answer_kinds.empty()) line += "  " + KindsText(s.answer_kinds);
  return line + "\n";
}

}  // namespace

std::string AnswerItemKind(std::string_view item) {
  if (org::IsValidId(item)) return IdKind(item);
  if (IsMonthName(item)) return "month";
  if (IsStateCode(item)) return "state";
  return "free text";
}

TaskFileStats ComputeTaskStats(const std::vector<Task>& tasks) {
  TaskFileStats stats;
  stats.total.task = "total";
  for (const TaskInfo& info : AllTasks()) {
    TaskTypeStats of_type;
    of_type.task = std::string(info.name);
    for (const Task& task : tasks) {
      if (task.task == info.name) Add(of_type, task);
    }
    if (of_type.count > 0) stats.types.push_back(std::move(of_type));
  }
  for (const Task& task : tasks) Add(stats.total, task);
  return stats;
}

std::string FormatTaskStats(const TaskFileStats& stats) {
  char header[160];
  std::snprintf(header, sizeof(header), "%-34s %6s %6s %8s  %s\n", "task", "count", "None", "None %", "answer kinds");
  std::string out = header;
  for (const TaskTypeStats& s : stats.types) out += Line(s, true);
  return out + Line(stats.total, false);
}

}  // namespace crm::tasks
