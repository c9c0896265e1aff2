#include "engine/tasks/task_org_check.h"

#include <cctype>
#include <map>
#include <memory>

#include "engine/org/schema_store.h"

namespace crm::tasks {
namespace {

bool IsIdChar(char c) { return std::isalnum(static_cast<unsigned char>(c)) != 0; }

// Candidate ids in `text`: whole alphanumeric runs of length 15 or 18 with a digit.
std::vector<std::string> IdTokens(const std::string& text) {
  std::vector<std::string> out;
  size_t i = 0;
  while (i < text.size()) {
    if (!IsIdChar(text[i])) {
      ++i;
      continue;
    }
    size_t j = i;
    bool digit = false;
    for (; j < text.size() && IsIdChar(text[j]); ++j) {
      if (std::isdigit(static_cast<unsigned char>(text[j])) != 0) digit = true;
    }
    if ((j - i == 15 || j - i == 18) && digit) out.push_back(text.substr(i, j - i));
    i = j;
  }
  return out;
}

// Looks ids up, one prepared statement per object and length.
class IdLookup {
 public:
  IdLookup(org::Database& db, const org::Schema& schema) : db_(db), schema_(schema) {}

  // The object a candidate's prefix names, or nullptr: not an id of this org's objects.
  const org::SObject* ObjectOf(const std::string& id) const { return schema_.FindObjectByKeyPrefix(id.substr(0, 3)); }

  Result<bool> Exists(const org::SObject& object, const std::string& id) {
    const std::string key = object.name + (id.size() == 15 ? "/15" : "/18");
    auto it = statements_.find(key);
    if (it == statements_.end()) {
      const std::string column = id.size() == 15 ? "substr(Id, 1, 15)" : "Id";
      Result<org::Statement> stmt =
          db_.Prepare("SELECT 1 FROM " + org::QuoteIdent(object.name) + " WHERE " + column + " = ? LIMIT 1");
      if (!stmt.ok()) return stmt.status();
      it = statements_.emplace(key, std::move(stmt).value()).first;
    }
    org::Statement& stmt = it->second;
    stmt.Reset();
    stmt.BindText(1, id);
    Result<bool> row = stmt.Step();
    if (!row.ok()) return row.status();
    const bool found = *row;
    stmt.Reset();
    return found;
  }

 private:
  org::Database& db_;
  const org::Schema& schema_;
  std::map<std::string, org::Statement> statements_;
};

}  // namespace

Result<TaskOrgCheck> CheckTaskIds(org::Database& db, const std::vector<Task>& tasks) {
  Result<std::shared_ptr<const org::Schema>> schema = org::ReadOrgSchema(db);
  if (!schema.ok()) return schema.status();
  IdLookup lookup(db, **schema);
  TaskOrgCheck check;
  check.tasks = tasks.size();
  for (const Task& t : tasks) {
    std::vector<std::pair<std::string, std::string>> texts = {
        {"query", t.query}, {"metadata", t.metadata_required + "\n" + t.metadata_optional}};
    for (const auto& item : t.answer) {
      if (item) texts.emplace_back("answer", *item);
    }
    bool missing_here = false;
    for (const auto& [where, text] : texts) {
      for (const std::string& id : IdTokens(text)) {
        const org::SObject* object = lookup.ObjectOf(id);
        if (object == nullptr) continue;
        ++check.ids_checked;
        Result<bool> found = lookup.Exists(*object, id);
        if (!found.ok()) return found.status();
        if (*found) continue;
        check.missing.push_back({t.idx, t.task, id, object->name, where});
        missing_here = true;
      }
    }
    if (missing_here) ++check.tasks_with_missing;
  }
  return check;
}

std::string FormatTaskOrgCheck(const TaskOrgCheck& check) {
  std::string out = std::to_string(check.tasks) + " tasks, " + std::to_string(check.ids_checked) +
                    " record ids checked: " +
                    (check.missing.empty() ? std::string("every id is in the org\n")
                                           : std::to_string(check.missing.size()) + " ids missing from the org, in " +
                                                 std::to_string(check.tasks_with_missing) + " tasks\n");
  for (const MissingId& m : check.missing) {
    out += "  task " + std::to_string(m.idx) + " (" + m.task + "): " + m.object + " " + m.id + " in its " + m.where + "\n";
  }
  return out;
}

}  // namespace crm::tasks
