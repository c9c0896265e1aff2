#include "engine/tasks/task_loader.h"

#include <rapidjson/document.h>
#include <rapidjson/error/en.h>
#include <rapidjson/stringbuffer.h>
#include <rapidjson/writer.h>

#include <fstream>
#include <sstream>
#include <unordered_map>

namespace crm::tasks {
namespace {

using rapidjson::Value;

// Where one task sits in its source: "tasks.jsonl:3" or "tasks.json[2]";
// `label` ("line 3" / "index 2") is used in duplicate-idx messages.
struct Location {
  std::string prefix;
  std::string label;
};

Status KeyError(const Location& at, std::string_view key, std::string_view what) {
  return Status::InvalidArgument(at.prefix + ": key '" + std::string(key) + "': " + std::string(what));
}

std::string CompactJson(const Value& value) {
  rapidjson::StringBuffer buffer;
  rapidjson::Writer<rapidjson::StringBuffer> writer(buffer);
  value.Accept(writer);
  return std::string(buffer.GetString(), buffer.GetSize());
}

std::string_view AsView(const Value& value) { return {value.GetString(), value.GetStringLength()}; }

// 'text' — built by appending (GCC 12 warns falsely on "'" + std::string).
std::string Quoted(std::string_view text) {
  std::string out;
  out.reserve(text.size() + 2);
  out.push_back('\'');
  out.append(text);
  out.push_back('\'');
  return out;
}

Result<std::string> ReadTaskName(const Value& object, const Location& at) {
  const Value* chosen = nullptr;
  std::string_view key = "task";
  std::string name;
  for (std::string_view k : {"task", "type"}) {
    auto it = object.FindMember(Value(k.data(), static_cast<rapidjson::SizeType>(k.size())));
    if (it == object.MemberEnd()) continue;
    if (!it->value.IsString()) return KeyError(at, k, "expected a string");
    std::string canonical(CanonicalTaskName(AsView(it->value)));
    if (chosen != nullptr && canonical != name) {
      return KeyError(at, k, Quoted(AsView(it->value)) + " disagrees with 'task' " + Quoted(name));
    }
    if (chosen == nullptr) {
      chosen = &it->value;
      key = k;
      name = canonical;
    }
  }
  if (chosen == nullptr) return KeyError(at, "task", "missing (neither 'task' nor 'type' is present)");
  if (FindTask(name) == nullptr) {
    return KeyError(at, key, "unknown task " + Quoted(AsView(*chosen)) + "; known tasks: " + KnownTaskNamesList());
  }
  return name;
}

Status ReadAnswerItem(const Value& item, const Location& at, std::string_view key,
                      std::vector<std::optional<std::string>>& out) {
  if (item.IsNull()) {
    out.emplace_back(std::nullopt);
  } else if (item.IsString()) {
    out.emplace_back(std::string(AsView(item)));
  } else if (item.IsNumber()) {
    out.emplace_back(CompactJson(item));
  } else {
    return KeyError(at, key, "expected a string or null");
  }
  return Status::Ok();
}

Status ReadAnswer(const Value& object, const Location& at, Task& task) {
  auto it = object.FindMember("answer");
  if (it == object.MemberEnd()) return KeyError(at, "answer", "missing");
  const Value& answer = it->value;
  if (answer.IsNull()) {
    task.answer = {std::nullopt};
    return Status::Ok();
  }
  if (answer.IsString() || answer.IsNumber()) return ReadAnswerItem(answer, at, "answer", task.answer);
  if (!answer.IsArray()) return KeyError(at, "answer", "expected a list, a string or null");
  for (rapidjson::SizeType i = 0; i < answer.Size(); ++i) {
    std::string key = "answer[" + std::to_string(i) + "]";
    CRM_RETURN_IF_ERROR(ReadAnswerItem(answer[i], at, key, task.answer));
  }
  return Status::Ok();
}

// Reads an optional string member; null and absent leave `out` untouched.
Status ReadOptionalString(const Value& object, const char* member, const Location& at,
                          std::string_view key, std::optional<std::string>& out) {
  auto it = object.FindMember(member);
  if (it == object.MemberEnd() || it->value.IsNull()) return Status::Ok();
  if (!it->value.IsString()) return KeyError(at, key, "expected a string");
  out = std::string(AsView(it->value));
  return Status::Ok();
}

Status ReadMetadata(const Value& object, const Location& at, Task& task) {
  auto it = object.FindMember("metadata");
  if (it == object.MemberEnd() || it->value.IsNull()) return Status::Ok();
  if (!it->value.IsObject()) return KeyError(at, "metadata", "expected an object");
  const Value& metadata = it->value;
  std::optional<std::string> required, optional;
  CRM_RETURN_IF_ERROR(ReadOptionalString(metadata, "required", at, "metadata.required", required));
  CRM_RETURN_IF_ERROR(ReadOptionalString(metadata, "optional", at, "metadata.optional", optional));
  task.metadata_required = required.value_or("");
  task.metadata_optional = optional.value_or("");
  for (auto m = metadata.MemberBegin(); m != metadata.MemberEnd(); ++m) {
    std::string_view key = AsView(m->name);
    if (key == "required" || key == "optional") continue;
    task.metadata_extra.push_back({std::string(key), CompactJson(m->value)});
  }
  return Status::Ok();
}

Status ReadScalars(const Value& object, const Location& at, Task& task) {
  auto idx = object.FindMember("idx");
  if (idx == object.MemberEnd()) return KeyError(at, "idx", "missing");
  if (!idx->value.IsInt64()) return KeyError(at, "idx", "expected an integer");
  task.idx = idx->value.GetInt64();
  std::optional<std::string> query;
  CRM_RETURN_IF_ERROR(ReadOptionalString(object, "query", at, "query", query));
  if (!query) return KeyError(at, "query", "missing");
  task.query = std::move(*query);
  std::optional<std::string> metric;
  CRM_RETURN_IF_ERROR(ReadOptionalString(object, "reward_metric", at, "reward_metric", metric));
  if (metric) {
    std::optional<RewardMetric> parsed = ParseRewardMetric(*metric);
    if (!parsed) {
      return KeyError(at, "reward_metric",
                      "unknown metric " + Quoted(*metric) + "; known metrics: exact_match, fuzzy_match, privacy_rejection");
    }
    task.reward_metric = *parsed;
  } else {
    task.reward_metric = task.info()->default_metric;
  }
  return ReadOptionalString(object, "persona", at, "persona", task.persona);
}

bool IsKnownKey(std::string_view key) {
  for (std::string_view k : {"idx", "task", "type", "query", "answer", "reward_metric", "metadata", "persona"}) {
    if (k == key) return true;
  }
  return false;
}

Result<Task> ParseTaskObject(const Value& object, const Location& at) {
  if (!object.IsObject()) return Status::InvalidArgument(at.prefix + ": expected a JSON object");
  Task task;
  Result<std::string> name = ReadTaskName(object, at);
  if (!name.ok()) return name.status();
  task.task = std::move(name.value());
  CRM_RETURN_IF_ERROR(ReadScalars(object, at, task));
  CRM_RETURN_IF_ERROR(ReadAnswer(object, at, task));
  CRM_RETURN_IF_ERROR(ReadMetadata(object, at, task));
  for (auto m = object.MemberBegin(); m != object.MemberEnd(); ++m) {
    std::string_view key = AsView(m->name);
    if (!IsKnownKey(key)) task.extra.push_back({std::string(key), CompactJson(m->value)});
  }
  return task;
}

// 1-based line and column of byte `offset` in `text`.
std::pair<size_t, size_t> LineColumn(std::string_view text, size_t offset) {
  size_t line = 1, column = 1;
  for (size_t i = 0; i < offset && i < text.size(); ++i) {
    if (text[i] == '\n') {
      ++line;
      column = 1;
    } else {
      ++column;
    }
  }
  return {line, column};
}

Status JsonError(std::string_view source, size_t line, size_t column, const rapidjson::Document& doc) {
  return Status::InvalidArgument(std::string(source) + ":" + std::to_string(line) + ":" + std::to_string(column) +
                                 ": invalid JSON: " + rapidjson::GetParseError_En(doc.GetParseError()));
}

// Keeps idx values unique across a file.
class IdxRegistry {
 public:
  Status Add(const Task& task, const Location& at) {
    auto [it, inserted] = first_.emplace(task.idx, at.label);
    if (inserted) return Status::Ok();
    return KeyError(at, "idx", "duplicate idx " + std::to_string(task.idx) + " (first at " + it->second + ")");
  }

