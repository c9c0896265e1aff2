#include "engine/episode/trajectory.h"

#include <rapidjson/stringbuffer.h>
#include <rapidjson/writer.h>

#include "core/json_scratch.h"
#include "core/json_string_memo.h"

namespace crm::episode {
namespace {

using Writer = rapidjson::Writer<rapidjson::StringBuffer>;

void Str(Writer& w, const std::string& s) { crm::json::WriteStringMemo(w, s); }

void WriteMessage(Writer& w, const chat::Message& m) {
  w.StartObject();
  w.Key("role");
  w.String(chat::RoleName(m.role));
  w.Key("content");
  crm::json::WriteTextMemo(w, m.content);  // the shared system prompt is known by identity
  if (!m.tool_calls.empty()) {
    w.Key("tool_calls");
    w.StartArray();
    for (const chat::ToolCall& c : m.tool_calls) {
      w.StartObject();
      w.Key("id");
      Str(w, c.id);
      w.Key("name");
      Str(w, c.name);
      w.Key("arguments");
      Str(w, c.arguments_json);
      w.EndObject();
    }
    w.EndArray();
  }
  if (!m.tool_call_id.empty()) {
    w.Key("tool_call_id");
    Str(w, m.tool_call_id);
  }
  if (!m.name.empty()) {
    w.Key("name");
    Str(w, m.name);
  }
  w.EndObject();
}

void WriteStep(Writer& w, const TrajectoryStep& s) {
  w.StartObject();
  w.Key("turn");
  w.Int(s.turn);
  w.Key("kind");
  Str(w, s.kind);
  auto optional = [&](const char* key, const std::string& value) {
    if (value.empty()) return;
    w.Key(key);
    Str(w, value);
  };
  optional("tool", s.tool);
  optional("arguments", s.arguments);
  optional("language", s.language);
  optional("query", s.query);
  optional("error", s.error);
  optional("answer", s.answer);
  if (s.observation_chars > 0 || s.truncated) {
    w.Key("observation_chars");
    w.Uint64(s.observation_chars);
    w.Key("truncated");
    w.Bool(s.truncated);
  }
  w.EndObject();
}

}  // namespace

std::string MessageToJson(const chat::Message& message) {
  rapidjson::StringBuffer buf;
  Writer w(buf);
  WriteMessage(w, message);
  return buf.GetString();
}

std::string RequestToJson(const chat::CompletionRequest& request) {
  rapidjson::StringBuffer buf;
  Writer w(buf);
  w.StartObject();
  w.Key("model");
  Str(w, request.model);
  w.Key("messages");
  w.StartArray();
  for (const chat::Message& m : request.messages) WriteMessage(w, m);
  w.EndArray();
  w.Key("tools");
  w.StartArray();
  for (const chat::ToolSpec& t : request.tools) {
    w.StartObject();
    w.Key("name");
    Str(w, t.name);
    w.Key("description");
    Str(w, t.description);
    w.Key("parameters");
    w.RawValue(t.parameters_schema_json.data(), t.parameters_schema_json.size(), rapidjson::kObjectType);
    w.EndObject();
  }
  w.EndArray();
  w.EndObject();
  return buf.GetString();
}

std::vector<std::string> ActionContents(const Trajectory& trajectory) {
  std::vector<std::string> contents;
  for (const TrajectoryStep& s : trajectory.steps) {
    if (s.kind == "respond" || (s.kind == "tool" && !s.answer.empty())) {
      contents.push_back(s.answer);
    } else if (s.kind == "execute" || s.kind == "tool") {
      contents.push_back(!s.query.empty() ? s.query : s.arguments);
    }
  }
  return contents;
}

std::string TrajectoryToJson(const Trajectory& trajectory, const std::vector<chat::Message>& messages,
                             const std::vector<chat::Message>& user_messages) {
  size_t capacity = 1024;  // reserved so the buffer is not regrown (and copied) as it fills
  for (const auto* list : {&messages, &user_messages}) {
    for (const chat::Message& m : *list) capacity += 128 + m.content.size() + m.tool_call_id.size() + m.name.size();
  }
  for (const TrajectoryStep& s : trajectory.steps) capacity += 256 + s.arguments.size() + s.query.size() + s.error.size();
  crm::json::ScratchBuffer scratch(capacity + capacity / 8);
  Writer w(scratch.get());
  WriteTrajectory(w, trajectory, messages, user_messages);
  return scratch.str();
}

void WriteTrajectory(Writer& w, const Trajectory& trajectory, const std::vector<chat::Message>& messages,
                     const std::vector<chat::Message>& user_messages) {
  w.StartObject();
  w.Key("messages");
  w.StartArray();
  for (const chat::Message& m : messages) WriteMessage(w, m);
  w.EndArray();
  if (!user_messages.empty()) {
    w.Key("user_messages");
    w.StartArray();
    for (const chat::Message& m : user_messages) WriteMessage(w, m);
    w.EndArray();
  }
  w.Key("steps");
  w.StartArray();
  for (const TrajectoryStep& s : trajectory.steps) WriteStep(w, s);
  w.EndArray();
  w.Key("truncated");
  w.Bool(trajectory.any_truncated);
  w.EndObject();
}

}  // namespace crm::episode
