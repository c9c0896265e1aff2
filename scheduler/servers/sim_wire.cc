#include "scheduler/servers/sim_wire.h"

#include <functional>

#include <rapidjson/document.h>
#include <rapidjson/stringbuffer.h>
#include <rapidjson/writer.h>

namespace crm::servers {
namespace {

using Writer = rapidjson::Writer<rapidjson::StringBuffer>;

std::string Compact(const rapidjson::Value& v) {
  rapidjson::StringBuffer buf;
  Writer w(buf);
  v.Accept(w);
  return buf.GetString();
}

std::string Str(const rapidjson::Value& v, const char* key) {
  auto it = v.FindMember(key);
  return it != v.MemberEnd() && it->value.IsString() ? std::string(it->value.GetString(), it->value.GetStringLength()) : "";
}

// OpenAI content: a string, null, or a list of parts of which we keep the text.
std::string ContentText(const rapidjson::Value& m, const char* key = "content") {
  auto it = m.FindMember(key);
  if (it == m.MemberEnd() || it->value.IsNull()) return "";
  if (it->value.IsString()) return it->value.GetString();
  std::string text;
  if (it->value.IsArray()) {
    for (const auto& part : it->value.GetArray()) {
      if (part.IsObject() && Str(part, "type") == "text") text += Str(part, "text");
      if (part.IsString()) text += part.GetString();
    }
  }
  return text;
}

void WriteStr(Writer& w, const std::string& s) { w.String(s.c_str(), static_cast<rapidjson::SizeType>(s.size())); }

Status ParseCommon(const rapidjson::Document& d, chat::CompletionRequest& r) {
  if (d.HasParseError() || !d.IsObject()) return Status::InvalidArgument("request body is not a JSON object");
  r.model = Str(d, "model");
  if (r.model.empty()) return Status::InvalidArgument("'model' is required");
  if (!d.HasMember("messages") || !d["messages"].IsArray()) return Status::InvalidArgument("'messages' must be a list");
  if (d.HasMember("temperature") && d["temperature"].IsNumber()) r.temperature = d["temperature"].GetDouble();
  if (d.HasMember("seed") && d["seed"].IsUint64()) r.seed = d["seed"].GetUint64();
  return Status::Ok();
}

}  // namespace

Result<chat::CompletionRequest> ParseOpenAiRequest(const std::string& body, bool* stream) {
  rapidjson::Document d;
  d.Parse(body.c_str(), body.size());
  chat::CompletionRequest r;
  CRM_RETURN_IF_ERROR(ParseCommon(d, r));
  *stream = d.HasMember("stream") && d["stream"].IsBool() && d["stream"].GetBool();
  for (const auto& m : d["messages"].GetArray()) {
    if (!m.IsObject()) return Status::InvalidArgument("each message must be an object");
    chat::Message msg;
    const std::string role = Str(m, "role");
    if (role == "system" || role == "developer") {
      msg.role = chat::Role::kSystem;
    } else if (role == "user") {
      msg.role = chat::Role::kUser;
    } else if (role == "assistant") {
      msg.role = chat::Role::kAssistant;
    } else if (role == "tool") {
      msg.role = chat::Role::kTool;
    } else {
      return Status::InvalidArgument("unknown message role '" + role + "'");
    }
    msg.content = ContentText(m);
    msg.tool_call_id = Str(m, "tool_call_id");
    msg.name = Str(m, "name");
    if (m.HasMember("tool_calls") && m["tool_calls"].IsArray()) {
      for (const auto& c : m["tool_calls"].GetArray()) {
        if (!c.IsObject() || !c.HasMember("function") || !c["function"].IsObject()) continue;
        msg.tool_calls.push_back({Str(c, "id"), Str(c["function"], "name"), Str(c["function"], "arguments")});
      }
    }
    r.messages.push_back(std::move(msg));
  }
  if (d.HasMember("tools") && d["tools"].IsArray()) {
    for (const auto& t : d["tools"].GetArray()) {
      if (!t.IsObject() || !t.HasMember("function") || !t["function"].IsObject()) continue;
      const auto& f = t["function"];
      r.tools.push_back({Str(f, "name"), Str(f, "description"), f.HasMember("parameters") ? Compact(f["parameters"]) : "{}"});
    }
  }
  for (const char* key : {"max_completion_tokens", "max_tokens"}) {
    if (d.HasMember(key) && d[key].IsInt()) r.max_output_tokens = d[key].GetInt();
  }
  return r;
}

std::string OpenAiResponseJson(const chat::CompletionResponse& resp, const std::string& id, int64_t created,
                               bool report_usage) {
  rapidjson::StringBuffer buf;
  Writer w(buf);
  w.StartObject();
  w.Key("id"); WriteStr(w, id);
  w.Key("object"); w.String("chat.completion");
  w.Key("created"); w.Int64(created);
  w.Key("model"); WriteStr(w, resp.model);
  w.Key("system_fingerprint"); w.String("crmarena-simulated");
  w.Key("choices");
  w.StartArray();
  w.StartObject();
  w.Key("index"); w.Int(0);
  w.Key("message");
  w.StartObject();
  w.Key("role"); w.String("assistant");
  w.Key("content");
  if (resp.content.empty() && !resp.tool_calls.empty()) {
    w.Null();
  } else {
    WriteStr(w, resp.content);
  }
  w.Key("refusal"); w.Null();
  if (!resp.tool_calls.empty()) {
    w.Key("tool_calls");
    w.StartArray();
    for (const auto& c : resp.tool_calls) {
      w.StartObject();
      w.Key("id"); WriteStr(w, c.id);
      w.Key("type"); w.String("function");
      w.Key("function");
      w.StartObject();
      w.Key("name"); WriteStr(w, c.name);
      w.Key("arguments"); WriteStr(w, c.arguments_json);
      w.EndObject();
      w.EndObject();
    }
    w.EndArray();
  }
  w.EndObject();
  w.Key("logprobs"); w.Null();
  w.Key("finish_reason"); w.String(resp.tool_calls.empty() ? "stop" : "tool_calls");
  w.EndObject();
  w.EndArray();
  if (report_usage) {
    w.Key("usage");
    w.StartObject();
    w.Key("prompt_tokens"); w.Int64(resp.usage.input_tokens);
    w.Key("completion_tokens"); w.Int64(resp.usage.output_tokens);
    w.Key("total_tokens"); w.Int64(resp.usage.input_tokens + resp.usage.output_tokens);
    w.Key("prompt_tokens_details"); w.StartObject(); w.Key("cached_tokens"); w.Int64(resp.usage.cached_input_tokens); w.EndObject();
    w.Key("completion_tokens_details"); w.StartObject(); w.Key("reasoning_tokens"); w.Int64(resp.usage.reasoning_tokens); w.EndObject();
    w.EndObject();
  }
  w.EndObject();
  return buf.GetString();
}

std::string OpenAiStreamBody(const chat::CompletionResponse& resp, const std::string& id, int64_t created) {
  auto chunk = [&](const std::function<void(Writer&)>& delta, const char* finish, bool usage) {
    rapidjson::StringBuffer buf;
    Writer w(buf);
    w.StartObject();
    w.Key("id"); WriteStr(w, id);
    w.Key("object"); w.String("chat.completion.chunk");
    w.Key("created"); w.Int64(created);
    w.Key("model"); WriteStr(w, resp.model);
    w.Key("choices");
    w.StartArray();
    if (!usage) {
      w.StartObject();
      w.Key("index"); w.Int(0);
      w.Key("delta"); w.StartObject(); delta(w); w.EndObject();
      w.Key("finish_reason");
      if (finish) { w.String(finish); } else { w.Null(); }
      w.EndObject();
    }
    w.EndArray();
    if (usage) {
      w.Key("usage");
      w.StartObject();
      w.Key("prompt_tokens"); w.Int64(resp.usage.input_tokens);
      w.Key("completion_tokens"); w.Int64(resp.usage.output_tokens);
      w.Key("total_tokens"); w.Int64(resp.usage.input_tokens + resp.usage.output_tokens);
      w.EndObject();
    }
    w.EndObject();
    return "data: " + std::string(buf.GetString()) + "\n\n";
  };
  std::string out = chunk([](Writer& w) { w.Key("role"); w.String("assistant"); w.Key("content"); w.String(""); }, nullptr, false);
  if (!resp.content.empty()) out += chunk([&](Writer& w) { w.Key("content"); WriteStr(w, resp.content); }, nullptr, false);
  for (size_t i = 0; i < resp.tool_calls.size(); ++i) {
    const auto& c = resp.tool_calls[i];
    out += chunk([&](Writer& w) {
      w.Key("tool_calls");
      w.StartArray();
      w.StartObject();
      w.Key("index"); w.Int(static_cast<int>(i));
      w.Key("id"); WriteStr(w, c.id);
      w.Key("type"); w.String("function");
      w.Key("function"); w.StartObject(); w.Key("name"); WriteStr(w, c.name); w.Key("arguments"); WriteStr(w, c.arguments_json); w.EndObject();
      w.EndObject();
      w.EndArray();
    }, nullptr, false);
  }
  out += chunk([](Writer&) {}, resp.tool_calls.empty() ? "stop" : "tool_calls", false);
  out += chunk([](Writer&) {}, nullptr, true);
  return out + "data: [DONE]\n\n";
}

std::string OpenAiErrorJson(const std::string& message, const std::string& type, const std::string& code) {
  rapidjson::StringBuffer buf;
  Writer w(buf);
  w.StartObject();
  w.Key("error");
  w.StartObject();
  w.Key("message"); WriteStr(w, message);
  w.Key("type"); WriteStr(w, type);
  w.Key("param"); w.Null();
  w.Key("code"); if (code.empty()) { w.Null(); } else { WriteStr(w, code); }
  w.EndObject();
  w.EndObject();
  return buf.GetString();
}

Result<chat::CompletionRequest> ParseAnthropicRequest(const std::string& body) {
  rapidjson::Document d;
  d.Parse(body.c_str(), body.size());
  chat::CompletionRequest r;
  CRM_RETURN_IF_ERROR(ParseCommon(d, r));
  if (!d.HasMember("max_tokens") || !d["max_tokens"].IsInt()) return Status::InvalidArgument("max_tokens: Field required");
  r.max_output_tokens = d["max_tokens"].GetInt();
  if (d.HasMember("system")) {
    std::string system = ContentText(d, "system");
    if (!system.empty()) r.messages.push_back({chat::Role::kSystem, system, {}, "", ""});
  }
  for (const auto& m : d["messages"].GetArray()) {
    if (!m.IsObject()) return Status::InvalidArgument("each message must be an object");
    const std::string role = Str(m, "role");
    if (role != "user" && role != "assistant") return Status::InvalidArgument("unknown message role '" + role + "'");
    const auto content = m.FindMember("content");
    if (content == m.MemberEnd()) return Status::InvalidArgument("message without content");
    if (content->value.IsString()) {
      r.messages.push_back({role == "user" ? chat::Role::kUser : chat::Role::kAssistant, content->value.GetString(), {}, "", ""});
      continue;
    }
    if (!content->value.IsArray()) return Status::InvalidArgument("content must be a string or a list of blocks");
    chat::Message text_msg{role == "user" ? chat::Role::kUser : chat::Role::kAssistant, "", {}, "", ""};
    for (const auto& block : content->value.GetArray()) {
      if (!block.IsObject()) continue;
      const std::string type = Str(block, "type");
      if (type == "text") {
        text_msg.content += Str(block, "text");
      } else if (type == "tool_use") {
        text_msg.tool_calls.push_back({Str(block, "id"), Str(block, "name"), block.HasMember("input") ? Compact(block["input"]) : "{}"});
      } else if (type == "tool_result") {
        chat::Message tool{chat::Role::kTool, ContentText(block), {}, Str(block, "tool_use_id"), ""};
        r.messages.push_back(std::move(tool));
      }
    }
    if (!text_msg.content.empty() || !text_msg.tool_calls.empty()) r.messages.push_back(std::move(text_msg));
  }
  if (d.HasMember("tools") && d["tools"].IsArray()) {
    for (const auto& t : d["tools"].GetArray()) {
      if (!t.IsObject()) continue;
      r.tools.push_back({Str(t, "name"), Str(t, "description"), t.HasMember("input_schema") ? Compact(t["input_schema"]) : "{}"});
    }
  }
  return r;
}

std::string AnthropicResponseJson(const chat::CompletionResponse& resp, const std::string& id, bool report_usage) {
  rapidjson::StringBuffer buf;
  Writer w(buf);
  w.StartObject();
  w.Key("id"); WriteStr(w, id);
  w.Key("type"); w.String("message");
  w.Key("role"); w.String("assistant");
  w.Key("model"); WriteStr(w, resp.model);
  w.Key("content");
  w.StartArray();
  if (!resp.content.empty()) {
    w.StartObject(); w.Key("type"); w.String("text"); w.Key("text"); WriteStr(w, resp.content); w.EndObject();
  }
  for (const auto& c : resp.tool_calls) {
    w.StartObject();
    w.Key("type"); w.String("tool_use");
    w.Key("id"); WriteStr(w, c.id);
    w.Key("name"); WriteStr(w, c.name);
    w.Key("input");
    rapidjson::Document input;
    input.Parse(c.arguments_json.c_str());
    if (input.HasParseError() || !input.IsObject()) {
      w.StartObject(); w.EndObject();
    } else {
      input.Accept(w);
    }
    w.EndObject();
  }
  w.EndArray();
  w.Key("stop_reason"); w.String(resp.tool_calls.empty() ? "end_turn" : "tool_use");
  w.Key("stop_sequence"); w.Null();
  w.Key("usage");
  w.StartObject();
  w.Key("input_tokens"); w.Int64(report_usage ? resp.usage.input_tokens : 0);
  w.Key("output_tokens"); w.Int64(report_usage ? resp.usage.output_tokens : 0);
  w.Key("cache_read_input_tokens"); w.Int64(resp.usage.cached_input_tokens);
  w.Key("cache_creation_input_tokens"); w.Int(0);
  w.EndObject();
  w.EndObject();
  return buf.GetString();
}

std::string AnthropicErrorJson(const std::string& type, const std::string& message) {
  rapidjson::StringBuffer buf;
  Writer w(buf);
  w.StartObject();
  w.Key("type"); w.String("error");
  w.Key("error"); w.StartObject(); w.Key("type"); WriteStr(w, type); w.Key("message"); WriteStr(w, message); w.EndObject();
  w.EndObject();
  return buf.GetString();
}

}  // namespace crm::servers
