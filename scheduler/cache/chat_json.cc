// Canonical JSON for chat requests and responses.
#include <rapidjson/document.h>
#include <rapidjson/stringbuffer.h>
#include <rapidjson/writer.h>

#include "core/json_string_memo.h"
#include "engine/episode/trajectory.h"
#include "scheduler/cache/response_cache.h"

namespace crm::sched {
namespace {

using Writer = rapidjson::Writer<rapidjson::StringBuffer>;

void WriteString(Writer& w, const std::string& s) { w.String(s.c_str(), static_cast<rapidjson::SizeType>(s.size())); }

void WriteToolCalls(Writer& w, const std::vector<chat::ToolCall>& calls) {
  w.StartArray();
  for (const chat::ToolCall& c : calls) {
    w.StartObject();
    w.Key("id");
    WriteString(w, c.id);
    w.Key("name");
    WriteString(w, c.name);
    w.Key("arguments");
    WriteString(w, c.arguments_json);
    w.EndObject();
  }
  w.EndArray();
}

}  // namespace

std::string RequestToJson(const chat::CompletionRequest& r) {
  rapidjson::StringBuffer buf;
  Writer w(buf);
  w.StartObject();
  w.Key("model");
  WriteString(w, r.model);
  w.Key("messages");
  w.StartArray();
  for (const chat::Message& m : r.messages) {
    const std::string message = episode::MessageToJson(m);  // one serialisation of messages for the whole engine
    crm::json::WriteRaw(w, message, rapidjson::kObjectType);
  }
  w.EndArray();
  w.Key("tools");
  w.StartArray();
  for (const chat::ToolSpec& t : r.tools) {
    w.StartObject();
    w.Key("name");
    WriteString(w, t.name);
    w.Key("description");
    WriteString(w, t.description);
    w.Key("parameters");
    WriteString(w, t.parameters_schema_json);
    w.EndObject();
  }
  w.EndArray();
  if (r.temperature) {
    w.Key("temperature");
    w.Double(*r.temperature);
  }
  if (r.top_p) {
    w.Key("top_p");
    w.Double(*r.top_p);
  }
  if (r.max_output_tokens) {
    w.Key("max_output_tokens");
    w.Int(*r.max_output_tokens);
  }
  if (r.seed) {
    w.Key("seed");
    w.Uint64(*r.seed);
  }
  w.Key("reasoning_model");
  w.Bool(r.reasoning_model);
  w.EndObject();
  return buf.GetString();
}

std::string ResponseToJson(const chat::CompletionResponse& r) {
  rapidjson::StringBuffer buf;
  Writer w(buf);
  w.StartObject();
  w.Key("id");
  WriteString(w, r.id);
  w.Key("model");
  WriteString(w, r.model);
  w.Key("content");
  WriteString(w, r.content);
  w.Key("tool_calls");
  WriteToolCalls(w, r.tool_calls);
  w.Key("finish_reason");
  w.String(chat::FinishReasonName(r.finish_reason));
  w.Key("usage");
  w.StartObject();
  w.Key("input_tokens");
  w.Int64(r.usage.input_tokens);
  w.Key("output_tokens");
  w.Int64(r.usage.output_tokens);
  w.Key("cached_input_tokens");
  w.Int64(r.usage.cached_input_tokens);
  w.Key("reasoning_tokens");
  w.Int64(r.usage.reasoning_tokens);
  w.EndObject();
  w.EndObject();
  return buf.GetString();
}

std::optional<chat::CompletionResponse> ResponseFromJson(const std::string& json) {
  rapidjson::Document d;
  d.Parse(json.c_str(), json.size());
  if (d.HasParseError() || !d.IsObject()) return std::nullopt;
  auto str = [&](const rapidjson::Value& v, const char* k) -> std::string {
    auto it = v.FindMember(k);
    return it != v.MemberEnd() && it->value.IsString() ? it->value.GetString() : "";
  };
  chat::CompletionResponse r;
  r.id = str(d, "id");
  r.model = str(d, "model");
  r.content = str(d, "content");
  if (d.HasMember("tool_calls") && d["tool_calls"].IsArray()) {
    for (const auto& c : d["tool_calls"].GetArray()) {
      if (c.IsObject()) r.tool_calls.push_back({str(c, "id"), str(c, "name"), str(c, "arguments")});
    }
  }
  const std::string finish = str(d, "finish_reason");
  for (auto f : {chat::FinishReason::kStop, chat::FinishReason::kToolCalls, chat::FinishReason::kLength,
                 chat::FinishReason::kContentFilter, chat::FinishReason::kOther}) {
    if (finish == chat::FinishReasonName(f)) r.finish_reason = f;
  }
  if (d.HasMember("usage") && d["usage"].IsObject()) {
    const auto& u = d["usage"];
    auto num = [&](const char* k) { return u.HasMember(k) && u[k].IsInt64() ? u[k].GetInt64() : 0; };
    r.usage = {num("input_tokens"), num("output_tokens"), num("cached_input_tokens"), num("reasoning_tokens")};
  }
  return r;
}

}  // namespace crm::sched
