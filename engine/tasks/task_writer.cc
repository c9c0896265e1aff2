#include "engine/tasks/task_writer.h"

#include <rapidjson/stringbuffer.h>
#include <rapidjson/writer.h>

#include <fstream>

namespace crm::tasks {
namespace {

using JsonWriter = rapidjson::Writer<rapidjson::StringBuffer>;

void Key(JsonWriter& w, std::string_view key) {
  w.Key(key.data(), static_cast<rapidjson::SizeType>(key.size()));
}

void String(JsonWriter& w, std::string_view text) {
  w.String(text.data(), static_cast<rapidjson::SizeType>(text.size()));
}

void RawKeys(JsonWriter& w, const std::vector<RawKey>& keys) {
  for (const RawKey& raw : keys) {
    Key(w, raw.key);
    w.RawValue(raw.json.data(), raw.json.size(), rapidjson::kObjectType);
  }
}

void Answer(JsonWriter& w, const Task& task) {
  Key(w, "answer");
  w.StartArray();
  for (const std::optional<std::string>& item : task.answer) {
    if (item) {
      String(w, *item);
    } else {
      w.Null();
    }
  }
  w.EndArray();
}

}  // namespace

std::string TaskToJsonLine(const Task& task) {
  rapidjson::StringBuffer buffer;
  JsonWriter w(buffer);
  w.StartObject();
  Key(w, "idx");
  w.Int64(task.idx);
  Key(w, "task");
  String(w, task.task);
  Key(w, "query");
  String(w, task.query);
  Answer(w, task);
  Key(w, "reward_metric");
  String(w, RewardMetricName(task.reward_metric));
  Key(w, "metadata");
  w.StartObject();
  Key(w, "required");
  String(w, task.metadata_required);
  Key(w, "optional");
  String(w, task.metadata_optional);
  RawKeys(w, task.metadata_extra);
  w.EndObject();
  if (task.persona) {
    Key(w, "persona");
    String(w, *task.persona);
  }
  RawKeys(w, task.extra);
  w.EndObject();
  return std::string(buffer.GetString(), buffer.GetSize());
}

std::string TasksToJsonLines(const std::vector<Task>& tasks) {
  std::string out;
  for (const Task& task : tasks) {
    out += TaskToJsonLine(task);
    out += '\n';
  }
  return out;
}

Status WriteTaskFile(const std::string& path, const std::vector<Task>& tasks) {
  std::ofstream out(path, std::ios::binary | std::ios::trunc);
  if (!out) return Status::IoError(path + ": cannot open for writing");
  std::string text = TasksToJsonLines(tasks);
  out.write(text.data(), static_cast<std::streamsize>(text.size()));
  out.close();
  if (!out) return Status::IoError(path + ": write failed");
  return Status::Ok();
}

}  // namespace crm::tasks
