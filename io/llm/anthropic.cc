#include "io/llm/anthropic.h"

#include <chrono>

#include "core/json_in_situ.h"
#include "core/json_scratch.h"
#include "io/llm/errors.h"
#include "io/llm/json_util.h"
#include "io/llm/rate_limits.h"

namespace crm::io::llm {
namespace {
using json::Key;
using json::String;
using chat::Role;

void WriteTextBlock(json::Writer& w, const std::string& text) {
  w.StartObject();
  Key(w, "type"); String(w, "text");
  Key(w, "text"); String(w, text);
  w.EndObject();
}

void WriteAssistantBlocks(json::Writer& w, const chat::Message& m) {
  if (!m.content.empty()) WriteTextBlock(w, m.content);
  for (const auto& call : m.tool_calls) {
    w.StartObject();
    Key(w, "type"); String(w, "tool_use");
    Key(w, "id"); String(w, call.id);
    Key(w, "name"); String(w, call.name);
    Key(w, "input"); json::WriteObjectOr(w, call.arguments_json);  // an object, not a string
    w.EndObject();
  }
}

void WriteToolResult(json::Writer& w, const chat::Message& m) {
  w.StartObject();
  Key(w, "type"); String(w, "tool_result");
  Key(w, "tool_use_id"); String(w, m.tool_call_id);
  Key(w, "content"); String(w, m.content);
  w.EndObject();
}

// Consecutive tool results and user turns share one user message.
void WriteMessages(json::Writer& w, const std::vector<chat::Message>& messages) {
  Key(w, "messages");
  w.StartArray();
  bool open_user = false;
  for (const auto& m : messages) {
    if (m.role == Role::kSystem) continue;
    bool user_side = m.role == Role::kUser || m.role == Role::kTool;
    if (open_user && !user_side) {
      w.EndArray();
      w.EndObject();
      open_user = false;
    }
    if (user_side && !open_user) {
      w.StartObject();
      Key(w, "role"); String(w, "user");
      Key(w, "content");
      w.StartArray();
      open_user = true;
    }
    if (m.role == Role::kTool) {
      WriteToolResult(w, m);
    } else if (m.role == Role::kUser) {
      WriteTextBlock(w, m.content);
    } else {
      w.StartObject();
      Key(w, "role"); String(w, "assistant");
      Key(w, "content");
      w.StartArray();
      WriteAssistantBlocks(w, m);
      w.EndArray();
      w.EndObject();
    }
  }
  if (open_user) {
    w.EndArray();
    w.EndObject();
  }
  w.EndArray();
}

void WriteTools(json::Writer& w, const std::vector<chat::ToolSpec>& tools) {
  Key(w, "tools");
  w.StartArray();
  for (const auto& tool : tools) {
    w.StartObject();
    Key(w, "name"); String(w, tool.name);
    Key(w, "description"); String(w, tool.description);
    Key(w, "input_schema");
    json::WriteObjectOr(w, tool.parameters_schema_json, R"({"type":"object","properties":{}})");
    w.EndObject();
  }
  w.EndArray();
}

chat::FinishReason MapStop(const std::string& reason) {
  if (reason == "end_turn" || reason == "stop_sequence") return chat::FinishReason::kStop;
  if (reason == "tool_use") return chat::FinishReason::kToolCalls;
  if (reason == "max_tokens" || reason == "model_context_window_exceeded") return chat::FinishReason::kLength;
  if (reason == "refusal") return chat::FinishReason::kContentFilter;
  return chat::FinishReason::kOther;
}

void ParseContent(const rapidjson::Value& root, chat::CompletionResponse& out) {
  const rapidjson::Value* content = json::Member(root, "content");
  if (!content || !content->IsArray()) return;
  for (const auto& block : content->GetArray()) {
    std::string type = json::GetString(block, "type");
    if (type == "text") {
      out.content += json::GetString(block, "text");
    } else if (type == "tool_use") {
      chat::ToolCall call{json::GetString(block, "id"), json::GetString(block, "name"), "{}"};
      if (const rapidjson::Value* input = json::Member(block, "input")) call.arguments_json = json::Serialize(*input);
      out.tool_calls.push_back(std::move(call));
    }
  }
}

void ParseUsage(const rapidjson::Value& root, chat::Usage& usage) {
  const rapidjson::Value* u = json::Member(root, "usage");
  if (!u) return;
  int64_t cache_read = json::GetCount(*u, "cache_read_input_tokens");
  int64_t cache_write = json::GetCount(*u, "cache_creation_input_tokens");
  usage.input_tokens = json::GetCount(*u, "input_tokens") + cache_read + cache_write;  // normalised: all input
  usage.cached_input_tokens = cache_read;
  usage.cache_write_input_tokens = cache_write;
  usage.output_tokens = json::GetCount(*u, "output_tokens");
}

}  // namespace

std::string AnthropicProvider::BuildBody(const chat::CompletionRequest& request) const {
  crm::json::ScratchBuffer scratch(json::BodyCapacity(request));
  json::Writer w(scratch.get());
  w.StartObject();
  Key(w, "model"); String(w, request.model);
  Key(w, "max_tokens"); w.Int(request.max_output_tokens.value_or(config_.default_max_tokens));
  // One system message (the usual case) is written as is, so a shared prompt
  // is recognised by identity; several are joined with blank lines.
  const chat::Message* only_system = nullptr;
  int system_messages = 0;
  for (const auto& m : request.messages) {
    if (m.role == Role::kSystem && !m.content.empty()) {
      only_system = &m;
      ++system_messages;
    }
  }
  if (system_messages == 1) {
    Key(w, "system"); json::Content(w, only_system->content);
  } else if (system_messages > 1) {
    std::string system;
    for (const auto& m : request.messages) {
      if (m.role != Role::kSystem || m.content.empty()) continue;
      if (!system.empty()) system += "\n\n";
      system += m.content.str();
    }
    Key(w, "system"); String(w, system);
  }
  WriteMessages(w, request.messages);
  if (!request.tools.empty()) WriteTools(w, request.tools);
  if (!request.reasoning_model) {
    if (request.temperature) { Key(w, "temperature"); w.Double(*request.temperature); }
    if (request.top_p) { Key(w, "top_p"); w.Double(*request.top_p); }
  }
  w.EndObject();
  return scratch.str();
}

Expected<HttpRequest, CallError> AnthropicProvider::BuildRequest(
    const chat::CompletionRequest& request) const {
  HttpRequest http;
  http.method = "POST";
  std::string base = config_.base_url;
  while (!base.empty() && base.back() == '/') base.pop_back();
  http.url = base + "/v1/messages";
  http.headers.emplace_back("content-type", "application/json");
  http.headers.emplace_back("x-api-key", config_.api_key);
  http.headers.emplace_back("anthropic-version", config_.version);
  for (const auto& h : config_.extra_headers) http.headers.push_back(h);
  http.body = BuildBody(request);
  return http;
}

CompletionOutcome AnthropicProvider::ParseResponse(int status, const Headers& headers,
                                                   std::string_view body) const {
  if (status < 200 || status >= 300) {
    return MakeUnexpected(ClassifyProviderError(status, headers, body, config_.api_key));
  }
  crm::json::InSituDocument parsed;
  const rapidjson::Document& doc = parsed.doc();
  if (!parsed.Parse(body) || !doc.IsObject()) {
    return MakeUnexpected(MakeCallError(CallErrorCode::kMalformedResponse, status, "message body is not a JSON object"));
  }
  if (json::GetString(doc, "type") == "error") {
    return MakeUnexpected(ClassifyProviderError(status, headers, body, config_.api_key));
  }
  if (!json::Member(doc, "content")) {
    return MakeUnexpected(MakeCallError(CallErrorCode::kMalformedResponse, status, "message has no content"));
  }
  CompletionResult result;
  result.http_status = status;
  chat::CompletionResponse& out = result.response;
  out.id = json::GetString(doc, "id");
  out.model = json::GetString(doc, "model");
  ParseContent(doc, out);
  out.finish_reason = MapStop(json::GetString(doc, "stop_reason"));
  ParseUsage(doc, out.usage);
  result.limits = ParseAnthropicRateLimits(headers, std::chrono::system_clock::now());
  if (auto id = FindHeader(headers, "request-id")) result.request_id = std::string(*id);
  return result;
}

}  // namespace crm::io::llm
