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
  crm::json::WriteKey(w, "role");
  w.String(chat::RoleName(m.role));
  crm::json::WriteKey(w, "content");
  crm::json::WriteTextMemo(w, m.content);  // the shared system prompt is known by identity
  if (!m.tool_calls.empty()) {
    crm::json::WriteKey(w, "tool_calls");
    w.StartArray();
    for (const chat::ToolCall& c : m.tool_calls) {
      w.StartObject();
      crm::json::WriteKey(w, "id");
      Str(w, c.id);
      crm::json::WriteKey(w, "name");
      Str(w, c.name);
      crm::json::WriteKey(w, "arguments");
      Str(w, c.arguments_json);
      w.EndObject();
    }
    w.EndArray();
  }
  if (!m.tool_call_id.empty()) {
    crm::json::WriteKey(w, "tool_call_id");
    Str(w, m.tool_call_id);
  }
  if (!m.name.empty()) {
    crm::json::WriteKey(w, "name");
    Str(w, m.name);
  }
  w.EndObject();
}

void WriteStep(Writer& w, const TrajectoryStep& s) {
  w.StartObject();
  crm::json::WriteKey(w, "turn");
  w.Int(s.turn);
  crm::json::WriteKey(w, "kind");
  Str(w, s.kind);
  auto optional = [&](crm::json::KeyName key, const std::string& value) {
    if (value.empty()) return;
    crm::json::WriteKey(w, key);
    Str(w, value);
  };
  optional("tool", s.tool);
  optional("arguments", s.arguments);
  optional("language", s.language);
  optional("query", s.query);
  optional("error", s.error);
  optional("answer", s.answer);
  if (s.observation_chars > 0 || s.truncated) {
    crm::json::WriteKey(w, "observation_chars");
    w.Uint64(s.observation_chars);
    crm::json::WriteKey(w, "truncated");
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
  crm::json::WriteKey(w, "model");
  Str(w, request.model);
  crm::json::WriteKey(w, "messages");
  w.StartArray();
  for (const chat::Message& m : request.messages) WriteMessage(w, m);
  w.EndArray();
  crm::json::WriteKey(w, "tools");
  w.StartArray();
  for (const chat::ToolSpec& t : request.tools) {
    w.StartObject();
    crm::json::WriteKey(w, "name");
    Str(w, t.name);
    crm::json::WriteKey(w, "description");
    Str(w, t.description);
    crm::json::WriteKey(w, "parameters");
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
  crm::json::WriteKey(w, "messages");
  w.StartArray();
  for (const chat::Message& m : messages) WriteMessage(w, m);
  w.EndArray();
  if (!user_messages.empty()) {
    crm::json::WriteKey(w, "user_messages");
    w.StartArray();
    for (const chat::Message& m : user_messages) WriteMessage(w, m);
    w.EndArray();
  }
  crm::json::WriteKey(w, "steps");
  w.StartArray();
  for (const TrajectoryStep& s : trajectory.steps) WriteStep(w, s);
  w.EndArray();
  crm::json::WriteKey(w, "truncated");
  w.Bool(trajectory.any_truncated);
  w.EndObject();
}

}  // namespace crm::episode