 private:
  std::unordered_map<int64_t, std::string> first_;
};

Result<std::vector<Task>> ParseJsonList(std::string_view text, std::string_view source) {
  rapidjson::Document doc;
  doc.Parse(text.data(), text.size());
  if (doc.HasParseError()) {
    auto [line, column] = LineColumn(text, doc.GetErrorOffset());
    return JsonError(source, line, column, doc);
  }
  if (!doc.IsArray()) return Status::InvalidArgument(std::string(source) + ": expected a JSON list of tasks");
  std::vector<Task> tasks;
  IdxRegistry registry;
  for (rapidjson::SizeType i = 0; i < doc.Size(); ++i) {
    Location at{std::string(source) + "[" + std::to_string(i) + "]", "index " + std::to_string(i)};
    Result<Task> task = ParseTaskObject(doc[i], at);
    if (!task.ok()) return task.status();
    CRM_RETURN_IF_ERROR(registry.Add(*task, at));
    tasks.push_back(std::move(task.value()));
  }
  return tasks;
}

Result<std::vector<Task>> ParseJsonLines(std::string_view text, std::string_view source) {
  std::vector<Task> tasks;
  IdxRegistry registry;
  size_t line_no = 0;
  for (size_t pos = 0; pos < text.size();) {
    size_t end = text.find('\n', pos);
    if (end == std::string_view::npos) end = text.size();
    std::string_view line = text.substr(pos, end - pos);
    pos = end + 1;
    ++line_no;
    if (line.find_first_not_of(" \t\r") == std::string_view::npos) continue;
    rapidjson::Document doc;
    doc.Parse(line.data(), line.size());
    if (doc.HasParseError()) return JsonError(source, line_no, doc.GetErrorOffset() + 1, doc);
    Location at{std::string(source) + ":" + std::to_string(line_no), "line " + std::to_string(line_no)};
    Result<Task> task = ParseTaskObject(doc, at);
    if (!task.ok()) return task.status();
    CRM_RETURN_IF_ERROR(registry.Add(*task, at));
    tasks.push_back(std::move(task.value()));
  }
  return tasks;
}

}  // namespace

Result<std::vector<Task>> ParseTaskText(std::string_view text, std::string_view source) {
  if (text.substr(0, 3) == "\xEF\xBB\xBF") text.remove_prefix(3);  // UTF-8 byte order mark
  size_t first = text.find_first_not_of(" \t\r\n");
  if (first == std::string_view::npos) return std::vector<Task>{};
  if (text[first] == '[') return ParseJsonList(text, source);
  if (text[first] == '{') return ParseJsonLines(text, source);
  auto [line, column] = LineColumn(text, first);
  return Status::InvalidArgument(std::string(source) + ":" + std::to_string(line) + ":" + std::to_string(column) +
                                 ": expected a JSON list ('[') or JSON lines ('{')");
}

Result<std::vector<Task>> LoadTaskFile(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  if (!in) return Status::IoError(path + ": cannot open task file");
  std::ostringstream contents;
  contents << in.rdbuf();
  if (in.bad()) return Status::IoError(path + ": read failed");
  return ParseTaskText(contents.str(), path);
}

}  // namespace crm::tasks
